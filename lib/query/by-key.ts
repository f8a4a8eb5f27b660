import type { Database } from '../connection/index.js';
import type { Field } from '../fields/index.js';
import { neverEqual } from './lookups/integer-bounds.js';
import { hasModelScopeOnly, type QueryState } from './state.js';
import { shapeId, statementCacheOf } from './statement-cache.js';
import { compilerFor } from './writes.js';

/**
 * The value of a `get({ pk: value })` (or `{ id: value }`) that may take the by-key fast path:
 * one condition on the primary key with a plain value, on a query with nothing else in it.
 * `undefined` sends the call down the general path (which also reports bad input).
 */
export function byKeyValue(state: QueryState, conditions: readonly object[]): string | number | bigint | undefined {
  if (conditions.length !== 1 || !isPlainQuery(state)) return undefined;
  const condition = conditions[0] as Record<string, unknown>;
  let key: string | undefined;
  for (const name in condition) {
    if (key !== undefined || !Object.hasOwn(condition, name)) return undefined;
    key = name;
  }
  const pk = state.meta.pk;
  if (key !== 'pk' && key !== pk.name && key !== pk.attname) return undefined;
  const value = condition[key];
  const type = typeof value;
  return type === 'number' || type === 'string' || type === 'bigint' ? (value as string | number | bigint) : undefined;
}

/** A query as the manager hands it out: no conditions, joins, annotations, slices or extras. */
function isPlainQuery(state: QueryState): boolean {
  return state.where === null && state.low === 0 && state.high === null && !state.distinct && !state.empty && state.selection.kind === 'models'
    && state.loaded === null && state.lock === null && state.selectRelated.length === 0 && state.prefetch.length === 0 && hasModelScopeOnly(state);
}

/**
 * The statement for a row by primary key, from the database's statement cache, with the key
 * converted and checked exactly as the `exact` lookup converts it. `null` on the first call of a
 * shape: the caller compiles the query the general way and hands the result to `rememberByKey`.
 */
export function cachedByKey(db: Database, state: QueryState, value: unknown): { sql: string; bindings: unknown[]; repeated: true } | null {
  const sql = statementCacheOf(db).get(byKeyShape(state));
  if (sql === undefined) return null;
  const key = keyBinding(db, state.meta.pk, value);
  return key === BEYOND_RANGE ? null : { sql, bindings: [key], repeated: true };
}

/** What `keyBinding()` gives for an integer key beyond its column's range. */
export const BEYOND_RANGE: unique symbol = Symbol('wren.keyBeyondRange');

/**
 * A primary key value as a filter on it binds: converted and checked by the field (the
 * ValidationError of `filter({ pk: 'abc' })`), then by the dialect. `save()` binds its key so too.
 * A key beyond the column's range gives `BEYOND_RANGE`: it matches no row, and the general path
 * says so without sending it (PostgreSQL would refuse it with a DataError).
 */
export function keyBinding(db: Database, pk: Field, value: unknown): unknown {
  const key = pk.toLookupValue(value);
  if (neverEqual(pk, key)) return BEYOND_RANGE;
  return compilerFor(db).param(key, pk).bindings[0];
}

/**
 * Keeps the SQL the general path compiled for a by-key query, when the key is its only
 * parameter and binds as `keyBinding()` binds it (a user's own `exact` lookup may not): the
 * proof that the cached statement is the same.
 */
export function rememberByKey(db: Database, state: QueryState, value: unknown, compiled: { sql: string; bindings: readonly unknown[] }): void {
  if (compiled.bindings.length !== 1 || !Object.is(compiled.bindings[0], keyBinding(db, state.meta.pk, value))) return;
  statementCacheOf(db).set(byKeyShape(state), compiled.sql);
}

function byKeyShape(state: QueryState): string {
  return `byKey:${shapeId(state.meta)}`;
}
