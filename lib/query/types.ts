import type { AfterTransformLookup, CustomLookups, Field, JsonValue } from '../fields/index.js';
import type { ReverseOf } from '../models/relation-types.js';
import type { AllFieldsOf, InputOf, InstanceOf, IsForwardKey, KeyValueOf, PkOf, ValueOf } from '../models/types.js';
import type { PathValue, RelationName } from './path-types.js';
import type { Expression, NamedRef } from './expressions.js';
import type { QNode } from './q.js';
import type { QueryState } from './state.js';

// A model's own filter keys are built forwards, grouped by the value they take: one entry per
// field and value kind (`${name}__${'gt' | 'gte' | 'lt' | 'lte'}` -> T), mapped into one object
// type per model. Parsing every key backwards with template-literal inference, or one entry per
// lookup, would cost several conditional types per key; but paths through relations are parsed
// (path-types.ts), because expanding them all grows exponentially with the depth. See
// spec/types/fixture-50 for the measured budget.

type StringLookup = 'iexact' | 'bexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith' | 'endswith' | 'iendswith' | 'regex' | 'iregex';
type ValueLookup = 'gt' | 'gte' | 'lt' | 'lte';

type LookupsOf<F> = F extends { readonly __lookups: infer L extends string } ? L : 'exact' | 'in' | 'isnull';
type TransformsOf<F> = F extends { readonly __transforms: infer X extends string } ? X : never;
/** Names from `CustomLookups` that apply to values of type `T`. */
type CustomLookupsFor<T> = { [L in keyof CustomLookups]: [T] extends [CustomLookups[L]] ? L : never }[keyof CustomLookups] & string;

/** Filter keywords `K` (a union) that all take values of type `V`. */
interface Entry<K extends string, V> {
  readonly key: K;
  readonly value: V;
}

/**
 * A QuerySet on the right of `__in`, by the rows it gives. Structural, as the runtime's check is;
 * see `ColumnSubquery` and `RelationSubquery`.
 */
export interface InSubquery<Row> {
  readonly state: QueryState;
  first(): Promise<Row | undefined>;
}

/**
 * What `field__in` takes as a subquery: one selected column of the field's type
 * (`valuesList('title', { flat: true })`, `values('pk')`), or model instances, whose primary key
 * is compared (`pk__in: Book.objects.filter(...)`).
 */
type ColumnSubquery<T> = InSubquery<T | { readonly [name: string]: T } | { readonly pk: T }>;

/** What `author__in` takes as a subquery: instances of the related model, or one column of its key's type. */
type RelationSubquery<I, T> = InSubquery<I | T | { readonly [name: string]: T }>;

/**
 * `K__lookup` for each lookup in `L`, where `T` is the non-null value type and `V` the exact one
 * (what a filter value may be: a field's input type), and `Read` the type read back, which
 * decides the custom lookups that apply.
 */
type LookupEntries<K extends string, L extends string, T, V, Read = T> =
  | Entry<K | `${K}__${L & 'exact'}`, V | Expression>
  | Entry<`${K}__${(L & ValueLookup) | CustomLookupsFor<Read>}`, T | Expression>
  | Entry<`${K}__${L & 'in'}`, readonly (T | null)[] | Expression | ColumnSubquery<T | null>>
  | Entry<`${K}__${L & 'isnull'}`, boolean>
  | Entry<`${K}__${L & 'range'}`, readonly [T, T]>
  | Entry<`${K}__${L & StringLookup}`, string>;

/** `date` extracts a `'YYYY-MM-DD'` string, `time` an `'HH:MM:SS'` one; every other transform (year, hour ...) a number. */
type TransformEntries<K extends string, X extends string> =
  | LookupEntries<`${K}__${Exclude<X, 'date' | 'time'>}`, AfterTransformLookup, number, number>
  | LookupEntries<`${K}__${X & ('date' | 'time')}`, AfterTransformLookup, string, string>;

/** Lookups on an annotation, from the type of the value it computes. */
type AnnotationLookup<T> = 'exact' | 'in' | 'isnull' | ValueLookup | 'range' | ([T] extends [string | null] ? StringLookup : never);

type AnnotationEntries<A> = { [K in keyof A & string]: LookupEntries<K, AnnotationLookup<A[K]>, Exclude<A[K], null>, A[K]> }[keyof A & string];

