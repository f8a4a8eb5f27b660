import type { Field } from '../../fields/index.js';
import type { AnyField } from '../../models/types.js';
import { argumentError, checkOptions } from '../../util/arguments.js';
import { Expression } from '../expressions.js';
import type { CaseBranch, ExpressionNode } from '../nodes.js';
import { checkedQ, type QNode } from '../q.js';
import { argumentNode, type FunctionArgument } from './func.js';

/** One branch of a `Case`; `T` is the type of its result. */
export class WhenClause<T = unknown> {
  declare readonly __result: T;
  constructor(readonly branch: CaseBranch) {}
}

/** What a When's result may be: an expression, a field name, or a constant (text through `Value`). */
type Result<T> = Expression<T> | FunctionArgument;
type ResultType<R> = R extends Expression<infer T> ? T : R extends string ? unknown : R;

/**
 * `WHEN <conditions> THEN <result>`: conditions as a filter object or a `Q`, resolved against the
 * query that uses the `Case` (relation paths and lookups included).
 *
 * @example When({ price__lt: 10 }, Value('cheap'))
 */
export function When<R extends Result<unknown>>(conditions: QNode | Record<string, unknown>, then: R): WhenClause<ResultType<R>> {
  const q = checkedQ(conditions, 'When(): conditions', 'a filter object ({ price__lt: 10 }) or a Q()');
  if (q.children.length === 0) throw argumentError('When(): conditions', 'at least one condition', conditions);
  return new WhenClause({ when: q, then: argumentNode(then, 'When(): then') });
}

export interface CaseOptions {
  /** The result when no branch matches; NULL without one. */
  readonly default?: Result<unknown>;
  /** The result's field, when the branches' types cannot tell it (all NULL, say). */
  readonly output?: AnyField;
}

type BranchTypes<A extends readonly unknown[]> = A[number] extends infer W ? (W extends WhenClause<infer T> ? T : never) : never;
type DefaultType<O> = O extends { default: infer D } ? ResultType<D> : null;

/**
 * `CASE WHEN ... THEN ... ELSE ... END`: the first branch whose conditions hold gives the value.
 *
 * @example Case(When({ price__lt: 10 }, Value('cheap')), When({ price__lt: 30 }, Value('mid')), { default: Value('dear') })
 */
export function Case<A extends readonly WhenClause[]>(...whens: A): Expression<BranchTypes<A> | null>;
export function Case<A extends readonly WhenClause[], O extends CaseOptions>(...args: [...A, O]): Expression<BranchTypes<A> | DefaultType<O>>;
export function Case(...args: readonly (WhenClause | CaseOptions)[]): Expression {
  const last = args[args.length - 1];
  const options: CaseOptions = last !== undefined && !(last instanceof WhenClause) ? (last as CaseOptions) : {};
  const whens = last === options ? args.slice(0, -1) : args;
  checkOptions(options, 'Case() options', ['default', 'output']);
  if (whens.length === 0) throw argumentError('Case()', 'at least one When(...) branch', args);
  const branches = whens.map((when, i) => {
    if (!(when instanceof WhenClause)) throw argumentError(`Case(): argument ${i + 1}`, 'a When(...) branch (options go last)', when);
    return when.branch;
  });
  const otherwise: ExpressionNode | null = options.default === undefined ? null : argumentNode(options.default, 'Case(): default');
  return new Expression({ kind: 'case', whens: branches, otherwise, output: options.output ?? null });
}
