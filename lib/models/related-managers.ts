import { atomic, database, DEFAULT_ALIAS, inAtomicBlock, routeWrite, type Database } from '../connection/index.js';
import { WrenError } from '../errors.js';
import type { ForeignKey } from '../fields/index.js';
import { forgetRelation, STATE, stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { QueryState } from '../query/state.js';
import type { FilterInput } from '../query/types.js';
import type { BulkCreateOptions } from '../query/queryset.js';
import type { BulkOptions, ThroughOptions } from './relation-types.js';
import type { CreateInput, DefaultsInput, FieldName, ModelClass, UpdateInput } from './types.js';
import { describeValue } from '../util/arguments.js';
import { lowerFirst } from '../util/naming.js';
import { m2mChanged } from '../signals/builtin.js';
import type { Model } from './model.js';

type Row = Record<string, unknown>;
type Instance<C extends ModelClass> = InstanceType<C>;

/**
 * What every related manager shares: the owner it is bound to (kept through chaining), the
 * prefetched rows, which `all()` serves without a query, and forgetting them on every write.
 */
abstract class RelatedManager<C extends ModelClass, B extends Binding> extends QuerySet<C> {
  /** @internal */
  binding!: B;
  /** @internal Set by the accessor when the relation was prefetched. */
  prefetched: readonly Instance<C>[] | undefined;
  /**
   * Set on a copy whose chained calls narrowed the rows (`filter()`, `slice()` ...; see
   * `narrowsRows`). Its add/remove/clear/set would still act on the whole relation, so they
   * refuse: in Django `manager.filter()` is a plain QuerySet without them.
   */
  private narrowed = false;

  protected override clone<R2 = Instance<C>>(patch: Partial<QueryState>): QuerySet<C, R2> & this {
    const copy = super.clone<R2>(patch);
    copy.binding = this.binding;
    copy.narrowed = this.narrowed || narrowsRows(patch);
    return copy;
  }

  /**
   * Reads follow the owner's database (the accessor pins it), but writes go where the routers send
   * this model's writes for the owner (Django's `db_for_write(model, instance=owner)`): an owner
   * read from a replica must not write to it. A `using()` naming another database wins.
   * @internal
   */
  override get writeDb(): Database {
    const ownerDb = stateOf(this.binding.owner).db;
    if (this.state.alias !== null && this.state.alias !== ownerDb) return super.writeDb;
    return database(routeWrite(this.model, { instance: this.binding.owner }, ownerDb ?? DEFAULT_ALIAS));
  }

  override all(): this {
    return this.prefetched ? this.withResults(this.prefetched) : super.all();
  }

  // Every write may change which rows are related, or what they hold: the prefetched list goes.

  override async create(values: CreateInput<C>): Promise<Instance<C>> {
    this.forgetPrefetched();
    return super.create(values);
  }

  override async getOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}): Promise<[Instance<C>, boolean]> {
    this.forgetPrefetched();
    return super.getOrCreate(lookup, defaults);
  }

  override async updateOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}, createDefaults?: DefaultsInput<C>): Promise<[Instance<C>, boolean]> {
    this.forgetPrefetched();
    return super.updateOrCreate(lookup, defaults, createDefaults);
  }

  override async bulkCreate(objects: readonly (Instance<C> | CreateInput<C>)[], options: BulkCreateOptions<C> = {}): Promise<Instance<C>[]> {
    this.forgetPrefetched();
    return super.bulkCreate(objects, options);
  }

  override async bulkUpdate(objects: readonly Instance<C>[], fields: readonly FieldName<C>[], options: { batchSize?: number } = {}): Promise<number> {
    this.forgetPrefetched();
    return super.bulkUpdate(objects, fields, options);
  }

  override async update(values: UpdateInput<C>): Promise<number> {
    this.forgetPrefetched();
    return super.update(values);
  }

  override async delete(): Promise<number> {
    this.forgetPrefetched();
    return super.delete();
  }

  /** Drops the owner's prefetched rows (and this manager's copy), as Django does on writes. */
  protected forgetPrefetched(): void {
    forgetRelation(this.binding.owner, this.binding.accessor);
    this.prefetched = undefined;
  }

  /** add/remove/clear/set act on the owner's whole relation, which a narrowed copy does not stand for. */
  protected refuseIfNarrowed(method: string): void {
    if (!this.narrowed) return;
    const { owner, name, accessor } = this.binding;
    const manager = `${lowerFirst(owner.constructor.name)}.${accessor}`;
    throw new WrenError(`${name}: ${method}() acts on the whole relation, not on a filtered QuerySet of it; call it on ${manager}`);
  }
}

