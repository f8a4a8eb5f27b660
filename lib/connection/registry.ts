import { ImproperlyConfigured } from '../errors.js';
import { argumentError, checkOptions, isPlainObject } from '../util/arguments.js';
import { closestMatch } from '../util/naming.js';
import { checkDatabaseConfig, CONFIG_KEYS } from './config-check.js';
import { Database, type DatabaseConfig } from './database.js';
import { clearRouters, setRouters, type Router } from './routers.js';

export const DEFAULT_ALIAS = 'default';
const DEFAULT_URL = 'sqlite:db.sqlite3';

const databases = new Map<string, Database>();

export interface ConnectOptions {
  /** Asked in order which database each read and write goes to; see `Router`. Replaces earlier routers. */
  readonly routers?: readonly Router[];
}

/**
 * Configures the databases. `connect(url)` sets the default one; `connect({ default, other })`
 * names several, to be picked with `qs.using('other')` or by `routers`. Returns the default database.
 */
export function connect(config: DatabaseConfig | Record<string, DatabaseConfig>, options: ConnectOptions = {}): Database {
  checkOptions(options, 'connect() options', ['routers']);
  const several = isNamedConfigs(config);
  const named = several ? config : { [DEFAULT_ALIAS]: config };
  // Every config is checked before any database is replaced: a mistake leaves the old ones working.
  for (const [alias, one] of Object.entries(named)) checkDatabaseConfig(one, several ? `connect(): database '${alias}'` : 'connect(): config');
  if (options.routers !== undefined) setRouters(options.routers);
  const built: [string, Database][] = [];
  try {
    for (const [alias, one] of Object.entries(named)) built.push([alias, new Database(alias, one)]);
  } catch (error) {
    for (const [, db] of built) void db.close();
    throw error;
  }
  for (const [alias, db] of built) {
    const previous = databases.get(alias);
    if (previous) void previous.close();
    databases.set(alias, db);
  }
  return database(Object.keys(named)[0] ?? DEFAULT_ALIAS);
}

function isNamedConfigs(config: DatabaseConfig | Record<string, DatabaseConfig>): config is Record<string, DatabaseConfig> {
  if (!isPlainObject(config)) return false;
  const keys = Object.keys(config);
  return keys.length > 0 && keys.every((key) => !CONFIG_KEYS.includes(key));
}

/** The database with this alias; the default is SQLite `db.sqlite3` unless `connect()` said otherwise. */
export function database(alias: string = DEFAULT_ALIAS): Database {
  if (typeof alias !== 'string') throw argumentError('The database alias', "a string such as 'default'", alias);
  let db = databases.get(alias);
  if (!db && alias === DEFAULT_ALIAS) {
    db = new Database(DEFAULT_ALIAS, process.env.DATABASE_URL ?? DEFAULT_URL);
    databases.set(DEFAULT_ALIAS, db);
  }
  if (!db) {
    const known = [...databases.keys()];
    const guess = closestMatch(alias, known);
    throw new ImproperlyConfigured(
      `No database named '${alias}'.${guess ? ` Did you mean '${guess}'?` : ''} Configured: ${known.join(', ') || '(none)'}`,
    );
  }
  return db;
}

/** Closes every pool (or the named ones); call it when your program ends. */
export async function disconnect(...aliases: string[]): Promise<void> {
  for (const alias of aliases) if (typeof alias !== 'string') throw argumentError('disconnect(): each alias', "a string such as 'default'", alias);
  const targets = aliases.length ? aliases : [...databases.keys()];
  await Promise.all(
    targets.map(async (alias) => {
      const db = databases.get(alias);
      databases.delete(alias);
      await db?.close();
    }),
  );
  // Routers name the databases they route to: with none left, they would route to nothing.
  if (databases.size === 0) clearRouters();
}
