// Models for the model, validation, manager and schema-editor specs. Class names are distinctive
// because models register globally by class name.
import {
  BooleanField, CharField, DateField, DateTimeField, DecimalField, EmailField, FloatField, IntegerField, JSONField, Model,
  PositiveIntegerField, QuerySet, SlugField, TextField, UUIDField,
  ValidationError, type FieldValues, type ModelMetaConfig,
} from '../../lib/index.js';

/** Default table name (pluralized snake_case of the class name) and default ordering. */
export class MdlBlogEntry extends Model {
  static fields = {
    headline: new CharField({ maxLength: 80 }),
    body: new TextField({ blank: true, default: '' }),
    rating: new IntegerField({ default: 0 }),
    edited: new DateTimeField({ autoNow: true }),
    created: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { ordering: ['-rating', 'headline'] };
  static objects = this.manager();
}
export interface MdlBlogEntry extends FieldValues<typeof MdlBlogEntry> {}

/** A natural CharField primary key: no implicit `id`. */
export class MdlCountry extends Model {
  static fields = {
    code: new CharField({ maxLength: 2, primaryKey: true }),
    name: new CharField({ maxLength: 60 }),
  };
  static meta = { tableName: 'mdl_countries_custom', ordering: ['code'] };
  static objects = this.manager();
}
export interface MdlCountry extends FieldValues<typeof MdlCountry> {}

/** A UUID primary key with a function default: a new instance INSERTs straight away. */
export class MdlToken extends Model {
  static fields = {
    key: new UUIDField({ primaryKey: true, default: UUIDField.random }),
    label: new CharField({ maxLength: 40 }),
  };
  static meta = { tableName: 'mdl_tokens' };
  static objects = this.manager();
}
export interface MdlToken extends FieldValues<typeof MdlToken> {}

/**
 * An abstract base: no table, its fields and ordering are inherited. `meta` is annotated so that
 * subclasses may declare a different meta; subclasses spread `fields` so TypeScript sees them.
 */
export class MdlStamped extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    created: new DateTimeField({ autoNowAdd: true }),
  };
  static meta: ModelMetaConfig = { abstract: true, ordering: ['title'] };
}
export interface MdlStamped extends FieldValues<typeof MdlStamped> {}

export class MdlNote extends MdlStamped {
  static override fields = { ...MdlStamped.fields, text: new TextField({ blank: true, default: '' }) };
  static objects = this.manager();
}
export interface MdlNote extends FieldValues<typeof MdlNote> {}

export class MdlMemo extends MdlStamped {
  static override fields = { ...MdlStamped.fields, urgent: new BooleanField({ default: false }) };
  static override meta: ModelMetaConfig = { tableName: 'mdl_memo_rows', ordering: ['-title'] };
  static objects = this.manager();
}
export interface MdlMemo extends FieldValues<typeof MdlMemo> {}

// ---- validation ----

const noBanned = (value: string): string | undefined => (value.includes('banned') ? 'Must not mention banned words.' : undefined);

export class ValMember extends Model {
  static fields = {
    handle: new CharField({ maxLength: 10, unique: true, validators: [noBanned] }),
    email: new EmailField({ maxLength: 60 }),
    role: new CharField({ maxLength: 10, choices: [['admin', 'Administrator'], ['user', 'User']], default: 'user' }),
    team: new CharField({ maxLength: 20 }),
    seat: new IntegerField(),
    bio: new TextField({ blank: true, default: '' }),
    score: new DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true }),
  };
  static meta = { tableName: 'val_members', uniqueTogether: [['team', 'seat']] };
  static objects = this.manager();
}
export interface ValMember extends FieldValues<typeof ValMember> {}

/** Cross-field validation through the `clean()` hook. */
export class ValEvent extends Model {
  static fields = {
    title: new CharField({ maxLength: 20 }),
    starts: new IntegerField(),
    ends: new IntegerField(),
  };
  static meta = { tableName: 'val_events' };
  static objects = this.manager();

  override clean(): void {
    if (this.ends < this.starts) throw new ValidationError({ ends: ['Ends before it starts.'] });
    if (this.title === 'tbd') throw new ValidationError('Give the event a real title.');
  }
}
export interface ValEvent extends FieldValues<typeof ValEvent> {}

// ---- managers ----

/** Custom chainable QuerySet methods, Django's `Manager.from_queryset()`. */
export class MgrPersonQuerySet extends QuerySet<typeof MgrPerson> {
  adults(): this {
    return this.filter({ age__gte: 18 });
  }

  named(prefix: string): this {
    return this.filter({ name__startswith: prefix });
  }

  /** A terminal custom method. */
  async countAdults(): Promise<number> {
    return this.adults().count();
  }
}

export class MgrPerson extends Model {
  static fields = {
    name: new CharField({ maxLength: 40 }),
    age: new IntegerField(),
    active: new BooleanField({ default: true }),
  };
  static meta = { tableName: 'mgr_people', ordering: ['name'] };
  static objects = this.manager(MgrPersonQuerySet);
  /** A second manager with a default filter (Django: a Manager overriding `get_queryset`). */
  static active = this.manager(MgrPersonQuerySet, (qs) => qs.filter({ active: true }));
  /** A default filter on the plain QuerySet. */
  static minors = this.manager((qs) => qs.filter({ age__lt: 18 }));
}
export interface MgrPerson extends FieldValues<typeof MgrPerson> {}

// ---- schema editor ----

/** One field of most kinds, with the options the schema editor turns into DDL. */
export class SchWidget extends Model {
  static fields = {
    name: new CharField({ maxLength: 30, dbIndex: true }),
    code: new SlugField({ unique: true }),
    title: new CharField({ maxLength: 50, default: "it's" }),
    notes: new TextField({ null: true }),
    count: new IntegerField({ default: 3 }),
    enabled: new BooleanField({ default: true }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2, default: '1.50' }),
    ratio: new FloatField({ null: true }),
    born: new DateField({ null: true }),
    seen: new DateTimeField({ autoNowAdd: true }),
    token: new UUIDField({ default: UUIDField.random }),
    data: new JSONField({ null: true }),
    size: new PositiveIntegerField({ default: 0 }),
    group: new CharField({ maxLength: 10, dbColumn: 'grp' }),
    serial: new IntegerField(),
  };
  static meta = {
    tableName: 'sch_widgets',
    uniqueTogether: [['group', 'serial']],
    indexes: [{ fields: ['count', 'enabled'] }, { fields: ['title'], name: 'sch_title_idx', unique: true }],
  };
  static objects = this.manager();
}
export interface SchWidget extends FieldValues<typeof SchWidget> {}

/** A small table whose DDL text the spec spells out in full. */
export class SchTiny extends Model {
  static fields = {
    label: new CharField({ maxLength: 20, default: 'x' }),
    n: new IntegerField({ null: true }),
  };
  static meta = { tableName: 'sch_tiny' };
}

/** A natural primary key. */
export class SchCode extends Model {
  static fields = {
    code: new CharField({ maxLength: 8, primaryKey: true }),
    note: new TextField({ default: '' }),
  };
  static meta = { tableName: 'sch_codes' };
}