/** What binds a manager to its owner; each kind adds what its writes need. */
interface Binding {
  readonly owner: Row;
  /** For messages: `Author.books`. */
  readonly name: string;
  /** The owner's attribute (`books`), under which a prefetch caches the rows. */
  readonly accessor: string;
}

/**
 * The parts of the query state whose change narrows which rows a manager stands for: filters,
 * slices, `none()`, `distinct()` and set operations. Ordering, `using()`, `selectRelated()`,
 * `prefetchRelated()`, `only()`/`defer()`, annotations and `values()` change how the same rows
 * are read, so a manager chained through them keeps its writes.
 */
const NARROWING_STATE: readonly (keyof QueryState)[] = ['where', 'low', 'high', 'empty', 'distinct', 'combined'];

function narrowsRows(patch: Partial<QueryState>): boolean {
  return NARROWING_STATE.some((key) => key in patch);
}

/**
 * `author.books`: the QuerySet of the books pointing at `author` (every QuerySet method works),
 * plus Django's related-manager writes. `remove()` and `clear()` set the key to NULL, so they
 * exist only for a `null: true` ForeignKey. When `books` was prefetched, `all()` (and awaiting the
 * manager) returns the prefetched rows without a query.
 */
export class ReverseForeignKeyManager<C extends ModelClass> extends RelatedManager<C, Binding & { readonly field: ForeignKey }> {

  private get key(): unknown {
    return this.binding.owner[this.binding.field.targetField.attname];
  }

  /** Creates a related object with its key pointing at the owner. */
  override async create(values: CreateInput<C>): Promise<Instance<C>> {
    return super.create({ ...values, [this.binding.field.name]: this.binding.owner } as CreateInput<C>);
  }

