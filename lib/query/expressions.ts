import { WrenTypeError } from '../errors.js';
import { argumentError, checkOptions } from '../util/arguments.js';
import { withDefault } from './aggregate-default.js';
import { Value } from './functions/value.js';
import { checkedQ, type QNode } from './q.js';
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

  /** Ascending order by this expression, for `orderBy()`; `{ nullsFirst: true }` / `{ nullsLast: true }` place NULLs. */
  asc(options?: NullsOrder): OrderBy {
    return new OrderBy(this.node, false, nullsPlacement(options));
  }

  /** Descending order by this expression, for `orderBy()`: `F('newest').desc({ nullsLast: true })`. */
  desc(options?: NullsOrder): OrderBy {
    return new OrderBy(this.node, true, nullsPlacement(options));
  }

  private combine(op: ArithmeticOperator, other: Operand): Expression<T> {
    return new Expression<T>({ kind: 'arithmetic', op, lhs: this.node, rhs: toNode(other) });
  }
}

/** Where NULLs sort: first or last whatever the direction (each database has its own default). */
export interface NullsOrder {
  readonly nullsFirst?: boolean;
  readonly nullsLast?: boolean;
}

function nullsPlacement(options: NullsOrder | undefined): 'first' | 'last' | null {
  if (options === undefined) return null;
  checkOptions(options, 'asc()/desc() options', ['nullsFirst', 'nullsLast']);
  if (options.nullsFirst && options.nullsLast) throw argumentError('asc()/desc()', 'nullsFirst or nullsLast, not both', options);
  return options.nullsFirst ? 'first' : options.nullsLast ? 'last' : null;
}

/** One `orderBy()` term built from an expression: `F('price').desc()`, `Lower('name').asc()`. */
export class OrderBy {
  constructor(
    readonly node: ExpressionNode,
    readonly descending: boolean,
    readonly nulls: 'first' | 'last' | null,
  ) {}
}

export type Operand = Expression | number | string | Date;

export function toNode(operand: Operand): ExpressionNode {
  if (operand instanceof Expression) return operand.node;
  const type = typeof operand;
  if (operand !== null && type !== 'number' && type !== 'string' && type !== 'bigint' && !(operand instanceof Date)) {
    throw argumentError('An expression operand', 'an expression, a number, a string or a Date', operand);
  }
  // A constant the database could not compute with exactly: NaN and Infinity bind as NULL or fail per driver.
  if (typeof operand === 'number' && !Number.isFinite(operand)) throw argumentError('An expression operand', 'a finite number', operand);
  return { kind: 'value', value: operand, field: null };
}

/**
 * A reference to a field (or annotation) of the row being queried.
 *
 * @example Author.objects.filter({ pk: 1 }).update({ age: F('age').add(1) })
 */
// NoInfer: T is given or absent, never inferred from the context (annotate()'s Expression<unknown>).
export function F<T = never, const N extends string = string>(name: N): Expression<[NoInfer<T>] extends [never] ? NamedRef<N, 'value'> : NoInfer<T>> {
  if (typeof name !== 'string' || name === '') throw argumentError('F(): name', "a field or annotation name (a non-empty string such as 'price')", name);
  return new Expression({ kind: 'fieldRef', name });
}

/** What an aggregate reads: a field name (`'pk'` and `'*'` count rows) or an expression. */
export type AggregateInput = string | Expression;

/**
 * The type of an expression that reads a name (`F('pages')`, `Sum('price')`) before it meets a
 * model: `annotate()` and `aggregate()` look the name up on their model (fields, relation paths,
 * annotations) and give the field's type, so `F('pages')` is a number, `Sum('price')` of a
 * DecimalField a string, and a misspelt name a compile error. `'value'` is the value itself;
 * `'aggregate'` an aggregate of it (null over no rows); `'defaulted'` one given a default (never null).
 */
export interface NamedRef<N extends string, Op extends 'value' | 'aggregate' | 'defaulted'> {
  readonly __ref: N;
  readonly __op: Op;
}

/** What an aggregate of `I` yields: its field's type, from a name or from an expression that reads one. */
type AggregateOf<I> = I extends string
  ? NamedRef<I, 'aggregate'>
  : I extends Expression<infer U>
    ? U extends NamedRef<infer N, 'value' | 'aggregate' | 'defaulted'> ? NamedRef<N, 'aggregate'> : U | null
    : unknown;

