import type { SqlFragment } from '../dialect.js';
import { renderFunction, type FunctionTemplate } from './template.js';

/**
 * `GREATEST`/`LEAST` (SQLite: scalar `MAX`/`MIN`) that skip NULLs as PostgreSQL's do, where the
 * database's own return NULL as soon as one argument is NULL: each argument is replaced by
 * itself or, when NULL, by the first non-NULL argument, so the result is NULL only when all are.
 */
export function skippingNulls(fn: string): FunctionTemplate {
  return (args: readonly SqlFragment[]) => renderFunction(`${fn}(${args.map((_, i) => `COALESCE({${i}}, {*})`).join(', ')})`, args);
}

/** A template chosen by the number of arguments (`Substr` with or without a length). */
export function byArity(templates: Readonly<Record<number, string>>): FunctionTemplate {
  return (args: readonly SqlFragment[]) => {
    const template = templates[args.length];
    if (template === undefined) throw new RangeError(`No function template for ${args.length} arguments (have ${Object.keys(templates).join(', ')})`);
    return renderFunction(template, args);
  };
}
