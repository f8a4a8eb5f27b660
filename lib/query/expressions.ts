import type { AggregateFunction, ArithmeticOperator, ExpressionNode } from './nodes.js';

/**
 * A value computed by the database: `F('age').add(1)`, `Count('pk')`. The type parameter is the
 * JavaScript type it produces, used to type `annotate()` and `aggregate()` results.
 */
export class Expression<T = unknown> {
  /** Phantom: the produced type. */
  declare readonly __result: T;

  constructor(readonly node: ExpressionNode) {}

  add(other: Operand): Expression<T> {
    return this.combine('+', other);
  }

  sub(other: Operand): Expression<T> {
    return this.combine('-', other);
  }

  mul(other: Operand): Expression<T> {
    return this.combine('*', other);
  }

  div(other: Operand): Expression<T> {
    return this.combine('/', other);
  }

  mod(other: Operand): Expression<T> {
    return this.combine('%', other);
  }

  private combine(op: ArithmeticOperator, other: Operand): Expression<T> {
    return new Expression<T>({ kind: 'arithmetic', op, lhs: this.node, rhs: toNode(other) });
  }
}

export type Operand = Expression | number | string | Date;

export function toNode(operand: Operand): ExpressionNode {
  return operand instanceof Expression ? operand.node : { kind: 'value', value: operand, field: null };
}

/**
 * A reference to a field (or annotation) of the row being queried.
 *
 * @example Author.objects.filter({ pk: 1 }).update({ age: F('age').add(1) })
 */
export function F<T = unknown>(name: string): Expression<T> {
  return new Expression<T>({ kind: 'fieldRef', name });
}

/** An aggregate over a field name (`'pk'` and `'*'` count rows). */
export class Aggregate<T> extends Expression<T> {
  constructor(fn: AggregateFunction, field: string, options: { distinct?: boolean } = {}) {
    const arg: ExpressionNode | null = field === '*' ? null : { kind: 'fieldRef', name: field };
    super({ kind: 'aggregate', fn, arg, distinct: options.distinct === true });
  }
}

export const Count = (field: string, options?: { distinct?: boolean }): Aggregate<number> => new Aggregate('COUNT', field, options);
export const Sum = <T = number>(field: string): Aggregate<T | null> => new Aggregate('SUM', field);
export const Avg = <T = number>(field: string): Aggregate<T | null> => new Aggregate('AVG', field);
export const Min = <T = unknown>(field: string): Aggregate<T | null> => new Aggregate('MIN', field);
export const Max = <T = unknown>(field: string): Aggregate<T | null> => new Aggregate('MAX', field);
