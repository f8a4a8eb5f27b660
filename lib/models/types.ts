import type { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors.js';
import type { AutoField, Field } from '../fields/index.js';
import type { Expression } from '../query/expressions.js';
import type { ModelOptions } from './options.js';
import type { Model } from './model.js';
import type { ManyToManyManager as M2MManager, ReverseAccessors, ReverseOf } from './relation-types.js';

// Every type here is a plain mapped or conditional type over one model's `static fields`, and each
// alias is instantiated once per model (TypeScript caches it), so 50 models stay cheap to check:
// see spec/types/fixture-50.

/**
 * Any field, whatever its options literal. (`Field` alone means `Field<unknown, FieldOptions>`,
 * to which a field with a literal like `{ maxLength: 100 }` is not assignable: TypeScript's
 * weak-type check finds no property in common.)
 */
export type AnyField = Field<unknown, object>;

/** A model's `static fields`. */
export type FieldMap = Readonly<Record<string, AnyField>>;

/** The static side of a model class, as the query layer uses it. */
export interface ModelClass<M extends object = object> {
  new (values?: Record<string, unknown>): M;
  readonly name: string;
  readonly fields: FieldMap;
  readonly prototype: M;
  readonly _meta: ModelOptions;
  readonly DoesNotExist: typeof ObjectDoesNotExist;
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned;
}

export type FieldsOf<C> = C extends { readonly fields: infer F } ? F : never;

/** The attribute type a field gives: `T`, or `T | null` with `null: true`; a relation gives the related instance. */
export type ValueOf<F> = F extends { readonly __related: infer R } ? Nullable<F, InstanceOf<R>> : PlainValueOf<F>;

type PlainValueOf<F> = F extends { readonly __type: infer T; readonly __options: infer O } ? (O extends { readonly null: true } ? T | null : T) : never;

/**
 * What writes and filter values may give a field besides its value type: its phantom `__input`
 * where the conversion takes more (a DateTimeField also epoch ms and ISO text, a DecimalField
 * numbers), else the non-null value type. So `ValueOf<F> | InputOf<F>` is what a write takes,
 * nullable with `null: true` (written so because `ValueOf` is already computed for the instance).
 */
export type InputOf<F> = F extends { readonly __input: infer I } ? I : Exclude<ValueOf<F>, null>;

type Nullable<F, T> = F extends { readonly __options: { readonly null: true } } ? T | null : T;

/** The instances a model class makes; `unknown` for a relation given by class name (`'Author'`). */
export type InstanceOf<C> = unknown extends C ? unknown : C extends { readonly prototype: infer I } ? I : never;

/** The related model class of a ForeignKey, OneToOneField or ManyToManyField. */
export type RelatedOf<F> = F extends { readonly __related: infer R } ? R : never;

/** A ForeignKey or OneToOneField (a relation with a column), as opposed to a ManyToManyField. */
export type IsForwardKey<F> = F extends { readonly __manyToMany: true } ? false : F extends { readonly __related: unknown } ? true : false;

export type IsManyToMany<F> = F extends { readonly __manyToMany: true } ? true : false;

/**
 * The value a field stores in its column: a ForeignKey stores the related row's key (its primary
 * key, or `toField`), never null here.
 */
export type KeyValueOf<F> = F extends { readonly __related: infer R }
  ? unknown extends R
    ? unknown
    : F extends { readonly __options: { readonly toField: infer T extends string } }
      ? KeyValueOf<ModelFieldsOf<R>[T & keyof ModelFieldsOf<R>]>
      : KeyValueOf<AllFieldsOf<R>['pk' & keyof AllFieldsOf<R>]>
  : Exclude<PlainValueOf<F>, null>;

/** The key of model `C`'s rows: `number` for the implicit `id`. */
export type PkOf<C> = KeyValueOf<AllFieldsOf<C>['pk' & keyof AllFieldsOf<C>]>;

type IsPrimaryKey<F> = F extends { readonly __auto: true } ? true : F extends { readonly __options: { readonly primaryKey: true } } ? true : false;

type PkKeys<F> = { [K in keyof F]: IsPrimaryKey<F[K]> extends true ? K : never }[keyof F];

/** The declared fields plus the implicit `id` when no field is the primary key. */
export type ModelFieldsOf<C> = FieldsOf<C> extends infer F
  ? [PkKeys<F>] extends [never] ? F & { readonly id: AutoField } : F
  : never;

/** The model's fields plus the `pk` alias: every name a query may start with. */
export type AllFieldsOf<C> = ModelFieldsOf<C> extends infer F
  ? F & { readonly pk: [PkKeys<F>] extends [never] ? AutoField : F[PkKeys<F>] }
  : never;

type M2MKeys<Fs> = { [K in keyof Fs]: Fs[K] extends { readonly __manyToMany: true } ? K : never }[keyof Fs];
type KeyNames<Fs> = { [K in keyof Fs]: IsForwardKey<Fs[K]> extends true ? K : never }[keyof Fs] & string;

/**
 * The instance attributes of a model, for declaration merging:
 * `export interface Book extends FieldValues<typeof Book> {}`. A ForeignKey `author` gives
 * `author` (the related instance) and `authorId` (its key); a ManyToManyField a related manager.
 * Reverse accessors, which the model's own fields cannot show, are named in `R` with the model
 * declaring the relation: `interface Author extends FieldValues<typeof Author, { books: typeof Book }> {}`.
 */
export type FieldValues<C, R = {}> = {
  -readonly [K in Exclude<keyof AllFieldsOf<C>, M2MKeys<AllFieldsOf<C>>>]: K extends 'pk' ? KeyValueOf<AllFieldsOf<C>[K]> : ValueOf<AllFieldsOf<C>[K]>;
} & {
  -readonly [K in KeyNames<ModelFieldsOf<C>> as `${K}Id`]: Nullable<ModelFieldsOf<C>[K], KeyValueOf<ModelFieldsOf<C>[K]>>;
} & {
  readonly [K in M2MKeys<ModelFieldsOf<C>>]: ManyToManyManager<RelatedOf<ModelFieldsOf<C>[K]>>;
} & ReverseAccessors<C, R>;

type ManyToManyManager<R> = R extends ModelClass ? M2MManager<R> : M2MManager<ModelClass>;

/** Attribute names usable in `values()`, `orderBy()`, `only()` ... (many-to-many relations excluded). */
export type FieldName<C> = Exclude<keyof AllFieldsOf<C>, M2MKeys<AllFieldsOf<C>>> & string;

/** Fields `create()` may leave out: auto keys, and fields with `null`, a default or an auto timestamp. */
type IsOptionalOnCreate<F> = F extends { readonly __auto: true }
  ? true
  : F extends { readonly __options: infer O }
    ? O extends { readonly null: true } | { readonly default: unknown } | { readonly autoNow: true } | { readonly autoNowAdd: true }
      ? true
      : false
    : true;

/** Column fields other than relations, by whether `create()` may leave them out. */
type CreateKeys<Fs, Optional extends boolean> = {
  [K in keyof Fs]: Fs[K] extends { readonly __related: unknown } ? never : IsOptionalOnCreate<Fs[K]> extends Optional ? K : never;
}[keyof Fs];

type RelationKeys<Fs, Optional extends boolean> = { [K in KeyNames<Fs>]: IsOptionalOnCreate<Fs[K]> extends Optional ? K : never }[KeyNames<Fs>];

/** A required relation is given as the instance or as its key: `{ author: ann }` or `{ authorId: 1 }`. */
type EitherKey<K extends string, F> =
  | ({ [P in K]: ValueOf<F> } & { [P in `${K}Id`]?: KeyValueOf<F> })
  | ({ [P in `${K}Id`]: KeyValueOf<F> } & { [P in K]?: ValueOf<F> });

/** `{ a: A; b: B }` -> `A & B` (each value may itself be a union). */
type IntersectValues<T> = { [K in keyof T]: (x: T[K]) => void }[keyof T] extends (x: infer I) => void ? I : never;

/**
 * What `create()` takes: the fields without `null`, a default or an automatic value are required,
 * the others optional; unknown keys are rejected. Values are what each field's conversion takes
 * (`InputOf`: a DateTimeField also ISO text). A ForeignKey is given as `author` (an instance) or
 * `authorId` (a key); many-to-many links are added after the object exists (`book.tags.add()`).
 */
export type CreateInput<C> = { -readonly [K in CreateKeys<ModelFieldsOf<C>, false>]: ValueOf<ModelFieldsOf<C>[K]> | InputOf<ModelFieldsOf<C>[K]> } & {
  -readonly [K in CreateKeys<ModelFieldsOf<C>, true>]?: ValueOf<ModelFieldsOf<C>[K]> | InputOf<ModelFieldsOf<C>[K]>;
} & {
  -readonly [K in RelationKeys<ModelFieldsOf<C>, true>]?: ValueOf<ModelFieldsOf<C>[K]>;
} & {
  -readonly [K in RelationKeys<ModelFieldsOf<C>, true> as `${K & string}Id`]?: Nullable<ModelFieldsOf<C>[K], KeyValueOf<ModelFieldsOf<C>[K]>>;
} & IntersectValues<{ [K in RelationKeys<ModelFieldsOf<C>, false>]: EitherKey<K & string, ModelFieldsOf<C>[K]> }>;

/**
 * What `update()` and the `defaults` of getOrCreate take: any subset of the fields, with the values
 * `create()` takes (a ForeignKey as `author` or `authorId`), or `F()` expressions.
 */
export type UpdateInput<C> = { -readonly [K in Exclude<keyof FieldsOf<C>, M2MKeys<FieldsOf<C>>>]?: ValueOf<FieldsOf<C>[K]> | InputOf<FieldsOf<C>[K]> | Expression } & {
  -readonly [K in KeyNames<FieldsOf<C>> as `${K}Id`]?: Nullable<FieldsOf<C>[K], KeyValueOf<FieldsOf<C>[K]>> | Expression;
};

/**
 * What the `defaults` of getOrCreate()/updateOrCreate() take: `UpdateInput`, where a value may
 * also be a function giving it, called only when the row is created or updated (Django's callables).
 */
export type DefaultsInput<C> = { [K in keyof UpdateInput<C>]?: UpdateInput<C>[K] | (() => Exclude<UpdateInput<C>[K], undefined>) };

/**
 * Names `related()` may load on instance type `I`: relations of every kind, forward (ForeignKey,
 * OneToOneField), many-to-many, and the reverse ones declared in `FieldValues`. A relation given by
 * class name has the value type `unknown` and is accepted too.
 */
export type RelationNameOf<I> = {
  [K in keyof I]: unknown extends I[K] ? K : NonNullable<I[K]> extends Model ? K : I[K] extends RelatedSet ? K : never;
}[keyof I] & string;

/** A to-many relation's manager, as far as `related()` needs it: the model it reads. */
interface RelatedSet<C extends ModelClass = ModelClass> {
  readonly model: C;
  readonly state: unknown;
}

/**
 * What `await instance.related(name)` gives: the related instance (or `null`) for a forward key,
 * the one object for a reverse one-to-one, and an array for a to-many relation (a reverse
 * ForeignKey or a many-to-many one), whose manager serves it afterwards.
 */
export type LoadedRelation<I, K extends keyof I> = I[K] extends RelatedSet<infer C> ? InstanceType<C>[] : I[K];
