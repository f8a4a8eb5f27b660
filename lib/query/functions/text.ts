import { TextField } from '../../fields/index.js';
import type { Expression } from '../expressions.js';
import { checkCount, checkNonEmptyText, requireArguments } from './checks.js';
import { call, type FunctionArgument } from './func.js';
import { fixed, integral } from './specs.js';
import { Value } from './value.js';

// Text functions count characters (not bytes) on every dialect, positions from 1. Each keeps a
// NULL argument NULL except Concat, which reads NULL as ''. Text constants go through Value('x'):
// a bare string names a field. `T` is the result type: `Upper<string | null>('nickname')`.

/** Text functions give text whatever they read (LPad of an integer is text too). */
const textSpec = (name: string) => fixed(name, () => new TextField());
const CONCAT = textSpec('CONCAT');
const LOWER = textSpec('LOWER');
const UPPER = textSpec('UPPER');
const LENGTH = integral('LENGTH');
const TRIM = textSpec('TRIM');
const LTRIM = textSpec('LTRIM');
const RTRIM = textSpec('RTRIM');
const SUBSTR = textSpec('SUBSTR');
const REPLACE = textSpec('REPLACE');
const STR_INDEX = integral('STR_INDEX');
const LEFT = textSpec('LEFT');
const RIGHT = textSpec('RIGHT');
const LPAD = textSpec('LPAD');
const RPAD = textSpec('RPAD');
const REPEAT = textSpec('REPEAT');
const REVERSE = textSpec('REVERSE');
const MD5_HASH = textSpec('MD5');

/**
 * Its arguments (at least two) joined as text, a NULL one read as '' (so never NULL).
 *
 * @example Author.objects.annotate({ label: Concat('name', Value(' ('), 'goesBy', Value(')')) })
 */
export function Concat(...args: FunctionArgument[]): Expression<string> {
  requireArguments(args, 2, 'Concat()');
  return call(CONCAT, args, 'Concat()');
}

/** Lower case, beyond ASCII too ('É' to 'é'; with the sqlite3 driver, ASCII only). */
export function Lower<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(LOWER, [expression], 'Lower()');
}

/** Upper case, beyond ASCII too ('é' to 'É'; with the sqlite3 driver, ASCII only). */
export function Upper<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(UPPER, [expression], 'Upper()');
}

/** The number of characters ('héllo' is 5 everywhere); NULL for NULL. */
export function Length<T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(LENGTH, [expression], 'Length()');
}

/** Without leading and trailing spaces (spaces only: tabs and newlines stay). */
export function Trim<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(TRIM, [expression], 'Trim()');
}

/** Without leading spaces. */
export function LTrim<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(LTRIM, [expression], 'LTrim()');
}

/** Without trailing spaces. */
export function RTrim<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(RTRIM, [expression], 'RTrim()');
}

/**
 * `length` characters from position `pos` (1 is the first), or all the rest without a length.
 *
 * @example Book.objects.annotate({ initials: Substr('title', 1, 3) })
 */
export function Substr<T extends string | null = string>(expression: FunctionArgument, pos: FunctionArgument, length?: FunctionArgument): Expression<NoInfer<T>> {
  checkCount(pos, 1, 'Substr(): pos');
  if (length === undefined) return call(SUBSTR, [expression, pos], 'Substr()');
  checkCount(length, 0, 'Substr(): length');
  return call(SUBSTR, [expression, pos, length], 'Substr()');
}

/**
 * Every occurrence of `text` replaced by `replacement` (by nothing without one); case counts.
 *
 * @example Author.objects.update({ name: Replace('name', Value('Margaret'), Value('Margareth')) })
 */
export function Replace<T extends string | null = string>(expression: FunctionArgument, text: FunctionArgument, replacement: FunctionArgument = Value('')): Expression<NoInfer<T>> {
  return call(REPLACE, [expression, text, replacement], 'Replace()');
}

/** Where `substring` first starts in `string`, from 1; 0 when it does not occur (case counts). */
export function StrIndex<T extends number | null = number>(string: FunctionArgument, substring: FunctionArgument): Expression<NoInfer<T>> {
  return call(STR_INDEX, [string, substring], 'StrIndex()');
}

/** The first `length` characters (all of them when shorter). */
export function Left<T extends string | null = string>(expression: FunctionArgument, length: FunctionArgument): Expression<NoInfer<T>> {
  checkCount(length, 1, 'Left(): length');
  return call(LEFT, [expression, length], 'Left()');
}

/** The last `length` characters (all of them when shorter). */
export function Right<T extends string | null = string>(expression: FunctionArgument, length: FunctionArgument): Expression<NoInfer<T>> {
  checkCount(length, 1, 'Right(): length');
  return call(RIGHT, [expression, length], 'Right()');
}

function pad<T>(spec: typeof LPAD, label: string, expression: FunctionArgument, length: FunctionArgument, fill: FunctionArgument): Expression<T> {
  checkCount(length, 0, `${label}: length`);
  checkNonEmptyText(fill, `${label}: fill`);
  return call(spec, [expression, length, fill], label);
}

/**
 * Padded on the left to `length` characters with `fill` (repeated; a space without one); text
 * already longer is cut to `length`.
 *
 * @example Order.objects.annotate({ code: LPad(Cast('number', new TextField()), 6, Value('0')) })
 */
export function LPad<T extends string | null = string>(expression: FunctionArgument, length: FunctionArgument, fill: FunctionArgument = Value(' ')): Expression<NoInfer<T>> {
  return pad<NoInfer<T>>(LPAD, 'LPad()', expression, length, fill);
}

/** Padded on the right, as `LPad` pads on the left. */
export function RPad<T extends string | null = string>(expression: FunctionArgument, length: FunctionArgument, fill: FunctionArgument = Value(' ')): Expression<NoInfer<T>> {
  return pad<NoInfer<T>>(RPAD, 'RPad()', expression, length, fill);
}

/** The text `number` times over. */
export function Repeat<T extends string | null = string>(expression: FunctionArgument, number: FunctionArgument): Expression<NoInfer<T>> {
  checkCount(number, 0, 'Repeat(): number');
  return call(REPEAT, [expression, number], 'Repeat()');
}

/** The characters in reverse order. Not on SQLite with the sqlite3 driver. */
export function Reverse<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(REVERSE, [expression], 'Reverse()');
}

/** The MD5 hash of the text's UTF-8 bytes, as 32 lower-case hex digits. Not on SQLite with the sqlite3 driver. */
export function MD5<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(MD5_HASH, [expression], 'MD5()');
}
