/**
 * Datetimes are stored in UTC. SQLite and MySQL get the text form `YYYY-MM-DD HH:MM:SS.sss`,
 * which sorts lexicographically and is what their date functions read.
 */

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

// A date or date-time without a zone designator: Wren reads these as UTC, never as local time.
const ZONELESS = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * A `Date` from a `Date`, epoch milliseconds or an ISO 8601 string; strings without a zone are
 * UTC (unlike `new Date('2026-01-01T10:00')`, which is local). Throws on anything else.
 */
export function toDate(value: unknown): Date {
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string') date = ZONELESS.test(value) ? parseUtc(value.length === 10 ? `${value} 00:00:00` : value.replace('T', ' ')) : new Date(value);
  if (!date || Number.isNaN(date.getTime())) {
    throw new Error(`'${String(value)}' value has an invalid format. It must be a Date or an ISO 8601 string.`);
  }
  return date;
}

/** The stored UTC text form of an instant (anything `toDate` accepts). */
export function formatUtc(value: Date | string | number): string {
  const date = value instanceof Date ? value : toDate(value);
  return (
    `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.` +
    pad3(date.getUTCMilliseconds())
  );
}

/** Reads the stored UTC text form back; also accepts an ISO string with `T` and zone. */
export function parseUtc(text: string): Date {
  const stored = parseStoredForm(text);
  if (stored) return stored;
  if (text.length >= 19 && text.charCodeAt(10) === 32 /* space */) {
    return new Date(`${text.slice(0, 10)}T${text.slice(11)}Z`);
  }
  return new Date(text);
}

const STORED_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const num = (text: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
};

/**
 * `YYYY-MM-DD HH:MM:SS.sss` read digit by digit: fetching many rows spends most of its
 * conversion time here, and this is about twice as fast as building an ISO string for
 * `new Date()`. Anything else, or an impossible date, returns null for the general parser.
 */
function parseStoredForm(text: string): Date | null {
  if (text.length !== 23 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return null;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) return null;
  for (const i of STORED_DIGITS) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  const year = num(text, 0, 4);
  const month = num(text, 5, 7);
  const day = num(text, 8, 10);
  const hour = num(text, 11, 13);
  const minute = num(text, 14, 16);
  const second = num(text, 17, 19);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, num(text, 20, 23)));
  return date.getUTCDate() === day ? date : null;
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
