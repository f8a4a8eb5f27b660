import { FieldError, ImproperlyConfigured, MultipleObjectsReturned, ObjectDoesNotExist, ValidationError } from '../errors.js';
import type { Field } from '../fields/index.js';
import { InstanceState, STATE, stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { QueryState } from '../query/state.js';
import { choicesHint } from '../util/naming.js';
import { argumentError, checkOptions, isPlainObject } from '../util/arguments.js';
import { attempt } from '../util/promises.js';
import { deleteInstance, reloadInstance, saveInstance, type SaveOptions } from './persistence.js';
import { declaredMeta, ModelOptions, type ModelClassLike } from './options.js';
import { registerModel } from './registry.js';
import { contributeRelations, retableJoinModels } from './relations.js';
import { loadRelated } from './related-loading.js';
import './related-accessors.js'; // installs reverse accessors and many-to-many managers
import type { LoadedRelation, ModelClass, RelationNameOf } from './types.js';
import { validateInstance } from './validation.js';
import { classPrepared, postInit, preInit } from '../signals/builtin.js';

const metaCache = new WeakMap<object, ModelOptions>();
const errorClasses = new WeakMap<object, { DoesNotExist: typeof ObjectDoesNotExist; MultipleObjectsReturned: typeof MultipleObjectsReturned }>();

type QuerySetClass<C extends ModelClass, Q> = new (model: C) => Q;

/**
 * Base class of every model. Subclasses declare `static fields` (and optionally `static meta`);
 * the instance type comes from declaration merging:
 *
 * @example
 * class Author extends Model { static fields = { name: new CharField({ maxLength: 100 }) }; static objects = this.manager(); }
 * interface Author extends FieldValues<typeof Author> {}
 */
export class Model {
  // `static fields` and `static meta` are declared by subclasses only, so that declaring them
  // needs no `override` and their literal types stay exact for FieldValues.

  declare [STATE]: InstanceState;

  /** Resolved metadata (fields, table, ordering), built on first use. */
  static get _meta(): ModelOptions {
    let meta = metaCache.get(this);
    if (meta && meta.declaredMeta !== declaredMeta(this as unknown as ModelClassLike)) adoptLateMeta(this as unknown as ModelClass, meta);
    if (!meta) {
      meta = new ModelOptions(this as unknown as ModelClassLike, abstractParents(this));
      // Registered before caching, so a conflicting model keeps failing on every use.
      registerModel(this as unknown as ModelClass, meta);
      metaCache.set(this, meta);
      if (!meta.abstract) {
        contributeRelations(this as unknown as ModelClass, meta);
        // After caching, so a receiver reading sender._meta finds it rather than building it again.
        classPrepared.sendSync(this as unknown as ModelClass, {});
      }
    }
    return meta;
  }

  /** Raised by `get()` when nothing matches; each model has its own subclass. */
  static get DoesNotExist(): typeof ObjectDoesNotExist {
    return errorsFor(this).DoesNotExist;
  }

  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    return errorsFor(this).MultipleObjectsReturned;
  }

  /**
   * A manager: a QuerySet over all rows that never caches, so every use runs afresh. Pass a
   * QuerySet subclass to add chainable methods (Django's `Manager.from_queryset()`), and/or a
   * `scope` to give the manager a default filter or ordering (Django's `get_queryset()` override).
   *
   * @example static objects = this.manager(AuthorQuerySet);
   * @example static adults = this.manager((qs) => qs.filter({ age__gte: 18 }));
   */
  static manager<C extends ModelClass>(this: C, scope?: (qs: QuerySet<C>) => QuerySet<C>): QuerySet<C>;
  static manager<C extends ModelClass, Q extends QuerySet<C>>(this: C, querySetClass: QuerySetClass<C, Q>, scope?: (qs: Q) => Q): Q;
  static manager<C extends ModelClass>(
    this: C,
    first?: QuerySetClass<C, QuerySet<C>> | ((qs: QuerySet<C>) => QuerySet<C>),
    second?: (qs: QuerySet<C>) => QuerySet<C>,
  ): QuerySet<C> {
    const meta = this._meta;
    if (meta.abstract) {
      throw new ImproperlyConfigured(
        `${meta.name} is abstract (meta.abstract: true) and has no table, so it cannot have a manager; declare static objects = this.manager() on each concrete subclass`,
      );
    }
    const isClass = first === QuerySet || (typeof first === 'function' && first.prototype instanceof QuerySet);
    const Ctor = (isClass ? first : QuerySet) as QuerySetClass<C, QuerySet<C>>;
    const scope = isClass ? second : (first as ((qs: QuerySet<C>) => QuerySet<C>) | undefined);
    const build = () => {
      const base = new Ctor(this);
      const built = scope ? scope(base) : base;
      if (!(built instanceof Ctor)) throw new ImproperlyConfigured(`${meta.name}.manager(): the scope function must return a QuerySet derived from its argument`);
      return built;
    };
    // Above a `static meta` (or with none yet), the meta may still come: the state waits for the
    // first use. (Measured: 50,000 filter().orderBy().toSQL() calls take the same time either way.)
    const waits = !Object.prototype.hasOwnProperty.call(this, 'meta');
    const manager = waits ? deferState(new Ctor(this), this, () => build().state) : build();
    Object.defineProperty(manager, 'cachesResults', { value: false });
    return manager;
  }

  constructor(values: Record<string, unknown> = {}) {
    const model = this.constructor as typeof Model;
    const meta = model._meta;
    if (meta.abstract) throw new ImproperlyConfigured(`${meta.name} is abstract and cannot be instantiated`);
    if (!isPlainObject(values)) throw argumentError(`new ${meta.name}(): values`, 'an object of field values', values);
    if (preInit.hasListeners(model)) preInit.sendSync(model as unknown as ModelClass, { args: values });
    this[STATE] = new InstanceState(true, null);
    const self = this as unknown as Record<string, unknown>;
    initialiserOf(meta)(self, meta.fields);
    for (const key of Object.keys(values)) {
      const field = key === 'pk' ? meta.pk : meta.maybeField(key);
      if (!field) throw new FieldError(`${meta.name} has no field named '${key}'.${choicesHint(key, meta.fieldNames())}`);
      // `author: ann` goes through the relation's setter; `authorId`, `pk` and plain fields are stored.
      self[key === 'pk' ? field.attname : key] = values[key];
    }
    if (postInit.hasListeners(model)) postInit.sendSync(model as unknown as ModelClass, { instance: this });
  }

  /**
   * Writes the instance: with a primary key set, an UPDATE (an INSERT if no row matched); without
   * one, an INSERT that sets the key. `updateFields` writes only those columns. Does not validate:
   * call `fullClean()` first.
   */
  save(options: SaveOptions = {}): Promise<void> {
    return attempt(() => {
      checkInstanceOptions(this, 'save', options, { names: 'updateFields' });
      return saveInstance(this, options);
    });
  }

  /** DELETEs this row and returns the count; the instance keeps its other values, its key becomes null. */
  async delete(options: { using?: string } = {}): Promise<number> {
    checkInstanceOptions(this, 'delete', options, { known: ['using'] });
    return deleteInstance(this, options);
  }

  /** Reloads the fields (all, or the named ones) from the database. */
  async refreshFromDb(options: { fields?: readonly string[]; using?: string } = {}): Promise<void> {
    checkInstanceOptions(this, 'refreshFromDb', options, { known: ['fields', 'using'], names: 'fields' });
    await reloadInstance(this, options);
  }

  /**
   * Validates every field (type, length, choices, validators), then `clean()`, then uniqueness
   * (`unique` fields and `meta.uniqueTogether`, against the database); raises one
   * `ValidationError` whose `errors` maps each field (or `__all__`) to its messages.
   */
  async fullClean(options: { exclude?: readonly string[]; validateUnique?: boolean } = {}): Promise<void> {
    const errors = await validateInstance(this, options, () => this.clean());
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }

  /**
   * Cross-field checks, called by `fullClean()` after the field checks: override it and throw a
   * `ValidationError` (a string goes under `__all__`).
   *
   * @example override clean() { if (this.end < this.start) throw new ValidationError({ end: ['Ends before it starts.'] }); }
   */
  clean(): void | Promise<void> {}

  /**
   * Loads a relation that was not selected or prefetched, and caches it on the instance:
   * `const author = await book.related('author')`; afterwards `book.author` needs no query.
   */
  async related<M extends Model, K extends RelationNameOf<M>>(this: M, name: K): Promise<LoadedRelation<M, K>> {
    if (typeof name !== 'string') throw argumentError(`${this.constructor.name}.related(): name`, "a relation name (a string such as 'author')", name);
    return (await loadRelated(this, name)) as LoadedRelation<M, K>;
  }

  /**
   * The field values as a plain object (for `JSON.stringify`). A bigint (`BigIntegerField({ bigint: true })`)
   * becomes its decimal string, as DecimalField values are: JSON has no bigint, and a number would lose digits.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const self = this as unknown as Record<string, unknown>;
    for (const field of (this.constructor as typeof Model)._meta.fields) {
      if (!(field.attname in self)) continue;
      const value = self[field.attname];
      out[field.attname] = typeof value === 'bigint' ? value.toString() : value;
    }
    return out;
  }

  /** True until the instance has been saved or loaded from the database. */
  get isAdding(): boolean {
    return stateOf(this).adding;
  }
}

