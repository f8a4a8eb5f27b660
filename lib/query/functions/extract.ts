import { EXTRACT_PARTS, TIME_PARTS, extractKey, type ExtractPart } from '../../dialects/functions/date-parts.js';
import { DateTimeField, IntegerField, type Field } from '../../fields/index.js';
import { argumentError } from '../../util/arguments.js';
import type { Expression } from '../expressions.js';
import { wrongField } from './checks.js';
import { call, type FunctionArgument } from './func.js';
import type { FunctionSpec } from './spec.js';
import { fixed } from './specs.js';

// Date parts as integers, in UTC on every dialect (as Wren stores datetimes): `year`, `iso_year`,
// `quarter` (1-4), `month`, `week` (ISO 8601: weeks start on Monday, week 1 holds the year's
// first Thursday, so 2024-12-30 is in week 1), `week_day` (Django's: 1 is Sunday, 7 Saturday),
// `iso_week_day` (1 is Monday), `day`, `hour`, `minute`, `second` (whole seconds). A DateField
// has the date parts, a TimeField the time parts, a DateTimeField all.

export type { ExtractPart } from '../../dialects/functions/date-parts.js';

const NOW: FunctionSpec = fixed('NOW', () => new DateTimeField());

/**
 * The database's current date and time, as a `Date` to the millisecond (PostgreSQL: the
 * statement's start, STATEMENT_TIMESTAMP(); MySQL: the statement's; SQLite: the row's step).
 *
 * @example Article.objects.filter({ publishAt__lte: Now() })
 */
export function Now(): Expression<Date> {
  return call(NOW, [], 'Now()');
}

/** Checks that `field` has `part`, as Django refuses ExtractHour of a DateField. */
function checkHasPart(field: Field, part: ExtractPart, label: string): void {
  const timePart = TIME_PARTS.has(part);
  if (field.kind === 'datetime' || (field.kind === 'date' && !timePart) || (field.kind === 'time' && timePart)) return;
  throw wrongField(label, field, timePart ? 'a DateTimeField or TimeField (a time of day)' : 'a DateTimeField or DateField (a calendar date)');
}

const SPECS = new Map<ExtractPart, FunctionSpec>(
  EXTRACT_PARTS.map((part) => {
    const base = fixed(extractKey(part), () => new IntegerField());
    const label = `${labelOf(part)}()`;
    const specialise = (args: readonly Field[]) => {
      checkHasPart(args[0]!, part, label);
      return base;
    };
    return [part, { ...base, specialise }];
  }),
);

/** `ExtractWeekDay` for 'week_day'. */
function labelOf(part: ExtractPart): string {
  return `Extract${part.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}`;
}

function extract<T>(expression: FunctionArgument, part: ExtractPart): Expression<T> {
  return call(SPECS.get(part)!, [expression], `${labelOf(part)}()`);
}

/**
 * One part of a date, datetime or time, as an integer: `Extract('published', 'year')`. The
 * `Extract<Part>` functions say the same more briefly.
 */
export function Extract<T extends number | null = number>(expression: FunctionArgument, part: ExtractPart): Expression<NoInfer<T>> {
  if (!SPECS.has(part)) throw argumentError('Extract(): part', `one of ${EXTRACT_PARTS.map((p) => `'${p}'`).join(', ')}`, part);
  return extract(expression, part);
}

/** The year. */
export const ExtractYear = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'year');
/** The ISO 8601 week-numbering year (2024-12-30 is in 2025's week 1). */
export const ExtractIsoYear = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'iso_year');
/** The quarter, 1 to 4. */
export const ExtractQuarter = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'quarter');
/** The month, 1 to 12. */
export const ExtractMonth = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'month');
/** The ISO 8601 week, 1 to 53 (weeks start on Monday; week 1 holds the year's first Thursday). */
export const ExtractWeek = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'week');
/** The day of the week as Django counts it: 1 is Sunday, 7 Saturday. */
export const ExtractWeekDay = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'week_day');
/** The ISO 8601 day of the week: 1 is Monday, 7 Sunday. */
export const ExtractIsoWeekDay = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'iso_week_day');
/** The day of the month. */
export const ExtractDay = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'day');
/** The hour, 0 to 23 (UTC). */
export const ExtractHour = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'hour');
/** The minute. */
export const ExtractMinute = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'minute');
/** The whole seconds (a fraction is dropped). */
export const ExtractSecond = <T extends number | null = number>(expression: FunctionArgument): Expression<NoInfer<T>> => extract(expression, 'second');
