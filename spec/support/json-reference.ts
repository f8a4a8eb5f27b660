/**
 * What JSONField key paths and lookups should match, evaluated in JavaScript over the same
 * documents the databases hold: spec/json-paths.spec.ts compares every database with this.
 */
import type { JsonValue } from '../../lib/index.js';

/** No value at a path (a missing key, an index past the end, a key of a non-object). */
export const MISSING = Symbol('missing');
export type Found = JsonValue | typeof MISSING;

type JsonObject = { [key: string]: JsonValue };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

/** The value at `path` (`['owner', 'name']`, `['tags', 0]`); a document that is SQL NULL has none. */
export function at(doc: JsonValue | null, path: readonly (string | number)[]): Found {
  let value: Found = doc === null ? MISSING : doc;
  for (const step of path) {
    if (typeof step === 'number') value = Array.isArray(value) && step < value.length ? value[step]! : MISSING;
    else value = isObject(value) && Object.hasOwn(value, step) ? value[step]! : MISSING;
  }
  return value;
}

/** `data__a__0` -> `['a', 0]`: an all-digit step is an array index. */
export function pathOf(steps: string): (string | number)[] {
  return steps.split('__').map((step) => (/^\d+$/.test(step) ? Number(step) : step));
}

/** JSON equality; key order does not matter (the spec compares objects stored in the same order). */
export function jsonEqual(a: Found, b: Found): boolean {
  if (a === MISSING || b === MISSING) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]!));
  if (isObject(a)) {
    if (!isObject(b) || Object.keys(a).length !== Object.keys(b).length) return false;
    return Object.keys(a).every((key) => Object.hasOwn(b, key) && jsonEqual(a[key]!, b[key]!));
  }
  return a === b;
}

/** Code point order, as the databases' binary collations compare (JS `<` compares UTF-16 units). */
function compareText(a: string, b: string): number {
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/** `a op b` for two numbers or two strings; false for any other pair (different kinds never compare). */
export function compare(a: Found, op: '<' | '<=' | '>' | '>=', b: number | string): boolean {
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
  const d = typeof a === 'number' ? a - (b as number) : compareText(a, b as string);
  return op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
}

/** Django's `KT()`: a string's characters, a scalar's JSON text, null for JSON null or no value. */
export function text(value: Found): string | null {
  if (value === MISSING || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** PostgreSQL's `a @> b`: structure and values, arrays as sets; a top-level array contains its scalars. */
export function contains(a: Found, b: JsonValue, top = true): boolean {
  if (a === MISSING) return false;
  if (Array.isArray(b)) return Array.isArray(a) && b.every((item) => a.some((candidate) => containsItem(candidate, item)));
  if (isObject(b)) return isObject(a) && Object.keys(b).every((key) => Object.hasOwn(a, key) && containsItem(a[key]!, b[key]!));
  if (top && Array.isArray(a)) return a.some((item) => isScalar(item) && item === b);
  return isScalar(a) && a === b;
}

/** Below the top level a value contains another of its own kind only. */
function containsItem(a: JsonValue, b: JsonValue): boolean {
  if (isScalar(b)) return isScalar(a) && a === b;
  if (Array.isArray(a) !== Array.isArray(b) || isScalar(a)) return false;
  return contains(a, b, false);
}
