import type { SqlFragment } from '../dialect.js';
import type { JsonKind, JsonPathStep, JsonSql } from './index.js';
import { literal, pathText } from './path-text.js';

/** What `json_type()` reports for each kind. */
const TYPES: Record<JsonKind, string> = {
  string: "'text'", number: "'integer', 'real'", true: "'true'", false: "'false'", null: "'null'", object: "'object'", array: "'array'",
};

const quote = (piece: string): string => `'${piece.replace(/'/g, "''")}'`;
const pathLiteral = (path: readonly JsonPathStep[]): string => literal(pathText(path), quote, 'char(63)', (pieces) => `(${pieces.join(' || ')})`);

/**
 * SQLite's JSON1 functions (built in since 3.38, which the `->` and `->>` operators need).
 * Documents are JSON text; `->` keeps a value's JSON text, so its kind survives (true is not 1).
 * SQLite has no containment test: `contains` and `contained_by` are refused.
 */
export const sqliteJson: JsonSql = {
  extract(doc: SqlFragment, path: readonly JsonPathStep[]): SqlFragment {
    return path.length ? { sql: `(${doc.sql} -> ${pathLiteral(path)})`, bindings: doc.bindings } : doc;
  },
  isKind: (x, kind) => `COALESCE(json_type(${x}) IN (${TYPES[kind]}), 0)`,
  number: (x) => `(CASE WHEN json_type(${x}) IN ('integer', 'real') THEN ${x} ->> '$' END)`,
  string: (x) => `(CASE WHEN json_type(${x}) = 'text' THEN ${x} ->> '$' END)`,
  text: (x) => `(CASE json_type(${x}) WHEN 'text' THEN ${x} ->> '$' WHEN 'null' THEN NULL ELSE json(${x}) END)`,
  equals: (x, y) => `json(${x}) = json(${y})`,
  param: () => '?',
  hasKeys(x: string, keys: readonly string[], mode: 'all' | 'any'): SqlFragment {
    const tests = keys.map(() => `json_type(${x}, ?) IS NOT NULL`);
    return { sql: `(${tests.join(mode === 'all' ? ' AND ' : ' OR ')})`, bindings: keys.map((key) => pathText([key])) };
  },
};
