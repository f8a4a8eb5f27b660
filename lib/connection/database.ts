import knexFactory, { type Knex } from 'knex';
import { dialectFor, type Dialect } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { atomicContext, captureContext } from './context.js';
import { translateError, statementOf, type Statement } from './error-translation.js';
import { checkedLogger, knexLogOptions, resolveLogger, type Logger } from './logger.js';
import { parseDatabaseUrl } from './url.js';

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
      /**
       * Pool size, and how long a query waits for a free connection before failing with
       * `OperationalError` (`acquireTimeoutMillis`, 60000 by default).
       */
      pool?: { min?: number; max?: number; acquireTimeoutMillis?: number };
      /**
       * Receives the pool's and the driver's warnings (`connect({ url, log: console })`). By default
       * they are dropped, or written to stderr when the environment variable WREN_DEBUG is set.
       */
      log?: Logger;
      /** The fetch mode of queries on this database that do not pick one; `'one'` by default. */
      fetchMode?: FetchMode;
    };

/**
 * One configured database: its dialect and its pool. Queries go through `run()`, which picks the
 * transaction of the current `atomic()` block, records captured SQL and wraps driver errors.
 */
export class Database {
  readonly dialect: Dialect;
  /** @internal the runner; never part of Wren's public types. */
  readonly knex: Knex;
  /** Default fetch mode for queries on this database (`connect({ url, fetchMode: 'peers' })`). */
  readonly fetchMode: FetchMode;

  constructor(readonly alias: string, config: DatabaseConfig) {
    const { dialectName, connection, pool } = normalizeConfig(config);
    const options = typeof config === 'string' ? {} : config;
    this.fetchMode = checkedFetchMode(options.fetchMode);
    const { dialect, client } = dialectFor(dialectName);
    this.dialect = dialect;
    const logger = resolveLogger(checkedLogger(options.log));
    this.knex = knexFactory(withLogging(dialect.knexConfig({ client, connection: connection as never }, pool), logger, options.pool?.acquireTimeoutMillis));
  }

  /** @internal The knex handle queries should use now: the open transaction, else the pool. */
  runner(): Knex {
    const frame = atomicContext.getStore()?.get(this.alias);
    return frame ? frame.trx : this.knex;
  }

  /**
   * @internal Runs a compiled query; integrity violations become `IntegrityError`, others
   * `DatabaseError`. Inside `atomic()` queries are queued on the block's one connection, since
   * drivers must not be sent a query while another is running (`Promise.all` inside a block).
   */
  async run<T = unknown>(query: Knex.QueryBuilder | Knex.Raw): Promise<T> {
    const captured = captureContext.getStore();
    if (captured) {
      // Compiling fails when the SQL and its values do not fit together: then nothing was sent.
      let statement: Statement;
      try {
        statement = query.toSQL();
      } catch (error) {
        throw this.wrapError(error, query);
      }
      captured.push({ sql: statement.sql, bindings: statement.bindings, alias: this.alias });
    }
    const frame = atomicContext.getStore()?.get(this.alias);
    if (!frame) return this.execute<T>(query);
    const result = frame.tail.then(() => this.execute<T>(query));
    frame.tail = result.catch(() => undefined);
    return result;
  }

  private async execute<T>(query: Knex.QueryBuilder | Knex.Raw): Promise<T> {
    try {
      return (await query) as T;
    } catch (error) {
      throw this.wrapError(error, query);
    }
  }

  private versionChecked: Promise<void> | undefined;

  /**
   * @internal Asks the server its version once, before the first statement whose SQL depends on
   * it (MariaDB's INSERT ... RETURNING). Not recorded by `captureQueries()`.
   */
  async ready(): Promise<void> {
    const sql = this.dialect.versionSql;
    if (sql === null) return;
    this.versionChecked ??= captureContext.exit(async () => {
      const rows = this.dialect.rawRows(await this.run<unknown>(this.runner().raw(sql)));
      this.dialect.adoptServerVersion(String(Object.values(rows[0] ?? {})[0] ?? ''));
    });
    try {
      await this.versionChecked;
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
  wrapError(error: unknown, source: Knex.QueryBuilder | Knex.Raw | Statement): unknown {
    return translateError(error, { dialect: this.dialect, alias: this.alias, statement: statementOf(source) });
  }

  async close(): Promise<void> {
    try {
      await this.knex.destroy();
    } catch (error) {
      throw this.wrapError(error, { sql: '', bindings: [] });
    }
  }
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

function normalizeConfig(config: DatabaseConfig): {
  dialectName: string;
  connection: unknown;
  pool: { min?: number; max?: number } | undefined;
} {
  if (typeof config === 'string') {
    const parsed = parseDatabaseUrl(config);
    return { dialectName: parsed.scheme, connection: parsed.connection, pool: undefined };
  }
  if (config.url) {
    const parsed = parseDatabaseUrl(config.url);
    const connection = config.connection ? { ...toObject(parsed.connection), ...config.connection } : parsed.connection;
    return { dialectName: parsed.scheme, connection, pool: config.pool };
  }
  return { dialectName: config.dialect ?? 'sqlite', connection: config.connection ?? { filename: 'db.sqlite3' }, pool: config.pool };
}

function toObject(connection: string | { filename: string }): Record<string, unknown> {
  return typeof connection === 'string' ? { connectionString: connection, uri: connection } : connection;
}
