import { argumentError, isPlainObject } from '../util/arguments.js';
import { isExpressionKind, type ExpressionNode } from './nodes.js';

/** A boolean expression standing as a condition (`Exists(...)`); structural, as expressions import this module. */
export interface ConditionExpression {
  readonly node: ExpressionNode;
  readonly __result: boolean;
}

export function isConditionExpression(value: unknown): value is ConditionExpression {
  if (typeof value !== 'object' || value === null || isPlainObject(value)) return false;
  const node = (value as { node?: unknown }).node;
  return typeof node === 'object' && node !== null && isExpressionKind((node as { kind?: unknown }).kind);
}

/**
 * A boolean combination of filter conditions, resolved against a model when a QuerySet uses it.
 *
 * @example Author.objects.filter(Q({ name: 'Ann' }).or({ age__isnull: true }))
 */
export class QNode<T = unknown, K extends string = string> {
  /**
   * Phantoms: the conditions (every object combined so far) and their keys. A QuerySet accepts
   * the Q only if the keys are its model's filter keywords and the values fit them.
   */
  declare readonly __conditions: T;
  declare readonly __keys: K;

  constructor(
    readonly connector: 'and' | 'or',
    readonly negated: boolean,
    readonly children: readonly (QNode | readonly [string, unknown] | ConditionExpression)[],
  ) {}

  and<U, K2 extends string>(other: QNode<U, K2>): QNode<T & U, K | K2>;
  and(other: ConditionExpression): QNode<T, K>;
  and<U extends Record<string, unknown>>(other: U): QNode<T & U, K | (keyof U & string)>;
  and(other: QNode | ConditionExpression | Record<string, unknown>): QNode {
    return new QNode('and', false, [this, checkedQ(other, 'Q.and()')]);
  }

  or<U, K2 extends string>(other: QNode<U, K2>): QNode<T & U, K | K2>;
  or(other: ConditionExpression): QNode<T, K>;
  or<U extends Record<string, unknown>>(other: U): QNode<T & U, K | (keyof U & string)>;
  or(other: QNode | ConditionExpression | Record<string, unknown>): QNode {
    return new QNode('or', false, [this, checkedQ(other, 'Q.or()')]);
  }

  not(): QNode<T, K> {
    return new QNode<T, K>(this.connector, !this.negated, this.children);
  }
}

/** Conditions as a `QNode`; callers have checked the shape (filter() names itself in its message). */
export function toQ(input: QNode | ConditionExpression | Record<string, unknown>): QNode {
  if (input instanceof QNode) return input;
  if (isConditionExpression(input)) return new QNode('and', false, [input]);
  return new QNode('and', false, Object.entries(input).map(([key, value]) => [key, value] as const));
}

/**
 * Conditions as a `QNode`, checked: an object of conditions, a `Q`, or a boolean expression;
 * anything else is a WrenTypeError saying `where` takes `expected`.
 */
export function checkedQ(input: unknown, where: string, expected = "an object of conditions ({ name: 'Ann' }), a boolean expression such as Exists(...), or another Q()"): QNode {
  if (isConditionExpression(input)) return toQ(input);
  if (!(input instanceof QNode) && !isPlainObject(input)) throw argumentError(where, expected, input);
  return toQ(input as QNode | Record<string, unknown>);
}

/** Builds a `QNode` from keyword conditions (all must hold); `filter()` checks them against its model. */
export function Q(condition: ConditionExpression): QNode<{}, never>;
export function Q<T extends Record<string, unknown> = {}>(conditions?: T): QNode<T, keyof T & string>;
export function Q(conditions?: Record<string, unknown> | ConditionExpression): QNode {
  return checkedQ(conditions === undefined ? {} : conditions, 'Q()');
}
