// Models for the QuerySet API, bulk, raw, transaction and connection specs (tables prefixed qs_).
import { BooleanField, CharField, DateTimeField, IntegerField, Model, type FieldValues } from '../../lib/index.js';

/** Default ordering by name, a renamed column, and a latest-by field. */
export class QsPerson extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    email: new CharField({ maxLength: 80, unique: true }),
    age: new IntegerField({ null: true }),
    nickname: new CharField({ maxLength: 30, dbColumn: 'nick_col', default: '' }),
    active: new BooleanField({ default: true }),
    born: new DateTimeField({ null: true }),
  };
  static meta = { ordering: ['name'], tableName: 'qs_people', getLatestBy: 'born' };
  static objects = this.manager();
}
export interface QsPerson extends FieldValues<typeof QsPerson> {}

/** No default ordering: first()/last() and iterator() fall back to the primary key. */
export class QsTag extends Model {
  static fields = {
    label: new CharField({ maxLength: 40, unique: true }),
    weight: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 'qs_tags' };
  static objects = this.manager();
}
export interface QsTag extends FieldValues<typeof QsTag> {}
