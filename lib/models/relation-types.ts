import type { QuerySet } from '../query/queryset.js';
import type { FilterInput } from '../query/types.js';
import type { CreateInput, DefaultsInput, FieldsOf, InstanceOf, IsForwardKey, ModelClass, PkOf } from './types.js';

// The public types of relation accessors. The classes behind them live in related-managers.ts;
// these interfaces are what users see, so that the instance types need not import the machinery.

/** Trailing options of a reverse manager's `add/remove/clear/set`: `{ bulk: false }` saves each object instead of one UPDATE. */
export interface BulkOptions {
  readonly bulk?: boolean;
}

/** Trailing options of a many-to-many manager's `add/create/set`: values for a `through` model's extra columns. */
export interface ThroughOptions {
  readonly throughDefaults?: Readonly<Record<string, unknown>>;
}

/**
 * `author.books`: a QuerySet of the books pointing at this author (every QuerySet method works on
 * it, and chained calls keep the manager), plus Django's related-manager writes. `create()` fills
 * in the key back to the owner.
 */
export interface RelatedManager<C extends ModelClass, Back extends string = never> extends QuerySet<C> {
  /** Creates a related object pointing at the owner: `await ann.books.create({ title: 'New' })`. */
  create(values: CreateInput<C> | RelatedCreateInput<C, Back>): Promise<InstanceType<C>>;
  /** Points these saved objects at the owner (one UPDATE; `{ bulk: false }` saves each). */
  add(...objects: InstanceType<C>[]): Promise<void>;
  add(...args: [...objects: InstanceType<C>[], options: BulkOptions]): Promise<void>;
  /** Unlinks these objects (their key becomes NULL); only for a nullable ForeignKey. */
  remove(...objects: InstanceType<C>[]): Promise<void>;
  remove(...args: [...objects: InstanceType<C>[], options: BulkOptions]): Promise<void>;
  /** Unlinks every related object; only for a nullable ForeignKey. */
  clear(options?: BulkOptions): Promise<void>;
  /** Makes exactly these objects the related ones (`{ clear: true }` clears first). */
  set(objects: readonly InstanceType<C>[], options?: BulkOptions & { readonly clear?: boolean }): Promise<void>;
}

/**
 * `book.tags` (and `tag.books` on the other side): a QuerySet of the linked objects plus the
 * join-row writes. Objects are given as instances or primary keys.
 */
export interface ManyToManyManager<C extends ModelClass> extends QuerySet<C> {
  /** Creates an object and links it: `await book.tags.create({ name: 'sci-fi' })`. */
  create(values: CreateInput<C>, options?: ThroughOptions): Promise<InstanceType<C>>;
  /** Finds a linked object, or creates and links one; `throughDefaults` fills the new join row. */
  getOrCreate(lookup: FilterInput<C>, defaults?: DefaultsInput<C>, options?: ThroughOptions): Promise<[InstanceType<C>, boolean]>;
  /** Updates a linked object with `defaults`, or creates and links one; `throughDefaults` fills the new join row. */
  updateOrCreate(lookup: FilterInput<C>, defaults?: DefaultsInput<C>, createDefaults?: DefaultsInput<C>, options?: ThroughOptions): Promise<[InstanceType<C>, boolean]>;
  /** Links these objects (already linked ones are left alone). */
  add(...objects: (InstanceType<C> | PkOf<C>)[]): Promise<void>;
  add(...args: [...objects: (InstanceType<C> | PkOf<C>)[], options: ThroughOptions]): Promise<void>;
  /** Unlinks these objects (deletes the join rows only). */
  remove(...objects: (InstanceType<C> | PkOf<C>)[]): Promise<void>;
  /** Unlinks every object. */
  clear(): Promise<void>;
  /** Makes exactly these objects the linked ones, adding and removing join rows as needed (`{ clear: true }` clears first). */
  set(objects: readonly (InstanceType<C> | PkOf<C>)[], options?: ThroughOptions & { readonly clear?: boolean }): Promise<void>;
}

/**
 * What a reverse `create()` takes: the related model's create input with the key(s) back to the
 * owner (`Back`) optional.
 */