/** Filter values are what the field's conversion takes (`InputOf`); custom lookups apply by the type read back. */
type PlainEntries<K extends string, F> = LookupEntries<K, LookupsOf<F>, InputOf<F>, InputOf<F> | ValueOf<F>, Exclude<ValueOf<F>, null>> | TransformEntries<K, TransformsOf<F>>;

/**
 * What a JSONField key path or JSON lookup takes (`data__owner__name`, `data__has_key`); the
 * lookup checks it when the filter is built. Key paths are checked like relation paths, key by
 * key when used (path-types.ts): a pattern key here would cost every model's filter type.
 */
export type JsonFilterValue = JsonValue | readonly JsonValue[] | Expression;

/** A relation compared as a whole: to an instance or a key (`author: ann`, `author__in: [1, 2]`, `tags: t1`). */
type RelationEntries<K extends string, I, T, Nullable> =
  | Entry<K | `${K}__exact`, I | T | Nullable | Expression>
  | Entry<`${K}__in`, readonly (I | T | null)[] | Expression | RelationSubquery<I, T | null>>
  | Entry<`${K}__isnull`, boolean>
  | Entry<`${K}__${ValueLookup}`, I | T | Expression>
  | Entry<`${K}__range`, readonly [I | T, I | T]>;

export type NullIf<F> = F extends { readonly __options: { readonly null: true } } ? null : never;

// Only the model's own names are expanded here; paths through relations (`author__name`) are
// checked key by key when used (path-types.ts), which keeps the cost linear in the model count.
type FieldEntries<K extends string, F> = F extends { readonly __related: infer R }
  ?
      | RelationEntries<K, InstanceOf<R>, KeyValueOf<F>, NullIf<F>>
      | (F extends { readonly __manyToMany: true } ? never : LookupEntries<`${K}Id`, LookupsOf<F>, KeyValueOf<F>, KeyValueOf<F> | NullIf<F>>)
  : PlainEntries<K, F>;

/** Reverse relations declared with `FieldValues<typeof Author, { books: typeof Book }>`. */
type ReverseEntries<C> = ReverseOf<InstanceOf<C>> extends infer Rs
  ? { [N in keyof Rs & string]: RelationEntries<N, InstanceOf<Rs[N]>, PkOf<Rs[N]>, never> }[keyof Rs & string]
  : never;

type EntriesOf<C> = { [K in keyof AllFieldsOf<C> & string]: FieldEntries<K, AllFieldsOf<C>[K]> }[keyof AllFieldsOf<C> & string] | ReverseEntries<C>;

/**
 * Keyword conditions for `filter()`, `exclude()`, `get()` and `Q()`: field names (and `pk`), each
 * optionally followed by a lookup (`age__gte`) or a transform and a lookup (`joined__year__lt`),
 * with the value type that lookup takes; relations compared to an instance or a key (`author`,
 * `authorId`, `author__in`). Paths through relations are added by `PathConditions`.
 */
export type FilterInput<C> = { [E in EntriesOf<C> as E['key']]?: E['value'] };

/** Every keyword `filter()` accepts on the model. */
export type FilterKey<C> = keyof FilterInput<C> & string;

/** A `Q()` whose conditions all hold on the model (its keys and value types are checked). */
export type QFor<C> = QNode<FilterInput<C>, FilterKey<C>>;

/**
 * The annotations a QuerySet's rows carry, `{ name: type }`: what `annotate()` added to the row
 * type `R` beyond the model's own attributes (`{}` for plain model rows and tuples).
 */
export type AnnotationsOf<C, R> = R extends readonly unknown[]
  ? {}
  : R extends object
    ? { [K in Exclude<keyof R, keyof InstanceOf<C>> & string]: R[K] } & AliasesOf<R>
    : {};

declare const ALIASES: unique symbol;

/**
 * `alias()` names: usable in filters and orderings like annotations, but not on the rows. They
 * ride on the row type under a symbol key no row has (optional, so nothing claims it is there).
 */
export interface WithAliases<X> {
  readonly [ALIASES]?: X;
}

type AliasesOf<R> = R extends { readonly [ALIASES]?: infer X } ? (unknown extends X ? {} : X) : {};

/** Conditions on annotations (`n__gt: 1`), possibly mixed with field conditions. */
type AnnotatedFilter<C, A> = [keyof A] extends [never]
  ? never
  : (FilterInput<C> & AnnotatedInput<A>) | QNode<FilterInput<C> & AnnotatedInput<A>, FilterKey<C> | (keyof AnnotatedInput<A> & string)>;

