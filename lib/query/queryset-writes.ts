import { atomic } from '../connection/index.js';
import type { SqlFragment } from '../dialects/index.js';
import { FieldError, IntegrityError, WrenError } from '../errors.js';
import type { Field } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';
import { compileDelete, compileUpdate } from './compiler/write.js';
import { Expression } from './expressions.js';
import { prepareRelatedForSave, requireSavedRelated } from './forward-cache.js';
import { checkConflictDialect, checkDistinctTargets, type InsertConflict } from './insert-conflicts.js';
import { markSaved } from './instance-state.js';
import { isExpressionNode } from './nodes.js';
import type { QuerySet } from './queryset.js';
import { resolveExpression, type ResolveScope } from './resolve.js';
import { attempt } from '../util/promises.js';
import { bulkUpdateRows, compilerFor, generatesKey, inOneTransaction, insertFields, insertRows, insertValues, rowOf } from './writes.js';

// The bodies of QuerySet's write methods, kept apart so queryset.ts stays about reading.

type AnyQuerySet = QuerySet<ModelClass, unknown>;
type ModelMeta = ModelClass['_meta'];
type Row = Record<string, unknown>;
type Saveable = Row & { save(options?: object): Promise<void> };

export function createOne(qs: AnyQuerySet, values: Row): Promise<Saveable> {
  return attempt(() => {
    const instance = new qs.model(values) as Saveable;
    return instance.save({ forceInsert: true, using: qs.writeDb.alias }).then(() => instance);
  });
}

/**
 * Django's get_or_create: the INSERT runs in a savepoint, and when it loses a race to another
 * writer (IntegrityError on a unique key) the row that writer made is read and returned. The
 * re-read sees that row because every dialect reads committed rows: PostgreSQL and SQLite by
 * default, MySQL/MariaDB because Wren sets READ COMMITTED on each connection. `matching` is the
 * QuerySet filtered by `lookup`, whose names the caller has checked.
 */
export async function getOrCreate(qs: AnyQuerySet, anywhere: AnyQuerySet, lookup: Row, defaults: Row): Promise<[Saveable, boolean]> {
  // As Django's get_or_create, the lookup reads the write database: a replica may lag behind it.
  const matching = anywhere.using(qs.writeDb.alias);
  const found = await findOne(matching);
  return found ? [found, false] : createOrReread(qs, matching, lookup, defaults);
}

/** The INSERT of get_or_create (in a savepoint), or the row of the writer that won the race to it. */
async function createOrReread(qs: AnyQuerySet, matching: AnyQuerySet, lookup: Row, defaults: Row): Promise<[Saveable, boolean]> {
  const using = matching.db.alias;
  try {
    const pkName = qs.state.meta.pk.attname;
    const values = { ...exactValues(lookup, pkName), ...withPkNamed(resolveCallables(defaults), pkName) };
    return [await atomic(() => createOne(qs.using(using), values), { using }), true];
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    const raced = await findOne(matching);
    if (raced) return [raced, false];
    throw error;
  }
}

/**
 * Django's update_or_create: in one transaction, updates the match with `defaults`, else creates
 * it. The match is read with `selectForUpdate()`, as Django does, so a caller waits for a writer
 * holding the row and reads it as committed, rather than reading it before the writer's commit
 * (SQLite: the block holds the only connection already). A caller that loses the race to create
 * re-reads the winner's row without the lock: on InnoDB its failed INSERT left it a shared lock
 * on the key, and every loser asking to upgrade it would deadlock with the others; its update
 * then waits for the row as any UPDATE does. As in Django 4.2+, the update writes only the
 * defaults' fields (and those that fill themselves on save), so it does not overwrite what others
 * changed in the row's other columns.
 */
export async function updateOrCreate(qs: AnyQuerySet, anywhere: AnyQuerySet, lookup: Row, defaults: Row, createDefaults: Row = defaults): Promise<[Saveable, boolean]> {
  const matching = anywhere.using(qs.writeDb.alias);
  return atomic(async () => {
    const locked = await findOne(matching.selectForUpdate(matching.db.dialect.ownRowsLock));
    const [instance, created] = locked ? [locked, false] : await createOrReread(qs, matching, lookup, createDefaults);
    if (created) return [instance, true];
    const values = resolveCallables(defaults);
    Object.assign(instance, values);
    await instance.save(updateFieldsFor(qs.state.meta, values));
    return [instance, false];
  }, { using: matching.db.alias });
}