  override async getOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}): Promise<[Instance<C>, boolean]> {
    return super.getOrCreate(lookup, { ...defaults, [this.binding.field.name]: this.binding.owner } as DefaultsInput<C>);
  }

  override async updateOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}, createDefaults?: DefaultsInput<C>): Promise<[Instance<C>, boolean]> {
    const owned = (values: DefaultsInput<C>) => ({ ...values, [this.binding.field.name]: this.binding.owner }) as DefaultsInput<C>;
    return super.updateOrCreate(lookup, owned(defaults), createDefaults && owned(createDefaults));
  }

  /** Points saved objects at the owner: one UPDATE (or, with `{ bulk: false }`, a `save()` each). */
  async add(...args: (Instance<C> | BulkOptions)[]): Promise<void> {
    this.refuseIfNarrowed('add');
    const [objects, options] = splitOptions<Instance<C>, BulkOptions>(args);
    const { field, owner } = this.binding;
    for (const object of objects) this.checkInstance(object, 'add');
    this.forgetPrefetched();
    if (options.bulk === false) {
      await inTransaction(this.writeDb.alias, async () => {
        for (const object of objects) {
          (object as Row)[field.name] = owner;
          await (object as unknown as { save(): Promise<void> }).save();
        }
      });
      return;
    }
    const pk = this.model._meta.pk.attname;
    for (const object of objects) {
      if ((object as Row)[pk] == null || stateOf(object).adding) {
        throw new WrenError(`${this.model.name} instance isn't saved. Use add(obj, { bulk: false }) or save the object first.`);
      }
    }
    if (objects.length) await this.plain().filter({ pk__in: objects.map((o) => (o as Row)[pk]) } as never).update({ [field.attname]: this.key } as never);
    for (const object of objects) (object as Row)[field.name] = owner;
  }

  /** Unlinks objects (their key becomes NULL); only for a nullable ForeignKey. */
  async remove(...args: (Instance<C> | BulkOptions)[]): Promise<void> {
    this.refuseIfNarrowed('remove');
    const [objects, options] = splitOptions<Instance<C>, BulkOptions>(args);
    const { field, owner } = this.binding;
    this.checkNullable('remove');
    for (const object of objects) {
      this.checkInstance(object, 'remove');
      if (!sameKey((object as Row)[field.attname], this.key)) {
        const ownerModel = owner.constructor as ModelClass;
        throw new ownerModel.DoesNotExist(`${this.model.name} ${String((object as Row).pk)} is not related to ${ownerModel.name} ${String(owner.pk)}.`);
      }
    }
    await this.unlink(this.plainRelated().filter({ pk__in: objects.map((o) => (o as Row).pk) } as never), objects, options);
  }

  /** Unlinks every related object; only for a nullable ForeignKey. */
  async clear(options: BulkOptions = {}): Promise<void> {
    this.refuseIfNarrowed('clear');
    this.checkNullable('clear');
    await this.unlink(this.plainRelated(), null, options);
  }

  /**
   * Makes exactly these objects the related ones: unlinks the others (nullable keys only; for a
   * required key the others stay) and adds the missing. `{ clear: true }` clears first.
   */
  async set(objects: readonly Instance<C>[], options: BulkOptions & { readonly clear?: boolean } = {}): Promise<void> {
    this.refuseIfNarrowed('set');
    const bulk = { bulk: options.bulk ?? true };
    await inTransaction(this.writeDb.alias, async () => {
      if (!this.binding.field.null) return this.add(...objects, bulk);
      if (options.clear) {
        await this.clear(bulk);
        return this.add(...objects, bulk);
      }
      const pk = this.model._meta.pk.attname;
      const wanted = new Set(objects.map((o) => keyOf((o as Row)[pk])));
      const current = (await this.plainRelated()) as Instance<C>[];
      const currentKeys = new Set(current.map((o) => keyOf((o as Row)[pk])));
      const stale = current.filter((o) => !wanted.has(keyOf((o as Row)[pk])));
      if (stale.length) await this.remove(...stale, bulk);
      await this.add(...objects.filter((o) => !currentKeys.has(keyOf((o as Row)[pk]))), bulk);
    });
  }

  private async unlink(rows: QuerySet<C>, objects: readonly Instance<C>[] | null, options: BulkOptions): Promise<void> {
    const { field } = this.binding;
    this.forgetPrefetched();
    if (options.bulk === false) {
      await inTransaction(this.writeDb.alias, async () => {
        for (const object of objects ?? ((await rows) as Instance<C>[])) {
          (object as Row)[field.name] = null;
          await (object as unknown as { save(options: object): Promise<void> }).save({ updateFields: [field.name] });
        }
      });
    } else {
      await rows.update({ [field.attname]: null } as never);
    }
    for (const object of objects ?? []) (object as Row)[field.name] = null;
  }

  private checkInstance(object: unknown, what: string): void {
    if (!(object instanceof this.model)) {
      throw new WrenError(`${this.binding.name}.${what}() takes ${this.model.name} instances, got ${describeValue(object)}`);
    }
  }

  private checkNullable(what: string): void {
    const { field } = this.binding;
    if (!field.null) {
      throw new WrenError(
        `${this.binding.name}.${what}() would set ${this.model.name}.${field.name} to NULL, but it is not null: true; delete the objects instead, or point them at another ${field.relatedModel.name}`,
      );
    }
  }

  /** The related rows as a plain QuerySet (not the prefetch cache, no manager methods). */
  private plainRelated(): QuerySet<C> {
    return this.plain().filter({ [this.binding.field.name]: this.key } as never);
  }

  private plain(): QuerySet<C> {
    return new QuerySet(this.model).using(this.writeDb.alias);
  }
}

/**
 * `book.tags` and, from the other side, `tag.books`: the QuerySet of the linked objects, plus the
 * join-row writes. Objects are given as instances or primary keys; `throughDefaults` fills the
 * extra columns of a custom `through` model's rows.
 */
export class ManyRelatedManager<C extends ModelClass> extends RelatedManager<C, ManyBinding> {

  /** Creates an object and links it, in one transaction. */
  override async create(values: CreateInput<C>, options: ThroughOptions = {}): Promise<Instance<C>> {
    return inTransaction(this.writeDb.alias, async () => {
      const created = await new QuerySet(this.model).using(this.writeDb.alias).create(values);
      await this.link([created], options);
      return created;
    });
  }

