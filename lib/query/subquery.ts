import { FieldError } from '../errors.js';
import type { Field } from '../fields/index.js';
import { Lookup, type LookupCompiler } from './lookups/lookup.js';
import { containsWindow, markResolved, type ExpressionNode, type LookupNode } from './nodes.js';
import { patchState, type QueryState } from './state.js';
import type { SqlFragment } from '../dialects/index.js';

/** What `filter()` accepts as a subquery: any QuerySet (structurally, to keep layers one-way). */
export interface QuerySetLike {
  readonly state: QueryState;
  readonly model: unknown;
  toSQL(): unknown;
}

export function isQuerySetLike(value: unknown): value is QuerySetLike {
  if (typeof value !== 'object' || value === null) return false;
  const state = (value as { state?: unknown }).state;
  return typeof state === 'object' && state !== null && 'meta' in state && 'selection' in state && typeof (value as { toSQL?: unknown }).toSQL === 'function';
}

/**
 * The subquery a QuerySet stands for on the right of `__in`: its one selected column, or its
 * primary key when it selects model instances. Ordering is dropped unless it is sliced.
 */
export function subqueryNode(qs: QuerySetLike, key: string): ExpressionNode {
  let state = qs.state;
  if (state.selection.kind === 'models') state = patchState(state, { selection: { kind: 'values', names: [state.meta.pk.name] } });
  if (state.selection.kind !== 'models' && state.selection.names.length !== 1) {
    throw new FieldError(`The QuerySet given to '${key}' must select one column (valuesList('field')), not ${state.selection.names.length}`);
  }
  if (state.low === 0 && state.high === null) state = patchState(state, { ordering: [] });
  return { kind: 'subquery', state };
}

/** `lhs IN (SELECT ...)`; an `InLookup` takes only a list of values. */
class InSubqueryLookup extends Lookup {
  readonly lookupName = 'in';

  asSql(lhs: string, rhs: unknown, _field: Field, compiler: LookupCompiler): SqlFragment {
    const subquery = compiler.expression(rhs as ExpressionNode);
    return { sql: `${lhs} IN ${subquery.sql}`, bindings: subquery.bindings };
  }
}

const IN_SUBQUERY = new InSubqueryLookup();

/**
 * `books__in: Book.objects.filter(...)` as a lookup node; `bind` resolves the subquery's
 * `OuterRef`s against the query the filter belongs to (see `outer-refs.ts`).
 */
export function inSubquery(lhs: ExpressionNode, field: Field, subquery: ExpressionNode, bind: (node: ExpressionNode) => ExpressionNode): LookupNode {
  const node = bind(subquery);
  const rhs = markResolved(node.kind === 'subquery' ? { ...node, inList: true } : node);
  return { kind: 'lookup', lookup: IN_SUBQUERY, lhs, field, rhs, aggregate: false, window: containsWindow(lhs) };
}
