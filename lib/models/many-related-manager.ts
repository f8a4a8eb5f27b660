import { WrenError } from '../errors.js';
import type { ForeignKey } from '../fields/index.js';
import { Q } from '../query/q.js';
import { QuerySet } from '../query/queryset.js';
import type { FilterInput } from '../query/types.js';
import type { ThroughOptions } from './relation-types.js';
import type { CreateInput, DefaultsInput, ModelClass } from './types.js';
import { describeValue } from '../util/arguments.js';
import { m2mChanged } from '../signals/builtin.js';
import type { Model } from './model.js';
import { RelatedManager, inTransaction, isInstance, splitOptions, type Binding, type Instance, type Row } from './related-manager.js';
import { mapKey } from '../util/map-key.js';

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
      const wanted = new Set(ids.map(mapKey));
      const current = (await this.joinRows().valuesList(this.binding.targetKey.name as never, { flat: true })) as unknown[];
      const currentKeys = new Set(current.map(mapKey));
      const stale = current.filter((id) => !wanted.has(mapKey(id)));
      if (stale.length) await this.unlink(stale, 'set');
      await this.link(ids.filter((id) => !currentKeys.has(mapKey(id))), through);
    });
  }

  // The writes behind add/remove/clear/set. create() and getOrCreate() link through them directly:
  // they link only the object they made, so they work on a filtered manager too.

  /**
   * Inserts the missing join rows. A symmetrical relation's mirror rows go in the same transaction
   * and, as in Django, m2mChanged reports only the owner's side; unlike Django (which inserts the
   * mirrors after post_add), they are written before post_add, so its receivers see both ways.
   */
  private async link(objects: readonly unknown[], options: ThroughOptions): Promise<void> {
    const ids = this.targetIds(objects, 'add');
    if (ids.length === 0) return;
    const owner = this.ownerKey();
    this.forgetPrefetched();
    await inTransaction(this.writeDb.alias, async () => {
      const { forward, mirror } = this.directions();
      const missing = await this.missingLinks(forward, owner, ids);
      await this.changing('add', new Set(missing), async () => {
        await this.insertLinks(forward, owner, missing, options);
        // Read after the forward rows are in: `a.friends.add(a)` needs no second (a, a) row.
        if (mirror) await this.insertLinks(mirror, owner, await this.missingLinks(mirror, owner, ids), options);
      });
    });
  }

  /** The ids not yet linked from the owner in this direction. */
  private async missingLinks(direction: LinkDirection, owner: unknown, ids: readonly unknown[]): Promise<unknown[]> {
    const { from, to } = direction;
    const rows = this.throughRows().filter({ [from.attname]: owner, [`${to.attname}__in`]: ids } as never);
    const linked = new Set(((await rows.valuesList(to.name as never, { flat: true })) as unknown[]).map(mapKey));
    return ids.filter((id) => !linked.has(mapKey(id)));
  }

  private async insertLinks(direction: LinkDirection, owner: unknown, ids: readonly unknown[], options: ThroughOptions): Promise<void> {
    if (ids.length === 0) return;
    // As in Django, a function in throughDefaults is called for each new row.
    const defaults = Object.entries(options.throughDefaults ?? {});
    const valuesOf = () => Object.fromEntries(defaults.map(([k, v]) => [k, typeof v === 'function' ? (v as () => unknown)() : v]));
    const rows = ids.map((id) => ({ ...valuesOf(), [direction.from.attname]: owner, [direction.to.attname]: id }));
    await this.throughRows().bulkCreate(rows as never);
  }

  private async unlink(objects: readonly unknown[], what: string): Promise<void> {
    const ids = this.targetIds(objects, what);
    if (ids.length === 0) return;
    this.forgetPrefetched();
    await this.changing('remove', new Set(ids), async () => {
      await this.linkRows(ids).delete();
    });
  }

  private async unlinkAll(): Promise<void> {
    this.ownerKey();
    this.forgetPrefetched();
    await this.changing('clear', null, async () => {
      await this.linkRows(null).delete();
    });
  }

  /**
   * The owner's join rows to `ids` (to anything with null) and, for a symmetrical relation, their
   * mirrors, in one condition so one DELETE removes both ways (Django's `_build_remove_filters`).
   */
  private linkRows(ids: readonly unknown[] | null): QuerySet<ModelClass> {
    const owner = this.ownerKey();
    const { forward, mirror } = this.directions();
    const rowsOf = ({ from, to }: LinkDirection) => Q(ids ? { [from.attname]: owner, [`${to.attname}__in`]: ids } : { [from.attname]: owner });
    return this.throughRows().filter((mirror ? rowsOf(forward).or(rowsOf(mirror)) : rowsOf(forward)) as never);
  }

  /** The ways a link is stored: owner -> object, and for a symmetrical relation also object -> owner. */
  private directions(): { readonly forward: LinkDirection; readonly mirror?: LinkDirection } {
    const { sourceKey, targetKey, symmetrical } = this.binding;
    const forward = { from: sourceKey, to: targetKey };
    return symmetrical ? { forward, mirror: { from: targetKey, to: sourceKey } } : { forward };
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

  /** The owner's join rows (one way: a symmetrical relation's mirrors hold the same links). */
  private joinRows(): QuerySet<ModelClass> {
    return this.throughRows().filter({ [this.binding.sourceKey.attname]: this.ownerKey() } as never);
  }

  private throughRows(): QuerySet<ModelClass> {
    return new QuerySet(this.binding.through).using(this.writeDb.alias);
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
      ids.set(mapKey(id), id);
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
  /** Writes keep a mirror row (object -> owner) for each link: `ManyToManyField('self')`. */
  readonly symmetrical: boolean;
}

/** A join row's key to the side it starts from, and to the side it reaches. */
interface LinkDirection {
  readonly from: ForeignKey;
  readonly to: ForeignKey;
}
