/**
 * The direct execution path: Wren's compiled SQL runs on the driver's own connection object (a
 * better-sqlite3 database, a `pg` client, a `mysql2` connection), not through knex's runner.
 * knex still owns the pool, DDL helpers and introspection; its runner is what it charges per
 * query (building a runner, re-positioning bindings, response post-processing, its own
 * promise chain), about 30 µs on better-sqlite3 where the driver needs 5. Each driver's quirks
 * live in one file beside this one.
 */

/** What any statement returns, whatever the driver: the rows (or RETURNING rows) and the counts. */
export interface QueryResult {
  readonly rows: Record<string, unknown>[];
  /** Rows changed by INSERT/UPDATE/DELETE (matched rows on MySQL), or rows returned. */
  readonly rowCount: number;
  /** The key of the last row inserted where the driver reports it (SQLite, MySQL); else null. */
  readonly insertId: number | bigint | null;
}

/** A driver connection as the pool hands it out; each driver knows its own type. */
export type DriverConnection = object;

export interface Driver {
  /**
   * Runs one statement written with `?` placeholders. `wantsRows` is false for writes whose
   * changed-row count matters (the async sqlite3 driver reports it only from `run()`).
   */
  query(connection: DriverConnection, sql: string, bindings: readonly unknown[], wantsRows: boolean, repeated?: boolean): Promise<QueryResult>;
  /**
   * A repeated (prepared) statement failed only because the table changed under it since it was
   * prepared; run once more unprepared it succeeds. Outside a transaction Wren retries it.
   */
  isStalePrepared?(error: unknown): boolean;
}

export const NO_ROWS: Record<string, unknown>[] = [];
