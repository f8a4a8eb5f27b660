import { BigIntegerField, FloatField, IntegerField } from '../fields/index.js';
import { argumentError, checkOptions } from '../util/arguments.js';
import { Expression, F, OrderBy, type NamedRef } from './expressions.js';
import { argumentNode, call, type FunctionArgument } from './functions/func.js';
import { fixed, like } from './functions/specs.js';
import type { ExpressionNode, WindowFrame, WindowOrder } from './nodes.js';
import { defaultedParts, withDefault } from './aggregate-default.js';

export interface WindowOptions {
  /** Rows are numbered, ranked and summed within each partition: field names or expressions. */
  readonly partitionBy?: readonly (string | Expression)[];
  /** Order inside each partition: `'-price'`, `F('at').desc({ nullsLast: true })`. */
  readonly orderBy?: readonly (string | Expression | OrderBy)[];
  /** `RowRange({ start: -2, end: 0 })` or `ValueRange(...)`. */
  readonly frame?: FrameClause;
}

/**
 * A window function or an aggregate computed over the rows around each row, without grouping
 * them: `Window(Rank(), { partitionBy: ['author'], orderBy: ['-price'] })`,
 * `Window(Sum('price'), { orderBy: ['published'] })` for a running total.
 * Filtering on a window annotation wraps the query in a subquery (SQL evaluates windows after WHERE).
 */
export function Window<T>(expression: Expression<T>, options: WindowOptions = {}): Expression<T> {
  if (!(expression instanceof Expression)) throw argumentError('Window(): expression', 'a window function (Rank(), RowNumber() ...) or an aggregate (Sum(...))', expression);
  checkOptions(options, 'Window() options', ['partitionBy', 'orderBy', 'frame']);
  const partitionBy = listOf(options.partitionBy, 'Window(): partitionBy').map((part, i) => argumentNode(part as FunctionArgument, `Window(): partitionBy[${i}]`));
  const orderBy = listOf(options.orderBy, 'Window(): orderBy').map((term, i) => windowOrder(term, i));
  if (options.frame !== undefined && !(options.frame instanceof FrameClause)) throw argumentError('Window(): frame', 'RowRange({ start, end }) or ValueRange({ start, end })', options.frame);
  // `Sum('x', { default: 0 })` is COALESCE(SUM(x), 0): the window goes on the SUM, inside the COALESCE.
  const defaulted = defaultedParts(expression.node);
  const over = (node: ExpressionNode): ExpressionNode => ({ kind: 'window', expression: node, partitionBy, orderBy, frame: options.frame?.frame ?? null, rowOrder: null });
  return new Expression<T>(defaulted ? withDefault(over(defaulted.aggregate), defaulted.fallback) : over(expression.node));
}

function listOf<T>(value: readonly T[] | undefined, where: string): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw argumentError(where, 'an array', value);
  return value;
}

function windowOrder(term: unknown, i: number): WindowOrder {
  if (term instanceof OrderBy) return { node: term.node, descending: term.descending, nulls: term.nulls };
  if (term instanceof Expression) return { node: term.node, descending: false, nulls: null };
  if (typeof term === 'string' && term !== '' && term !== '-') {
    const descending = term.startsWith('-');
    return { node: F(descending ? term.slice(1) : term).node, descending, nulls: null };
  }
  throw argumentError(`Window(): orderBy[${i}]`, "a field name ('-price'), an expression, or F('x').desc()", term);
}

/** A frame for `Window(..., { frame })`; see `RowRange` and `ValueRange`. */
export class FrameClause {
  constructor(readonly frame: WindowFrame) {}
}

interface FrameBounds {
  /** null: UNBOUNDED PRECEDING; 0: CURRENT ROW; -n: n PRECEDING; n: n FOLLOWING. */
  readonly start?: number | null;
  /** null: UNBOUNDED FOLLOWING; 0: CURRENT ROW; -n: n PRECEDING; n: n FOLLOWING. */
  readonly end?: number | null;
}

function frame(unit: WindowFrame['unit'], bounds: FrameBounds, label: string): FrameClause {
  checkOptions(bounds, `${label} options`, ['start', 'end']);
  const check = (value: number | null | undefined, name: string): number | null => {
    if (value === undefined || value === null) return null;
    if (!Number.isSafeInteger(value)) throw argumentError(`${label}: ${name}`, 'a whole number (negative: preceding, 0: current row, positive: following) or null (unbounded)', value);
    return value;
  };
  const start = check(bounds.start, 'start');
  const end = check(bounds.end, 'end');
  if (start !== null && end !== null && start > end) throw argumentError(`${label}`, `a start (${start}) at or before the end (${end})`, bounds);
  return new FrameClause({ unit, start, end });
}

