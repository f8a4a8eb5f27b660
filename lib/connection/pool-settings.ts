import type { PoolSettings } from '../dialects/index.js';

/** `connect()`'s `pool` option; checked by `checkDatabaseConfig` (config-check.ts). */
export interface PoolOptions {
  /** Connections kept open even when idle (default 0; SQLite always has exactly one). */
  readonly min?: number;
  /** Connections open at most (default 10; SQLite always has exactly one). */
  readonly max?: number;
  /** How long a query waits for a free connection before an `OperationalError` (default 60000). */
  readonly acquireTimeoutMillis?: number;
  /** How long a connection above `min` may sit unused before the pool closes it (default 30000). */
  readonly idleTimeoutMillis?: number;
}

/** The settings each dialect builds its pool and sessions from, with the acquire timeout apart (knex takes it). */
export function poolSettingsOf(pool: PoolOptions | undefined, statementTimeoutMillis: number | undefined): { settings: PoolSettings; acquireTimeoutMillis: number | undefined } {
  const { acquireTimeoutMillis, ...rest } = pool ?? {};
  const settings = statementTimeoutMillis === undefined ? rest : { ...rest, statementTimeoutMillis };
  return { settings, acquireTimeoutMillis };
}
