import { atomic, inAtomicBlock } from '../connection/index.js';
import { ImproperlyConfigured, ProtectedError, RestrictedError, WrenError } from '../errors.js';
import { isForeignKey, type ForeignKey } from '../fields/index.js';
import { ownState } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import { rawDelete, setDeleteCollector } from '../query/queryset-writes.js';
import { patchState } from '../query/state.js';
import { resolveDatabase } from '../query/writes.js';
import { postDelete, preDelete, type DeleteOrigin } from '../signals/builtin.js';
import { isAutoCreated, relationsTo } from './relations.js';
import type { ModelClass } from './types.js';
import { deleteOrder, deletionWaves, listObjects, type KeyChecks } from './deletion-order.js';

type Row = Record<string, unknown>;
type AnyQuerySet = QuerySet<ModelClass, unknown>;

/** What a delete removed: the total, and the count per model name (Django's `(total, {label: n})`). */
export interface DeletionSummary {
  readonly total: number;
  readonly perModel: Readonly<Record<string, number>>;
}

/** One statement of a delete: a DELETE of the rows, or an UPDATE of them when `update` is set. */
interface Step {
  readonly rows: AnyQuerySet;
  readonly update?: Row;
}

interface Blocked {
  readonly field: ForeignKey;
  readonly model: ModelClass;
  readonly objects: readonly object[];
}

/** Keys per IN list: well inside every dialect's parameter limit, so a batch is one statement. */
const MAX_BATCH = 5000;

/**
 * Django's deletion collector: finds everything a delete reaches through `onDelete` rules, then
 * deletes it in dependency order inside one transaction. Wren does this itself (the tables carry
 * no ON DELETE actions), so CASCADE, PROTECT, RESTRICT, SET_NULL, SET_DEFAULT and DO_NOTHING
 * behave the same on every dialect. Related rows are found with one `fk IN (...)` query per
 * relation and batch, never one query per object.
 *
 * Use it directly to see what a delete would remove before running it:
 * @example const c = new Collector(); await c.collect(Author.objects.filter({ name: 'Ann' })); c.collected; await c.delete();
 */
export class Collector {
  readonly alias: string;
  /** What started the delete, passed to `preDelete` / `postDelete` receivers. */
  readonly origin: DeleteOrigin;
  /** Instances to delete per model, by primary key, in the order they were found. */
  private readonly data = new Map<ModelClass, Map<unknown, object>>();
  /** Rows deleted by their relation's condition without loading them (nothing depends on them). */
  private readonly fastDeletes: AnyQuerySet[] = [];
  private readonly fieldUpdates: { field: ForeignKey; value: unknown; rows: AnyQuerySet }[] = [];
  private readonly restricted: Blocked[] = [];
  /** model -> models whose rows must be deleted before its own (they point at it). */
  private readonly dependencies = new Map<ModelClass, Set<ModelClass>>();
  /**
   * Rows of a model pointing at itself as read while collecting, by key: they order its deletes.
   * A caller's instance may hold a stale parent key, so only these rows' keys are trusted.
   */
  private readonly stored = new Map<ModelClass, Map<unknown, object>>();

  constructor(options: { using?: string; origin?: DeleteOrigin } = {}) {
    this.alias = resolveDatabase(options.using).alias;
    this.origin = options.origin ?? null;
  }

  /** Instances to be deleted, per model name (the fast-deleted rows are not loaded, so not listed). */
  get collected(): ReadonlyMap<string, readonly object[]> {
    return new Map([...this.data].map(([model, rows]) => [model.name, [...rows.values()]]));
  }

  /**
   * Collects saved instances of one model, or every row of a QuerySet, with everything their
   * relations' `onDelete` rules reach. Raises `ProtectedError` / `RestrictedError` (naming the
   * blocking objects) before anything is deleted.
   */
  async collect(target: readonly object[] | AnyQuerySet): Promise<void> {
    if (target instanceof QuerySet) {
      const model = target.model;
      const rows = await this.load(new QuerySet(model, patchState(target.state, { selection: { kind: 'models' }, ordering: [] })).using(this.alias));
      await this.collectRows(model, rows, { source: null, fromDatabase: true });
    } else {
      const byModel = new Map<ModelClass, object[]>();
      for (const instance of target) {
        const model = instance.constructor as ModelClass;
        if ((instance as Row)[model._meta.pk.attname] == null) {
          throw new WrenError(`${model.name} object can't be deleted because its ${model._meta.pk.name} attribute is not set.`);
        }
        let list = byModel.get(model);
        if (!list) byModel.set(model, (list = []));
        list.push(instance);
      }
      for (const [model, rows] of byModel) await this.collectRows(model, rows, { source: null, fromDatabase: false });
    }
    await this.checkRestricted();
  }

