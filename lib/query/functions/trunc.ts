import { TIME_PARTS, TRUNC_UNITS, truncKey, type TruncSource, type TruncUnit } from '../../dialects/functions/date-parts.js';
import { DateField, TimeField, type Field } from '../../fields/index.js';
import { argumentError } from '../../util/arguments.js';
import type { Expression } from '../expressions.js';
import { wrongField } from './checks.js';
import { call, type FunctionArgument } from './func.js';
import type { FunctionSpec } from './spec.js';
import { fixed } from './specs.js';

// Truncation to the start of a unit, in UTC on every dialect. A datetime stays a datetime (a
// `Date`: TruncMonth of 2024-05-17 10:11 is 2024-05-01 00:00 UTC), a DateField a date
// ('2024-05-01') and a TimeField a time ('10:00:00'). Weeks start on Monday. A DateField
// truncates to the day or coarser, a TimeField to the hour or finer.

export type { TruncUnit } from '../../dialects/functions/date-parts.js';

/** What a field truncates as: the key of its SQL in the function tables. */
function sourceOf(field: Field, unit: TruncUnit, label: string): TruncSource {
  const timeUnit = TIME_PARTS.has(unit);
  if (field.kind === 'datetime') return 'datetime';
  if (field.kind === 'date' && !timeUnit) return 'date';
  if (field.kind === 'time' && timeUnit) return 'time';
  throw wrongField(label, field, timeUnit ? 'a DateTimeField or TimeField to truncate to the ' + unit : 'a DateTimeField or DateField to truncate to the ' + unit);
}

/** `TruncMonth` for 'month'. */
const labelOf = (unit: TruncUnit) => `Trunc${unit[0]!.toUpperCase()}${unit.slice(1)}()`;

const SPECS = new Map<TruncUnit, FunctionSpec>(
  TRUNC_UNITS.map((unit) => {
    const output = (args: readonly Field[]) => args[0]!.clone();
    const spec: FunctionSpec = {
      // Until the argument's field is known (an OuterRef), a datetime is assumed.
      name: truncKey(unit, 'datetime'),
      generic: false,
      output,
      specialise: (args) => ({ name: truncKey(unit, sourceOf(args[0]!, unit, labelOf(unit))), generic: false, output }),
    };
    return [unit, spec];
  }),
);

function trunc<T>(expression: FunctionArgument, unit: TruncUnit): Expression<T> {
  return call(SPECS.get(unit)!, [expression], labelOf(unit));
}

/**
 * Truncated to the start of `unit`: `Trunc('published', 'month')`. The `Trunc<Unit>` functions
 * say the same more briefly. `T` is `Date` for a datetime, `string` for a date or time.
 *
 * @example Order.objects.annotate({ month: TruncMonth('createdAt') }).values('month').annotate({ n: Count('pk') })
 */
export function Trunc<T extends Date | string | null = Date>(expression: FunctionArgument, unit: TruncUnit): Expression<NoInfer<T>> {
  if (!SPECS.has(unit)) throw argumentError('Trunc(): unit', `one of ${TRUNC_UNITS.map((u) => `'${u}'`).join(', ')}`, unit);
  return trunc(expression, unit);
}

type Truncated<T> = Expression<NoInfer<T>>;
/** January 1st. */
export const TruncYear = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'year');
/** The first day of the quarter (January, April, July or October 1st). */
export const TruncQuarter = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'quarter');
/** The first of the month. */
export const TruncMonth = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'month');
/** The Monday of the week. */
export const TruncWeek = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'week');
/** Midnight (UTC) of the day. */
export const TruncDay = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'day');
/** The start of the hour. */
export const TruncHour = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'hour');
/** The start of the minute. */
export const TruncMinute = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'minute');
/** The start of the second (the fraction dropped). */
export const TruncSecond = <T extends Date | string | null = Date>(expression: FunctionArgument): Truncated<T> => trunc(expression, 'second');

/** A spec with a fixed result, for a field of one of `kinds`. */
function converting(name: string, output: () => Field, kinds: readonly string[], label: string, expected: string): FunctionSpec {
  const base = fixed(name, output);
  const specialise = (args: readonly Field[]) => {
    if (!kinds.includes(args[0]!.kind)) throw wrongField(label, args[0]!, expected);
    return base;
  };
  return { ...base, specialise };
}

const TRUNC_DATE = converting('TRUNC_DATE', () => new DateField(), ['datetime', 'date'], 'TruncDate()', 'a DateTimeField or DateField');
const TRUNC_TIME = converting('TRUNC_TIME', () => new TimeField(), ['datetime', 'time'], 'TruncTime()', 'a DateTimeField or TimeField');

/** The (UTC) date of a datetime, as DateField values are: '2024-05-17'. */
export function TruncDate<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(TRUNC_DATE, [expression], 'TruncDate()');
}

/** The (UTC) time of day of a datetime, as TimeField values are: '10:11:12.345'. */
export function TruncTime<T extends string | null = string>(expression: FunctionArgument): Expression<NoInfer<T>> {
  return call(TRUNC_TIME, [expression], 'TruncTime()');
}
