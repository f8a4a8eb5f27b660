import { BigIntegerField, BooleanField, DateTimeField, FloatField, JSONField, TextField, type Field } from '../../fields/index.js';
import type { AnyField } from '../../models/types.js';
import { argumentError } from '../../util/arguments.js';
import { Expression } from '../expressions.js';

/**
 * A constant as an expression, bound as a parameter: `Value('cheap')`, `Value(0)`. Its type is
 * inferred from the JavaScript value (a string is text, a whole number a big integer, a Date a
 * datetime), or given: `Value('0.00', new DecimalField({ maxDigits: 10, decimalPlaces: 2 }))`.
 * The value is converted and checked by that field now, as a filter value would be.
 */
export function Value<T>(value: T, outputField?: AnyField): Expression<T> {
  if (outputField !== undefined && (typeof outputField !== 'object' || outputField === null || typeof outputField.toColumnValue !== 'function')) {
    throw argumentError('Value(): outputField', 'a field instance such as new IntegerField()', outputField);
  }
  const field = outputField ?? inferredField(value);
  // As a column would hold it: a decimal with too many places is refused, never rounded by a CAST.
  const converted = field.toColumnValue(value);
  return new Expression<T>({ kind: 'value', value: converted, field, typed: true });
}

function inferredField(value: unknown): Field {
  switch (typeof value) {
    case 'string':
      return new TextField();
    case 'boolean':
      return new BooleanField();
    case 'bigint':
      return new BigIntegerField();
    case 'number':
      if (!Number.isFinite(value)) throw argumentError('Value()', 'a finite number', value);
      return Number.isInteger(value) ? new BigIntegerField() : new FloatField();
    case 'object':
      if (value === null) return new TextField();
      if (value instanceof Date) return new DateTimeField();
      return new JSONField();
    default:
      throw argumentError('Value()', 'a string, number, boolean, bigint, Date, JSON value or null', value);
  }
}
