/**
 * A primary or foreign key value as a `Map`/`Set` key: keys of one field come through the same
 * converter, but two equal Dates (or bigints boxed from other sources) are not `===`, so they
 * are keyed by their text.
 */
export function mapKey(value: unknown): unknown {
  return typeof value === 'object' || typeof value === 'bigint' ? String(value) : value;
}

/** The same key: both empty (null or undefined), or equal by `mapKey`. */
export function sameKey(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  return mapKey(a) === mapKey(b);
}
