// Models for spec/fields.spec.ts and spec/field-validation.spec.ts: one of each field type.
import {
  AutoField, BigAutoField, BigIntegerField, BinaryField, BooleanField, CharField, DateField, DateTimeField,
  DecimalField, DurationField, EmailField, FloatField, IntegerField, JSONField, Model, PositiveIntegerField,
  SlugField, SmallIntegerField, TextField, TimeField, URLField, UUIDField, type FieldValues,
} from '../../lib/index.js';

/** Every field type, all nullable so that each test can fill one column at a time. */
export class FieldsEveryType extends Model {
  static fields = {
    id: new BigAutoField(),
    char: new CharField({ maxLength: 100, null: true }),
    text: new TextField({ null: true }),
    email: new EmailField({ null: true }),
    slug: new SlugField({ null: true }),
    url: new URLField({ null: true }),
    integer: new IntegerField({ null: true }),
    bigInteger: new BigIntegerField({ null: true }),
    smallInteger: new SmallIntegerField({ null: true }),
    positiveInteger: new PositiveIntegerField({ null: true }),
    float: new FloatField({ null: true }),
    price: new DecimalField({ maxDigits: 10, decimalPlaces: 2, null: true }),
    bigDecimal: new DecimalField({ maxDigits: 25, decimalPlaces: 5, null: true }),
    boolean: new BooleanField({ null: true }),
    date: new DateField({ null: true }),
    dateTime: new DateTimeField({ null: true }),
    time: new TimeField({ null: true }),
    duration: new DurationField({ null: true }),
    uuid: new UUIDField({ null: true }),
    json: new JSONField({ null: true }),
    binary: new BinaryField({ null: true }),
  };
  static meta = { tableName: 'fields_every_type', ordering: ['id'] };
  static objects = this.manager();
}
export interface FieldsEveryType extends FieldValues<typeof FieldsEveryType> {}

/** The same types without `null`, so empty values are stored as themselves. */
export class FieldsRequired extends Model {
  static fields = {
    id: new AutoField(),
    char: new CharField({ maxLength: 10 }),
    text: new TextField(),
    boolean: new BooleanField(),
    json: new JSONField(),
    binary: new BinaryField(),
  };
  static meta = { tableName: 'fields_required', ordering: ['id'] };
  static objects = this.manager();
}
export interface FieldsRequired extends FieldValues<typeof FieldsRequired> {}

let sequence = 0;
/** Function default: called once per new instance. */
export function nextSequence(): number {
  sequence += 1;
  return sequence;
}

/** Field options: defaults, timestamps, dbColumn, choices, editable, camelCase columns. */
export class FieldsOptionsModel extends Model {
  static fields = {
    title: new CharField({ maxLength: 20, default: 'untitled' }),
    sequenceNumber: new IntegerField({ default: nextSequence }),
    tags: new JSONField({ default: () => ['new'] }),
    status: new CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
    legacyCode: new CharField({ maxLength: 10, dbColumn: 'LegacyCODE', null: true }),
    internalNote: new CharField({ maxLength: 20, editable: false, default: 'system', helpText: 'Set by the system' }),
    createdAt: new DateTimeField({ autoNowAdd: true }),
    updatedAt: new DateTimeField({ autoNow: true }),
    publishedOn: new DateField({ autoNowAdd: true }),
    isActive: new BooleanField({ default: true }),
    ratio: new FloatField({ default: 0.5 }),
    uid: new UUIDField({ default: UUIDField.random, unique: true }),
  };
  static meta = { tableName: 'fields_options', ordering: ['sequenceNumber'] };
  static objects = this.manager();
}
export interface FieldsOptionsModel extends FieldValues<typeof FieldsOptionsModel> {}

/** A UUID primary key with a function default. */
export class FieldsUuidKeyed extends Model {
  static fields = {
    key: new UUIDField({ primaryKey: true, default: UUIDField.random }),
    label: new CharField({ maxLength: 20 }),
  };
  static meta = { tableName: 'fields_uuid_keyed' };
  static objects = this.manager();
}
export interface FieldsUuidKeyed extends FieldValues<typeof FieldsUuidKeyed> {}

/** Field-level validation through `fullClean()`. */
export class FieldsValidated extends Model {
  static fields = {
    name: new CharField({ maxLength: 5 }),
    nickname: new CharField({ maxLength: 5, blank: true }),
    email: new EmailField({ null: true, blank: true }),
    small: new SmallIntegerField({ null: true }),
    positive: new PositiveIntegerField({ null: true }),
    amount: new DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true }),
    size: new CharField({ maxLength: 1, choices: [['s', 'Small'], ['l', 'Large']], null: true }),
    even: new IntegerField({ null: true, validators: [(v: number) => (v % 2 === 0 ? undefined : `${v} is not even.`)] }),
    createdAt: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { tableName: 'fields_validated' };
  static objects = this.manager();
}
export interface FieldsValidated extends FieldValues<typeof FieldsValidated> {}
