import { ImproperlyConfigured } from '../errors.js';

export interface ParsedUrl {
  /** Dialect or driver name as written in the scheme, e.g. `sqlite`, `sqlite+sqlite3`, `postgres`. */
  readonly scheme: string;
  /** What the driver takes: a filename for SQLite, the URL itself for servers. */
  readonly connection: string | { filename: string };
}

/**
 * `sqlite:db.sqlite3`, `sqlite::memory:`, `sqlite:///abs/path.db`, `sqlite+sqlite3:file.db`,
 * `postgres://user@host/db`, `mysql://root@127.0.0.1/test` (also `postgresql:`, `mariadb:`).
 */
export function parseDatabaseUrl(url: string): ParsedUrl {
  const colon = url.indexOf(':');
  if (colon <= 0) {
    throw new ImproperlyConfigured(
      `Cannot read database URL '${url}': expected e.g. 'sqlite:db.sqlite3', 'postgres://user@host/db' or 'mysql://user@host/db'`,
    );
  }
  const scheme = url.slice(0, colon).toLowerCase();
  if (!scheme.startsWith('sqlite') && scheme !== 'better-sqlite3') return { scheme, connection: url };
  let filename = url.slice(colon + 1);
  if (filename.startsWith('//')) filename = filename.slice(2); // sqlite:///abs -> /abs
  if (filename === '') filename = ':memory:';
  return { scheme, connection: { filename } };
}
