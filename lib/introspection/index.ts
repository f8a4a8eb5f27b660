import type { Database } from '../connection/index.js';
import type { Dialect } from '../dialects/index.js';
import { mysqlIntrospector } from './mysql.js';
import { postgresIntrospector } from './postgres.js';
import { sqliteIntrospector } from './sqlite.js';
import type { Introspector, RawQuery, TableInfo } from './types.js';

export type * from './types.js';

/** One introspector per database family; a new dialect fails to compile until it has one. */
const INTROSPECTORS: Record<Dialect['vendor'], Introspector> = {
  sqlite: sqliteIntrospector,
  postgres: postgresIntrospector,
  mysql: mysqlIntrospector,
};

export function introspectorFor(dialect: Dialect): Introspector {
  return INTROSPECTORS[dialect.vendor];
}

/** Raw catalogue queries on a database, as plain rows. */
export function queryFor(db: Database): RawQuery {
  return async (sql, bindings = []) => (await db.run({ sql, bindings })).rows;
}

/** Describes the named tables (all of them by default), in name order. */
export async function introspect(db: Database, tables?: readonly string[]): Promise<TableInfo[]> {
  const introspector = introspectorFor(db.dialect);
  const query = queryFor(db);
  const names = tables && tables.length ? [...tables] : await introspector.tableNames(query);
  const result: TableInfo[] = [];
  for (const name of names) result.push(await introspector.table(query, name));
  return result;
}