export type RelatedCreateInput<C, Back extends string> = Omit<CreateInput<C>, Back | `${Back}Id`> & { [P in Back]?: unknown } & { [P in Back as `${P}Id`]?: unknown };

/**
 * The reverse accessors of model `Owner`, `{ books: typeof Book }`: each name with the model that
 * declares the relation. The declaring field is the one whose `relatedName` is that name (or which
 * has none) and which points at `Owner`; its kind gives the accessor's type: a ForeignKey a
 * `RelatedManager`, a ManyToManyField a `ManyToManyManager`, a OneToOneField the one object.
 *
 * Not read-only, so that the one object can be assigned (`author.profile = new Profile()`) as at run
 * time. A manager's setter throws, but the only value its type accepts is another such manager:
 * marking just the managers read-only would need each accessor's kind while the owner's attribute
 * names are being decided, which makes the instance types of models that name each other (through
 * `this.manager()`) depend on themselves.
 */
export type ReverseAccessors<Owner, R> = [keyof R] extends [never]
  ? {}
  : { -readonly [N in keyof R]: ReverseAccessor<R[N], N & string, Owner> } & { readonly [reverseRelations]?: R };

/** Phantom key (never set at run time) carrying the declared reverse relations to the filter types. */
declare const reverseRelations: unique symbol;

/** The declared reverse relations of an instance type, `{ books: typeof Book }`, or `{}`. */
export type ReverseOf<I> = I extends { readonly [reverseRelations]?: infer R } ? (unknown extends R ? {} : R) : {};

type ReverseAccessor<C, N extends string, Owner> = C extends ModelClass
  ? BackKeys<FieldsOf<C>, N, Owner> extends infer K extends string
    ? [K] extends [never]
      ? ByName<C, NamedBackKeys<FieldsOf<C>, N>>
      : FieldsOf<C>[K & keyof FieldsOf<C>] extends infer F
        ? F extends { readonly __manyToMany: true }
          ? ManyToManyManager<C>
          : F extends { readonly __oneToOne: true }
            ? InstanceOf<C>
            : RelatedManager<C, K>
        : never
    : never
  : never;

/**
 * The accessor declared by relations given by class name (`new OneToOneField('Author', ...)`),
 * which the types cannot match to `Owner`: those whose `relatedName` is the accessor's name (or
 * which have none) decide it when they are all of one kind; mixed kinds give `unknown`. With none,
 * a manager whose `create()` makes every key optional.
 */
type ByName<C extends ModelClass, K extends string> = [K] extends [never]
  ? RelatedManager<C, ForwardKeys<FieldsOf<C>>>
  : FieldsOf<C>[K & keyof FieldsOf<C>] extends infer F
    ? [F] extends [{ readonly __oneToOne: true }]
      ? InstanceOf<C>
      : [F] extends [{ readonly __manyToMany: true }]
        ? ManyToManyManager<C>
        : [Extract<F, { readonly __oneToOne: true } | { readonly __manyToMany: true }>] extends [never]
          ? RelatedManager<C, K>
          : unknown
    : never;

/** The fields of `Fs` behind the reverse accessor `N` of `Owner`. */
type BackKeys<Fs, N extends string, Owner> = {
  [K in keyof Fs]: Fs[K] extends { readonly __related: infer T } ? ([T] extends [Owner] ? Declares<Fs[K], N, K> : never) : never;
}[keyof Fs] & string;

/** `K` when relation field `F` may declare reverse accessor `N`: its `relatedName` is `N`, or it has none. */
type Declares<F, N extends string, K> = F extends { readonly __options: { readonly relatedName: infer Name } } ? (Name extends N ? K : never) : K;

/**
 * The relations of `Fs` given by class name (whose target the types cannot see) that may declare
 * reverse accessor `N`: their `relatedName` is `N`, or they have none.
 */
type NamedBackKeys<Fs, N extends string> = {
  [K in keyof Fs]: Fs[K] extends { readonly __related: infer T } ? (unknown extends T ? Declares<Fs[K], N, K> : never) : never;
}[keyof Fs] & string;

type ForwardKeys<Fs> = { [K in keyof Fs]: IsForwardKey<Fs[K]> extends true ? K : never }[keyof Fs] & string;
