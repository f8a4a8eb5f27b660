import type { SqlFragment } from '../../dialects/index.js';
import { FieldError } from '../../errors.js';
import type { Field } from '../../fields/index.js';
import { Lookup, type LookupCompiler } from './lookup.js';

/**
 * `name__bexact`: exactly the same characters, whatever the column's collation. `exact` follows
 * the collation, and MySQL/MariaDB tables that Wren did not create often have a case- and
 * accent-insensitive one (`utf8mb4_general_ci`), where `'ann' = 'Ann'`. On tables Wren created
 * the two lookups agree.
 */
export class BinaryExactLookup extends Lookup {
  readonly lookupName = 'bexact';

  override prepare(field: Field, value: unknown): unknown {
    if (typeof value !== 'string') throw new FieldError(`${this.describe(field)} needs a string, got ${value === null ? 'null (use isnull)' : typeof value}`);
    return super.prepare(field, value);
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const right = this.rhsSql(rhs, field, compiler);
    return { sql: compiler.dialect.binaryExactSql(lhs, right.sql), bindings: right.bindings };
  }
}