export type AnnotatedInput<A> = { [E in AnnotationEntries<A> as E['key']]?: E['value'] };

/**
 * What `filter()`/`exclude()`/`get()` take: keyword conditions or `Q` objects, over the model's
 * fields and the annotations `A` of the QuerySet.
 */
export type FilterArg<C, A = {}> = FilterInput<C> | QFor<C> | AnnotatedFilter<C, A>;

/**
 * The model's own names for `orderBy()` and `values()`: its fields (a relation stands for its key),
 * the keys (`authorId`) and declared reverse relations. Paths (`author__name`, and JSONField key
 * paths `data__owner__name`) are checked by `PathName` in path-types.ts.
 */
export type OwnName<C> =
  | (keyof AllFieldsOf<C> & string)
  | { [K in keyof AllFieldsOf<C> & string]: IsForwardKey<AllFieldsOf<C>[K]> extends true ? `${K}Id` : never }[keyof AllFieldsOf<C> & string]
  | (keyof ReverseOf<InstanceOf<C>> & string);

/**
 * The keys of `inBulk()`'s map: the primary key's type, or the value of the `fieldName` field
 * (the attribute's own type: `null` too for a nullable field, which a call without ids may meet).
 */
export type InBulkKey<C, K> = K extends 'pk' ? PkOf<C> : ValueOf<AllFieldsOf<C>[K & keyof AllFieldsOf<C>]>;

/** Keys of `orderBy()`: field (or annotation) names, optionally with `-`, or `?` for random. */
export type OrderKey<C, A = {}> = OwnName<C> | `-${OwnName<C>}` | '?' | (keyof A & string) | `-${keyof A & string}`;

/** What `values()` and `valuesList()` may name: fields and annotations. */
export type SelectableName<C, A = {}> = OwnName<C> | (keyof A & string);

/** The type of field, path or annotation `P`. */
export type SelectedValue<C, A, P> = P extends keyof A ? A[P] : PathValue<C, P>;

/** Plain-object rows of `values(...names)`: exactly the named fields (and annotations). */
export type ValuesRow<C, K extends PropertyKey, A = {}> = { -readonly [P in K]: SelectedValue<C, A, P> };

/** Tuple rows of `valuesList(...names)`: the named fields' types, in order. */
export type ValuesTuple<C, K extends readonly unknown[], A = {}> = { -readonly [I in keyof K]: SelectedValue<C, A, K[I]> };

/**
 * The JavaScript type an annotation or aggregate produces on model `C` with annotations `A`: a
 * name it reads (`NamedRef`) takes that field's (or annotation's, or path's) type.
 */
export type ResultOf<E, C = never, A = {}> = E extends Expression<infer T> ? Resolved<T, C, A> : never;

type Resolved<T, C, A> = T extends NamedRef<infer N, infer Op>
  ? Op extends 'aggregate' ? Exclude<NamedValue<C, A, N>, null> | null : Op extends 'defaulted' ? Exclude<NamedValue<C, A, N>, null> : NamedValue<C, A, N>
  : T;

type NamedValue<C, A, N> = N extends 'pk' ? PkOf<C> : Found<SelectedValue<C, A, N>, C, N>;

/**
 * A path Wren's types cannot follow (through a reverse relation the model does not declare in
 * `FieldValues`) is `unknown`, checked when the query is built; a misspelt name, or a path
 * through a relation the types know, is `never`, which `annotate()` refuses.
 */
type Found<V, C, N> = [V] extends [never] ? (N extends `${infer H}__${string}` ? (H extends RelationName<C> ? never : unknown) : never) : V;

/**
 * `annotate()`'s check of the names its expressions read: each entry whose name resolves to
 * nothing must match this, which no expression does, so the misspelt entry is the error.
 */
export type KnownNames<C, AA, A> = { [K in keyof A]: A[K] extends Expression<infer T> ? (ReadsUnknownName<T, C, AA, keyof A> extends true ? UnknownName : unknown) : unknown };

/** A name of the same call counts as known (Django's keyword arguments): its order is checked when the query is built. */
type ReadsUnknownName<T, C, A, Siblings> = T extends NamedRef<infer N, 'value' | 'aggregate' | 'defaulted'> ? (N extends Siblings ? false : [NamedValue<C, A, N>] extends [never] ? true : false) : false;

interface UnknownName {
  readonly 'this expression reads a name the model does not have': never;
}

export type { Field };
