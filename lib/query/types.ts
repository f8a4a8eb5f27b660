import type { AfterTransformLookup, Field } from '../fields/index.js';
import type { AllFieldsOf, FieldValues, ValueOf } from '../models/types.js';
import type { Expression } from './expressions.js';

type StringLookup = 'iexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith' | 'endswith' | 'iendswith' | 'regex' | 'iregex';

/** The value a lookup takes for a field whose values are `T`. */
export type LookupValue<T, L> = L extends 'in'
  ? readonly T[]
  : L extends 'isnull'
    ? boolean
    : L extends 'range'
      ? readonly [T, T]
      : L extends StringLookup
        ? string
        : L extends 'exact'
          ? T | null | Expression
          : T | Expression;

type LookupsOf<F> = F extends { readonly __lookups: infer L extends string } ? L : 'exact' | 'in' | 'isnull';
type TransformsOf<F> = F extends { readonly __transforms: infer X extends string } ? X : never;
type TransformValue<X> = X extends 'date' ? string : number;

type KeysOfField<K extends string, F> =
  | K
  | `${K}__${LookupsOf<F>}`
  | `${K}__${TransformsOf<F>}`
  | `${K}__${TransformsOf<F>}__${AfterTransformLookup}`;

type NonNull<T> = Exclude<T, null>;

type ValueForKey<Fs, P> = P extends keyof Fs
  ? ValueOf<Fs[P]> | Expression
  : P extends `${infer K}__${infer Rest}`
    ? K extends keyof Fs
      ? Rest extends `${infer X}__${infer L}`
        ? LookupValue<TransformValue<X>, L>
        : Rest extends TransformsOf<Fs[K]>
          ? TransformValue<Rest> | Expression
          : LookupValue<NonNull<ValueOf<Fs[K]>>, Rest>
      : never
    : never;

type FilterKeysOf<Fs> = { [K in keyof Fs & string]: KeysOfField<K, Fs[K]> }[keyof Fs & string];

/** Keyword conditions for `filter()`/`exclude()`/`get()`: field names with optional `__lookup`. */
export type FilterInput<C> = { [P in FilterKeysOf<AllFieldsOf<C>>]?: ValueForKey<AllFieldsOf<C>, P> };

/** Keys of `orderBy()`: field names, optionally with `-`, or `?` for random. */
export type OrderKey<C> = (keyof AllFieldsOf<C> & string) | `-${keyof AllFieldsOf<C> & string}` | '?';

/** Plain-object rows of `values(...names)`. */
export type ValuesRow<C, K extends keyof FieldValues<C>> = { [P in K]: FieldValues<C>[P] };

/** The JavaScript type an annotation or aggregate produces. */
export type ResultOf<E> = E extends Expression<infer T> ? T : never;

export type { Field };