/** An explicit type argument (`Sum<string>('price')`) wins; otherwise the input decides. */
type Explicit<T, Otherwise> = [NoInfer<T>] extends [never] ? Otherwise : NoInfer<T> | null;

/** An aggregate over a field or an expression, e.g. `Sum(F('price').mul(F('quantity')))`. */
export class Aggregate<T> extends Expression<T> {
  constructor(fn: AggregateFunction, input: AggregateInput, options: AggregateOptions = {}) {
    if (!(input instanceof Expression) && (typeof input !== 'string' || input === '')) {
      throw argumentError(`${fn}(): input`, "a field name (such as 'price'; '*' counts rows) or an expression", input);
    }
    if (fn === 'COUNT' && options.default !== undefined) throw new WrenTypeError('Count() takes no default: it is 0 over no rows');
    checkOptions(options, `${fn}() options`, ['distinct', 'filter', 'default']);
    if (options.distinct !== undefined && typeof options.distinct !== 'boolean') throw argumentError(`${fn}(): distinct`, 'true or false', options.distinct);
    const filter = options.filter === undefined ? null : checkedQ(options.filter, `${fn}(): filter`, 'a filter object ({ rating__gt: 4 }) or a Q()');
    const arg: ExpressionNode | null = input === '*' ? null : typeof input === 'string' ? { kind: 'fieldRef', name: input } : input.node;
    const aggregate: ExpressionNode = { kind: 'aggregate', fn, arg, distinct: options.distinct === true, filter };
    super(options.default === undefined || options.default === null ? aggregate : withDefault(aggregate, defaultNode(options.default, fn)));
  }
}

/** The default as a constant the database binds (`Value`), or the expression given. */
function defaultNode(value: unknown, fn: AggregateFunction): ExpressionNode {
  if (value instanceof Expression) return value.node;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint' || typeof value === 'boolean' || value instanceof Date) return Value(value).node;
  throw argumentError(`${fn}(): default`, 'a number, string, bigint, boolean, Date or expression', value);
}

/**
 * `distinct: true` aggregates distinct values; `filter` (a filter object or a `Q`) aggregates
 * only the rows meeting it: `Count('books', { filter: Q({ books__rating__gt: 4 }) })`.
 */
export interface AggregateOptions {
  readonly distinct?: boolean;
  readonly filter?: QNode | Record<string, unknown>;
  /**
   * The value over no rows instead of null (Django's `default=`): `Sum('price', { default: '0.00' })`,
   * a constant converted as the aggregate's values are, or an expression. Not for `Count()`, which is 0.
   */
  readonly default?: unknown;
}

/** An aggregate given a non-null `default` is never null. */
type WithDefault<R, O> = O extends { readonly default: {} } ? NeverNull<R> : R;
type NeverNull<R> = R extends NamedRef<infer N, 'aggregate'> ? NamedRef<N, 'defaulted'> : Exclude<R, null>;


/** Number of rows (`'*'`/`'pk'`) or of non-null values; `{ distinct: true }` counts distinct ones. */
export const Count = (input: AggregateInput, options?: Omit<AggregateOptions, 'default'>): Aggregate<number> => new Aggregate('COUNT', input, options);
/** Sum; null over no rows unless a `default` is given. A DecimalField's sum is an exact string: write `Sum<string>('price')`. */
// NoInfer: inside `aggregate({ total: Sum('x') })` T would otherwise be inferred from the context as unknown.
export const Sum = <T = never, const I extends AggregateInput = AggregateInput, const O extends AggregateOptions = {}>(input: I, options?: O): Aggregate<WithDefault<Explicit<T, AggregateOf<I>>, O>> =>
  new Aggregate('SUM', input, options);
/** Mean as a JS number on every dialect (decimals included); null over no rows unless a `default` is given. */
export const Avg = <const O extends AggregateOptions = {}>(input: AggregateInput, options?: O): Aggregate<WithDefault<number | null, O>> => new Aggregate('AVG', input, options);
export const Min = <T = never, const I extends AggregateInput = AggregateInput, const O extends Pick<AggregateOptions, 'filter' | 'default'> = {}>(input: I, options?: O): Aggregate<WithDefault<Explicit<T, AggregateOf<I>>, O>> =>
  new Aggregate('MIN', input, options);
export const Max = <T = never, const I extends AggregateInput = AggregateInput, const O extends Pick<AggregateOptions, 'filter' | 'default'> = {}>(input: I, options?: O): Aggregate<WithDefault<Explicit<T, AggregateOf<I>>, O>> =>
  new Aggregate('MAX', input, options);
