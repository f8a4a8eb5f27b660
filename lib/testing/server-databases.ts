import { Database, type DatabaseConfig } from '../connection/index.js';
import type { Dialect } from '../dialects/index.js';
import { vendorOf, withDatabaseName } from './database-names.js';

/** How a database server makes and removes a whole database. */
interface ServerDatabases {
  /**
   * The database an admin connection opens, so the project's own database need not exist yet
   * (PostgreSQL always connects to one; MySQL/MariaDB can connect to none: `''`).
   */
  readonly maintenanceDatabase: string;
  /** One row when the database (the one bound parameter) exists. */
  readonly existsSql: string;
  createSql(quotedName: string): string;
  /** Drops it even while connections are open (a crashed run's, or a pool not yet closed). */
  dropSql(quotedName: string): string;
}

/**
 * Per database family; null where a database is a file made by opening it (SQLite). A new
 * dialect fails to compile until it has an entry.
 */
const SERVER_DATABASES: Record<Dialect['vendor'], ServerDatabases | null> = {
  sqlite: null,
  postgres: {
    maintenanceDatabase: 'postgres',
    existsSql: 'SELECT 1 FROM pg_database WHERE datname = ?',
    createSql: (name) => `CREATE DATABASE ${name}`,
    dropSql: (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
  },
  mysql: {
    maintenanceDatabase: '',
    existsSql: 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    // Wren's tables say utf8mb4 themselves; the database default matters for tables others add.
    createSql: (name) => `CREATE DATABASE ${name} CHARACTER SET utf8mb4`,
    dropSql: (name) => `DROP DATABASE IF EXISTS ${name}`,
  },
};

/** True when the config's database lives on a server, where the test database must be created. */
export function isServerDatabase(config: DatabaseConfig): boolean {
  return SERVER_DATABASES[vendorOf(config)] !== null;
}

/**
 * Makes database `name` on the server `source` points at: dropped first when a run left it
 * behind, or, with `reuse`, kept when it exists. Returns true when it was created afresh.
 */
export async function createServerDatabase(source: DatabaseConfig, name: string, options: { reuse: boolean }): Promise<boolean> {
  return withAdminConnection(source, async (admin, server) => {
    const quoted = admin.dialect.quoteName(name);
    if (options.reuse && (await admin.run({ sql: server.existsSql, bindings: [name] })).rows.length > 0) return false;
    await admin.run({ sql: server.dropSql(quoted), bindings: [] });
    await admin.run({ sql: server.createSql(quoted), bindings: [] });
    return true;
  });
}

/** Drops database `name` from the server `source` points at. */
export async function dropServerDatabase(source: DatabaseConfig, name: string): Promise<void> {
  await withAdminConnection(source, (admin, server) => admin.run({ sql: server.dropSql(admin.dialect.quoteName(name)), bindings: [] }));
}

/** A short-lived connection outside Wren's named databases, so the project's `default` is untouched. */
async function withAdminConnection<T>(source: DatabaseConfig, fn: (admin: Database, server: ServerDatabases) => Promise<T>): Promise<T> {
  const server = SERVER_DATABASES[vendorOf(source)];
  if (server === null) throw new Error('withAdminConnection() is for database servers only');
  const admin = new Database('wren_test_admin', withDatabaseName(source, server.maintenanceDatabase));
  try {
    return await fn(admin, server);
  } finally {
    await admin.close();
  }
}
