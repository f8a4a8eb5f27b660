import { NotSupportedError } from '../../errors.js';
import type { Dialect, SqlFragment } from '../dialect.js';
import { mysqlJson } from './mysql.js';
import { postgresJson } from './postgres.js';
import { sqliteJson } from './sqlite.js';

/** One step of a key path: an object key, or (a whole number) an array index. */
export type JsonPathStep = string | number;

/** The kinds of JSON value a condition can test for; booleans by value. */
export type JsonKind = 'string' | 'number' | 'true' | 'false' | 'null' | 'object' | 'array';

/**
 * The SQL each database needs for JSON documents and key paths. `doc` and `x` are SQL for a JSON
 * value as the database holds it (jsonb on PostgreSQL, JSON text elsewhere): a JSON column, or
 * what `extract` returned. Methods that return a string may repeat `x`, so the caller passes SQL
 * without placeholders there; values always arrive as `?` placeholders in the returned SQL.
 */
export interface JsonSql {
  /**
   * The value at `path` inside `doc` (NULL when there is none), with the path written as quoted
   * literals: keys are escaped for the string literal and the path syntax, and a `?` in a key never
   * reaches the SQL as a question mark (Wren's placeholder).
   */
  extract(doc: SqlFragment, path: readonly JsonPathStep[]): SqlFragment;
  /** True when `x` holds a value of that kind; false, never NULL, otherwise. */
  isKind(x: string, kind: JsonKind): string;
  /** The number `x` holds, as a SQL number; NULL unless it is a JSON number. */
  number(x: string): string;
  /** The characters of the string `x` holds; NULL unless it is a JSON string. */
  string(x: string): string;
  /** A string's characters, any other value's JSON text; NULL for JSON null and for no value. */
  text(x: string): string;
  /** `x` equals the JSON value `y` (a JSON expression, or `param()`). */
  equals(x: string, y: string): string;
  /** A bound JSON document (its text) as a JSON value: `CAST(? AS jsonb)` on PostgreSQL. */
  param(): string;
  /** `x` is an object with every key (`all`) or any key of `keys`; false, never NULL, otherwise. */
  hasKeys(x: string, keys: readonly string[], mode: 'all' | 'any'): SqlFragment;
  /** `x` contains the bound document (PostgreSQL's `@>`); absent where the database cannot. */
  contains?(x: string): string;
  /** `x` is contained in the bound document (PostgreSQL's `<@`); absent where the database cannot. */
  containedBy?(x: string): string;
}

const TABLES: Record<Dialect['vendor'], JsonSql> = {
  sqlite: sqliteJson,
  postgres: postgresJson,
  mysql: mysqlJson,
};

/** The JSON SQL of a dialect. */
export function jsonSql(dialect: Dialect): JsonSql {
  const table = TABLES[dialect.vendor];
  return dialect.readsQuotedJsonKeys ? table : refusingQuotedKeys(table, dialect.displayName);
}

/** A path the database would read as matching nothing is refused before any SQL, never answered wrongly. */
function refusingQuotedKeys(table: JsonSql, database: string): JsonSql {
  const check = (keys: readonly JsonPathStep[]) => {
    const quoted = keys.find((step) => typeof step === 'string' && step.includes('"'));
    if (quoted !== undefined) throw new NotSupportedError(`The JSON key ${JSON.stringify(quoted)} contains a double quote, which ${database} cannot read in a key path (SQLite 3.45 or better-sqlite3 can)`);
  };
  return {
    ...table,
    extract(doc, path) {
      check(path);
      return table.extract(doc, path);
    },
    hasKeys(x, keys, mode) {
      check(keys);
      return table.hasKeys(x, keys, mode);
    },
  };
}
