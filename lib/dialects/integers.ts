import { DataError } from '../errors.js';
import type { Converter } from './dialect.js';

/**
 * 64-bit integers at the driver boundary. Drivers hand them over as numbers when they fit a
 * double exactly and as text when not (node-postgres and mysql2 as Wren configures them);
 * better-sqlite3 hands over a rounded number. Either way nothing beyond ±2^53 may become a
 * number silently: it is a `bigint` where the field asks for one, and an error otherwise.
 */

function beyondSafeRange(value: unknown): DataError {
  // A number here was rounded by the driver already (better-sqlite3): its digits are not the stored ones.
  const which = typeof value === 'number' ? `read from the database (${value} after the driver rounded it)` : `${String(value)} read from the database`;
  return new DataError(
    `The 64-bit integer ${which} is beyond what a JavaScript number holds exactly ` +
      `(±${Number.MAX_SAFE_INTEGER}); declare the field as BigIntegerField({ bigint: true }) to read it as a bigint`,
    { sql: '', bindings: [], cause: undefined },
  );
}

/** A number when exact, else a `DataError` (never a rounded number). */
export const toSafeInteger: Converter = (value) => {
  const number = typeof value === 'number' ? value : Number(value);
  if (Number.isSafeInteger(number)) return number;
  throw beyondSafeRange(value);
};

/** A `bigint`, from the exact text or a number the driver reported exactly. */
export const toBigInt: Converter = (value) => {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string') return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw beyondSafeRange(value);
};

/** Binds a `bigint` as its exact text: every driver and database reads that into a 64-bit column. */
export const bigintParam: Converter = (value) => (typeof value === 'bigint' ? value.toString() : value);

/** node-postgres's int8 parser: a number when exact, the text when a number would round. */
export function parseInt8(text: string): number | string {
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
}
