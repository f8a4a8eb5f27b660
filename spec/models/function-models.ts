// Models for the database functions spec (spec/functions.spec.ts): text with padding and
// non-ASCII letters, the three number kinds, and the three temporal kinds, all nullable.
import {
  CharField, DateField, DateTimeField, DecimalField, FloatField, IntegerField, Model, TimeField,
  type FieldValues,
} from '../../lib/index.js';

export class FnItem extends Model {
  static fields = {
    label: new CharField({ maxLength: 20 }),
    team: new CharField({ maxLength: 20, default: 'a' }),
    name: new CharField({ maxLength: 100, null: true }),
    nick: new CharField({ maxLength: 100, null: true }),
    n: new IntegerField({ null: true }),
    x: new FloatField({ null: true }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true }),
    at: new DateTimeField({ null: true }),
    day: new DateField({ null: true }),
    clock: new TimeField({ null: true }),
  };
  static meta = { tableName: 'fn_items', ordering: ['label'] };
  static objects = this.manager();
}
export interface FnItem extends FieldValues<typeof FnItem> {}

export const FUNCTION_MODELS = [FnItem] as const;
