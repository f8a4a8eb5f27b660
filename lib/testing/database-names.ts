import type { DatabaseConfig } from '../connection/index.js';
import { parseDatabaseUrl } from '../connection/url.js';
import { dialectFor, type Dialect } from '../dialects/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { isPlainObject } from '../util/arguments.js';

// The test database lives beside the project's: same server and credentials, another name (or,
// for SQLite, another file). These helpers read and rewrite that name in any form `connect()`
// accepts: a URL, `{ url, ... }` or `{ dialect, connection: { database | filename } }`.

type ConfigObject = Exclude<DatabaseConfig, string>;

/** Which database family a config points at, known without connecting. */
export function vendorOf(config: DatabaseConfig): Dialect['vendor'] {
  const url = typeof config === 'string' ? config : config.url;
  const name = url !== undefined ? parseDatabaseUrl(url).scheme : (config as ConfigObject).dialect ?? 'sqlite';
  return dialectFor(name).dialect.vendor;
}

/** The database's name on its server (a file name for SQLite); undefined when the config names none. */
export function databaseNameOf(config: DatabaseConfig): string | undefined {
  const fromConnection = typeof config === 'string' ? undefined : config.connection?.[connectionKey(config)];
  if (typeof fromConnection === 'string' && fromConnection !== '') return fromConnection;
  const url = typeof config === 'string' ? config : config.url;
  if (url === undefined) return undefined;
  const parsed = parseDatabaseUrl(url);
  if (typeof parsed.connection !== 'string') return parsed.connection.filename;
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name === '' ? undefined : name;
}

/**
 * The same config pointing at another database on the same server (or another SQLite file,
 * `':memory:'` included); `''` names no database, for an admin connection to a MySQL server.
 */
export function withDatabaseName(config: DatabaseConfig, name: string): DatabaseConfig {
  if (typeof config === 'string') return renamedUrl(config, name);
  const renamed: ConfigObject = { ...config };
  if (config.url !== undefined) renamed.url = renamedUrl(config.url, name);
  // Connection options override the URL's, so a name given there must change too; without a URL
  // they are the only place the name lives.
  const key = connectionKey(config);
  if (config.url === undefined || (isPlainObject(config.connection) && key in config.connection)) {
    const connection: Record<string, unknown> = { ...config.connection };
    if (name === '') delete connection[key];
    else connection[key] = name;
    renamed.connection = connection;
  }
  return renamed;
}

function connectionKey(config: ConfigObject): 'filename' | 'database' {
  return vendorOf(config) === 'sqlite' ? 'filename' : 'database';
}

function renamedUrl(url: string, name: string): string {
  const parsed = parseDatabaseUrl(url);
  if (typeof parsed.connection !== 'string') return `${url.slice(0, url.indexOf(':'))}:${name}`;
  const renamed = new URL(url);
  renamed.pathname = `/${encodeURIComponent(name)}`;
  return renamed.toString();
}

/**
 * `test_<name>` as Django names it, with mocha's worker number in parallel mode so that workers
 * do not share (and drop) one database.
 */
export function defaultTestName(source: DatabaseConfig): string {
  const name = databaseNameOf(source);
  if (name === undefined) {
    throw new ImproperlyConfigured('The test database is named after the project database (test_<name>), but the database config names none: add the database to the URL, or pass useTestDatabase({ name })');
  }
  const worker = process.env.MOCHA_WORKER_ID;
  return worker === undefined ? `test_${name}` : `test_${name}_${worker}`;
}