/** `ROWS BETWEEN ...`: the frame counts rows. `RowRange({ start: -2, end: 0 })` is this row and the two before. */
export const RowRange = (bounds: FrameBounds = {}): FrameClause => frame('ROWS', bounds, 'RowRange()');
/** `RANGE BETWEEN ...`: the frame spans values of the ordering column. */
export const ValueRange = (bounds: FrameBounds = {}): FrameClause => frame('RANGE', bounds, 'ValueRange()');

// The SQL of each is in the dialects' function tables (lib/dialects/functions/standard.ts).
const ROW_NUMBER = fixed('ROW_NUMBER', () => new BigIntegerField());
const RANK = fixed('RANK', () => new BigIntegerField());
const DENSE_RANK = fixed('DENSE_RANK', () => new BigIntegerField());
const CUME_DIST = fixed('CUME_DIST', () => new FloatField());
const PERCENT_RANK = fixed('PERCENT_RANK', () => new FloatField());
const NTILE = fixed('NTILE', () => new BigIntegerField());
const LAG = like('LAG');
const LEAD = like('LEAD');
const FIRST_VALUE = like('FIRST_VALUE');
const LAST_VALUE = like('LAST_VALUE');
const NTH_VALUE = like('NTH_VALUE');

/**
 * Another row's value of `I` (null where there is none): a field name's type as the model says
 * (`Lag('pages')` is `number | null`), an expression's own, or the type argument given.
 */
type Neighbour<T, I> = [NoInfer<T>] extends [never]
  ? (I extends string ? NamedRef<I, 'value'> : I extends Expression<infer U> ? U : unknown) | null
  : NoInfer<T> | null;

/**
 * Offsets and bucket counts are written as literals: they are checked whole numbers, and bound
 * they would arrive as bigint on PostgreSQL, where lag(x, bigint) does not exist.
 */
function positive(value: unknown, where: string): Expression<number> {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw argumentError(where, 'a whole number of at least 1', value);
  return new Expression<number>({ kind: 'raw', sql: String(value), params: [], output: new IntegerField() });
}

export const RowNumber = (): Expression<number> => call(ROW_NUMBER, [], 'RowNumber()');
export const Rank = (): Expression<number> => call(RANK, [], 'Rank()');
export const DenseRank = (): Expression<number> => call(DENSE_RANK, [], 'DenseRank()');
export const CumeDist = (): Expression<number> => call(CUME_DIST, [], 'CumeDist()');
export const PercentRank = (): Expression<number> => call(PERCENT_RANK, [], 'PercentRank()');
/** The partition's rows dealt into `buckets` groups, numbered from 1. */
export const Ntile = (buckets: number): Expression<number> => call(NTILE, [positive(buckets, 'Ntile(): buckets')], 'Ntile()');

/**
 * The value `offset` rows before this one in the window's order, or `fallback` (an expression or
 * a `Value`) where there is none: `Lag('revenue')` for month-over-month change.
 */
export function Lag<T = never, const I extends FunctionArgument = FunctionArgument>(expression: I, offset = 1, fallback?: Expression | number): Expression<Neighbour<T, I>> {
  return call(LAG, offsetArgs(expression, offset, fallback, 'Lag()'), 'Lag()');
}

/** The value `offset` rows after this one; see `Lag`. */
export function Lead<T = never, const I extends FunctionArgument = FunctionArgument>(expression: I, offset = 1, fallback?: Expression | number): Expression<Neighbour<T, I>> {
  return call(LEAD, offsetArgs(expression, offset, fallback, 'Lead()'), 'Lead()');
}

function offsetArgs(expression: FunctionArgument, offset: number, fallback: Expression | number | undefined, label: string): FunctionArgument[] {
  const args: FunctionArgument[] = [expression, positive(offset, `${label}: offset`)];
  if (fallback !== undefined) args.push(fallback);
  return args;
}

export const FirstValue = <T = never, const I extends FunctionArgument = FunctionArgument>(expression: I): Expression<Neighbour<T, I>> => call(FIRST_VALUE, [expression], 'FirstValue()');
/** The frame's last value: with the default frame that is the current row; pass `frame: RowRange()` for the partition's. */
export const LastValue = <T = never, const I extends FunctionArgument = FunctionArgument>(expression: I): Expression<Neighbour<T, I>> => call(LAST_VALUE, [expression], 'LastValue()');
export const NthValue = <T = never, const I extends FunctionArgument = FunctionArgument>(expression: I, nth: number): Expression<Neighbour<T, I>> => call(NTH_VALUE, [expression, positive(nth, 'NthValue(): nth')], 'NthValue()');
