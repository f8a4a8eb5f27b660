import type { ReverseOf } from '../models/relation-types.js';
import type { AllFieldsOf, InstanceOf, KeyValueOf, PkOf, RelatedOf, ValueOf } from '../models/types.js';
import type { JsonValue } from '../fields/index.js';
import type { QNode } from './q.js';
import type { AnnotatedInput, FilterInput, FilterKey, JsonFilterValue, NullIf, OwnName } from './types.js';

// Paths through relations (`author__publisher__name__icontains`) are checked key by key, only for
// the keys a call uses: expanding every path of every model up front grows with the fan-out of
// the relations to the power of the depth (a 50-model project took minutes at three hops). Each
// step splits off one relation name and continues on the related model, whose own `FilterInput`
// (computed once per model) checks the rest; so paths may be as deep as the relations go.

/** Names a path may continue through: relations (forward, many-to-many), declared reverse relations, and JSONFields (key paths). */
export type RelationName<C> =
  | ({ [K in keyof AllFieldsOf<C>]: AllFieldsOf<C>[K] extends { readonly __related: unknown } | { readonly __keyPaths: true } ? K : never }[keyof AllFieldsOf<C>] & string)
  | (keyof ReverseOf<InstanceOf<C>> & string);

/** What a JSONField's key path continues into: any key, any lookup (checked when the filter is built). */
interface JsonDocument {
  readonly __jsonDocument: true;
}

/**
 * The model behind relation `H` of `C`: `never` if `H` is no relation, `unknown` for a relation
 * given by class name, `JsonDocument` for a JSONField. (Property tests rather than `keyof`: a
 * mapped type's keys are not cached.)
 */
type Target<C, H extends string> = AllFieldsOf<C> extends { readonly [P in H]: infer F }
  ? F extends { readonly __keyPaths: true } ? JsonDocument : RelatedOf<F>
  : ReverseOf<InstanceOf<C>> extends { readonly [P in H]: infer R }
    ? R
    : never;

/** The value condition `K` takes on model `C`: its own keyword, or a relation name and a condition on the related model. */
export type PathCondition<C, K> = FilterInput<C> extends { readonly [P in K & string]?: infer V }
  ? V
  : K extends `${infer H}__${infer Rest}`
    ? StepCondition<Target<C, H>, Rest>
    : never;

type StepCondition<R, Rest> = [R] extends [never] ? never : unknown extends R ? unknown : R extends JsonDocument ? JsonFilterValue : PathCondition<R, Rest>;

/** Each key of the conditions `T` with the value it takes (`never` for a key naming nothing). */
type Checked<C, A, T> = { [K in keyof T]: Annotated<AnnotatedInput<A>, K, PathCondition<C, K>> };

type Annotated<AI, K, Otherwise> = K extends keyof AI ? AI[K] : Otherwise;

/**
 * Whether `Keys` need checking here: not all of them are the model's own keywords, and some look
 * like paths. (Non-distributive on purpose: it runs for every call, and a distributive check cost
 * several times as much in the 50-model fixture.)
 */
type HasPaths<C, Keys> = [Keys] extends [FilterKey<C>] ? false : [Keys & `${string}__${string}`] extends [never] ? false : true;

/**
 * Conditions (an object or a `Q`) that name relation paths, checked key by key against the models
 * on the way: what `filter()` takes beyond `FilterArg`, given the argument's own type `T`.
 * Without paths it is `never`, so that `FilterArg` alone checks the argument and a typo gets
 * TypeScript's "did you mean" hint.
 */
export type PathConditions<C, A, T> =
  T extends QNode<infer X, infer K>
    ? HasPaths<C, K> extends true
      ? QNode<Checked<C, A, X>, K>
      : never
    : HasPaths<C, keyof T> extends true
      ? T & Checked<C, A, T>
      : never;

/** `P` if it names a field, key or relation path of `C` (through any number of relations), else `never`. */
export type PathName<C, P> = P extends OwnName<C> ? P : P extends `${infer H}__${infer Rest}` ? StepName<Target<C, H>, Rest, P> : never;

type StepName<R, Rest, P> = [R] extends [never] ? never : unknown extends R ? P : R extends JsonDocument ? P : [PathName<R, Rest>] extends [never] ? never : P;

/** An ordering through relations, `author__name` or `-author__name`, or `never`. */
export type OrderPath<C, K> = K extends `-${infer P}` ? ([PathName<C, P>] extends [never] ? never : K) : PathName<C, K>;

/** What a selected column holds: a relation gives its key (nullable when it may be missing). */
type ColumnValue<F> = F extends { readonly __related: unknown }
  ? F extends { readonly __manyToMany: true }
    ? KeyValueOf<F> | null
    : KeyValueOf<F> | NullIf<F>
  : ValueOf<F>;

/** The value at path `P` of `C`; a nullable, many-to-many or reverse relation on the way makes it nullable (a LEFT JOIN). */
export type PathValue<C, P> = P extends keyof AllFieldsOf<C>
  ? ColumnValue<AllFieldsOf<C>[P]>
  : P extends `${infer H}__${infer Rest}`
    ? H extends keyof AllFieldsOf<C>
      ? StepValue<AllFieldsOf<C>[H], Rest>
      : H extends keyof ReverseOf<InstanceOf<C>>
        ? PathValue<ReverseOf<InstanceOf<C>>[H], Rest> | null
        : never
    : P extends keyof ReverseOf<InstanceOf<C>>
      ? PkOf<ReverseOf<InstanceOf<C>>[P]> | null
      : P extends `${infer H}Id`
        ? H extends keyof AllFieldsOf<C>
          ? ColumnValue<AllFieldsOf<C>[H]>
          : never
        : never;

type StepValue<F, Rest extends string> = F extends { readonly __related: infer R }
  ? unknown extends R
    ? unknown
    : PathValue<R, Rest> | (F extends { readonly __manyToMany: true } ? null : NullIf<F>)
  : F extends { readonly __keyPaths: true }
    ? JsonValue | null
    : never;

/** Any name starting with a relation (`author__...`): the constraint that lets `PathName` check the rest. */
export type PathPattern<C> = `${RelationName<C>}__${string}`;

/** What `values()`/`orderBy()` accept for one name `K`: an own name or annotation as is, a path if it resolves. */
export type Selectable<C, Own, K> = K extends Own ? K : PathName<C, K>;

export type Orderable<C, Own, K> = K extends Own ? K : OrderPath<C, K>;

/** `valuesList()` names, each checked like `Selectable`. */
export type SelectableTuple<C, Own, K extends readonly unknown[]> = { [I in keyof K]: Selectable<C, Own, K[I]> };
