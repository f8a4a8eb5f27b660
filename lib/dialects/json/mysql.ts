import type { SqlFragment } from '../dialect.js';
import type { JsonKind, JsonPathStep, JsonSql } from './index.js';
import { literal, pathText, repeated } from './path-text.js';

/** What `JSON_TYPE()` reports for each kind (booleans are told apart by their text). */
const TYPES: Record<JsonKind, string> = {
  string: "'STRING'", number: "'INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL'", true: "'BOOLEAN'", false: "'BOOLEAN'",
  null: "'NULL'", object: "'OBJECT'", array: "'ARRAY'",
};

/** Wren's sessions leave NO_BACKSLASH_ESCAPES off, so backslashes are escaped too. */
const quote = (piece: string): string => `'${piece.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const pathLiteral = (path: readonly JsonPathStep[]): string =>
  literal(pathText(path), quote, 'CHAR(63 USING utf8mb4)', (pieces) => `CONCAT(${pieces.join(', ')})`);

/**
 * `doc` at `path`. MySQL and MariaDB read `$[0]` of a value that is not an array as the value
 * itself; the other databases find nothing there, so each index step first checks for an array.
 */
function extract(doc: SqlFragment, path: readonly JsonPathStep[]): SqlFragment {
  if (!path.length) return doc;
  const value = `JSON_EXTRACT(${doc.sql}, ${pathLiteral(path)})`;
  const guards: string[] = [];
  path.forEach((step, i) => {
    if (typeof step !== 'number') return;
    const container = i === 0 ? doc.sql : `JSON_EXTRACT(${doc.sql}, ${pathLiteral(path.slice(0, i))})`;
    guards.push(`JSON_TYPE(${container}) = 'ARRAY'`);
  });
  if (!guards.length) return { sql: value, bindings: doc.bindings };
  return { sql: `(CASE WHEN ${guards.join(' AND ')} THEN ${value} END)`, bindings: repeated(doc.bindings, guards.length + 1) };
}

function isKind(x: string, kind: JsonKind): string {
  const boolean = kind === 'true' || kind === 'false' ? ` AND JSON_UNQUOTE(${x}) = '${kind}'` : '';
  return `COALESCE(JSON_TYPE(${x}) IN (${TYPES[kind]})${boolean}, 0)`;
}

/**
 * MySQL/MariaDB JSON functions over JSON text (MariaDB's `json` is longtext with a JSON check).
 * Objects and arrays compare through `JSON_COMPACT` (MariaDB), so formatting does not matter but
 * key order does, as on SQLite.
 */
export const mysqlJson: JsonSql = {
  extract,
  isKind,
  number: (x) => `(CASE WHEN JSON_TYPE(${x}) IN (${TYPES.number}) THEN CAST(${x} AS DOUBLE) END)`,
  string: (x) => `(CASE WHEN JSON_TYPE(${x}) = 'STRING' THEN JSON_UNQUOTE(${x}) END)`,
  text: (x) => `(CASE WHEN JSON_TYPE(${x}) <> 'NULL' THEN JSON_UNQUOTE(${x}) END)`,
  equals: (x, y) => `JSON_COMPACT(${x}) = JSON_COMPACT(${y})`,
  param: () => '?',
  hasKeys(x: string, keys: readonly string[], mode: 'all' | 'any'): SqlFragment {
    const paths = keys.map(() => '?').join(', ');
    return { sql: `COALESCE(JSON_CONTAINS_PATH(${x}, '${mode === 'all' ? 'all' : 'one'}', ${paths}), 0)`, bindings: keys.map((key) => pathText([key])) };
  },
  contains: (x) => `COALESCE(JSON_CONTAINS(${x}, ?), 0)`,
  containedBy: (x) => `COALESCE(JSON_CONTAINS(?, ${x}), 0)`,
};
