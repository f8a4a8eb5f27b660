import { betterSqlite3Driver } from './better-sqlite3.js';
import type { Driver } from './driver.js';
import { mysql2Driver } from './mysql2.js';
import { pgDriver, pgDriverUnprepared } from './pg.js';
import { sqlite3Driver } from './sqlite3.js';

export type { ColumnParser, Driver, DriverConnection, DriverStatement, QueryResult, RowSink } from './driver.js';

/** What a database's config asks of its driver. */
export interface DriverOptions {
  /**
   * Server-side prepared statements allowed: only node-postgres names them (SQLite's prepared
   * statements live in the process, and on MySQL/MariaDB Wren uses none).
   */
  readonly preparedStatements: boolean;
}

const DRIVERS: Record<string, (options: DriverOptions) => Driver> = {
  'better-sqlite3': () => betterSqlite3Driver,
  sqlite3: () => sqlite3Driver,
  pg: (options) => (options.preparedStatements ? pgDriver : pgDriverUnprepared),
  mysql2: () => mysql2Driver,
};

/** The driver for a knex client name (`dialectFor()` picks the client). */
export function driverFor(client: string, options: DriverOptions): Driver {
  const driver = DRIVERS[client];
  if (!driver) throw new Error(`Internal error: no driver for knex client '${client}'`);
  return driver(options);
}
