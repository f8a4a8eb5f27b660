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
  /**
   * Where a driver that can (`Driver.rowSinks`) hands the rows as it reads them, instead of
   * collecting them into `QueryResult.rows` (which is then empty).
   */
  readonly sink?: RowSink;
}

/** Turns one column's value as the server sent it (never NULL) into the driver's JavaScript value. */
export type ColumnParser = (raw: string) => unknown;

/**
 * Builds a SELECT's result row by row as the driver reads the rows off the socket. A driver
 * that collects a result first keeps every row (an array of parsed values) alive until the last
 * has arrived, so each young-generation GC meanwhile copies them all, and then the rows are
 * thrown away once instances are built from them. Built as they arrive, a row's values die
 * young and only what the query returns survives: on PostgreSQL, 10,000 rows of 8 columns came
 * to instances in 12 ms instead of 15 (median, fresh processes; node-postgres's own object rows:
 * 14 ms).
 */
export interface RowSink {
  /**
   * The result's columns are known: `parsers[i]` turns column i's raw value into JavaScript,
   * or is null where the values come parsed already. Called again, before any row, if the
   * statement is sent again (a retry), which starts the result afresh.
   */
  columns(parsers: readonly (ColumnParser | null)[] | null): void;
  /** One row in SELECT order: raw values to go through `columns()`' parsers, null for NULL. Never throws. */
  row(values: readonly unknown[]): void;
}

export interface Driver {
  /** The driver returns rows as arrays when a statement asks (`DriverStatement.arrayRows`). */
  readonly arrayRows: boolean;
  /** The driver hands rows to a statement's `sink` as it reads them (node-postgres). */
  readonly rowSinks?: boolean;
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
