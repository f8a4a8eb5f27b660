import type { Driver, DriverConnection, DriverStatement, QueryResult } from './driver.js';
import { withLiteralQuestionMarks } from './placeholders.js';

interface Statement {
  readonly reader: boolean;
  raw(toggle: boolean): Statement;
  all(bindings: readonly unknown[]): Record<string, unknown>[];
  run(bindings: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

interface Connection {
  prepare(sql: string): Statement;
}

/**
 * better-sqlite3 is synchronous: a statement finishes before the next starts, so one prepared
 * statement per SQL string is reused (the connection's `prepare` is cached, see the dialect).
 */
export const betterSqlite3Driver: Driver = {
  arrayRows: true,
  query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
    try {
      const prepared = (connection as Connection).prepare(withLiteralQuestionMarks(statement.sql));
      return Promise.resolve(run(prepared, sqliteBindings(statement.bindings), statement.arrayRows === true));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

function run(statement: Statement, bindings: readonly unknown[], arrayRows: boolean): QueryResult {
  if (statement.reader) {
    // The mode is the statement's own and the statement is shared: set it on every call.
    const rows = statement.raw(arrayRows).all(bindings);
    return { rows, rowCount: rows.length, insertId: null };
  }
  const { changes, lastInsertRowid } = statement.run(bindings);
  return { rows: [], rowCount: changes, insertId: lastInsertRowid };
}

/** SQLite binds no booleans or dates: they travel as 1/0 and epoch milliseconds, as knex sends them. */
export function sqliteBindings(bindings: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < bindings.length; i++) {
    const value = bindings[i];
    if (typeof value === 'boolean' || value instanceof Date) return bindings.map(sqliteBinding);
  }
  return bindings;
}

function sqliteBinding(value: unknown): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (value instanceof Date) return value.valueOf();
  return value;
}
