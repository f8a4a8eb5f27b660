import { WrenError } from '../errors.js';
import type { ForeignKey } from '../fields/index.js';
import { stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { FilterInput } from '../query/types.js';
import type { BulkOptions } from './relation-types.js';
import type { CreateInput, DefaultsInput, ModelClass } from './types.js';
import { describeValue } from '../util/arguments.js';
import { RelatedManager, inTransaction, splitOptions, type Binding, type Instance, type Row } from './related-manager.js';
import { sameKey } from '../util/map-key.js';
import { mapKey } from '../util/map-key.js';

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
      const wanted = new Set(objects.map((o) => mapKey((o as Row)[pk])));
      const current = (await this.plainRelated()) as Instance<C>[];
      const currentKeys = new Set(current.map((o) => mapKey((o as Row)[pk])));
      const stale = current.filter((o) => !wanted.has(mapKey((o as Row)[pk])));
      if (stale.length) await this.remove(...stale, bulk);
      await this.add(...objects.filter((o) => !currentKeys.has(mapKey((o as Row)[pk]))), bulk);
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
