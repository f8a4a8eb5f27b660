import knexFactory, { type Knex } from 'knex';
import { dialectFor, type Dialect } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { atomicContext, captureContext, enqueue, type AtomicFrame } from './context.js';
import { driverFor, type Driver, type DriverConnection, type QueryResult } from './drivers/index.js';
import { translateError, statementOf, type Statement } from './error-translation.js';
import { checkedLogger, knexLogOptions, resolveLogger, type Logger } from './logger.js';
import { parseDatabaseUrl } from './url.js';
import { poolSettingsOf, type PoolOptions } from './pool-settings.js';

/**
 * How loading a relation that was not selected or prefetched behaves (Django 6.1's fetch modes):
 * `'one'` loads it for that instance, `'peers'` for every instance from the same result in one
 * query, `'raise'` refuses. See `QuerySet.fetchMode()`.
 */
export type FetchMode = 'one' | 'peers' | 'raise';
export const FETCH_MODES: readonly FetchMode[] = ['one', 'peers', 'raise'];

/** What `connect()` accepts for one database. */
export type DatabaseConfig =
  | string
  | {
      /** A URL as in `connect('postgres://...')`; or give `dialect` and `connection`. */
      url?: string;
      dialect?: 'sqlite' | 'better-sqlite3' | 'sqlite3' | 'postgres' | 'mysql' | 'mariadb';
      /** Driver options: `{ filename }` for SQLite, host/user/password/database for servers. */
      connection?: Record<string, unknown>;
      /** Pool size and timeouts (see `PoolOptions` for each default). */
      pool?: PoolOptions;
      /**
       * Statements running longer are cancelled with an `OperationalError` (PostgreSQL's
       * statement_timeout, MariaDB's max_statement_time, MySQL's max_execution_time for SELECTs);
       * none by default. SQLite cannot interrupt a statement: `NotSupportedError` there.
       */
      statementTimeoutMillis?: number;
      /**
       * Receives the pool's and the driver's warnings (`connect({ url, log: console })`). By default
       * they are dropped, or written to stderr when the environment variable WREN_DEBUG is set.
       */
      log?: Logger;
      /** The fetch mode of queries on this database that do not pick one; `'one'` by default. */
      fetchMode?: FetchMode;
      /**
       * `false` runs every PostgreSQL statement unnamed, never as a server-side prepared
       * statement: for a pooler in transaction mode (PgBouncer before 1.21), where each
       * transaction may get another server connection. `true` by default. MySQL/MariaDB and
       * SQLite keep no prepared statements on a server, so there it changes nothing.
       */
      preparedStatements?: boolean;
    };

/** @internal Anything `Database.run()` executes: Wren's own compiled SQL, or a knex builder (writes, raw SQL). */
export type Runnable = Statement | Knex.QueryBuilder | Knex.Raw;

/**
 * One configured database: its dialect, its pool and its driver. Queries go through `run()`,
 * which picks the connection of the current `atomic()` block (or borrows one from the pool),
 * records captured SQL and translates driver errors. Statements run on the driver connection
 * itself (see `drivers/driver.ts` for why); knex keeps the pool, DDL and introspection.
 */
export class Database {
  readonly dialect: Dialect;
  /** @internal knex: the pool and the builders for writes; never part of Wren's public types. */
  readonly knex: Knex;
  /** @internal */
  readonly driver: Driver;
  /** Default fetch mode for queries on this database (`connect({ url, fetchMode: 'peers' })`). */
  readonly fetchMode: FetchMode;

  constructor(readonly alias: string, config: DatabaseConfig) {
    const { dialectName, connection } = normalizeConfig(config);
    const options = typeof config === 'string' ? {} : config;
    this.fetchMode = checkedFetchMode(options.fetchMode);
    const { settings, acquireTimeoutMillis } = poolSettingsOf(options.pool, options.statementTimeoutMillis);
    const { dialect, client } = dialectFor(dialectName);
    this.dialect = dialect;
    this.driver = driverFor(client, { preparedStatements: options.preparedStatements ?? true });
    const logger = resolveLogger(checkedLogger(options.log));
    this.knex = knexFactory(withLogging(dialect.knexConfig({ client, connection: connection as never }, settings), logger, acquireTimeoutMillis));
  }

