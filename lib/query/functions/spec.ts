import type { Field } from '../../fields/index.js';

/**
 * What a database function is, independent of any dialect: its name in the dialects' function
 * tables (`lib/dialects/functions/`) and the field its result takes. The SQL itself is the
 * dialect's business, so `Upper` is one spec and three table entries.
 */
export interface FunctionSpec {
  /** Key in the dialects' function tables: `'UPPER'`, `'TRUNC_MONTH'`, or a user's SQL function. */
  readonly name: string;
  /** A user-defined `Func`: written as `NAME(args...)` where no dialect table has an entry. */
  readonly generic: boolean;
  /** The field whose type and conversions the result takes, given the arguments' fields. */
  output(args: readonly Field[]): Field;
}
