import { inspect } from 'node:util';
import type { Knex } from 'knex';
import type { Dialect, ErrorCategory } from '../dialects/index.js';
import type { DriverStatement } from './drivers/index.js';
import {
  DatabaseError,
  DataError,
  IntegrityError,
  OperationalError,
  ProgrammingError,
  WrenError,
  type DatabaseErrorDetails,
} from '../errors.js';

/** A statement as sent (or about to be sent): SQL with `?` placeholders, its values and how to run it. */
export interface Statement extends DriverStatement {
  /** The SQL as the driver received it (`$1` placeholders on PostgreSQL), when it differs. */
  readonly nativeSql?: string;
}

const ERROR_CLASSES: Record<ErrorCategory, new (message: string, details: DatabaseErrorDetails) => DatabaseError> = {
  integrity: IntegrityError,
  data: DataError,
  operational: OperationalError,
  programming: ProgrammingError,
  other: DatabaseError,
};

/** The statement a knex query or raw SQL stands for; never throws, even when knex cannot compile it. */
export function statementOf(source: Knex.QueryBuilder | Knex.Raw | Statement): Statement {
  if (!isKnexQuery(source)) return source;
  try {
    const compiled = source.toSQL();
    return { sql: compiled.sql, bindings: compiled.bindings, nativeSql: compiled.toNative().sql };
  } catch {
    // The values do not fit the placeholders: report the SQL and values as they were given.
    const given = source as { sql?: unknown; bindings?: unknown };
    return { sql: typeof given.sql === 'string' ? given.sql : '', bindings: Array.isArray(given.bindings) ? given.bindings : [] };
  }
}

function isKnexQuery(source: object): source is Knex.QueryBuilder | Knex.Raw {
  return typeof (source as { toSQL?: unknown }).toSQL === 'function';
}

/**
 * Turns a driver, knex or pool error into the matching `DatabaseError` subclass; Wren's own
 * errors, and values that are not errors (a user's `throw 'x'` inside `atomic()`), pass through.
 */
export function translateError(error: unknown, context: { dialect: Dialect; alias: string; statement: Statement }): unknown {
  if (!(error instanceof Error) || error instanceof WrenError) return error;
  const { category, code, sqlState, errno, retryable } = context.dialect.classifyError(error);
  const { sql, bindings } = context.statement;
  const ErrorClass = ERROR_CLASSES[category];
  return new ErrorClass(describe(error, category, context), { sql, bindings, cause: error, code, sqlState, errno, retryable });
}

function describe(error: Error, category: ErrorCategory, context: { dialect: Dialect; alias: string; statement: Statement }): string {
  const { sql, bindings, nativeSql } = context.statement;
  const lines = [withoutSqlPrefix(error.message, [nativeSql, sql]) || error.name];
  // PostgreSQL says which key clashed and sometimes how to fix the statement.
  const { detail, hint } = error as { detail?: unknown; hint?: unknown };
  if (typeof detail === 'string') lines.push(`  detail: ${detail}`);
  if (typeof hint === 'string') lines.push(`  hint: ${hint}`);
  if (sql !== '') lines.push(`  SQL: ${sql}`, `  params: ${formatBindings(bindings)}`);
  if (category === 'operational') lines.push(`  database: '${context.alias}' (${context.dialect.displayName})`);
  return lines.join('\n');
}

/** knex prefixes the driver's message with the SQL ("SELECT ... - syntax error"); the SQL gets its own line. */
function withoutSqlPrefix(message: string, candidates: ReadonlyArray<string | undefined>): string {
  for (const sql of candidates) {
    if (sql && message.startsWith(`${sql} - `)) return message.slice(sql.length + 3);
  }
  return message;
}

/** Values as they were bound; long strings and arrays are cut (the full values are on `error.bindings`). */
function formatBindings(bindings: readonly unknown[]): string {
  return inspect(bindings, { breakLength: Infinity, depth: 2, maxArrayLength: 50, maxStringLength: 200 });
}
