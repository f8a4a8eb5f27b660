// Models for spec/values.spec.ts: one nullable column per field type, and an owner for related creates.
import {
  BigIntegerField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, DurationField,
  FloatField, ForeignKey, IntegerField, JSONField, Model, PositiveIntegerField, SmallIntegerField, TextField,
  TimeField, UUIDField, type FieldValues,
} from '../../lib/index.js';

export class ValOwner extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'val_owner' };
  static objects = this.manager();
}
export interface ValOwner extends FieldValues<typeof ValOwner> {}

export class ValRow extends Model {
  static fields = {
    owner: new ForeignKey(() => ValOwner, { onDelete: 'CASCADE', null: true, relatedName: 'rows' }),
    int: new IntegerField({ null: true }),
    small: new SmallIntegerField({ null: true }),
    positive: new PositiveIntegerField({ null: true }),
    big: new BigIntegerField({ null: true }),
    huge: new BigIntegerField({ null: true, bigint: true }),
    float: new FloatField({ null: true }),
    dec: new DecimalField({ maxDigits: 6, decimalPlaces: 2, null: true }),
    flag: new BooleanField({ null: true }),
    char: new CharField({ maxLength: 10, null: true }),
    text: new TextField({ null: true }),
    date: new DateField({ null: true }),
    dt: new DateTimeField({ null: true }),
    time: new TimeField({ null: true }),
    dur: new DurationField({ null: true }),
    uuid: new UUIDField({ null: true }),
    json: new JSONField({ null: true }),
    bin: new BinaryField({ null: true, editable: true }),
  };
  static meta = { tableName: 'val_row', ordering: ['id'] };
  static objects = this.manager();
}
export interface ValRow extends FieldValues<typeof ValRow> {}
