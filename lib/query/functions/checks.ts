import { FieldError, WrenTypeError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import { argumentError } from '../../util/arguments.js';
import { Expression } from '../expressions.js';
import type { FunctionArgument } from './func.js';

// Argument checks shared by the functions: each raises when the function is built (or, for the
// arguments' types, when the query resolves it), before any SQL.

export function requireArguments(args: readonly unknown[], min: number, label: string): void {
  if (args.length < min) throw new WrenTypeError(`${label} takes at least ${min} arguments (field names or expressions), given ${args.length}`);
}

/** The value of an argument written as a constant (`3`, `Value(3)`); undefined for a field or an expression. */
function constantOf(arg: FunctionArgument | undefined): unknown {
  if (arg instanceof Expression) return arg.node.kind === 'value' ? arg.node.value : undefined;
  return typeof arg === 'number' ? arg : undefined;
}

/** A constant count or position must be a whole number >= `min` (as Django checks them); expressions are the database's business. */
export function checkCount(arg: FunctionArgument | undefined, min: number, where: string): void {
  const value = constantOf(arg);
  if (value === undefined || value === null) return;
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
    throw argumentError(where, min === 0 ? 'a whole number >= 0' : `a whole number >= ${min}`, value);
  }
}

/** Constant text must not be empty (a fill of '' pads nothing on PostgreSQL and gives NULL on MySQL). */
export function checkNonEmptyText(arg: FunctionArgument, where: string): void {
  if (constantOf(arg) === '') throw argumentError(where, 'non-empty text', '');
}

/** `'published' (DateTimeField)`, or the field's type alone for a computed value. */
export function describeField(field: Field): string {
  const type = field.constructor.name;
  return field.name ? `'${field.name}' (${type})` : `a ${type}`;
}

/** A function given a field of a type it cannot read. */
export function wrongField(label: string, field: Field, expected: string): FieldError {
  return new FieldError(`${label} needs ${expected}, not ${describeField(field)}`);
}
