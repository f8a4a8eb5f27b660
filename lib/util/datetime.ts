/**
 * Datetimes are stored in UTC. SQLite and MySQL get the text form `YYYY-MM-DD HH:MM:SS.sss`,
 * which sorts lexicographically and is what their date functions read.
 */

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

export function formatUtc(date: Date): string {
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