// `pk` is defined on the prototype, not declared on the class, so each model's FieldValues can
// give it the primary key's own type through declaration merging.
Object.defineProperty(Model.prototype, 'pk', {
  get(this: Model): unknown {
    return (this as unknown as Record<string, unknown>)[(this.constructor as typeof Model)._meta.pk.attname];
  },
  set(this: Model, value: unknown) {
    (this as unknown as Record<string, unknown>)[(this.constructor as typeof Model)._meta.pk.attname] = value;
  },
  enumerable: false,
});

type Initialiser = (instance: Record<string, unknown>, fields: readonly Field[]) => void;
const initialisers = new WeakMap<ModelOptions, Initialiser>();

/**
 * Sets every field's initial value (null for an auto key, else its default or null), generated
 * once per model as a run of plain property stores: bulkCreate() builds thousands of instances,
 * and keyed stores through the field list cost most of a constructor. Names enter the source only
 * as JSON string literals.
 */
function initialiserOf(meta: ModelOptions): Initialiser {
  let initialise = initialisers.get(meta);
  if (!initialise) {
    const stores = meta.fields.map((field, i) => `o[${JSON.stringify(field.attname)}] = ${field.isAuto ? 'null' : `f[${i}].getDefault() ?? null`};`);
    initialise = new Function('o', 'f', stores.join('\n')) as Initialiser;
    initialisers.set(meta, initialise);
  }
  return initialise;
}

