import { WrenTypeError } from '../errors.js';

// Checks for the arguments of public functions: a wrong one raises WrenTypeError naming the
// argument and what it was given, before anything else happens (in particular before any SQL).

/** `null`, `the number 42`, `the string 'x'`, `an array`, `a Date`: for "..., not X" messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'function':
      return `a function${value.name ? ` (${value.name})` : ''}`;
    case 'symbol':
      return 'a symbol';
    default: {
      const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
      return name && name !== 'Object' ? `a ${name}` : 'an object';
    }
  }
}

/** `{ ... }` written as a literal (or made with `Object.create(null)`), not an array, class instance or Date. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `WrenTypeError: where must be expected, not <what it got>`. */
export function argumentError(where: string, expected: string, got: unknown): WrenTypeError {
  return new WrenTypeError(`${where} must be ${expected}, not ${describeValue(got)}`);
}

export function requirePlainObject(value: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw argumentError(where, 'an object', value);
  return value;
}

/** An options object: `undefined` (no options) or a plain object with only the known keys. */
export function checkOptions(value: unknown, where: string, known: readonly string[]): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) throw argumentError(where, `an options object ({ ${known.join(', ')} })`, value);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new WrenTypeError(`${where}: unknown option '${key}'. Choices are: ${known.join(', ')}`);
  }
}

export function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw argumentError(where, 'a string', value);
  return value;
}

export function requireFunction(value: unknown, where: string): void {
  if (typeof value !== 'function') throw argumentError(where, 'a function', value);
}

export function requireArray(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw argumentError(where, 'an array', value);
  return value;
}

/** A whole number >= `min` (a safe integer: beyond 2^53 numbers are not exact). */
export function requireInteger(value: unknown, where: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw argumentError(where, min === 0 ? 'a whole number >= 0' : `a whole number >= ${min}`, value);
  }
  return value;
}
