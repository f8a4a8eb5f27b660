import type { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors.js';
import type { AutoField, Field } from '../fields/index.js';
import type { Expression } from '../query/expressions.js';
import type { ModelOptions } from './options.js';

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

/** The attribute type a field gives: `T`, or `T | null` with `null: true`. */
export type ValueOf<F> = F extends { readonly __type: infer T; readonly __options: infer O } ? (O extends { readonly null: true } ? T | null : T) : never;

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

/**
 * The instance attributes of a model, for declaration merging:
 * `export interface Author extends FieldValues<typeof Author> {}`.
 */
export type FieldValues<C> = { -readonly [K in keyof AllFieldsOf<C>]: ValueOf<AllFieldsOf<C>[K]> };

/** Attribute names usable in `values()`, `orderBy()`, `only()` ... */
export type FieldName<C> = keyof AllFieldsOf<C> & string;

/** Fields `create()` may leave out: auto keys, and fields with `null`, a default or an auto timestamp. */
type IsOptionalOnCreate<F> = F extends { readonly __auto: true }
  ? true
  : F extends { readonly __options: infer O }
    ? O extends { readonly null: true } | { readonly default: unknown } | { readonly autoNow: true } | { readonly autoNowAdd: true }
      ? true
      : false
    : true;

type CreateKeys<Fs, Optional extends boolean> = { [K in keyof Fs]: IsOptionalOnCreate<Fs[K]> extends Optional ? K : never }[keyof Fs];

/**
 * What `create()` takes: the fields without `null`, a default or an automatic value are required,
 * the others optional; unknown keys are rejected.
 */
export type CreateInput<C> = { -readonly [K in CreateKeys<ModelFieldsOf<C>, false>]: ValueOf<ModelFieldsOf<C>[K]> } & {
  -readonly [K in CreateKeys<ModelFieldsOf<C>, true>]?: ValueOf<ModelFieldsOf<C>[K]>;
};

/** What `update()` and the `defaults` of getOrCreate take: any subset of the fields, or `F()` expressions. */
export type UpdateInput<C> = { -readonly [K in keyof FieldsOf<C>]?: ValueOf<FieldsOf<C>[K]> | Expression };
