/**
 * The direct execution path: Wren's compiled SQL runs on the driver's own connection object (a
 * better-sqlite3 database, a `pg` client, a `mysql2` connection), not through knex's runner.
 * knex still owns the pool, DDL helpers and introspection; its runner is what it charges per
 * query (building a runner, re-positioning bindings, response post-processing, its own
 * promise chain, a pool acquire with a timer) came to about 8 µs per better-sqlite3 pk lookup,
 * where the driver itself needs 4. Each driver's quirks live in one file beside this one.
 */

/** What any statement returns, whatever the driver: the rows (or RETURNING rows) and the counts. */
export interface QueryResult {
  /** Objects keyed by column name, or arrays in SELECT order for `arrayRows` statements (read by index). */
  readonly rows: Record<string, unknown>[];
  /** Rows changed by INSERT/UPDATE/DELETE (matched rows on MySQL), or rows returned. */
  readonly rowCount: number;
  /** The key of the last row inserted where the driver reports it (SQLite, MySQL); else null. */
  readonly insertId: number | bigint | null;
}

/** A driver connection as the pool hands it out; each driver knows its own type. */
export type DriverConnection = object;

/** One statement as a driver runs it: SQL with `?` placeholders, values, and how to run it. */
export interface DriverStatement {
  readonly sql: string;
  readonly bindings: readonly unknown[];
  /** Repeated by the application (a compiled query shape): worth preparing once per connection. */
  readonly repeated?: boolean;
  /**
   * Rows as arrays in SELECT order rather than objects keyed by column name, where the driver
   * can (`arrayRows`): building one object per row, with a key per column, is most of what a
   * driver spends on a large result.
   */
  readonly arrayRows?: boolean;
}

export interface Driver {
  /** The driver returns rows as arrays when a statement asks (`DriverStatement.arrayRows`). */
  readonly arrayRows: boolean;
  /**
   * Runs one statement. `wantsRows` is false for writes whose changed-row count matters (the
   * async sqlite3 driver reports it only from `run()`).
   */
  query(connection: DriverConnection, statement: DriverStatement, wantsRows: boolean): Promise<QueryResult>;
  /**
   * The same as `query()` for a driver that runs statements synchronously (better-sqlite3): the
   * result, or the driver's error thrown. Wren then settles the statement's promise itself, one
   * promise per statement instead of three, which counts inside `atomic()`, where Node 20's
   * AsyncLocalStorage hooks every promise.
   */
  querySync?(connection: DriverConnection, statement: DriverStatement, wantsRows: boolean): QueryResult;
  /**
   * A repeated (prepared) statement failed only because the table changed under it since it was
   * prepared; run once more unprepared it succeeds. Outside a transaction Wren retries it.
   */
  isStalePrepared?(error: unknown): boolean;
  /**
   * Why the connection can run no more statements (its socket failed or closed, or an error
   * ended the session and the driver closed it), or undefined while it can. Asked whenever a
   * connection is handed back or reused, so it only reads the driver's state. SQLite has no
   * connection to lose.
   */
  closedReason?(connection: DriverConnection): unknown;
  /**
   * Streams a SELECT's rows from the socket, `count` at a time, reading no further until the
   * caller asks for the next chunk (mysql2). The connection runs nothing else meanwhile; one left
   * before its rows ended cannot be reused, so it is closed (`closedEarly`) for the pool to drop.
   */
  stream?(connection: DriverConnection, statement: DriverStatement, count: number, closedEarly: () => void): AsyncGenerator<Record<string, unknown>[]>;
  /**
   * `stream()` leaves the connection free between chunks: other statements (the loop body's) run
   * on it while the stream is open (better-sqlite3's iterators), so it is not held for the loop.
   */
  readonly streamsBetweenQueries?: boolean;
}

export const NO_ROWS: Record<string, unknown>[] = [];
