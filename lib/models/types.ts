import type { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors.js';
import type { AutoField, Field } from '../fields/index.js';
import type { ModelOptions } from './options.js';

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

type PkKeys<F> = { [K in keyof F]: F[K] extends AutoField ? K : F[K] extends { readonly __options: { readonly primaryKey: true } } ? K : never }[keyof F];

/** Fields including the implicit `id` and the `pk` alias. */
export type AllFieldsOf<C> = FieldsOf<C> extends infer F
  ? [PkKeys<F>] extends [never]
    ? F & { readonly id: AutoField; readonly pk: AutoField }
    : F & { readonly pk: F[PkKeys<F>] }
  : never;

/**
 * The instance attributes of a model, for declaration merging:
 * `export interface Author extends FieldValues<typeof Author> {}`.
 */
export type FieldValues<C> = { -readonly [K in keyof AllFieldsOf<C>]: ValueOf<AllFieldsOf<C>[K]> };

/** Attribute names usable in `values()`, `orderBy()`, `only()` ... */
export type FieldName<C> = keyof AllFieldsOf<C> & string;

type OptionalOnCreate<F> = F extends AutoField
  ? true
  : F extends { readonly __options: infer O }
    ? O extends { readonly null: true } | { readonly default: unknown } | { readonly autoNow: true } | { readonly autoNowAdd: true } | { readonly primaryKey: true }
      ? true
      : false
    : true;

type FieldsOptionalOnCreate<C> = { [K in keyof AllFieldsOf<C>]: OptionalOnCreate<AllFieldsOf<C>[K]> extends true ? K : never }[keyof AllFieldsOf<C>];

/** What `create()` takes: required fields are those without null, default or auto value. */
export type CreateInput<C> = {
  [K in Exclude<keyof FieldsOf<C>, FieldsOptionalOnCreate<C>>]: ValueOf<FieldsOf<C>[K]>;
} & {
  [K in FieldsOptionalOnCreate<C>]?: ValueOf<AllFieldsOf<C>[K]> | null;
};

/** What `update()` and the `defaults` of getOrCreate take: any subset of the fields. */
export type UpdateInput<C> = { [K in keyof FieldsOf<C>]?: ValueOf<FieldsOf<C>[K]> | import('../query/expressions.js').Expression };