/**
 * Django's resolve_callables: a function given as a default is called for its value, only when
 * the row is created or updated (`{ token: () => randomUUID() }`). `defaults` itself is kept.
 */
function resolveCallables(defaults: Row): Row {
  let resolved: Row | undefined;
  for (const [name, value] of Object.entries(defaults)) {
    if (typeof value === 'function') (resolved ??= { ...defaults })[name] = (value as () => unknown)();
  }
  return resolved ?? defaults;
}

/**
 * The save options of updateOrCreate's update, as Django 4.2's: `updateFields` naming the
 * defaults plus every field that fills itself on save (dates and times, `autoNow`); a save of
 * every field when a default is the primary key (`pk` included) or a name without a column.
 */
function updateFieldsFor(meta: ModelMeta, values: Row): { updateFields?: string[] } {
  const names = Object.keys(values);
  const named = new Set<Field>();
  for (const name of names) {
    const field = meta.maybeField(name);
    if (!field || field.primaryKey || !meta.fields.includes(field)) return {};
    named.add(field);
  }
  for (const field of meta.fillingOnSave) if (!field.primaryKey && !named.has(field)) names.push(field.name);
  return { updateFields: names };
}

async function findOne(matching: AnyQuerySet): Promise<Saveable | undefined> {
  try {
    return (await matching.get()) as Saveable;
  } catch (error) {
    if (error instanceof matching.model.DoesNotExist) return undefined;
    throw error;
  }
}

/**
 * The plain-equality part of a lookup, used as initial values by getOrCreate. As in Django,
 * `pk` is one of them (`getOrCreate({ pk: 999 })` creates row 999), under the key's attribute.
 */
function exactValues(lookup: Row, pkName: string): Row {
  const values: Row = {};
  for (const [key, value] of Object.entries(lookup)) {
    const [name, op] = key.split('__');
    if (!isExpressionNode(value) && (op === undefined || op === 'exact')) values[name === 'pk' ? pkName : name!] = value;
  }
  return values;
}

/** `defaults` with `pk` under the key's attribute, so that it overrides the lookup's key as any default does. */
function withPkNamed(defaults: Row, pkName: string): Row {
  if (!('pk' in defaults)) return defaults;
  const { pk, ...rest } = defaults;
  return { ...rest, [pkName]: pk };
}

/**
 * Django's bulk_create: objects whose auto key is unset get keys from the database (where it
 * reports them), the others are inserted with their own; each group is one INSERT per batch, and
 * several statements run in one transaction. Every value is converted before any SQL. With a
 * `conflict` clause (ignoreConflicts / updateConflicts), as in Django, skipped rows leave their
 * objects without a key: no key is set under ignoreConflicts, where the database reports only
 * the rows it inserted.
 */
export async function bulkCreate(qs: AnyQuerySet, objects: readonly object[], batchSize: number | undefined, conflict: InsertConflict | null = null): Promise<Row[]> {
  const meta = qs.state.meta;
  // Constructing validates the keys: an unknown one raises FieldError before any SQL is sent.
  const instances = objects.map((o) => (o instanceof qs.model ? o : new qs.model(o as Row))) as Row[];
  const generated: Row[] = [];
  const keyed: Row[] = [];
  // Indexed loops over the instances: they run once per call, in an async function V8 has rarely
  // optimised yet, where each step of an array iterator allocates its result object.
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[i]!;
    if (meta.foreignKeys.length) prepareRelatedForSave(instance, qs.model, 'bulkCreate');
    for (const field of meta.fillingOnSave) instance[field.attname] = field.preSave(instance[field.attname], true);
    (generatesKey(meta, instance) ? generated : keyed).push(instance);
  }
  const groups = [generated, keyed].filter((group) => group.length > 0).map((group) => {
    const fields = insertFields(meta, group === generated);
    return { group, fields, rows: group.map((instance) => insertValues(instance, fields)) };
  });
  const db = qs.writeDb;
  if (conflict) {
    if (!db.versionKnown) await db.ready();
    checkConflictDialect(meta, conflict, db.dialect, keyed.length > 0);
    checkDistinctTargets(conflict, instances);
  }
  await inOneTransaction(db, groups.length > 1, async () => {
    for (const { group, fields, rows } of groups) {
      const keys = await insertRows(meta, fields, rows, db, batchSize, conflict);
      if (keys && group === generated && conflict?.kind !== 'ignore') group.forEach((instance, i) => (instance[meta.pk.attname] = meta.pk.toJs(keys[i])));
    }
  });
  for (let i = 0; i < instances.length; i++) markSaved(instances[i]!, db.alias);
  return instances;
}

