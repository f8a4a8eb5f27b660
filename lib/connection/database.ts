import knexFactory, { type Knex } from 'knex';
import { dialectFor, type Dialect } from '../dialects/index.js';
import { DatabaseError, IntegrityError } from '../errors.js';
import { atomicContext, captureContext } from './context.js';
import { parseDatabaseUrl } from './url.js';

/** What `connect()` accepts for one database. */
export type DatabaseConfig =
  | string
  | {
      /** A URL as in `connect('postgres://...')`; or give `dialect` and `connection`. */
      url?: string;
      dialect?: 'sqlite' | 'better-sqlite3' | 'sqlite3' | 'postgres' | 'mysql' | 'mariadb';
      /** Driver options: `{ filename }` for SQLite, host/user/password/database for servers. */
      connection?: Record<string, unknown>;
      pool?: { min?: number; max?: number };
    };

/**
 * One configured database: its dialect and its pool. Queries go through `run()`, which picks the
 * transaction of the current `atomic()` block, records captured SQL and wraps driver errors.
 */
export class Database {
  readonly dialect: Dialect;
  /** @internal the runner; never part of Wren's public types. */
  readonly knex: Knex;

  constructor(readonly alias: string, config: DatabaseConfig) {
    const { dialectName, connection, pool } = normalizeConfig(config);
    const { dialect, client } = dialectFor(dialectName);
    this.dialect = dialect;
    this.knex = knexFactory(dialect.knexConfig({ client, connection: connection as never }, pool));
  }

  /** The knex handle queries should use now: the open transaction, else the pool. */
  runner(): Knex {
    const frame = atomicContext.getStore()?.get(this.alias);
    return frame ? frame.trx : this.knex;
  }

  /** Runs a compiled query; integrity violations become `IntegrityError`, others `DatabaseError`. */
  async run<T = unknown>(query: Knex.QueryBuilder | Knex.Raw): Promise<T> {
    const captured = captureContext.getStore();
    if (captured) {
      const { sql, bindings } = query.toSQL();
      captured.push({ sql, bindings: bindings as unknown[], alias: this.alias });
    }
    try {
      return (await query) as T;
    } catch (error) {
      throw this.wrapError(error, query);
    }
  }

  wrapError(error: unknown, query: Knex.QueryBuilder | Knex.Raw): Error {
    if (!(error instanceof Error) || error instanceof DatabaseError) return error as Error;
    const { sql, bindings } = query.toSQL();
    const details = { sql, bindings: bindings as unknown[], cause: error };
    const message = `${error.message}\n  SQL: ${sql}\n  params: ${JSON.stringify(bindings)}`;
    return this.dialect.isIntegrityError(error) ? new IntegrityError(message, details) : new DatabaseError(message, details);
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
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
    return { dialectName: parsed.scheme, connection: { ...toObject(parsed.connection), ...config.connection }, pool: config.pool };
  }
  return { dialectName: config.dialect ?? 'sqlite', connection: config.connection ?? { filename: 'db.sqlite3' }, pool: config.pool };
}

function toObject(connection: string | { filename: string }): Record<string, unknown> {
  return typeof connection === 'string' ? { connectionString: connection, uri: connection } : connection;
}