  /**
   * Deletes what was collected, in one transaction; collected instances lose their primary key.
   * As Django's collector: `preDelete` for every collected instance first, then the statements,
   * and `postDelete` for each model's instances once its rows are gone.
   */
  async delete(): Promise<DeletionSummary> {
    const counts: Record<string, number> = {};
    const { first, byModel } = this.plan();
    const signalled = [...this.data.keys()].some(sendsDeleteSignals);
    const deleteRows = async (rows: AnyQuerySet) => {
      const n = await rawDelete(rows);
      if (n > 0) counts[rows.model.name] = (counts[rows.model.name] ?? 0) + n;
    };
    const run = async () => {
      if (signalled) await this.sendEach(preDelete, byModel.map(({ model }) => model));
      const runStep = ({ rows, update }: Step) => (update ? rows.update(update as never) : deleteRows(rows));
      for (const step of first) await runStep(step);
      for (const { model, steps } of byModel) {
        for (const step of steps) await runStep(step);
        if (signalled) await this.sendEach(postDelete, [model]);
      }
    };
    // A single statement needs no transaction (Django's fast path for one object without dependents),
    // unless receivers run: what they do must roll back with the delete.
    const statements = first.length + byModel.reduce((n, { steps }) => n + steps.length, 0);
    await (statements > 1 || signalled ? inTransaction(this.alias, run) : run());
    for (const [model, rows] of this.data) {
      for (const instance of rows.values()) {
        (instance as Row)[model._meta.pk.attname] = null;
        ownState(instance).adding = true;
      }
    }
    return { total: Object.values(counts).reduce((a, b) => a + b, 0), perModel: counts };
  }

  /** Sends a delete signal for each collected instance of these models (Django skips automatic join models). */
  private async sendEach(signal: typeof preDelete, models: readonly ModelClass[]): Promise<void> {
    for (const model of models) {
      if (!sendsDeleteSignals(model)) continue;
      for (const instance of this.data.get(model)!.values()) await signal.send(model, { instance, using: this.alias, origin: this.origin });
    }
  }

  /**
   * The statements to run, in order: fast deletes and key updates (SET_NULL ...) first, then the
   * deletes by key, per model in dependency order. Raises before any statement runs when rows
   * cannot be deleted in any order (see `deletionWaves`).
   */
  private plan(): { first: Step[]; byModel: { model: ModelClass; steps: Step[] }[] } {
    const first: Step[] = this.fastDeletes.map((rows) => ({ rows }));
    for (const { field, value, rows } of this.fieldUpdates) first.push({ rows, update: { [field.name]: value } });
    const dialect = resolveDatabase(this.alias).dialect;
    const checks: KeyChecks = { deferred: dialect.supportsDeferrableForeignKeys, database: dialect.displayName };
    const order = deleteOrder(this.data, this.dependencies, checks);
    for (const { model, keys } of order.unlink) {
      const update = Object.fromEntries(keys.map((key) => [key.name, null]));
      for (const batch of chunks([...this.data.get(model)!.keys()], MAX_BATCH)) first.push({ rows: this.byKeys(model, batch), update });
    }
    const byModel = order.models.map((model) => {
      const stored = this.stored.get(model);
      const rows = [...this.data.get(model)!.entries()].map(([key, instance]) => stored?.get(key) ?? instance);
      const steps: Step[] = [];
      const trusted = (row: object) => stored?.get((row as Row)[model._meta.pk.attname]) === row;
      const waves = deletionWaves(model, rows, { ...checks, trusted });
      for (const { keys, unlink } of waves) {
        const update = unlink && Object.fromEntries(unlink.map((key) => [key.name, null]));
        for (const batch of chunks(keys, MAX_BATCH)) steps.push({ rows: this.byKeys(model, batch), ...(update && { update }) });
      }
      return { model, steps };
    });
    return { first, byModel };
  }

  /** `source`: the model whose relation reached these rows (null for the ones the delete started from). */
  private async collectRows(model: ModelClass, rows: readonly object[], origin: { source: ModelClass | null; fromDatabase: boolean }): Promise<void> {
    const added = this.add(model, rows, origin.source, { fromDatabase: origin.fromDatabase });
    if (added.length === 0) return;
    const blocked: Blocked[] = [];
    for (const relation of relationsTo(model)) {
      const field = relation.field;
      // A many-to-many field has no column; its join model's ForeignKeys (CASCADE) remove the join rows.
      if (!isForeignKey(field) || field.onDelete === 'DO_NOTHING') continue;
      const keys = uniqueKeys(added, field.targetField.attname);
      for (const batch of chunks(keys, MAX_BATCH)) {
        const related = this.rows(relation.model).filter({ [`${field.name}__in`]: batch } as never);
        try {
          await this.apply(field, relation.model, model, related);
        } catch (error) {
          if (!(error instanceof ProtectedError)) throw error;
          blocked.push(...((error as ProtectedWithFields).blocked ?? [{ field, model: relation.model, objects: error.protectedObjects }]));
        }
      }
    }
    if (blocked.length) throw protectedError(model, blocked);
  }

