import type { Expression } from '../expressions.js';
import { requireArguments } from './checks.js';
import { call, type FunctionArgument } from './func.js';
import { uniform } from './specs.js';

const COALESCE = uniform('COALESCE');
const GREATEST = uniform('GREATEST');
const LEAST = uniform('LEAST');
const NULLIF = uniform('NULLIF');

/**
 * The first of its arguments that is not NULL (at least two); typed by the first. Text constants
 * take that type: `Coalesce(Sum('price'), Value('0'))` is a decimal.
 *
 * @example Author.objects.annotate({ screenName: Coalesce('alias', 'goesBy', 'name') })
 */
export function Coalesce<T = unknown>(...args: FunctionArgument[]): Expression<NoInfer<T>> {
  requireArguments(args, 2, 'Coalesce()');
  return call(COALESCE, args, 'Coalesce()');
}

/**
 * The largest of its arguments (at least two), NULLs skipped: NULL only when all are NULL, on
 * every dialect (as PostgreSQL's GREATEST; MySQL's and SQLite's alone would be NULL as soon as
 * one argument is).
 *
 * @example Comment.objects.annotate({ lastUpdated: Greatest('modified', 'blog__modified') })
 */
export function Greatest<T = unknown>(...args: FunctionArgument[]): Expression<NoInfer<T>> {
  requireArguments(args, 2, 'Greatest()');
  return call(GREATEST, args, 'Greatest()');
}

/** The smallest of its arguments (at least two), NULLs skipped as `Greatest` skips them. */
export function Least<T = unknown>(...args: FunctionArgument[]): Expression<NoInfer<T>> {
  requireArguments(args, 2, 'Least()');
  return call(LEAST, args, 'Least()');
}

/** NULL when the two are equal, else the first: `NullIf('nickname', Value(''))`. */
export function NullIf<T = unknown>(first: FunctionArgument, second: FunctionArgument): Expression<NoInfer<T> | null> {
  return call(NULLIF, [first, second], 'NullIf()');
}
