import type { SqlFragment } from '../dialect.js';
import type { JsonKind, JsonPathStep, JsonSql } from './index.js';
import { literal } from './path-text.js';

/**
 * An escape-string literal: its backslashes mean the same whatever `standard_conforming_strings`
 * says, so a key can never end the literal early.
 */
const quote = (piece: string): string => `E'${piece.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const keyLiteral = (key: string): string => literal(key, quote, 'chr(63)', (pieces) => `(${pieces.join(' || ')})`);

function isKind(x: string, kind: JsonKind): string {
  if (kind === 'true' || kind === 'false') return `COALESCE(${x} = CAST('${kind}' AS jsonb), false)`;
  return `COALESCE(jsonb_typeof(${x}) = '${kind}', false)`;
}

/**
 * PostgreSQL's jsonb. A key path is a chain of `->`: a text key reads objects only and an integer
 * index arrays only, as on the other databases (`#>` with a text[] path would read `0` as a key of
 * an object too). Key tests use `->` as well, not the `?` operators (`?` is Wren's placeholder,
 * and `jsonb_exists()` also matches the strings of an array).
 */
export const postgresJson: JsonSql = {
  extract(doc: SqlFragment, path: readonly JsonPathStep[]): SqlFragment {
    if (!path.length) return doc;
    const steps = path.map((step) => ` -> ${typeof step === 'number' ? String(step) : keyLiteral(step)}`).join('');
    return { sql: `(${doc.sql}${steps})`, bindings: doc.bindings };
  },
  isKind,
  number: (x) => `(CASE WHEN jsonb_typeof(${x}) = 'number' THEN CAST(${x} AS numeric) END)`,
  string: (x) => `(CASE WHEN jsonb_typeof(${x}) = 'string' THEN ${x} #>> '{}' END)`,
  text: (x) => `(${x} #>> '{}')`,
  equals: (x, y) => `${x} = ${y}`,
  param: () => 'CAST(? AS jsonb)',
  hasKeys(x: string, keys: readonly string[], mode: 'all' | 'any'): SqlFragment {
    const tests = keys.map(() => `(${x} -> CAST(? AS text)) IS NOT NULL`);
    return { sql: `(${tests.join(mode === 'all' ? ' AND ' : ' OR ')})`, bindings: keys };
  },
  contains: (x) => `COALESCE(${x} @> CAST(? AS jsonb), false)`,
  containedBy: (x) => `COALESCE(${x} <@ CAST(? AS jsonb), false)`,
};