  /** Finds a linked object, or creates one and links it (with `throughDefaults`), in one transaction. */
  override async getOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}, options: ThroughOptions = {}): Promise<[Instance<C>, boolean]> {
    return this.linkingCreated(options, () => super.getOrCreate(lookup, defaults));
  }

  /**
   * Updates a linked object, or creates one and links it, as Django's: an object that exists but
   * is not linked to the owner is not found (the lookup reads the linked ones), so it is created.
   */
  override async updateOrCreate(lookup: FilterInput<C>, defaults: DefaultsInput<C> = {}, createDefaults?: DefaultsInput<C>, options: ThroughOptions = {}): Promise<[Instance<C>, boolean]> {
    return this.linkingCreated(options, () => super.updateOrCreate(lookup, defaults, createDefaults));
  }

  private linkingCreated(options: ThroughOptions, findOrCreate: () => Promise<[Instance<C>, boolean]>): Promise<[Instance<C>, boolean]> {
    return inTransaction(this.writeDb.alias, async () => {
      const [object, created] = await findOrCreate();
      if (created) await this.link([object], options);
      return [object, created];
    });
  }

  /** Links objects (instances or keys); links that exist already are left alone. */
  async add(...args: unknown[]): Promise<void> {
    this.refuseIfNarrowed('add');
    const [objects, options] = splitOptions<unknown, ThroughOptions>(args);
    await this.link(objects, options);
  }

  /** Unlinks objects (instances or keys): deletes their join rows, never the objects. */
  async remove(...objects: unknown[]): Promise<void> {
    this.refuseIfNarrowed('remove');
    await this.unlink(objects, 'remove');
  }

  /** Unlinks every object. */
  async clear(): Promise<void> {
    this.refuseIfNarrowed('clear');
    await this.unlinkAll();
  }

  /** Makes exactly these the linked objects, adding and removing join rows as needed (`{ clear: true }` clears first). */
  async set(objects: readonly unknown[], options: ThroughOptions & { readonly clear?: boolean } = {}): Promise<void> {
    this.refuseIfNarrowed('set');
    const through = { throughDefaults: options.throughDefaults };
    await inTransaction(this.writeDb.alias, async () => {
      if (options.clear) {
        await this.unlinkAll();
        return this.link(objects, through);
      }
      const ids = this.targetIds(objects, 'set');
      const wanted = new Set(ids.map(keyOf));
      const current = (await this.joinRows().valuesList(this.binding.targetKey.name as never, { flat: true })) as unknown[];
      const currentKeys = new Set(current.map(keyOf));
      const stale = current.filter((id) => !wanted.has(keyOf(id)));
      if (stale.length) await this.unlink(stale, 'set');
      await this.link(ids.filter((id) => !currentKeys.has(keyOf(id))), through);
    });
  }

  // The writes behind add/remove/clear/set. create() and getOrCreate() link through them directly:
  // they link only the object they made, so they work on a filtered manager too.

  private async link(objects: readonly unknown[], options: ThroughOptions): Promise<void> {
    const ids = this.targetIds(objects, 'add');
    if (ids.length === 0) return;
    const { sourceKey, targetKey } = this.binding;
    const owner = this.ownerKey();
    this.forgetPrefetched();
    await inTransaction(this.writeDb.alias, async () => {
      const linked = new Set((await this.joinRows().filter({ [`${targetKey.attname}__in`]: ids } as never).valuesList(targetKey.name as never, { flat: true })).map(keyOf));
      const missing = ids.filter((id) => !linked.has(keyOf(id)));
      // As in Django, a function in throughDefaults is called for each new row.
      const defaults = Object.entries(options.throughDefaults ?? {});
      const rows = missing.map((id) => ({ ...Object.fromEntries(defaults.map(([k, v]) => [k, typeof v === 'function' ? (v as () => unknown)() : v])), [sourceKey.attname]: owner, [targetKey.attname]: id }));
      await this.changing('add', new Set(missing), async () => {
        if (rows.length) await new QuerySet(this.binding.through).using(this.writeDb.alias).bulkCreate(rows as never);
      });
    });
  }

  private async unlink(objects: readonly unknown[], what: string): Promise<void> {
    const ids = this.targetIds(objects, what);
    if (ids.length === 0) return;
    this.forgetPrefetched();
    await this.changing('remove', new Set(ids), async () => {
      await this.joinRows().filter({ [`${this.binding.targetKey.attname}__in`]: ids } as never).delete();
    });
  }

  private async unlinkAll(): Promise<void> {
    this.ownerKey();
    this.forgetPrefetched();
    await this.changing('clear', null, async () => {
      await this.joinRows().delete();
    });
  }

  /**
   * Runs a join-row write between `m2mChanged`'s pre_ and post_ sends (Django's order), in one
   * transaction so a failing receiver undoes the write; without receivers, just the write.
   */
  private async changing(change: 'add' | 'remove' | 'clear', pkSet: ReadonlySet<unknown> | null, write: () => Promise<void>): Promise<void> {
    const { through, owner, reverse } = this.binding;
    if (!m2mChanged.hasListeners(through)) return write();
    const using = this.writeDb.alias;
    const send = (action: `${'pre' | 'post'}_${typeof change}`) => m2mChanged.send(through, { action, instance: owner as unknown as Model, reverse, model: this.model, pkSet, using });
    await inTransaction(using, async () => {
      await send(`pre_${change}`);
      await write();
      await send(`post_${change}`);
    });
  }

  /** The owner's join rows. */
  private joinRows(): QuerySet<ModelClass> {
    return new QuerySet(this.binding.through).using(this.writeDb.alias).filter({ [this.binding.sourceKey.attname]: this.ownerKey() } as never);
  }

  private ownerKey(): unknown {
    const { owner, sourceKey, name } = this.binding;
    const key = owner[sourceKey.targetField.attname];
    if (key === null || key === undefined) {
      throw new WrenError(`${owner.constructor.name} needs a value for ${sourceKey.targetField.name} before its ${name} relation can be used; save it first`);
    }
    return key;
  }

  /** The keys the join rows hold for these instances or raw keys, without duplicates. */
  private targetIds(objects: readonly unknown[], what: string): unknown[] {
    const target = this.binding.targetKey.targetField;
    const ids = new Map<unknown, unknown>();
    for (const object of objects) {
      let id: unknown;
      if (isInstance(object)) {
        if (!(object instanceof this.model)) throw new WrenError(`${this.binding.name}.${what}() takes ${this.model.name} instances or keys, got ${describeValue(object)}`);
        id = (object as Row)[target.attname];
        if (id === null || id === undefined) throw new WrenError(`${this.binding.name}.${what}(): the ${this.model.name} instance has no ${target.name}; save it first`);
      } else {
        id = target.toLookupValue(object);
      }
      ids.set(keyOf(id), id);
    }
    return [...ids.values()];
  }
}

