// Models used only by the type tests (never instantiated: no tables, nothing registered).
import {
  BigIntegerField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, DurationField, EmailField,
  FloatField, IntegerField, JSONField, Model, QuerySet, SlugField, TextField, TimeField, UUIDField, type FieldValues,
} from '../../lib/index.js';

export class TypeAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ unique: true }),
    age: new IntegerField({ null: true }),
    joined: new DateTimeField({ autoNowAdd: true }),
    rating: new DecimalField({ maxDigits: 5, decimalPlaces: 2, default: '0.00' }),
    score: new FloatField({ null: true }),
    active: new BooleanField({ default: true }),
    birthday: new DateField({ null: true }),
    wakes: new TimeField({ null: true }),
    visits: new BigIntegerField({ default: 0 }),
    nap: new DurationField({ null: true }),
    token: new UUIDField({ default: UUIDField.random }),
    profile: new JSONField({ null: true }),
    avatar: new BinaryField({ null: true }),
    bio: new TextField({ blank: true, default: '' }),
    slug: new SlugField(),
  };
  static meta = { ordering: ['name'] };
  static objects = this.manager();
}
export interface TypeAuthor extends FieldValues<typeof TypeAuthor> {}

/** A model with its own primary key. */
export class TypeCountry extends Model {
  static fields = {
    code: new CharField({ maxLength: 2, primaryKey: true }),
    name: new CharField({ maxLength: 50 }),
  };
  static objects = this.manager();
}
export interface TypeCountry extends FieldValues<typeof TypeCountry> {}
