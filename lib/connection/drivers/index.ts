import { betterSqlite3Driver } from './better-sqlite3.js';
import type { Driver } from './driver.js';
import { mysql2Driver } from './mysql2.js';
import { pgDriver, pgDriverUnprepared } from './pg.js';
import { sqlite3Driver } from './sqlite3.js';

export type { ColumnParser, Driver, DriverConnection, DriverStatement, QueryResult, RowSink } from './driver.js';

const DRIVERS: Record<string, Driver> = {
  'better-sqlite3': betterSqlite3Driver,
  sqlite3: sqlite3Driver,
  pg: pgDriver,
  mysql2: mysql2Driver,
};

/**
 * The driver for a knex client name (`dialectFor()` picks the client). `preparedStatements:
 * false` matters only where Wren names statements on the server (PostgreSQL): SQLite's prepared
 * statements live in the process, and on MySQL/MariaDB Wren uses none.
 */
export function driverFor(client: string, preparedStatements = true): Driver {
  const driver = client === 'pg' && !preparedStatements ? pgDriverUnprepared : DRIVERS[client];
  if (!driver) throw new Error(`Internal error: no driver for knex client '${client}'`);
  return driver;
}
