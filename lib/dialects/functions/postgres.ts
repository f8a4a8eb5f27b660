import { EXTRACT_PARTS, TRUNC_UNITS, TIME_PARTS, entriesFor, extractKey, truncKey, type ExtractPart } from './date-parts.js';
import { byArity } from './shared.js';
import { STANDARD_FUNCTIONS } from './standard.js';
import type { FunctionTable } from './template.js';

/** EXTRACT's field names; sessions run in UTC, so a timestamptz gives its UTC parts. */
const EXTRACT_FIELDS: Record<ExtractPart, string> = {
  year: 'YEAR', iso_year: 'ISOYEAR', quarter: 'QUARTER', month: 'MONTH', week: 'WEEK', week_day: 'DOW',
  iso_week_day: 'ISODOW', day: 'DAY', hour: 'HOUR', minute: 'MINUTE', second: 'SECOND',
};

/** EXTRACT gives numeric (seconds with their fraction): cast to integer, as the parts are everywhere. */
function extractSql(part: ExtractPart): string {
  const field = `EXTRACT(${EXTRACT_FIELDS[part]} FROM {0})`;
  if (part === 'second') return `CAST(FLOOR(${field}) AS integer)`;
  return part === 'week_day' ? `(CAST(${field} AS integer) + 1)` : `CAST(${field} AS integer)`;
}

const DATES: FunctionTable = {
  NOW: 'STATEMENT_TIMESTAMP()',
  ...entriesFor(EXTRACT_PARTS, extractKey, extractSql),
  ...entriesFor(TRUNC_UNITS, (unit) => truncKey(unit, 'datetime'), (unit) => `date_trunc('${unit}', {0})`),
  ...entriesFor(TRUNC_UNITS.filter((unit) => !TIME_PARTS.has(unit)), (unit) => truncKey(unit, 'date'), (unit) => `CAST(date_trunc('${unit}', {0}) AS date)`),
  // A time truncates as the interval it converts to.
  ...entriesFor(TRUNC_UNITS.filter((unit) => TIME_PARTS.has(unit)), (unit) => truncKey(unit, 'time'), (unit) => `CAST(date_trunc('${unit}', {0}) AS time)`),
  TRUNC_DATE: 'CAST({0} AS date)',
  TRUNC_TIME: 'CAST({0} AS time)',
  TIME_OF_DAY: 'CAST({0} AS time)',
};

/**
 * How PostgreSQL writes Wren's database functions (lib/query/functions/); missing names are not
 * supported there. Lengths and counts are cast to integer (a bound number is a bigint, which
 * LEFT, LPAD or REPEAT do not take); the float functions compute over doubles, as the other
 * dialects do, rather than over numeric.
 */
export const POSTGRES_FUNCTIONS: FunctionTable = {
  ...STANDARD_FUNCTIONS,
  GREATEST: 'GREATEST({*})',
  LEAST: 'LEAST({*})',
  // CONCAT skips NULLs.
  CONCAT: 'CONCAT({*})',
  LENGTH: 'CHAR_LENGTH({0})',
  SUBSTR: byArity({ 2: 'SUBSTR({0}, CAST({1} AS integer))', 3: 'SUBSTR({0}, CAST({1} AS integer), CAST({2} AS integer))' }),
  STR_INDEX: 'STRPOS({0}, {1})',
  LEFT: 'LEFT({0}, CAST({1} AS integer))',
  RIGHT: 'RIGHT({0}, CAST({1} AS integer))',
  LPAD: 'LPAD({0}, CAST({1} AS integer), {2})',
  RPAD: 'RPAD({0}, CAST({1} AS integer), {2})',
  REPEAT: 'REPEAT({0}, CAST({1} AS integer))',
  REVERSE: 'REVERSE({0})',
  MD5: 'MD5({0})',
  // Rounds half away from zero the shortest decimal form of a float too (ROUND takes numeric only).
  ROUND: 'ROUND(CAST({0} AS numeric), {1})',
  // MOD takes integers or numeric; a zero divisor gives NULL, as on MySQL and SQLite.
  MOD: 'MOD(CAST({0} AS numeric), NULLIF(CAST({1} AS numeric), 0))',
  // Doubles have no MOD: the remainder after the quotient truncated toward zero, as C's fmod.
  MOD_FLOAT: '(CAST({0} AS double precision) - TRUNC(CAST({0} AS double precision) / NULLIF(CAST({1} AS double precision), 0)) * CAST({1} AS double precision))',
  POWER: 'POWER(CAST({0} AS double precision), CAST({1} AS double precision))',
  // Outside their domain SQLite and MySQL give NULL where PostgreSQL raises: NULL here too.
  SQRT: 'SQRT(CASE WHEN {0} >= 0 THEN CAST({0} AS double precision) END)',
  EXP: 'EXP(CAST({0} AS double precision))',
  LN: 'LN(CASE WHEN {0} > 0 THEN CAST({0} AS double precision) END)',
  LOG: '(LN(CASE WHEN {1} > 0 THEN CAST({1} AS double precision) END) / NULLIF(LN(CASE WHEN {0} > 0 THEN CAST({0} AS double precision) END), 0))',
  ...DATES,
};
