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
  if (text.length >= 19 && text.charCodeAt(10) === 32 /* space */) {
    return new Date(`${text.slice(0, 10)}T${text.slice(11)}Z`);
  }
  return new Date(text);
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
