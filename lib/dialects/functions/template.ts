import type { SqlFragment } from '../dialect.js';

/**
 * How one dialect writes one function. A string is a template: `{0}`, `{1}` ... stand for the
 * arguments and `{*}` for all of them, comma-separated; an argument may appear twice or out of
 * order, and its bound values follow it wherever it lands. A function is for what a template
 * cannot say (a variable number of arguments written in pairs, say).
 */
export type FunctionTemplate = string | ((args: readonly SqlFragment[]) => SqlFragment);

/** A dialect's functions: name (as in `FunctionSpec.name`) -> how to write it. */
export type FunctionTable = Readonly<Record<string, FunctionTemplate>>;

const PLACEHOLDER = /\{(\d+|\*)\}/g;

/** Fills a template with the arguments' SQL, collecting their bindings in the order they appear. */
export function renderFunction(template: FunctionTemplate, args: readonly SqlFragment[]): SqlFragment {
  if (typeof template === 'function') return template(args);
  const bindings: unknown[] = [];
  const sql = template.replace(PLACEHOLDER, (_, which: string) => {
    if (which === '*') {
      for (const arg of args) bindings.push(...arg.bindings);
      return args.map((arg) => arg.sql).join(', ');
    }
    const arg = args[Number(which)];
    if (!arg) throw new RangeError(`Function template ${template} reads argument ${which}, but only ${args.length} were given`);
    bindings.push(...arg.bindings);
    return arg.sql;
  });
  return { sql, bindings };
}

/** `NAME(a, b)`: a user's own function, where no table says otherwise. */
export function genericCall(name: string, args: readonly SqlFragment[]): SqlFragment {
  return renderFunction(`${name}({*})`, args);
}

/** Table keys that do not read back as the function's name. */
const LABELS: Readonly<Record<string, string>> = { MD5: 'MD5', LPAD: 'LPad', RPAD: 'RPad', LTRIM: 'LTrim', RTRIM: 'RTrim', MOD_FLOAT: 'Mod' };

/** `TRUNC_MONTH` (and `TRUNC_MONTH_ON_DATE`) -> `TruncMonth()`, as the user wrote it. */
export function functionLabel(name: string): string {
  const key = name.replace(/_ON_(DATE|TIME)$/, '');
  const label = LABELS[key] ?? key.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
  return `${label}()`;
}
