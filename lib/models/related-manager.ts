import { atomic, database, DEFAULT_ALIAS, inAtomicBlock, routeWrite, type Database } from '../connection/index.js';
import { WrenError } from '../errors.js';
import { forgetRelation, STATE, stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { QueryState } from '../query/state.js';
import type { FilterInput } from '../query/types.js';
import type { BulkCreateOptions } from '../query/queryset.js';
import type { CreateInput, DefaultsInput, FieldName, ModelClass, UpdateInput } from './types.js';
import { lowerFirst } from '../util/naming.js';

export type Row = Record<string, unknown>;
export type Instance<C extends ModelClass> = InstanceType<C>;

/**
 * What every related manager shares: the owner it is bound to (kept through chaining), the
 * prefetched rows, which `all()` serves without a query, and forgetting them on every write.
 */
export abstract class RelatedManager<C extends ModelClass, B extends Binding> extends QuerySet<C> {
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
export interface Binding {
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

/** `add(a, b, { bulk: false })`: a trailing plain object is the options. */
export function splitOptions<T, O>(args: readonly unknown[]): [T[], O] {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && Object.getPrototypeOf(last) === Object.prototype) {
    return [args.slice(0, -1) as T[], last as O];
  }
  return [args as T[], {} as O];
}

export function inTransaction<T>(alias: string, fn: () => Promise<T>): Promise<T> {
  return inAtomicBlock(alias) ? fn() : atomic(fn, { using: alias });
}

export function isInstance(value: unknown): value is object {
  return typeof value === 'object' && value !== null && STATE in value;
}

