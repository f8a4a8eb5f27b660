import { formatUtc } from '../util/datetime.js';
import type { SqlFragment } from './dialect.js';

/**
 * SQLite keeps datetimes as text, and other programs write other forms of it than Wren (and
 * Django) do: `T` for the space, 3 or 6 fraction digits or none, `Z` or `+00:00`. Comparisons read
 * both sides in one form; ordering reads the stored text, so it can use an index (correct when a
 * column does not mix the space and `T` forms within one day).
 */

/**
 * A stored datetime as epoch milliseconds (what `Date.getTime()` gives), whichever form was
 * stored, zones included: `unixepoch()` (SQLite 3.38+) gives the whole seconds, and the fraction
 * is read from the text and truncated to milliseconds, as Wren reads it (SQLite's own `%f` and
 * `julianday()` round it). `CAST('0' || '.123456Z' AS REAL)` reads the longest numeric prefix, 0
 * if there is none. Three times cheaper than building normalised text with strftime().
 */
export function sqliteDatetimeOperand(sql: string): string {
  return `(unixepoch(${sql}) * 1000 + CAST(CAST('0' || substr(${sql}, 20) AS REAL) * 1000 AS INTEGER))`;
}

/** Above every character that can follow a datetime's seconds ('.', digits, 'Z', '+', '-', ':'). */
const AFTER_ANY_SUFFIX = '~';
const SEPARATORS = [' ', 'T'] as const;
/** More instants than this in `in` and the range is left out (the OR would cost more than it saves). */
const MAX_IN_RANGES = 20;

/** The first text that may name `instant` or later, written with `separator`. */
function lowerBound(instant: Date, separator: string): string {
  const text = formatUtc(instant);
  // Midnight may be stored as a bare date, and a whole minute as 'HH:MM'.
  if (text.endsWith(' 00:00:00.000')) return text.slice(0, 10);
  return `${text.slice(0, 10)}${separator}${text.slice(11, 16)}`;
}

/** The last text that may name `instant` or earlier, written with `separator`. */
function upperBound(instant: Date, separator: string): string {
  const text = formatUtc(instant);
  return `${text.slice(0, 10)}${separator}${text.slice(11, 19)}${AFTER_ANY_SUFFIX}`;
}

/** Texts naming an instant in [low, high], in either separator's form. */
function between(column: string, low: Date, high: Date): SqlFragment {
  return {
    sql: SEPARATORS.map(() => `(${column} >= ? AND ${column} <= ?)`).join(' OR '),
    bindings: SEPARATORS.flatMap((separator) => [lowerBound(low, separator), upperBound(high, separator)]),
  };
}

/**
 * A text range holding every stored row that can satisfy the comparison, so the index on the
 * column narrows the scan before each candidate is normalised. Rows stored with a non-zero UTC
 * offset fall outside it: they are read right, but comparisons look them up by their UTC text.
 */
export function sqliteDatetimeRange(column: string, lookupName: string, value: unknown): SqlFragment | null {
  const dates = (Array.isArray(value) ? value : [value]) as unknown[];
  if (!dates.every((date) => date instanceof Date)) return null;
  const [first, second] = dates as Date[];
  switch (lookupName) {
    case 'exact':
      return between(column, first!, first!);
    case 'gt':
    case 'gte':
      // ' ' sorts before 'T', so the space form's bound holds for both.
      return { sql: `${column} >= ?`, bindings: [lowerBound(first!, ' ')] };
    case 'lt':
    case 'lte':
      return { sql: `${column} <= ?`, bindings: [upperBound(first!, 'T')] };
    case 'range':
      return between(column, first!, second!);
    case 'in': {
      if (dates.length === 0 || dates.length > MAX_IN_RANGES) return null;
      const parts = (dates as Date[]).map((date) => between(column, date, date));
      return { sql: parts.map((part) => part.sql).join(' OR '), bindings: parts.flatMap((part) => part.bindings) };
    }
    default:
      return null;
  }
}