/**
 * The options object of `save()`, `delete()`, `refreshFromDb()`: its shape, `using` a string and
 * the list of field names (`updateFields`, `fields`) an array of strings. Unknown names are the
 * persistence layer's to report (with the choices).
 */
function checkInstanceOptions(instance: Model, method: string, options: unknown, rules: { known?: readonly string[]; names?: string }): void {
  const where = `${instance.constructor.name}.${method}()`;
  if (rules.known) checkOptions(options, `${where} options`, rules.known);
  else if (!isPlainObject(options)) throw argumentError(`${where} options`, 'an options object', options);
  const { using } = options as { using?: unknown };
  if (using !== undefined && typeof using !== 'string') throw argumentError(`${where}: using`, "a connection alias (a string such as 'default')", using);
  const names = rules.names === undefined ? undefined : (options as Record<string, unknown>)[rules.names];
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))) {
    throw argumentError(`${where}: ${rules.names}`, "an array of field names (['title'])", names);
  }
}

/**
 * A `static meta` declared below `static objects = this.manager()` is assigned after the manager
 * built the metadata (static initializers run in order). Its options are adopted into the same
 * metadata object, which the manager's queries, the registry and the relations already hold, so
 * the declaration order does not matter, as in Django. The options are checked as on a first
 * build (an unknown name in `ordering` raises `FieldError`), before anything changes; a failure
 * leaves the model failing on every use.
 */
function adoptLateMeta(model: ModelClass, meta: ModelOptions): void {
  const fresh = new ModelOptions(model as unknown as ModelClassLike, abstractParents(model)); // binds copies of the fields only
  if (fresh.abstract) {
    throw new ImproperlyConfigured(`${model.name} is abstract (meta.abstract: true) and has no table, so it cannot have a manager; declare static objects = this.manager() on each concrete subclass`);
  }
  meta.adoptMeta(fresh);
  registerModel(model, meta);
  retableJoinModels(meta);
}

/**
 * A manager declared above `static meta` is made before the meta is assigned (static initializers
 * run in order). Its state is built on first use, after the model's `_meta` has adopted such a
 * meta (or raised), since a scope's filters name the table. Until the class body has surely ended
 * (a microtask later) each use checks the meta again; then the state is a plain property.
 */
function deferState<Q extends QuerySet<ModelClass>>(manager: Q, model: ModelClass, build: () => QueryState): Q {
  let state: QueryState | undefined;
  let settled = false;
  queueMicrotask(() => {
    settled = true;
  });
  Object.defineProperty(manager, 'state', {
    configurable: true,
    enumerable: true,
    get(this: Q) {
      void model._meta;
      state ??= build();
      if (settled) Object.defineProperty(this, 'state', { value: state, writable: false, configurable: false, enumerable: true });
      return state;
    },
  });
  return manager;
}

function abstractParents(model: object): ModelClassLike[] {
  const parents: ModelClassLike[] = [];
  for (let parent = Object.getPrototypeOf(model); parent && parent !== Model; parent = Object.getPrototypeOf(parent)) {
    const like = parent as ModelClassLike;
    if (!Object.prototype.hasOwnProperty.call(like, 'meta') || like.meta?.abstract !== true) {
      throw new ImproperlyConfigured(
        `${(model as { name: string }).name} extends ${like.name}, which is not abstract; multi-table inheritance is not supported (add meta: { abstract: true } to ${like.name})`,
      );
    }
    parents.push(like);
  }
  return parents;
}

function errorsFor(model: { name: string }) {
  let classes = errorClasses.get(model);
  if (!classes) {
    const DoesNotExist = class extends ObjectDoesNotExist {};
    const Multiple = class extends MultipleObjectsReturned {};
    Object.defineProperty(DoesNotExist, 'name', { value: `${model.name}.DoesNotExist` });
    Object.defineProperty(Multiple, 'name', { value: `${model.name}.MultipleObjectsReturned` });
    classes = { DoesNotExist, MultipleObjectsReturned: Multiple };
    errorClasses.set(model, classes);
  }
  return classes;
}

export type { Field };
