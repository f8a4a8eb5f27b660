import type { AnyField } from '../../models/types.js';
import { argumentError } from '../../util/arguments.js';
import { Expression, F } from '../expressions.js';
import type { ExpressionNode } from '../nodes.js';
import type { FunctionSpec } from './spec.js';
import { Value } from './value.js';

/**
 * What a function argument may be: a field or annotation name (`'title'`, as in Django), an
 * expression, or a constant number, boolean or Date (text constants go through `Value('x')`,
 * since a bare string names a field).
 */
export type FunctionArgument = string | number | boolean | Date | Expression;

export function argumentNode(arg: FunctionArgument, where: string): ExpressionNode {
  if (arg instanceof Expression) return arg.node;
  if (typeof arg === 'string') return F(arg).node;
  if (typeof arg === 'number' || typeof arg === 'boolean' || arg instanceof Date) return Value(arg).node;
  throw argumentError(where, "a field name ('title'), an expression, or a number, boolean or Date (text through Value('x'))", arg);
}

/** A call of a function from the dialects' tables, typed by `T`. */
export function call<T>(spec: FunctionSpec, args: readonly FunctionArgument[], label: string): Expression<T> {
  const nodes = args.map((arg, i) => argumentNode(arg, `${label}: argument ${i + 1}`));
  return new Expression<T>({ kind: 'func', fn: spec, args: nodes });
}

const SQL_FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * A database function Wren does not know: `Func('SOUNDEX', ['name'], { output: new CharField({ maxLength: 4 }) })`
 * writes `SOUNDEX("people"."name")` on every dialect. The name is checked to be a plain
 * (optionally schema-qualified) identifier, since it is written into the SQL; the arguments are
 * bound or quoted as everywhere else. Without `output` the result takes the first argument's type.
 */
export function Func<T = unknown>(name: string, args: readonly FunctionArgument[], options: { output?: AnyField } = {}): Expression<T> {
  if (typeof name !== 'string' || !SQL_FUNCTION_NAME.test(name)) throw argumentError('Func(): name', 'an SQL function name (letters, digits and _, optionally schema.name)', name);
  if (!Array.isArray(args)) throw argumentError(`Func('${name}'): arguments`, 'an array of field names, expressions or constants', args);
  const output = options.output;
  const spec: FunctionSpec = {
    name,
    generic: true,
    output: (fields) => output?.clone() ?? fields[0]?.clone() ?? missingOutput(name),
  };
  return call<T>(spec, args, `Func('${name}')`);
}

function missingOutput(name: string): never {
  throw argumentError(`Func('${name}')`, 'an output field when the function takes no arguments ({ output: new IntegerField() })', undefined);
}
