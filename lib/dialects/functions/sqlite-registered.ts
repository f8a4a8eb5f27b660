import { createHash } from 'node:crypto';
import { quantizeDecimal } from '../../util/decimal.js';

/**
 * Functions SQLite lacks (or has only for ASCII), written in JavaScript and registered on every
 * better-sqlite3 connection, as Django registers Python ones. The sqlite3 driver cannot register
 * functions: there these are refused, or fall back to SQLite's own (see ./sqlite.ts).
 */

/** What better-sqlite3's Database offers for registering functions. */
export interface FunctionRegistry {
  function(name: string, options: { deterministic: boolean }, fn: (...args: never[]) => unknown): unknown;
  aggregate(name: string, options: AggregateDefinition): unknown;
}

interface AggregateDefinition {
  start: () => Spread;
  step: (spread: Spread, value: unknown) => Spread;
  /** Takes a row back out: SQLite uses an aggregate over a window only if it has one. */
  inverse: (spread: Spread, value: unknown) => Spread;
  result: (spread: Spread) => number | null;
  deterministic: boolean;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : String(value));

function upper(value: unknown): unknown {
  return typeof value === 'string' ? value.toUpperCase() : value;
}

/** By code points, so a character outside the BMP stays whole. */
function reverse(value: unknown): string | null {
  const s = text(value);
  return s === null ? null : [...s].reverse().join('');
}

/** Of the UTF-8 bytes, lower-case hex, as PostgreSQL's and MySQL's MD5. */
function md5(value: unknown): string | null {
  if (value instanceof Uint8Array) return createHash('md5').update(value).digest('hex');
  const s = text(value);
  return s === null ? null : createHash('md5').update(s, 'utf8').digest('hex');
}

/**
 * Half away from zero on the number's shortest decimal text, as PostgreSQL rounds numeric and
 * MySQL DECIMAL: SQLite's ROUND works on the binary double, so round(2.675, 2) would be 2.67.
 */
function round(value: unknown, places: unknown): number | null {
  if (value === null || places === null) return null;
  return Number(quantizeDecimal(value, Number(places)));
}

/** Welford's running mean and sum of squared deviations: no cancellation on large values. */
interface Spread {
  n: number;
  mean: number;
  m2: number;
}

function spread(finish: (s: Spread) => number | null): AggregateDefinition {
  return {
    start: () => ({ n: 0, mean: 0, m2: 0 }),
    step: (s, value) => {
      if (value === null || value === undefined) return s;
      const x = Number(value);
      s.n += 1;
      const delta = x - s.mean;
      s.mean += delta / s.n;
      s.m2 += delta * (x - s.mean);
      return s;
    },
    // The step undone: the mean before x was added, then the squares it added.
    inverse: (s, value) => {
      if (value === null || value === undefined) return s;
      if (s.n <= 1) return { n: 0, mean: 0, m2: 0 };
      const x = Number(value);
      const mean = s.mean - (x - s.mean) / (s.n - 1);
      s.m2 = Math.max(s.m2 - (x - mean) * (x - s.mean), 0);
      s.mean = mean;
      s.n -= 1;
      return s;
    },
    result: finish,
    deterministic: true,
  };
}

const variancePop = (s: Spread) => (s.n === 0 ? null : s.m2 / s.n);
const varianceSamp = (s: Spread) => (s.n < 2 ? null : s.m2 / (s.n - 1));
const sqrtOf = (variance: (s: Spread) => number | null) => (s: Spread) => {
  const v = variance(s);
  return v === null ? null : Math.sqrt(v);
};

/** Registers Wren's functions on a better-sqlite3 connection (names match ./sqlite.ts and statistics.ts). */
export function registerSqliteFunctions(db: FunctionRegistry): void {
  const deterministic = { deterministic: true };
  db.function('wren_upper', deterministic, upper);
  db.function('wren_reverse', deterministic, reverse);
  db.function('wren_md5', deterministic, md5);
  db.function('wren_round', deterministic, round);
  db.aggregate('wren_var_pop', spread(variancePop));
  db.aggregate('wren_var_samp', spread(varianceSamp));
  db.aggregate('wren_stddev_pop', spread(sqrtOf(variancePop)));
  db.aggregate('wren_stddev_samp', spread(sqrtOf(varianceSamp)));
}