  /** Carries out one relation's onDelete for the rows pointing at the collected ones. */
  private async apply(field: ForeignKey, related: ModelClass, model: ModelClass, rows: AnyQuerySet): Promise<void> {
    switch (field.onDelete) {
      case 'CASCADE':
        if (this.canFastDelete(related)) this.fastDeletes.push(rows);
        else await this.collectRows(related, await this.load(rows), { source: model, fromDatabase: true });
        return;
      case 'PROTECT': {
        const objects = await rows;
        if (objects.length) throw new ProtectedError('', objects as object[]);
        return;
      }
      case 'RESTRICT': {
        const objects = await this.load(rows);
        if (objects.length) this.restricted.push({ field, model: related, objects });
        this.addDependency(model, related);
        return;
      }
      case 'SET_NULL':
        this.fieldUpdates.push({ field, value: null, rows });
        return;
      case 'SET_DEFAULT':
        if (!field.hasDefault() && !field.null) {
          throw new ImproperlyConfigured(`${String(field)} has onDelete 'SET_DEFAULT' but no default`);
        }
        this.fieldUpdates.push({ field, value: setDefaultValue(field), rows });
        return;
      case 'DO_NOTHING':
        return;
    }
  }

  /**
   * Adds rows not collected yet (by primary key) and returns them. `source` is the model whose
   * relation loaded them (null for the caller's instances); the rows of a model pointing at itself
   * that come from the database are kept to order its deletes, even when already collected.
   */
  private add(model: ModelClass, rows: readonly object[], source: ModelClass | null, options: { fromDatabase: boolean }): object[] {
    let known = this.data.get(model);
    if (!known) this.data.set(model, (known = new Map()));
    let stored = this.stored.get(model);
    if (!stored && options.fromDatabase && selfKeys(model).length) this.stored.set(model, (stored = new Map()));
    const attname = model._meta.pk.attname;
    const added: object[] = [];
    for (const row of rows) {
      const key = (row as Row)[attname];
      if (options.fromDatabase) stored?.set(key, row);
      if (known.has(key)) continue;
      known.set(key, row);
      added.push(row);
    }
    // Rows collected already still go before the source's (as in Django): in a cycle the order then shows it.
    if (source && rows.length) this.addDependency(source, model);
    return added;
  }

  private addDependency(model: ModelClass, first: ModelClass): void {
    if (model === first) return;
    let set = this.dependencies.get(model);
    if (!set) this.dependencies.set(model, (set = new Set()));
    set.add(first);
  }

  /**
   * True when nothing points at the model with an action to carry out and no delete receiver
   * listens for it: its rows can go in one DELETE (Django's `can_fast_delete`).
   */
  canFastDelete(model: ModelClass): boolean {
    if (sendsDeleteSignals(model)) return false;
    return relationsTo(model).every((relation) => !isForeignKey(relation.field) || relation.field.onDelete === 'DO_NOTHING');
  }

  /** RESTRICT blocks only rows not deleted anyway through some CASCADE path (Django's rule). */
  private async checkRestricted(): Promise<void> {
    const blocked: Blocked[] = [];
    for (const entry of this.restricted) {
      const attname = entry.model._meta.pk.attname;
      const collected = this.data.get(entry.model);
      let remaining = entry.objects.filter((row) => !collected?.has((row as Row)[attname]));
      for (const rows of this.fastDeletes) {
        if (rows.model !== entry.model || remaining.length === 0) continue;
        const pks = remaining.map((row) => (row as Row)[attname]);
        const going = new Set(await rows.filter({ pk__in: pks } as never).valuesList('pk' as never, { flat: true }));
        remaining = remaining.filter((row) => !going.has((row as Row)[attname] as never));
      }
      if (remaining.length) blocked.push({ ...entry, objects: remaining });
    }
    if (blocked.length === 0) return;
    const objects = blocked.flatMap((entry) => entry.objects);
    const target = blocked[0]!.field.relatedModel.name;
    throw new RestrictedError(
      `Cannot delete some instances of model '${target}' because they are referenced through restricted foreign keys: ${describe(blocked)}`,
      objects,
    );
  }

  private rows(model: ModelClass): AnyQuerySet {
    return new QuerySet(model).using(this.alias) as AnyQuerySet;
  }

