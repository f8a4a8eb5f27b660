import type { ColumnKind } from '../dialects/index.js';
import { Field, quoted, type FieldOptions } from './field.js';
import type { EqualityLookup } from './lookup-names.js';

export class BooleanField<const O extends FieldOptions<boolean> = FieldOptions<boolean>> extends Field<boolean, O> {
  declare readonly __lookups: EqualityLookup;
  readonly kind: ColumnKind = 'boolean';

  /** Only `true` and `false`: `'false'`, `'no'` or `0` are refused rather than guessed at. */
  override toJs(value: unknown): boolean {
    if (typeof value === 'boolean') return value;
    throw new Error(`${quoted(value)} value must be either true or false.`);
  }

  override isEmpty(value: unknown): boolean {
    return value === null || value === undefined;
  }
}
