import { FieldError, WrenTypeError } from '../errors.js';
import type { ModelOptions } from '../models/options.js';
import { describeValue, isPlainObject } from '../util/arguments.js';
import { identifierProblem } from '../util/naming.js';
import { Expression } from './expressions.js';
import { isExpressionKind } from './nodes.js';

type Method = 'annotate' | 'aggregate' | 'alias' | 'values';

/**
 * The `{ name: expression }` argument of `annotate()` / `aggregate()`, checked: every name an
 * identifier (so it cannot change the SQL it is quoted into, nor the bindings), every value an
 * expression. Raises before anything is resolved.
 */
export function namedExpressions(value: unknown, method: Method): [string, Expression][] {
  if (!isPlainObject(value)) {
    throw new WrenTypeError(`${method}() takes an object of { name: expression }, e.g. ${method}({ n: Count('pk') }), not ${describeValue(value)}`);
  }
  if (Object.getOwnPropertySymbols(value).length) throw new WrenTypeError(`${method}(): names must be strings; a symbol key was given`);
  const entries = Object.entries(value);
  for (const [name, expression] of entries) {
    const problem = identifierProblem(name);
    if (problem) throw new FieldError(`${method}(): '${name}' is not a valid ${method === 'annotate' ? 'annotation' : 'aggregate'} name: ${problem}`);
    if (!isExpression(expression)) {
      throw new WrenTypeError(`${method}(): the value of '${name}' must be an expression such as Count('pk') or F('price').mul(2), not ${describeValue(expression)}`);
    }
  }
  return entries as [string, Expression][];
}


/** An `Expression`, also one built by a second copy of Wren loaded alongside (CommonJS and ESM). */
function isExpression(value: unknown): value is Expression {
  if (value instanceof Expression) return true;
  if (typeof value !== 'object' || value === null) return false;
  const node = (value as { node?: unknown }).node;
  return typeof node === 'object' && node !== null && isExpressionKind((node as { kind?: unknown }).kind);
}

/**
 * An annotation becomes an attribute of each instance, so, as in Django, it may not share a name
 * with a field (or its attname, `authorId`), a relation (reverse accessors included), or anything
 * instances already have (`save`, `pk`, `constructor`...). `aggregate()` returns a plain object
 * and has no such rule: `aggregate({ pages: Sum('pages') })` is fine.
 */
export function checkAnnotationConflict(name: string, meta: ModelOptions, prototype: object): void {
  const taken = takenOnInstances(name, meta, prototype);
  if (taken === 'field') throw new FieldError(`The annotation '${name}' conflicts with a field on the model ${meta.name}; pick another name`);
  if (taken === 'member') {
    throw new FieldError(`The annotation '${name}' conflicts with a member of ${meta.name} instances (${meta.name}.prototype.${name}); pick another name`);
  }
}

/**
 * What already answers to `name` on the model's instances: a field (its name or attname), `pk`
 * or a relation, or a member of the prototype chain; undefined when the name is free for an
 * attribute Wren sets (an annotation, a Prefetch `toAttr`).
 */
export function takenOnInstances(name: string, meta: ModelOptions, prototype: object): 'field' | 'member' | undefined {
  if (name === 'pk' || meta.maybeField(name) || meta.reverseRelation(name)) return 'field';
  return name in prototype ? 'member' : undefined;
}
