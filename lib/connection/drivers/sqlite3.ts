import { sqliteBindings } from './better-sqlite3.js';
import { NO_ROWS, type Driver, type DriverConnection, type DriverStatement, type QueryResult } from './driver.js';
import { withLiteralQuestionMarks } from './placeholders.js';

type Callback<T> = (this: { changes?: number; lastID?: number }, error: Error | null, result: T) => void;

interface Connection {
  all(sql: string, bindings: readonly unknown[], callback: Callback<Record<string, unknown>[]>): void;
  run(sql: string, bindings: readonly unknown[], callback: Callback<undefined>): void;
}

/**
 * node-sqlite3 reports changed rows and the last key only from `run()`, rows only from `all()`,
 * and always as objects.
 */
export const sqlite3Driver: Driver = {
  arrayRows: false,
  query(connection: DriverConnection, statement: DriverStatement, wantsRows: boolean): Promise<QueryResult> {
    const db = connection as Connection;
    const native = withLiteralQuestionMarks(statement.sql);
    const values = sqliteBindings(statement.bindings);
    return new Promise((resolve, reject) => {
      if (wantsRows) {
        db.all(native, values, (error, rows) => (error ? reject(error) : resolve({ rows, rowCount: rows.length, insertId: null })));
        return;
      }
      db.run(native, values, function (error) {
        if (error) reject(error);
        else resolve({ rows: NO_ROWS, rowCount: this.changes ?? 0, insertId: this.lastID ?? null });
      });
    });
  },
};
