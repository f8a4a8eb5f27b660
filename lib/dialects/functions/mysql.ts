import { EXTRACT_PARTS, entriesFor, extractKey, truncKey, type ExtractPart, type TruncUnit } from './date-parts.js';
import { byArity, skippingNulls } from './shared.js';
import { STANDARD_FUNCTIONS } from './standard.js';
import type { FunctionTable } from './template.js';

/** Sessions run with time_zone '+00:00', so these read a datetime's UTC parts. */
const EXTRACT_SQL: Record<ExtractPart, string> = {
  year: 'YEAR({0})',
  // Mode 3 is ISO 8601: weeks start on Monday, week 1 holds the year's first Thursday.
  iso_year: '(YEARWEEK({0}, 3) DIV 100)',
  quarter: 'QUARTER({0})',
  month: 'MONTH({0})',
  week: 'WEEK({0}, 3)',
  week_day: 'DAYOFWEEK({0})',
  iso_week_day: '(WEEKDAY({0}) + 1)',
  day: 'DAYOFMONTH({0})',
  hour: 'HOUR({0})',
  minute: 'MINUTE({0})',
  second: 'SECOND({0})',
};

/** The start of the unit as a date (`null`: the unit is finer than a day). */
const DATE_START: Record<TruncUnit, string | null> = {
  year: 'MAKEDATE(YEAR({0}), 1)',
  quarter: '(MAKEDATE(YEAR({0}), 1) + INTERVAL (QUARTER({0}) - 1) QUARTER)',
  month: "CAST(DATE_FORMAT({0}, '%Y-%m-01') AS DATE)",
  week: '(DATE({0}) - INTERVAL WEEKDAY({0}) DAY)',
  day: 'DATE({0})',
  hour: null,
  minute: null,
  second: null,
};

/** DATE_FORMAT/TIME_FORMAT patterns keeping the time down to the unit (%i is minutes). */
const TIME_FORMATS: Partial<Record<TruncUnit, string>> = { hour: '%H:00:00', minute: '%H:%i:00', second: '%H:%i:%s' };

function truncDatetime(unit: TruncUnit): string {
  const date = DATE_START[unit];
  return `CAST(${date ?? `DATE_FORMAT({0}, '%Y-%m-%d ${TIME_FORMATS[unit]}')`} AS DATETIME)`;
}

const DAY_UNITS: readonly TruncUnit[] = ['year', 'quarter', 'month', 'week', 'day'];
const TIME_UNITS: readonly TruncUnit[] = ['hour', 'minute', 'second'];

const DATES: FunctionTable = {
  NOW: 'CURRENT_TIMESTAMP(6)',
  ...entriesFor(EXTRACT_PARTS, extractKey, (part) => EXTRACT_SQL[part]),
  ...entriesFor([...DAY_UNITS, ...TIME_UNITS], (unit) => truncKey(unit, 'datetime'), truncDatetime),
  ...entriesFor(DAY_UNITS, (unit) => truncKey(unit, 'date'), (unit) => DATE_START[unit]!),
  ...entriesFor(TIME_UNITS, (unit) => truncKey(unit, 'time'), (unit) => `CAST(TIME_FORMAT({0}, '${TIME_FORMATS[unit]}') AS TIME)`),
  TRUNC_DATE: 'DATE({0})',
  TRUNC_TIME: 'TIME({0})',
  TIME_OF_DAY: 'TIME({0})',
};

/**
 * How MySQL/MariaDB writes Wren's database functions (lib/query/functions/); missing names are
 * not supported there. Text functions count characters, not bytes (CHAR_LENGTH).
 */
export const MYSQL_FUNCTIONS: FunctionTable = {
  ...STANDARD_FUNCTIONS,
  GREATEST: skippingNulls('GREATEST'),
  LEAST: skippingNulls('LEAST'),
  // CONCAT is NULL when one argument is; CONCAT_WS skips NULLs.
  CONCAT: "CONCAT_WS('', {*})",
  LENGTH: 'CHAR_LENGTH({0})',
  SUBSTR: byArity({ 2: 'SUBSTRING({0}, {1})', 3: 'SUBSTRING({0}, {1}, {2})' }),
  // Both sides compared as binary utf8mb4: two bound strings would take the connection's
  // case-insensitive collation, and StrIndex respects case on every dialect.
  STR_INDEX: 'INSTR(CONVERT({0} USING utf8mb4) COLLATE utf8mb4_bin, CONVERT({1} USING utf8mb4) COLLATE utf8mb4_bin)',
  LEFT: 'LEFT({0}, {1})',
  RIGHT: 'RIGHT({0}, {1})',
  LPAD: 'LPAD({0}, {1}, {2})',
  RPAD: 'RPAD({0}, {1}, {2})',
  REPEAT: 'REPEAT({0}, {1})',
  REVERSE: 'REVERSE({0})',
  MD5: 'MD5({0})',
  // MySQL rounds a double half to even (ROUND(2.5e0) = 2); as an exact decimal it rounds half
  // away from zero, as the other dialects do.
  ROUND: 'ROUND(CAST({0} AS DECIMAL(65, 30)), {1})',
  ...DATES,
};