  private byKeys(model: ModelClass, keys: readonly unknown[]): AnyQuerySet {
    return this.rows(model).filter({ [`${model._meta.pk.name}__in`]: keys } as never);
  }

  /**
   * Loads only the keys later steps need: the primary key and every field a relation points at;
   * whole rows when delete receivers will be handed the instances (as Django does).
   */
  private async load(rows: AnyQuerySet): Promise<object[]> {
    if (sendsDeleteSignals(rows.model)) return (await rows) as object[];
    const meta = rows.model._meta;
    const referenced = relationsTo(rows.model).filter((r) => isForeignKey(r.field)).map((r) => (r.field as ForeignKey).targetField.name);
    const names = [...new Set([meta.pk.name, ...referenced, ...selfKeys(rows.model).map((key) => key.name)])];
    return (await rows.only(...(names as never[]))) as object[];
  }
}

/** True when a preDelete or postDelete receiver listens for the model (never for an automatic join model, as in Django). */
function sendsDeleteSignals(model: ModelClass): boolean {
  return (preDelete.hasListeners(model) || postDelete.hasListeners(model)) && !isAutoCreated(model);
}

type ProtectedWithFields = ProtectedError & { blocked?: Blocked[] };

function protectedError(model: ModelClass, blocked: Blocked[]): ProtectedError {
  const objects = [...new Set(blocked.flatMap((entry) => entry.objects))];
  const error = new ProtectedError(
    `Cannot delete some instances of model '${model.name}' because they are referenced through protected foreign keys: ${describe(blocked)}`,
    objects,
  ) as ProtectedWithFields;
  error.blocked = blocked;
  return error;
}

/** `'RelBook.author' (RelBook 3, RelBook 4)`, a few objects per field. */
function describe(blocked: readonly Blocked[]): string {
  const byField = new Map<string, object[]>();
  for (const entry of blocked) {
    const key = `'${entry.model.name}.${entry.field.name}'`;
    byField.set(key, [...(byField.get(key) ?? []), ...entry.objects]);
  }
  return [...byField].map(([key, objects]) => `${key} (${listObjects(objects)})`).join(', ') + '.';
}

/**
 * The key SET_DEFAULT writes: the default (an instance stands for its key), or NULL when the
 * default is null or absent, as Django's `get_default()` gives None. A default the key cannot
 * hold raises the field's `ValidationError`.
 */
function setDefaultValue(field: ForeignKey): unknown {
  const value = field.getDefault();
  return value === null || value === undefined ? null : field.toLookupValue(value);
}

/** The model's ForeignKeys to itself (a tree in one table). */
function selfKeys(model: ModelClass): ForeignKey[] {
  return model._meta.fields.filter((field): field is ForeignKey => isForeignKey(field) && field.relatedModel === (model as unknown));
}

function uniqueKeys(rows: readonly object[], attname: string): unknown[] {
  const keys = new Set<unknown>();
  for (const row of rows) {
    const key = (row as Row)[attname];
    if (key !== null && key !== undefined) keys.add(key);
  }
  return [...keys];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Deletes instances, or a QuerySet's rows, with every relation's `onDelete` carried out, in one
 * transaction. A model nothing depends on (and no delete receiver listens for) is deleted with
 * one plain DELETE. Receivers get `target` as the origin unless `origin` says otherwise.
 */
export async function deleteCollected(target: readonly object[] | AnyQuerySet, options: { using?: string; origin?: DeleteOrigin } = {}): Promise<DeletionSummary> {
  const collector = new Collector({ ...options, origin: options.origin ?? target });
  const collectAndDelete = async () => {
    await collector.collect(target);
    return collector.delete();
  };
  // Instances nothing depends on are collected without a query: no transaction needed around that.
  const simple = !(target instanceof QuerySet) && target.every((instance) => collector.canFastDelete(instance.constructor as ModelClass));
  return simple ? collectAndDelete() : inTransaction(collector.alias, collectAndDelete);
}

/** One transaction, joining the caller's if there is one (Django's `atomic(savepoint=False)`). */
function inTransaction<T>(alias: string, fn: () => Promise<T>): Promise<T> {
  return inAtomicBlock(alias) ? fn() : atomic(fn, { using: alias });
}

async function deleteQuerySet(all: AnyQuerySet): Promise<number> {
  if (all.state.empty) return 0;
  // The rows to delete (and what they cascade to) are read on the write database, as in Django.
  const using = all.writeDb.alias;
  const qs = all.using(using);
  const collector = new Collector({ using });
  if (collector.canFastDelete(qs.model)) return rawDelete(qs);
  // Receivers get the QuerySet the caller deleted as the origin, not its re-aimed copy.
  return (await deleteCollected(qs, { using, origin: all })).total;
}

setDeleteCollector(deleteQuerySet);
