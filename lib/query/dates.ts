import { FieldError } from '../errors.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import { argumentError } from '../util/arguments.js';
import type { Expression } from './expressions.js';
import { Trunc, TruncDate, type TruncUnit } from './functions/index.js';

export type DatesKind = 'year' | 'quarter' | 'month' | 'week' | 'day';
export type DatetimesKind = DatesKind | 'hour' | 'minute' | 'second';

const DATE_KINDS: readonly DatesKind[] = ['year', 'quarter', 'month', 'week', 'day'];
const DATETIME_KINDS: readonly DatetimesKind[] = [...DATE_KINDS, 'hour', 'minute', 'second'];

/** The name `dates()` / `datetimes()` select their values under. */
export const DATES_NAME = 'wren_dates';

/**
 * The expression `dates(field, kind)` selects: the field truncated to `kind`, as a date string
 * ('2024-05-01'); a DateTimeField is truncated in UTC, then its date taken.
 */
export function datesExpression(meta: ModelOptions, name: string, kind: DatesKind): Expression<string> {
  const field = temporalField(meta, name, 'dates', ['date', 'datetime']);
  if (!DATE_KINDS.includes(kind)) throw argumentError('dates(): kind', DATE_KINDS.map((k) => `'${k}'`).join(', '), kind);
  const truncated = Trunc<string>(name, kind as TruncUnit);
  return field.kind === 'date' ? truncated : TruncDate<string>(truncated as Expression<unknown> as Expression<Date>);
}

/** The expression `datetimes(field, kind)` selects: the datetime truncated to `kind` in UTC, a Date. */
export function datetimesExpression(meta: ModelOptions, name: string, kind: DatetimesKind): Expression<Date> {
  temporalField(meta, name, 'datetimes', ['datetime']);
  if (!DATETIME_KINDS.includes(kind)) throw argumentError('datetimes(): kind', DATETIME_KINDS.map((k) => `'${k}'`).join(', '), kind);
  return Trunc<Date>(name, kind as TruncUnit);
}

export function checkOrder(order: unknown, method: string): 'ASC' | 'DESC' {
  if (order !== 'ASC' && order !== 'DESC') throw argumentError(`${method}(): order`, "'ASC' or 'DESC'", order);
  return order;
}

function temporalField(meta: ModelOptions, name: string, method: string, kinds: readonly string[]): Field {
  if (typeof name !== 'string') throw argumentError(`${method}(): field`, 'a field name', name);
  const field = meta.field(name);
  if (!kinds.includes(field.kind)) {
    throw new FieldError(`${method}(): '${name}' is a ${field.constructor.name}; it takes a ${kinds.includes('date') ? 'DateField or DateTimeField' : 'DateTimeField'}`);
  }
  return field;
}
