import { betterSqlite3Driver } from './better-sqlite3.js';
import type { Driver } from './driver.js';
import { mysql2Driver } from './mysql2.js';
import { pgDriver } from './pg.js';
import { sqlite3Driver } from './sqlite3.js';

export type { ColumnParser, Driver, DriverConnection, DriverStatement, QueryResult, RowSink } from './driver.js';

const DRIVERS: Record<string, Driver> = {
  'better-sqlite3': betterSqlite3Driver,
  sqlite3: sqlite3Driver,
  pg: pgDriver,
  mysql2: mysql2Driver,
};

/** The driver for a knex client name (`dialectFor()` picks the client). */
export function driverFor(client: string): Driver {
  const driver = DRIVERS[client];
  if (!driver) throw new Error(`Internal error: no driver for knex client '${client}'`);
  return driver;
}
