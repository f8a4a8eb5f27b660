import type { ColumnKind } from '../dialects/index.js';
import { Field, type FieldOptions } from './field.js';
import type { EqualityLookup } from './lookup-names.js';

export class BooleanField<const O extends FieldOptions<boolean> = FieldOptions<boolean>> extends Field<boolean, O> {
  declare readonly __lookups: EqualityLookup;
  readonly kind: ColumnKind = 'boolean';

  override toJs(value: unknown): boolean {
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === '1' || value === 'true') return true;
    if (value === 0 || value === '0' || value === 'false') return false;
    throw new Error(`'${String(value)}' value must be either true or false.`);
  }

  override isEmpty(value: unknown): boolean {
    return value === null || value === undefined;
  }
}
