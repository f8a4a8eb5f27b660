import { NotSupportedError } from '../errors.js';
import { argumentError, checkOptions, isPlainObject } from '../util/arguments.js';
import type { Combination, QueryState } from './state.js';

/** `union(qs, { all: true })`: keep duplicates. */
export interface CombineOptions {
  readonly all?: boolean;
}

/** The QuerySet method each operator comes from, for messages. */
export const COMBINERS = { UNION: 'union', INTERSECT: 'intersection', EXCEPT: 'difference' } as const;

/**
 * What `union(...)` / `intersection(...)` / `difference(...)` combine: `first` and the states of
 * the QuerySets given (an options object may come last), checked; null when none is given.
 */
export function combinationOf(
  first: QueryState,
  operator: Combination['operator'],
  given: readonly unknown[],
  stateOf: (value: unknown) => QueryState | undefined,
): Combination | null {
  const method = COMBINERS[operator];
  const last = given[given.length - 1];
  const options: CombineOptions = isPlainObject(last) ? last : {};
  checkOptions(options, `${method}() options`, ['all']);
  const others = options === last ? given.slice(0, -1) : given;
  if (others.length === 0) return null;
  const parts = [first];
  for (const [i, other] of others.entries()) {
    const state = stateOf(other);
    if (!state) throw argumentError(`${method}(): argument ${i + 1}`, 'a QuerySet', other);
    checkCombinable(first, state, method);
    parts.push(state);
  }
  return { operator, all: options.all === true, parts };
}

/** Parts must produce the same columns: the same model and selection (Django asks the same of the SQL). */
function checkCombinable(first: QueryState, other: QueryState, method: string): void {
  const columns = (state: QueryState) => (state.selection.kind === 'models' ? `${state.meta.name}:*` : `${state.selection.names.length}`);
  if (columns(first) !== columns(other)) {
    throw new NotSupportedError(`${method}(): the combined QuerySets must select the same columns (the same model, or values() of as many names)`);
  }
  if (first.lock || other.lock) throw new NotSupportedError(`${method}(): selectForUpdate() cannot lock the rows of a combined query`);
}

/** What is left of a combination once its `none()` parts are dropped. */
export type CombinedParts =
  | { readonly kind: 'empty' }
  | { readonly kind: 'one'; readonly state: QueryState }
  | { readonly kind: 'combined'; readonly combination: Combination };

/**
 * Django's treatment of empty (`none()`) parts, which would otherwise compile as their unfiltered
 * query: a union leaves them out, an intersection with one is empty, a difference leaves out
 * those it subtracts and is empty when its first part is. One part left is that query alone.
 */
export function withoutEmptyParts(combination: Combination): CombinedParts {
  const [first, ...others] = combination.parts;
  const { operator } = combination;
  if (operator === 'INTERSECT' && combination.parts.some((part) => part.empty)) return { kind: 'empty' };
  if (operator === 'EXCEPT' && first!.empty) return { kind: 'empty' };
  const kept = operator === 'UNION' ? combination.parts.filter((part) => !part.empty) : [first!, ...others.filter((part) => !part.empty)];
  if (kept.length === 0) return { kind: 'empty' };
  if (kept.length === 1) return { kind: 'one', state: kept[0]! };
  return { kind: 'combined', combination: kept.length === combination.parts.length ? combination : { ...combination, parts: kept } };
}
