// Reading val_row's columns straight from the driver, to check what the database itself holds.
import type { ValueField } from './cases.js';

/** The column as the raw SELECT reads it: 64-bit values as text, since some drivers round them. */
export function rawColumnSql(vendor: string, field: ValueField, quote: (name: string) => string): string {
  if (field !== 'huge') return quote(field);
  return `CAST(${quote(field)} AS ${vendor === 'mysql' ? 'CHAR' : 'TEXT'})`;
}

function decimalText(value: unknown): string {
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function instant(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const text = String(value).replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`).getTime();
}

function timeText(value: unknown): string {
  return String(value).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** Whether the driver's value for `field` is the expected value as each database represents it. */
export function rawMatches(field: ValueField, raw: unknown, expected: unknown): boolean {
  if (expected === null) return raw === null;
  switch (field) {
    case 'int': case 'small': case 'positive': case 'big': case 'float': case 'dur':
      return Number(raw) === expected;
    case 'huge':
      return BigInt(String(raw)) === expected;
    case 'dec':
      return decimalText(raw) === decimalText(expected);
    case 'flag':
      return (raw === true || raw === 1 || raw === '1') === expected;
    case 'dt':
      return instant(raw) === (expected as Date).getTime();
    case 'time':
      return timeText(raw) === timeText(expected);
    case 'json':
      return JSON.stringify(sortKeys(typeof raw === 'string' ? JSON.parse(raw) : raw)) === JSON.stringify(sortKeys(expected));
    case 'bin':
      return Buffer.isBuffer(raw) && raw.equals(expected as Buffer);
    default:
      return raw === expected;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}