  /**
   * @internal Runs a statement and returns its rows and counts; driver errors become
   * `IntegrityError`, `DataError`, ... Inside `atomic()` it runs on the block's connection,
   * queued behind the block's earlier statements, since a driver must not be sent a query while
   * another is running (`Promise.all` inside a block). `wantsRows` is false for writes whose
   * changed-row count the caller reads.
   */
  run(query: Runnable, wantsRows = true): Promise<QueryResult> {
    let statement: Statement;
    try {
      statement = isStatement(query) ? checkedStatement(query) : compiledStatement(query);
    } catch (error) {
      // The SQL and its values do not fit together: nothing was sent.
      return Promise.reject(this.wrapError(error, query));
    }
    const captured = captureContext.getStore();
    if (captured) captured.push({ sql: statement.sql, bindings: statement.bindings, alias: this.alias });
    const frame = atomicContext.getStore()?.get(this.alias);
    if (frame) return this.runInFrame(frame, statement, wantsRows);
    const idle = this.takeIdle();
    if (idle) return this.sendAndRelease(idle, statement, wantsRows);
    return this.acquire(statement).then((connection) => this.sendAndRelease(connection, statement, wantsRows));
  }

  /** @internal Runs on a block's connection after the block's earlier statements; not captured. */
  runInFrame(frame: AtomicFrame, statement: Statement, wantsRows = true): Promise<QueryResult> {
    // Nothing queued ahead and a synchronous driver: the statement is done before this returns.
    if (frame.pending === 0 && this.driver.querySync) return this.sendSync(frame.connection, statement, wantsRows);
    return enqueue(frame, () => this.send(frame.connection, statement, wantsRows));
  }

  /** A synchronous driver's statement as a settled promise, its error translated. */
  private sendSync(connection: DriverConnection, statement: Statement, wantsRows: boolean): Promise<QueryResult> {
    try {
      return Promise.resolve(this.driver.querySync!(connection, statement, wantsRows));
    } catch (error) {
      return Promise.reject(this.wrapError(error, statement));
    }
  }

  private sendAndRelease(connection: DriverConnection, statement: Statement, wantsRows: boolean): Promise<QueryResult> {
    if (this.driver.querySync) {
      // Settled already: the connection is free again before anyone awaits the result.
      const settled = this.sendSync(connection, statement, wantsRows);
      this.release(connection);
      return settled;
    }
    return this.driver.query(connection, statement, wantsRows).then(
      (result) => {
        this.release(connection);
        return result;
      },
      (error: unknown) => {
        this.release(connection);
        // Any statement may have run prepared (see the driver); the retry runs it unprepared.
        if (this.driver.isStalePrepared?.(error)) return this.run({ ...statement, repeated: false }, wantsRows);
        throw this.wrapError(error, statement);
      },
    );
  }

  /** @internal Sends one statement on a connection; errors are translated, nothing is captured. */
  send(connection: DriverConnection, statement: Statement, wantsRows = true): Promise<QueryResult> {
    return this.driver.query(connection, statement, wantsRows).then(undefined, (error: unknown) => {
      throw this.wrapError(error, statement);
    });
  }

  /** @internal Borrows a connection (an `OperationalError` when none frees up in time). */
  async acquire(statement: Statement): Promise<DriverConnection> {
    const idle = this.takeIdle();
    if (idle) return idle;
    this.waiting++;
    try {
      return (await this.knex.client.acquireConnection()) as DriverConnection;
    } catch (error) {
      throw this.wrapError(error, statement);
    } finally {
      if (--this.waiting === 0) this.noneWaiting?.();
    }
  }

  /**
   * Queries waiting for a connection. `close()` lets them get one and finish first: the pool
   * itself waits for connections in use, but would abort the waiting queries.
   */
  private waiting = 0;
  private noneWaiting: (() => void) | undefined;

  /**
   * A connection just released, kept until the current turn of the event loop ends: a loop of
   * awaited queries reuses it instead of a round trip through knex's pool per query (which
   * arms and clears a timer each time). The pool gets it back before any timer or I/O callback.
   */
  private idle: DriverConnection | undefined;
  private idleReturn: NodeJS.Immediate | undefined;

  private takeIdle(): DriverConnection | undefined {
    const idle = this.idle;
    if (idle === undefined) return undefined;
    this.idle = undefined;
    // It failed or closed since it was handed back: the pool drops it.
    const broken = this.brokenReason(idle);
    if (broken !== undefined) return void this.release(idle, broken);
    return idle;
  }

  /**
   * Why a connection must not run another statement: knex's mark (the driver's 'error' event)
   * or the driver's own state, read on every release and reuse rather than asking the server.
   */
  private brokenReason(connection: DriverConnection): unknown {
    return (connection as { __knex__disposed?: unknown }).__knex__disposed ?? this.driver.closedReason?.(connection);
  }

  /**
   * @internal Returns a connection; `broken` ones, and ones the driver saw fail or close, are
   * dropped by the pool, never handed out again.
   */
  release(connection: DriverConnection, broken: unknown = this.brokenReason(connection)): void {
    if (broken === undefined && this.idle === undefined) {
      this.idle = connection;
      this.idleReturn ??= setImmediate(() => this.returnIdle());
      return;
    }
    // knex's pool checks this mark when it next hands connections out (its own flag for dead ones).
    if (broken !== undefined) (connection as { __knex__disposed?: unknown }).__knex__disposed = broken;
    void this.knex.client.releaseConnection(connection);
  }

