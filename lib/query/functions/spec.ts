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
  /**
   * Called when the query resolves the call, with its arguments' fields: checks them (an hour of
   * a DateField is refused) and returns the spec for them, since a date, a datetime and a time
   * truncate differently. The spec returned has no `specialise` of its own.
   */
  readonly specialise?: (args: readonly Field[]) => FunctionSpec;
  /**
   * Its arguments are of one type (Coalesce, Greatest, Least, NullIf): text constants among them
   * convert as the first other argument's values do, as text beside a column does in arithmetic,
   * so `Coalesce(Sum('price'), Value('0'))` is a decimal (PostgreSQL cannot match text with numeric).
   */
  readonly uniform?: boolean;
}