interface ManyBinding extends Binding {
  readonly through: ModelClass;
  /** The join model's key pointing at the owner's model. */
  readonly sourceKey: ForeignKey;
  /** The join model's key pointing at the manager's model. */
  readonly targetKey: ForeignKey;
  /** True for the side that does not declare the field (`tag.books`): m2mChanged's `reverse`. */
  readonly reverse: boolean;
}

// ---- helpers ----

/** `add(a, b, { bulk: false })`: a trailing plain object is the options. */
function splitOptions<T, O>(args: readonly unknown[]): [T[], O] {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && Object.getPrototypeOf(last) === Object.prototype) {
    return [args.slice(0, -1) as T[], last as O];
  }
  return [args as T[], {} as O];
}

function inTransaction<T>(alias: string, fn: () => Promise<T>): Promise<T> {
  return inAtomicBlock(alias) ? fn() : atomic(fn, { using: alias });
}

function isInstance(value: unknown): value is object {
  return typeof value === 'object' && value !== null && STATE in value;
}

/** Keys compared as map keys: bigints and dates are not `===`. */
function keyOf(value: unknown): unknown {
  return typeof value === 'object' || typeof value === 'bigint' ? String(value) : value;
}

function sameKey(a: unknown, b: unknown): boolean {
  return keyOf(a) === keyOf(b);
}

