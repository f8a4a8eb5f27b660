import { ImproperlyConfigured } from '../errors.js';
import { argumentError, describeValue, isPlainObject } from '../util/arguments.js';
import { closestMatch } from '../util/naming.js';

/** The keys of one database's config object; anything else is a typo and fails. */
export const CONFIG_KEYS: readonly string[] = ['url', 'dialect', 'connection', 'pool', 'fetchMode', 'log', 'statementTimeoutMillis', 'preparedStatements'];
const POOL_KEYS: readonly string[] = ['min', 'max', 'acquireTimeoutMillis', 'idleTimeoutMillis'];
/** The servers' pool size when `pool.max` is not given (see the dialects' `knexConfig`). */
const DEFAULT_POOL_MAX = 10;

/**
 * Checks one database's config before anything is built: a wrong type is a `WrenTypeError`, a
 * config that cannot work (unknown key, empty URL, a pool that cannot exist) `ImproperlyConfigured`.
 * Nothing silently falls back to `db.sqlite3`.
 */
export function checkDatabaseConfig(config: unknown, where: string): void {
  if (typeof config === 'string') {
    if (config.trim() === '') throw new ImproperlyConfigured(`${where}: the database URL is empty`);
    return;
  }
  if (!isPlainObject(config)) throw argumentError(where, "a database URL ('postgres://user@host/db') or a config object ({ url, pool, ... })", config);
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) throw unknownKey(where, key, CONFIG_KEYS);
  }
  const { url, dialect, connection, pool } = config;
  if ('url' in config && (typeof url !== 'string' || url.trim() === '')) {
    throw new ImproperlyConfigured(`${where}: url is ${describeValue(url)}; pass a database URL (is the environment variable you read it from set?), or give dialect and connection instead`);
  }
  if (url === undefined && dialect === undefined) {
    throw new ImproperlyConfigured(`${where}: give a url, or a dialect (with its connection options)`);
  }
  if (dialect !== undefined && typeof dialect !== 'string') throw argumentError(`${where}: dialect`, "a dialect name such as 'postgres'", dialect);
  if (connection !== undefined && !isPlainObject(connection)) throw argumentError(`${where}: connection`, 'an object of driver options', connection);
  if (pool !== undefined) checkPool(pool, where);
  checkMillis(config.statementTimeoutMillis, `${where}: statementTimeoutMillis`);
  if (config.preparedStatements !== undefined && typeof config.preparedStatements !== 'boolean') {
    throw argumentError(`${where}: preparedStatements`, 'true or false', config.preparedStatements);
  }
}

/** A timeout: absent, or a whole number of milliseconds > 0 (drivers and servers take whole ones). */
function checkMillis(value: unknown, where: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value > 0)) {
    throw new ImproperlyConfigured(`${where} must be a whole number of milliseconds > 0, not ${describeValue(value)}`);
  }
}

function checkPool(pool: unknown, where: string): void {
  if (!isPlainObject(pool)) throw argumentError(`${where}: pool`, 'an object ({ min, max })', pool);
  for (const key of Object.keys(pool)) {
    if (!POOL_KEYS.includes(key)) throw unknownKey(`${where}: pool`, key, POOL_KEYS);
  }
  const count = (name: 'min' | 'max', least: number): number | undefined => {
    const value = pool[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) {
      throw new ImproperlyConfigured(`${where}: pool.${name} must be a whole number >= ${least}, not ${describeValue(value)}`);
    }
    return value;
  };
  checkMillis(pool.acquireTimeoutMillis, `${where}: pool.acquireTimeoutMillis`);
  checkMillis(pool.idleTimeoutMillis, `${where}: pool.idleTimeoutMillis`);
  const min = count('min', 0);
  const max = count('max', 1);
  if (min !== undefined && min > (max ?? DEFAULT_POOL_MAX)) {
    throw new ImproperlyConfigured(`${where}: pool.min (${min}) is greater than pool.max (${max ?? `${DEFAULT_POOL_MAX}, the default`})`);
  }
}

function unknownKey(where: string, key: string, known: readonly string[]): ImproperlyConfigured {
  const guess = closestMatch(key, known);
  return new ImproperlyConfigured(`${where}: unknown option '${key}'.${guess ? ` Did you mean '${guess}'?` : ''} Choices are: ${known.join(', ')}`);
}