  private returnIdle(): void {
    this.idleReturn = undefined;
    const idle = this.idle;
    this.idle = undefined;
    if (idle !== undefined) void this.knex.client.releaseConnection(idle);
  }

  private versionChecked: Promise<void> | undefined;
  /** @internal True once the server's version is known (or the dialect needs none): `ready()` has nothing to wait for. */
  versionKnown = false;

  /**
   * @internal Asks the server its version once, before the first statement whose SQL depends on
   * it (MariaDB's INSERT ... RETURNING). Not recorded by `captureQueries()`.
   */
  async ready(): Promise<void> {
    if (this.versionKnown) return;
    const sql = this.dialect.versionSql;
    if (sql === null) {
      this.versionKnown = true;
      return;
    }
    this.versionChecked ??= captureContext.exit(async () => {
      const { rows } = await this.run({ sql, bindings: [] });
      this.dialect.adoptServerVersion(String(Object.values(rows[0] ?? {})[0] ?? ''));
    });
    try {
      await this.versionChecked;
      this.versionKnown = true;
    } catch (error) {
      this.versionChecked = undefined;
      throw error;
    }
  }

  /**
   * @internal The one place driver, knex and pool errors become Wren's: `IntegrityError`,
   * `DataError`, `OperationalError`, `ProgrammingError` or `DatabaseError`, with the driver's
   * error as `cause`, its code, SQLSTATE and errno, and the statement that failed.
   */
  wrapError(error: unknown, source: Runnable): unknown {
    return translateError(error, { dialect: this.dialect, alias: this.alias, statement: statementOf(source) });
  }

  /** Waits for running and waiting queries (and open `atomic()` blocks) to finish, then closes the pool. */
  async close(): Promise<void> {
    while (this.waiting > 0) await new Promise<void>((resolve) => (this.noneWaiting = resolve));
    if (this.idleReturn) clearImmediate(this.idleReturn);
    this.returnIdle();
    try {
      await this.knex.destroy();
    } catch (error) {
      throw this.wrapError(error, { sql: '', bindings: [] });
    }
  }
}


function isStatement(query: Runnable): query is Statement {
  return typeof (query as { toSQL?: unknown }).toSQL !== 'function';
}

/** A value missing from the bindings would be sent as NULL by some drivers: refused, as knex refuses it. */
function checkedStatement(statement: Statement): Statement {
  const { bindings } = statement;
  for (let i = 0; i < bindings.length; i++) {
    if (bindings[i] === undefined) throw new Error(`Undefined binding(s) detected for keys [${i}] when compiling the query: ${statement.sql}`);
  }
  return statement;
}

function compiledStatement(query: Knex.QueryBuilder | Knex.Raw): Statement {
  const { sql, bindings } = query.toSQL();
  return { sql, bindings };
}

/** Routes knex's and the pool's messages to the database's logger (knex's own default is stdout). */
function withLogging(config: Knex.Config, logger: Logger, acquireTimeoutMillis: number | undefined): Knex.Config {
  const { log, poolLog } = knexLogOptions(logger);
  return {
    ...config,
    log,
    // The SQL is on the error Wren raises, with the values apart; knex would splice them into the message.
    compileSqlOnError: false,
    ...(acquireTimeoutMillis !== undefined ? { acquireConnectionTimeout: acquireTimeoutMillis } : {}),
    pool: { ...config.pool, log: poolLog },
  };
}

function checkedFetchMode(mode: FetchMode | undefined): FetchMode {
  if (mode === undefined) return 'one';
  if (!FETCH_MODES.includes(mode)) throw new ImproperlyConfigured(`Unknown fetchMode '${String(mode)}'. Choices are: ${FETCH_MODES.join(', ')}`);
  return mode;
}

function normalizeConfig(config: DatabaseConfig): { dialectName: string; connection: unknown } {
  if (typeof config === 'string') {
    const parsed = parseDatabaseUrl(config);
    return { dialectName: parsed.scheme, connection: parsed.connection };
  }
  if (config.url) {
    const parsed = parseDatabaseUrl(config.url);
    const connection = config.connection ? { ...toObject(parsed.connection), ...config.connection } : parsed.connection;
    return { dialectName: parsed.scheme, connection };
  }
  return { dialectName: config.dialect ?? 'sqlite', connection: config.connection ?? { filename: 'db.sqlite3' } };
}

function toObject(connection: string | { filename: string }): Record<string, unknown> {
  return typeof connection === 'string' ? { connectionString: connection, uri: connection } : connection;
}
