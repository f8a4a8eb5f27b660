// Models for the lookup, aggregate and expression specs (tables prefixed by spec name).
import {
  CharField, DateField, DateTimeField, DecimalField, EmailField, FloatField, IntegerField, JSONField, Model, TextField, TimeField, UUIDField,
  type FieldValues,
} from '../../lib/index.js';

/** Every lookup family: text, integers, dates, datetimes and times, most of them nullable. */
export class LookupPerson extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    bio: new TextField({ null: true }),
    age: new IntegerField({ null: true }),
    born: new DateField({ null: true }),
    joined: new DateTimeField({ null: true }),
    wakes: new TimeField({ null: true }),
    token: new UUIDField({ null: true }),
  };
  static meta = { ordering: ['name'], tableName: 'lookups_people' };
  static objects = this.manager();
}
export interface LookupPerson extends FieldValues<typeof LookupPerson> {}

/** Exactly the fields of the example, so the error message can be compared verbatim. */
export class LookupAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ unique: true }),
    age: new IntegerField({ null: true }),
  };
  static meta = { tableName: 'lookups_authors' };
  static objects = this.manager();
}
export interface LookupAuthor extends FieldValues<typeof LookupAuthor> {}

export class AggBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    genre: new CharField({ maxLength: 20 }),
    pages: new IntegerField(),
    rating: new FloatField({ null: true }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
    published: new DateField({ null: true }),
  };
  static meta = { ordering: ['title'], tableName: 'aggregates_books' };
  static objects = this.manager();
}
export interface AggBook extends FieldValues<typeof AggBook> {}

export class ExprItem extends Model {
  static fields = {
    label: new CharField({ maxLength: 50 }),
    stock: new IntegerField(),
    sold: new IntegerField(),
    reserved: new IntegerField({ null: true }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
    weight: new FloatField(),
    tags: new JSONField({ null: true }),
  };
  static meta = { ordering: ['label'], tableName: 'expressions_items' };
  static objects = this.manager();
}
export interface ExprItem extends FieldValues<typeof ExprItem> {}
