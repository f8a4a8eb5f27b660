/**
 * Datetimes are instants at millisecond precision (a JS `Date`), stored in UTC. Text that names no
 * zone is UTC everywhere in Wren, never the process's local time, so `TZ` changes nothing.
 */

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;
const pad4 = (n: number): string => (n < 10 ? '000' : n < 100 ? '00' : n < 1000 ? '0' : '') + n;

/**
 * ISO 8601 date or date-time, with `T` or a space, optional seconds and fraction (any number of
 * digits, truncated to milliseconds), and an optional zone: `Z`, `±HH`, `±HHMM` or `±HH:MM`.
 */
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const INVALID = (): Date => new Date(Number.NaN);

/**
 * Strict ISO parsing: the date must exist (no February 30th, which `Date` would roll over to
 * March) and the time must be a real clock time. No zone means UTC. Invalid Date otherwise.
 */
function parseIso(text: string): Date {
  const match = ISO_DATETIME.exec(text);
  if (!match) return INVALID();
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', , sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59 || Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return INVALID();
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return INVALID();
  date.setUTCHours(h, mi, s, Number(`${fraction}00`.slice(0, 3)));
  if (sign) {
    const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
    date.setTime(date.getTime() - (sign === '-' ? -offset : offset));
  }
  return date;
}

/**
 * A `Date` from a `Date`, epoch milliseconds or an ISO 8601 string. Strings without a zone are
 * UTC (unlike `new Date('2026-01-01T10:00')`, which is local); `Z` and `±HH:MM` are honoured.
 * Throws on anything else, on dates that do not exist and on Invalid Date.
 */
export function toDate(value: unknown): Date {
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string') date = parseIso(value);
  if (!date || Number.isNaN(date.getTime())) {
    throw new Error(`'${String(value)}' value has an invalid format. It must be a Date or an ISO 8601 string.`);
  }
  return date;
}

function utcSeconds(date: Date): string {
  return (
    `${pad4(date.getUTCFullYear())}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`
  );
}

/**
 * `YYYY-MM-DD HH:MM:SS.sss` in UTC, of anything `toDate` accepts: fixed width, so it sorts as
 * text, and the form SQLite comparisons normalise stored datetimes to.
 */
export function formatUtc(value: Date | string | number): string {
  const date = value instanceof Date ? value : toDate(value);
  return `${utcSeconds(date)}.${pad3(date.getUTCMilliseconds())}`;
}

/**
 * `YYYY-MM-DD HH:MM:SS` in UTC, plus `.ffffff` only when the fraction is not zero: what Django
 * writes on SQLite (Python's `str(datetime)`), so both can share a database.
 */
export function formatUtcTrimmed(value: Date | string | number): string {
  const date = value instanceof Date ? value : toDate(value);
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? utcSeconds(date) : `${utcSeconds(date)}.${pad3(ms)}000`;
}

const SPACE = 32;
const T = 84;
const DOT = 46;
const DASH = 45;
const COLON = 58;

/**
 * Reads stored datetime text as UTC: `YYYY-MM-DD HH:MM:SS`, with `.sss` or `.ffffff`, with `T`
 * instead of the space, without seconds, or with a zone (honoured). Finer than milliseconds is
 * truncated, as SQLite comparisons do. Unreadable text gives Invalid Date.
 */
export function parseUtc(text: string): Date {
  // The forms databases return are read digit by digit, without a regular expression or
  // Date's string parser (half the cost): this runs for every row. Anything else goes to parseIso.
  const length = text.length;
  if (length !== 19 && length !== 23 && length !== 26) return parseIso(text);
  const separator = text.charCodeAt(10);
  if ((separator !== SPACE && separator !== T) || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH
    || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON || (length > 19 && text.charCodeAt(19) !== DOT)) {
    return parseIso(text);
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = length > 19 ? digits(text, 20, 3) : 0;
  if (length === 26 && digits(text, 23, 3) < 0) return parseIso(text);
  // Years below 100 would be read as 19xx by Date.UTC; parseIso handles them.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
    || second < 0 || second > 59 || millis < 0) {
    return parseIso(text);
  }
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  // Date.UTC rolls February 30th over to March; such text is not a date.
  return date.getUTCDate() === day ? date : INVALID();
}

/** The decimal number in `count` characters of `text` from `start`; negative when one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** `HH:MM:SS` with the fraction kept only when it is not zero. */
export function normalizeTime(text: string): string {
  const dot = text.indexOf('.');
  if (dot === -1) return text;
  const fraction = text.slice(dot + 1).replace(/0+$/, '');
  return fraction ? `${text.slice(0, dot)}.${fraction}` : text.slice(0, dot);
}

/** The canonical time text every dialect stores and returns: `'14:05'` -> `'14:05:00'`. */
export function canonicalTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return normalizeTime(value.length === 5 ? `${value}:00` : value);
}

/** A calendar date as `YYYY-MM-DD`; a `Date` gives its UTC date. */
export function canonicalDate(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}
