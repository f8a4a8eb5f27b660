import { ImproperlyConfigured } from '../errors.js';
import type { Dialect } from './dialect.js';
export type { ErrorCategory, ErrorClassification } from './error-classification.js';
export { toBigInt, toSafeInteger } from './integers.js';
import { MysqlDialect } from './mysql.js';
import { PostgresDialect } from './postgres.js';
import { SqliteDialect } from './sqlite.js';

export type { CursorStatements, ColumnKind, ColumnSpec, Converter, DatePart, Dialect, DriverChoice, InsertConflictSpec, IsolationLevel, NullsPlacement, PatternMode, PoolSettings, RowLock, SqlFragment } from './dialect.js';
export { ISOLATION_LEVELS } from './dialect.js';

/** The dialect names a URL scheme or config may use, each with its knex client. */
const FACTORIES: Record<string, () => { dialect: Dialect; client: string }> = {
  sqlite: () => ({ dialect: new SqliteDialect('better-sqlite3'), client: 'better-sqlite3' }),
  'better-sqlite3': () => ({ dialect: new SqliteDialect('better-sqlite3'), client: 'better-sqlite3' }),
  sqlite3: () => ({ dialect: new SqliteDialect('sqlite3'), client: 'sqlite3' }),
  postgres: () => ({ dialect: new PostgresDialect(), client: 'pg' }),
  mysql: () => ({ dialect: new MysqlDialect(), client: 'mysql2' }),
};

const ALIASES: Record<string, string> = {
  'sqlite+better-sqlite3': 'better-sqlite3',
  'sqlite+sqlite3': 'sqlite3',
  postgresql: 'postgres',
  pg: 'postgres',
  mariadb: 'mysql',
  mysql2: 'mysql',
};

export function dialectFor(name: string): { dialect: Dialect; client: string } {
  const key = ALIASES[name] ?? name;
  const factory = FACTORIES[key];
  if (!factory) {
    const known = [...Object.keys(FACTORIES), ...Object.keys(ALIASES)].sort().join(', ');
    throw new ImproperlyConfigured(`Unknown database dialect '${name}'. Known dialects: ${known}`);
  }
  return factory();
}