export async function bulkUpdate(qs: AnyQuerySet, objects: readonly object[], fields: readonly string[], batchSize: number | undefined): Promise<number> {
  if (fields.length === 0) throw new WrenError('bulkUpdate() needs at least one field name');
  const meta = qs.state.meta;
  const targets = fields.map((name) => meta.field(name));
  if (targets.some((f) => f.primaryKey)) throw new FieldError(`bulkUpdate() cannot update the primary key of ${meta.name}`);
  const scope = { meta, annotations: {} };
  const items = objects.map((o) => {
    const record = o as Row;
    if (record[meta.pk.attname] == null) throw new WrenError(`bulkUpdate() objects must be saved ${meta.name} instances with a ${meta.pk.name}`);
    return { pk: record[meta.pk.attname], values: bulkUpdateRow(record, targets, scope) };
  });
  if (items.length === 0) return 0;
  return bulkUpdateRows(meta, items, targets, qs.writeDb, batchSize);
}

/**
 * One object's values for bulkUpdate(), converted by their fields; an expression
 * (`item.stock = F('stock').sub(1)`) is resolved instead and, as in Django 4.1+, computed by the
 * database for that row (the instance keeps the expression until it is refreshed).
 */
function bulkUpdateRow(record: Row, targets: readonly Field[], scope: ResolveScope): Map<Field, unknown> {
  const computed = targets.filter((field) => record[field.attname] instanceof Expression);
  if (computed.length === 0) return rowOf(record, targets);
  const row = rowOf(record, targets.filter((field) => !computed.includes(field)));
  for (const field of computed) row.set(field, resolveExpression((record[field.attname] as Expression).node, scope));
  return row;
}

/**
 * UPDATEs the QuerySet's rows with `values`, each converted by its field. `save()` passes its
 * instance as `convertedInto`, which then keeps the converted values (one conversion per save).
 */
export async function updateRows(qs: AnyQuerySet, values: Row, convertedInto?: Row, compiled?: (statement: SqlFragment) => void): Promise<number> {
  const { state } = qs;
  const scope = { meta: state.meta, annotations: state.annotations };
  const row = new Map<Field, unknown>();
  for (const [name, value] of Object.entries(values)) {
    const field = state.meta.field(name);
    if (value === undefined) throw new FieldError(`update() was given undefined for '${name}'; pass null to clear it`);
    if (value instanceof Expression) {
      row.set(field, resolveExpression(value.node, scope));
      continue;
    }
    requireSavedRelated(qs.model, field, value);
    const converted = field.toColumnValue(value);
    if (convertedInto) convertedInto[name] = converted;
    row.set(field, converted);
  }
  // Nothing to set (`update({})`): no statement, as in Django, rather than an UPDATE without SET.
  if (state.empty || row.size === 0) return 0;
  const db = qs.writeDb;
  const statement = compileUpdate(state, row, compilerFor(db));
  compiled?.(statement);
  return (await db.run(statement, false)).rowCount;
}

/** DELETE by the QuerySet's conditions alone, with no onDelete handling (the collector's fast path). */
export async function rawDelete(qs: AnyQuerySet): Promise<number> {
  if (qs.state.empty) return 0;
  const db = qs.writeDb;
  return (await db.run(compileDelete(qs.state, compilerFor(db)), false)).rowCount;
}

/** Installed by models/deletion.ts (the collector lives in the models layer): carries out every relation's onDelete. */
let deleteCollector: ((qs: AnyQuerySet) => Promise<number>) | undefined;
export function setDeleteCollector(collector: (qs: AnyQuerySet) => Promise<number>): void {
  deleteCollector = collector;
}

export function deleteRows(qs: AnyQuerySet): Promise<number> {
  return deleteCollector ? deleteCollector(qs) : rawDelete(qs);
}
