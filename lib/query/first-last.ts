import { WrenTypeError } from '../errors.js';
import { isGrouped } from './compiler/select.js';
import type { QueryState } from './state.js';

/**
 * Whether `first()`/`last()` must order by the primary key first, as Django's do when nothing
 * orders the rows: no `orderBy()` terms, and no model ordering (which a grouped query ignores).
 * A grouped query not grouped by the primary key (`values('author').annotate(...)`) has no
 * primary key to order by: ordering by it would regroup the rows, so, as Django 5, it is refused.
 */
export function needsPkOrdering(state: QueryState, method: 'first' | 'last'): boolean {
  const { ordering, meta } = state;
  const grouped = isGrouped(state);
  if (ordering ? ordering.length > 0 : meta.ordering.length > 0 && !grouped) return false;
  if (grouped && !groupedByPk(state)) {
    throw new WrenTypeError(`Cannot use QuerySet.${method}() on an unordered queryset performing aggregation. Add an ordering with orderBy().`);
  }
  return true;
}

function groupedByPk(state: QueryState): boolean {
  const { selection, meta } = state;
  if (selection.kind === 'models' || selection.perObject) return true;
  return selection.names.some((name) => name === 'pk' || name === meta.pk.name || name === meta.pk.attname);
}
