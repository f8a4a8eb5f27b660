import { argumentError } from '../util/arguments.js';
import { Expression } from './expressions.js';
import type { ExpressionNode } from './nodes.js';
import { patchState } from './state.js';
import { isQuerySetLike, subqueryNode, type QuerySetLike } from './subquery.js';

/** The value of a QuerySet's one selected column, typed by its `values()` / `valuesList()` row. */
type ColumnOf<R> = R extends readonly [infer V] ? V : R extends Record<string, infer V> ? V : R;

type RowOf<Q> = Q extends PromiseLike<readonly (infer R)[]> ? R : unknown;

function checkedQuerySet(qs: unknown, where: string): QuerySetLike {
  if (!isQuerySetLike(qs)) throw argumentError(where, "a QuerySet, such as Review.objects.filter({ book: OuterRef('pk') }).values('at')", qs);
  return qs;
}

/**
 * A QuerySet's single column as a value of the outer query, row by row (a correlated subquery
 * when it uses `OuterRef`). Slice it to one row: `.orderBy('-at').values('at').slice(0, 1)`.
 *
 * @example Book.objects.annotate({ newest: Subquery(Review.objects.filter({ book: OuterRef('pk') }).orderBy('-at').values('at').slice(0, 1)) })
 */
export function Subquery<Q extends PromiseLike<readonly unknown[]>>(qs: Q): Expression<ColumnOf<RowOf<Q>> | null> {
  const node = subqueryNode(checkedQuerySet(qs, 'Subquery()'), 'Subquery()');
  return new Expression(node);
}

/** `EXISTS (...)`, with `.not()` for `NOT EXISTS`. */
export class ExistsExpression extends Expression<boolean> {
  not(): ExistsExpression {
    const node = this.node as Extract<ExpressionNode, { kind: 'exists' }>;
    return new ExistsExpression({ ...node, negated: !node.negated });
  }
}

/**
 * True when the QuerySet returns a row: `Exists(Review.objects.filter({ book: OuterRef('pk') }))`.
 * What it selects and its ordering do not matter, so neither is kept.
 */
export function Exists(qs: PromiseLike<readonly unknown[]>): ExistsExpression {
  const { state } = checkedQuerySet(qs, 'Exists()');
  const sliced = state.low !== 0 || state.high !== null;
  const plain = patchState(state, { selection: { kind: 'values', names: [state.meta.pk.name] }, ordering: sliced ? state.ordering : [], distinct: false });
  return new ExistsExpression({ kind: 'exists', state: plain, negated: false });
}

/**
 * A name of the query a subquery is used in: `OuterRef('pk')`. `OuterRef(OuterRef('pk'))` reaches
 * two levels out, from a subquery inside a subquery.
 */
export function OuterRef<T = unknown>(name: string | Expression): Expression<T> {
  if (name instanceof Expression && name.node.kind === 'outerRef') {
    return new Expression<T>({ ...name.node, depth: name.node.depth + 1 });
  }
  if (typeof name !== 'string' || name === '') throw argumentError('OuterRef()', "a field or annotation name of the outer query ('pk'), or another OuterRef()", name);
  return new Expression<T>({ kind: 'outerRef', name, depth: 1 });
}
