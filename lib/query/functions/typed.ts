import type { Field } from '../../fields/index.js';
import type { AnyField } from '../../models/types.js';
import { argumentError } from '../../util/arguments.js';
import { Expression } from '../expressions.js';
import { argumentNode, type FunctionArgument } from './func.js';

function checkField(field: unknown, where: string): Field {
  if (typeof field !== 'object' || field === null || typeof (field as Field).columnSpec !== 'function') {
    throw argumentError(where, 'a field instance such as new DecimalField({ maxDigits: 10, decimalPlaces: 2 })', field);
  }
  return field as Field;
}

/**
 * Declares the type of an expression whose type Wren cannot infer (arithmetic mixing a datetime
 * and a duration, say); the SQL is unchanged, the values convert as `output`'s do.
 */
export function ExpressionWrapper<T = unknown>(expression: Expression, output: AnyField): Expression<T> {
  if (!(expression instanceof Expression)) throw argumentError('ExpressionWrapper(): expression', 'an expression such as F(\'a\').mul(F(\'b\'))', expression);
  return new Expression<T>({ kind: 'typed', inner: expression.node, output: checkField(output, 'ExpressionWrapper(): output'), cast: false });
}

/** `CAST(expr AS type)` in the database, typed by the field: `Cast('price', new IntegerField())`. */
export function Cast<T = unknown>(expression: FunctionArgument, output: AnyField): Expression<T> {
  return new Expression<T>({ kind: 'typed', inner: argumentNode(expression, 'Cast(): expression'), output: checkField(output, 'Cast(): output'), cast: true });
}

/**
 * SQL written by hand, with `?` placeholders for `params` (always bound, never pasted). Typed by
 * `output` when given; without it values come back as the driver reads them.
 */
export function RawSQL<T = unknown>(sql: string, params: readonly unknown[] = [], output?: AnyField): Expression<T> {
  if (typeof sql !== 'string' || sql.trim() === '') throw argumentError('RawSQL(): sql', 'a non-empty SQL string', sql);
  if (!Array.isArray(params)) throw argumentError('RawSQL(): params', 'an array of values for its ? placeholders', params);
  const placeholders = (sql.match(/\?/g) ?? []).length;
  if (placeholders !== params.length) throw argumentError('RawSQL(): params', `${placeholders} value(s), one per ? in the SQL`, params);
  return new Expression<T>({ kind: 'raw', sql, params: Object.freeze([...params]), output: output === undefined ? null : checkField(output, 'RawSQL(): output') });
}
