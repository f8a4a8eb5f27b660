/**
 * The date parts `Extract` reads and the units `Trunc` cuts to, with the keys their SQL has in
 * the dialects' function tables. The query layer builds its specs from the same keys, so a part
 * cannot be added on one side only.
 */

/** What `Extract` reads: Django's lookup names. */
export const EXTRACT_PARTS = ['year', 'iso_year', 'quarter', 'month', 'week', 'week_day', 'iso_week_day', 'day', 'hour', 'minute', 'second'] as const;
export type ExtractPart = (typeof EXTRACT_PARTS)[number];

/** What `Trunc` cuts to: Django's kinds. */
export const TRUNC_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
export type TruncUnit = (typeof TRUNC_UNITS)[number];

/** The parts that belong to the time of day; the others to the calendar date. */
export const TIME_PARTS: ReadonlySet<string> = new Set(['hour', 'minute', 'second']);

/** What a truncated value is: truncating a date keeps a date, a time a time. */
export type TruncSource = 'datetime' | 'date' | 'time';

/** `EXTRACT_WEEK_DAY` (shown to users as `ExtractWeekDay()`). */
export function extractKey(part: ExtractPart): string {
  return `EXTRACT_${part.toUpperCase()}`;
}

/** `TRUNC_MONTH` for a datetime, `TRUNC_MONTH_ON_DATE` for a date, `TRUNC_HOUR_ON_TIME` for a time. */
export function truncKey(unit: TruncUnit, source: TruncSource): string {
  return `TRUNC_${unit.toUpperCase()}${source === 'datetime' ? '' : `_ON_${source.toUpperCase()}`}`;
}

/** Builds table entries for every part (or unit) from one function. */
export function entriesFor<P extends string>(parts: readonly P[], key: (part: P) => string, sql: (part: P) => string): Record<string, string> {
  return Object.fromEntries(parts.map((part) => [key(part), sql(part)]));
}
