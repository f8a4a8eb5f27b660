import { endsMysqlSession } from '../../dialects/mysql-errors.js';
import { NO_ROWS, type Driver, type DriverConnection, type DriverStatement, type QueryResult, type RowSink } from './driver.js';
import { withLiteralQuestionMarks } from './placeholders.js';

interface WriteHeader {
  readonly affectedRows: number;
  readonly insertId: number;
}

interface Connection {
  query(options: { sql: string; rowsAsArray?: boolean }, bindings: readonly unknown[], callback: (error: Error | null, result: Record<string, unknown>[] | WriteHeader) => void): void;
  query(options: { sql: string; rowsAsArray?: boolean }, bindings: readonly unknown[]): RowEvents;
  pause(): void;
  resume(): void;
  destroy(): void;
  // mysql2's own state, which knex's pool also reads to validate a connection.
  readonly _fatalError: unknown;
  readonly _protocolError: unknown;
  readonly _closing: boolean;
  readonly stream: { readonly destroyed: boolean };
}

/** What mysql2's `query()` without a callback emits: each row as it is read, then the end. */
interface RowEvents {
  on(event: 'result', listener: (row: Record<string, unknown>) => void): RowEvents;
  on(event: 'error', listener: (error: Error) => void): RowEvents;
  on(event: 'end', listener: () => void): RowEvents;
}

/**
 * mysql2's `query()` answers a SELECT (or MariaDB's INSERT ... RETURNING) with rows and a write
 * with a header; `affectedRows` counts matched rows, since mysql2 connects with FOUND_ROWS.
 */
export const mysql2Driver: Driver = {
  arrayRows: true,
  rowSinks: true,
  query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
    const options = { sql: withLiteralQuestionMarks(statement.sql), rowsAsArray: statement.arrayRows === true };
    if (statement.sink) return sinkQuery(connection as Connection, options, statement.bindings, statement.sink);
    return new Promise((resolve, reject) => {
      (connection as Connection).query(options, statement.bindings, (error, result) => {
        if (error) return reject(failed(connection as Connection, error));
        if (Array.isArray(result)) return resolve({ rows: result, rowCount: result.length, insertId: null });
        resolve({ rows: NO_ROWS, rowCount: result.affectedRows, insertId: result.insertId || null });
      });
    });
  },

  /** The socket is paused once a chunk is full and resumed when the next is asked for: memory holds one chunk. */
  async *stream(connection: DriverConnection, statement: DriverStatement, count: number, closedEarly: () => void): AsyncGenerator<Record<string, unknown>[]> {
    const conn = connection as Connection;
    let chunk: Record<string, unknown>[] = [];
    let ended = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    conn.query({ sql: withLiteralQuestionMarks(statement.sql), rowsAsArray: statement.arrayRows === true }, statement.bindings)
      .on('result', (row) => {
        chunk.push(row);
        if (chunk.length >= count) {
          conn.pause();
          notify();
        }
      })
      .on('error', (error) => {
        failure = failed(conn, error);
        ended = true;
        notify();
      })
      .on('end', () => {
        ended = true;
        notify();
      });
    try {
      for (;;) {
        if (chunk.length < count && !ended) await new Promise<void>((resolve) => (wake = resolve));
        if (failure) throw failure;
        if (chunk.length) {
          const full = chunk;
          chunk = [];
          yield full;
        }
        if (ended && chunk.length === 0) return;
        conn.resume();
      }
    } finally {
      if (!ended) {
        // The rest of the result is still on the wire: the connection cannot run another statement.
        conn.destroy();
        closedEarly();
      }
    }
  },

  closedReason(connection: DriverConnection): unknown {
    const conn = connection as Connection;
    return conn._fatalError ?? conn._protocolError ?? (conn._closing || conn.stream.destroyed ? CLOSED : undefined);
  },
};

const CLOSED = 'the connection was closed';

/** A SELECT whose rows go to `sink` as mysql2 parses them (its 'result' events), none kept here. */
function sinkQuery(connection: Connection, options: { sql: string; rowsAsArray: boolean }, bindings: readonly unknown[], sink: RowSink): Promise<QueryResult> {
  // mysql2 parses each value as it reads the row (its typeCast): the rows come parsed.
  sink.columns(null);
  let count = 0;
  return new Promise((resolve, reject) => {
    connection
      .query(options, bindings)
      .on('result', (row) => {
        count++;
        sink.row(row as unknown as readonly unknown[]);
      })
      .on('error', (error) => reject(failed(connection, error)))
      .on('end', () => resolve({ rows: NO_ROWS, rowCount: count, insertId: null }));
  });
}

/**
 * The server hangs up after some errors (a packet over max_allowed_packet) before mysql2 notices:
 * the connection is closed now, so the pool drops it rather than send the next statement into it.
 */
function failed(connection: Connection, error: Error): Error {
  if (endsMysqlSession(error)) connection.destroy();
  return error;
}
