import { EXTRACT_PARTS, entriesFor, extractKey, truncKey, type ExtractPart, type TruncUnit } from './date-parts.js';
import type { FunctionTable } from './template.js';

/**
 * SQLite's date functions on Wren's stored text ('YYYY-MM-DD HH:MM:SS[.ffffff]', UTC; forms with
 * 'T' or a zone are read too, a zone converted to UTC). Plain SQL, so both drivers have them.
 */

const integer = (format: string, modifiers = '') => `CAST(strftime('${format}', {0}${modifiers}) AS INTEGER)`;
/** The Thursday of the ISO week: its year is the ISO year, its day of the year gives the week. */
const THURSDAY = ", '-3 days', 'weekday 4'";
/** Days since the Monday of the week (%w counts from Sunday = 0). */
const DAYS_SINCE_MONDAY = `((${integer('%w')} + 6) % 7)`;

const EXTRACT_SQL: Record<ExtractPart, string> = {
  year: integer('%Y'),
  iso_year: integer('%Y', THURSDAY),
  quarter: `((${integer('%m')} + 2) / 3)`,
  month: integer('%m'),
  week: `((${integer('%j', THURSDAY)} - 1) / 7 + 1)`,
  week_day: `(${integer('%w')} + 1)`,
  iso_week_day: `(${DAYS_SINCE_MONDAY} + 1)`,
  day: integer('%d'),
  hour: integer('%H'),
  minute: integer('%M'),
  second: integer('%S'),
};

/** Modifiers moving a date back to the start of the unit. */
const START_OF: Partial<Record<TruncUnit, string>> = {
  year: "'start of year'",
  quarter: `'start of month', '-' || ((${integer('%m')} - 1) % 3) || ' months'`,
  month: "'start of month'",
  week: `'start of day', '-' || ${DAYS_SINCE_MONDAY} || ' days'`,
  day: "'start of day'",
};

const TIME_FORMATS: Partial<Record<TruncUnit, string>> = { hour: '%H:00:00', minute: '%H:%M:00', second: '%H:%M:%S' };

const DAY_UNITS: readonly TruncUnit[] = ['year', 'quarter', 'month', 'week', 'day'];
const TIME_UNITS: readonly TruncUnit[] = ['hour', 'minute', 'second'];

export const SQLITE_DATE_FUNCTIONS: FunctionTable = {
  // %f is seconds with milliseconds: 'now' to the millisecond, as a Date holds it.
  NOW: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
  ...entriesFor(EXTRACT_PARTS, extractKey, (part) => EXTRACT_SQL[part]),
  ...entriesFor(DAY_UNITS, (unit) => truncKey(unit, 'datetime'), (unit) => `datetime({0}, ${START_OF[unit]})`),
  ...entriesFor(TIME_UNITS, (unit) => truncKey(unit, 'datetime'), (unit) => `strftime('%Y-%m-%d ${TIME_FORMATS[unit]}', {0})`),
  ...entriesFor(DAY_UNITS, (unit) => truncKey(unit, 'date'), (unit) => `date({0}, ${START_OF[unit]})`),
  ...entriesFor(TIME_UNITS, (unit) => truncKey(unit, 'time'), (unit) => `strftime('${TIME_FORMATS[unit]}', {0})`),
  TRUNC_DATE: 'date({0})',
  TRUNC_TIME: "strftime('%H:%M:%f', {0})",
  // The `time` lookup compares with TimeField text, stored canonical: no fraction when it is zero, no trailing zeros.
  TIME_OF_DAY: "(CASE WHEN strftime('%f', {0}) LIKE '%.000' THEN strftime('%H:%M:%S', {0}) ELSE rtrim(strftime('%H:%M:%f', {0}), '0') END)",
};
