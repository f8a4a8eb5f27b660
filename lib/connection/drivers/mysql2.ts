import { NO_ROWS, type Driver, type DriverConnection, type DriverStatement, type QueryResult } from './driver.js';
import { withLiteralQuestionMarks } from './placeholders.js';

interface WriteHeader {
  readonly affectedRows: number;
  readonly insertId: number;
}

interface Connection {
  query(options: { sql: string; rowsAsArray?: boolean }, bindings: readonly unknown[], callback: (error: Error | null, result: Record<string, unknown>[] | WriteHeader) => void): void;
}

/**
 * mysql2's `query()` answers a SELECT (or MariaDB's INSERT ... RETURNING) with rows and a write
 * with a header; `affectedRows` counts matched rows, since mysql2 connects with FOUND_ROWS.
 */
export const mysql2Driver: Driver = {
  arrayRows: true,
  query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
    const options = { sql: withLiteralQuestionMarks(statement.sql), rowsAsArray: statement.arrayRows === true };
    return new Promise((resolve, reject) => {
      (connection as Connection).query(options, statement.bindings, (error, result) => {
        if (error) return reject(error);
        if (Array.isArray(result)) return resolve({ rows: result, rowCount: result.length, insertId: null });
        resolve({ rows: NO_ROWS, rowCount: result.affectedRows, insertId: result.insertId || null });
      });
    });
  },
};
