import { NotSupportedError } from '../../errors.js';

/**
 * The spread aggregates by their SQL names, with the function users call (`StdDev`, `Variance`).
 * Every dialect computes them over doubles, so all three return the same float: PostgreSQL would
 * use numeric for integers and decimals (1.4142135623730950 for the float sqrt(2)), and MariaDB
 * rounds an integer column's result to four places in the text it sends.
 */
export const STATISTICS: Readonly<Record<string, string>> = {
  STDDEV_POP: 'StdDev',
  STDDEV_SAMP: 'StdDev',
  VAR_POP: 'Variance',
  VAR_SAMP: 'Variance',
};

export function isStatistic(fn: string): boolean {
  return Object.hasOwn(STATISTICS, fn);
}

/**
 * SQLite has no spread aggregates: with better-sqlite3 Wren registers its own (see
 * sqlite-registered.ts); the sqlite3 driver cannot register aggregates, so they are refused.
 */
export function sqliteAggregateName(fn: string, registered: boolean, displayName: string): string {
  if (!isStatistic(fn)) return fn;
  if (registered) return `wren_${fn.toLowerCase()}`;
  throw new NotSupportedError(`${STATISTICS[fn]}() is not supported on ${displayName}: SQLite has no standard deviation or variance, and this driver cannot register one (use better-sqlite3)`);
}
