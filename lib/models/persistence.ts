import { isManyToMany, type Field } from '../fields/index.js';
import { QuerySet } from '../query/queryset.js';
import { generatesKey, insertFields, insertRows, insertValues, resolveDatabase } from '../query/writes.js';
import { updateRows } from '../query/queryset-writes.js';
import { cachedUpdateByKey, rememberUpdateByKey } from '../query/update-by-key.js';
import { DEFAULT_ALIAS, routeRead, routeWrite, type Database } from '../connection/index.js';
import { forgetOnRefresh, prepareRelatedForSave } from '../query/forward-cache.js';
import { markSaved, stateOf } from '../query/instance-state.js';
import { deleteCollected } from './deletion.js';
import type { ModelClass } from './types.js';
import { FieldError, WrenError } from '../errors.js';
import { choicesHint } from '../util/naming.js';
import { attempt } from '../util/promises.js';
import { postSave, preSave, type DeleteOrigin } from '../signals/builtin.js';

export interface SaveOptions {
  /** Only these fields are written (an UPDATE; never an INSERT). */
  readonly updateFields?: readonly string[];
  readonly using?: string;
  readonly forceInsert?: boolean;
  readonly forceUpdate?: boolean;
}

type Instance = Record<string, unknown>;

function modelOf(instance: object): ModelClass {
  return instance.constructor as ModelClass;
}

/**
 * Django's save: with a primary key set, UPDATE by key first and INSERT when no row matched;
 * without one (or with `forceInsert`, or a new instance whose key came from the key's default)
 * INSERT straight away. `updateFields` limits the UPDATE to those columns and never INSERTs.
 * `preSave` and `postSave` are sent around the write (only built when a receiver listens); `raw`
 * is for fixture loading, which saves objects exactly as given.
 */
export function saveInstance(target: object, options: SaveOptions, { raw = false }: { raw?: boolean } = {}): Promise<void> {
  // Written with few promises rather than as nested async functions: a save() is about five
  // promises instead of fifteen, and inside atomic() Node 20's AsyncLocalStorage hooks each one.
  return attempt(() => {
    const model = modelOf(target);
    const meta = model._meta;
    const db = resolveDatabase(options.using ?? routeWrite(model, { instance: target }, stateOf(target).db ?? DEFAULT_ALIAS));
    if (options.forceInsert && (options.forceUpdate || options.updateFields)) {
      throw new WrenError(`${meta.name}.save(): cannot force both insert and update (forceInsert with forceUpdate or updateFields)`);
    }
    if (options.updateFields?.length === 0) return Promise.resolve();
    // Unknown names fail before any receiver runs, as in Django.
    const only = options.updateFields ? updateFieldsNamed(meta, options.updateFields) : null;
    if (meta.foreignKeys.length) prepareRelatedForSave(target as Instance, model, 'save');
    if (preSave.hasListeners(model) || postSave.hasListeners(model)) return saveWithSignals(target as Instance, model, only, options, db, raw);
    return writeInstance(target as Instance, model, only, options, db).then(nothing);
  });
}

const nothing = (): void => undefined;

/**
 * `saveInstance` with `preSave` and `postSave` sent around the write. As in Django, an instance
 * loaded with only()/defer() is saved as `updateFields` naming its loaded fields, and receivers
 * get those names. Worked out here, off the plain save() path, which finds them in writeInstance.
 */
async function saveWithSignals(target: Instance, model: ModelClass, only: readonly Field[] | null, options: SaveOptions, db: Database, raw: boolean): Promise<void> {
  let updateFields = options.updateFields ?? null;
  let fields = only;
  if (only === null && !options.forceInsert && target[model._meta.pk.attname] != null) {
    const loaded = loadedFields(model._meta, target);
    if (loaded !== model._meta.fields) {
      fields = loaded;
      updateFields = loaded.filter((field) => !field.primaryKey).map((field) => field.name);
    }
  }
  if (preSave.hasListeners(model)) await preSave.send(model, { instance: target, raw, using: db.alias, updateFields });
  const created = await writeInstance(target, model, fields, options, db);
  if (postSave.hasListeners(model)) await postSave.send(model, { instance: target, created, raw, using: db.alias, updateFields });
}

/**
 * The UPDATE-else-INSERT of `saveInstance`; true when it INSERTed. `only` is `updateFields`, or
 * (from saveWithSignals) the loaded fields of an only()/defer() instance.
 */
function writeInstance(instance: Instance, model: ModelClass, only: readonly Field[] | null, options: SaveOptions, db: Database): Promise<boolean> {
  const meta = model._meta;
  const state = stateOf(instance);
  // Read after preSave: a receiver may have set the key.
  const pkValue = instance[meta.pk.attname];
  return attempt(() => {
    if ((options.forceUpdate || only) && pkValue == null) {
      throw new WrenError(`${meta.name}.save(): cannot force an update (forceUpdate or updateFields) without a primary key`);
    }
    const skipUpdate = pkValue == null || options.forceInsert === true || (state.adding && meta.pk.hasDefault());
    if (skipUpdate) return insertInstance(instance, meta, db);
    // An instance loaded with only()/defer() lacks the other attributes: as in Django it is saved
    // as updateFields naming the loaded ones, so the UPDATE does not null the others, and no
    // INSERT makes up their values when the row is gone.
    const fields = only ?? loadedFields(meta, instance);
    for (const field of fields) if (field.fillsOnSave) instance[field.attname] = field.preSave(instance[field.attname], state.adding);
    const updated = updateByPk(model, pkValue, fields === meta.fields ? nonKeyFields(meta) : fields.filter((f) => !f.primaryKey), instance, db);
    return updated.then((count) => {
      if (count > 0) {
        markSaved(instance, db.alias);
        return false;
      }
      if (options.forceUpdate || fields !== meta.fields) throw noRowMatched(meta, options, pkValue);
      return insertInstance(instance, meta, db);
    });
  });
}

/** The error of a save that must UPDATE (`forceUpdate`, `updateFields`, a deferred instance) when no row has the key. */
function noRowMatched(meta: ModelClass['_meta'], options: SaveOptions, pkValue: unknown): WrenError {
  const key = `${meta.pk.name} = ${JSON.stringify(pkValue)}`;
  if (options.updateFields || options.forceUpdate) return new WrenError(`${meta.name}.save(): ${options.updateFields ? 'updateFields' : 'forceUpdate'} matched no row with ${key}`);
  return new WrenError(`${meta.name}.save(): the instance was loaded with only()/defer(), so only its loaded fields are saved (as with updateFields), and no row has ${key}`);
}

/** The INSERT of a save: every field, with timestamps filled for a first save; sets a generated key. */
async function insertInstance(instance: Instance, meta: ModelClass['_meta'], db: Database): Promise<true> {
  for (const field of meta.fillingOnSave) instance[field.attname] = field.preSave(instance[field.attname], true);
  const fields = insertFields(meta, generatesKey(meta, instance));
  const keys = await insertRows(meta, fields, [insertValues(instance, fields)], db);
  if (instance[meta.pk.attname] == null) {
    if (!keys || keys[0] === undefined) throw new WrenError(`${meta.name} was inserted but the database did not report its primary key`);
    instance[meta.pk.attname] = meta.pk.toJs(keys[0]);
  }
  markSaved(instance, db.alias);
  return true;
}

/** The fields the instance has values for: all of them (the model's own list, no copy) unless loaded with only()/defer(). */
function loadedFields(meta: ModelClass['_meta'], instance: Instance): readonly Field[] {
  for (const field of meta.fields) if (!(field.attname in instance)) return meta.fields.filter((f) => f.attname in instance);
  return meta.fields;
}

const nonKeyLists = new WeakMap<object, readonly Field[]>();

/** Every field but the primary key, one list per model: `save()` writes these, and the statement cache keys on the list. */
function nonKeyFields(meta: ModelClass['_meta']): readonly Field[] {
  let fields = nonKeyLists.get(meta);
  if (!fields) nonKeyLists.set(meta, (fields = Object.freeze(meta.fields.filter((f) => !f.primaryKey))));
  return fields;
}

/** `updateFields` names resolved to fields, rejecting unknown names with the choices. */
function fieldsNamed(meta: ModelClass['_meta'], names: readonly string[], where: string): Field[] {
  const fields = names.map((name) => {
    const field = meta.maybeField(name);
    if (!field) throw new FieldError(`${meta.name}.${where} names an unknown field '${name}'.${choicesHint(name, meta.fieldNames())}`);
    return field;
  });
  return [...new Set(fields)];
}

/**
 * `save()`'s `updateFields` resolved to fields. As in Django, each must be a field with a column
 * other than the primary key (the row is found by it); unknown names list the choices.
 */
function updateFieldsNamed(meta: ModelClass['_meta'], names: readonly string[]): Field[] {
  const fields = fieldsNamed(meta, names, 'save(): updateFields');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.primaryKey) {
      const choices = meta.fields.filter((f) => !f.primaryKey).map((f) => f.name).sort().join(', ');
      throw new FieldError(`${meta.name}.save(): updateFields cannot name the primary key '${field.name}': save() finds the row by it. Choices are: ${choices}`);
    }
    if (isManyToMany(field)) {
      throw new FieldError(`${meta.name}.save(): updateFields cannot name the many-to-many field '${field.name}', which has no column; change its links with add(), remove() or set() on the related manager`);
    }
  }
  return fields;
}

function updateByPk(model: ModelClass, pk: unknown, fields: readonly Field[], instance: Instance, db: Database): Promise<number> {
  // A model with nothing but its key has nothing to update; the row either exists or not.
  if (fields.length === 0) return queryByPk(model, pk, db.alias).exists().then((found) => (found ? 1 : 0));
  const cached = cachedUpdateByKey(db, model._meta, pk, fields, instance);
  if (cached !== null) return cached;
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field.attname] = instance[field.attname] ?? null;
  // The instance keeps the converted values, as after an INSERT (F() expressions stay for the database).
  return updateRows(queryByPk(model, pk, db.alias), values, instance, (statement) => rememberUpdateByKey(db, model._meta, pk, fields, instance, statement));
}

function queryByPk(model: ModelClass, pk: unknown, alias: string): QuerySet<ModelClass> {
  return new QuerySet(model).using(alias).filter({ pk } as never);
}

/**
 * DELETEs the instance's row with every relation's `onDelete` carried out (one transaction);
 * returns the number of rows deleted, cascaded ones included. Afterwards the instance has no
 * primary key and counts as new (as in Django).
 */
export async function deleteInstance(target: object, options: { using?: string }): Promise<number> {
  const instance = target as Instance;
  const model = modelOf(target);
  const meta = model._meta;
  const pk = instance[meta.pk.attname];
  if (pk == null) throw new WrenError(`${meta.name} object can't be deleted because its ${meta.pk.name} attribute is not set.`);
  const state = stateOf(target);
  const alias = resolveDatabase(options.using ?? routeWrite(model, { instance: target }, state.db ?? DEFAULT_ALIAS)).alias;
  // The collector clears the key of every instance it deleted, this one included, and marks it new.
  const { total } = await deleteCollected([target], { using: alias, origin: target as DeleteOrigin });
  return total;
}

/** Re-reads the row (all fields, or the named ones); `DoesNotExist` when it is gone. */
export async function reloadInstance(target: object, options: { fields?: readonly string[]; using?: string }): Promise<void> {
  const instance = target as Instance;
  const model = modelOf(target);
  const meta = model._meta;
  const state = stateOf(target);
  const pk = instance[meta.pk.attname];
  if (pk == null) throw new WrenError(`${meta.name}.refreshFromDb(): the instance has no ${meta.pk.name}; save it first`);
  const fields = options.fields?.length ? fieldsNamed(meta, options.fields, 'refreshFromDb(): fields') : meta.fields;
  const all = new QuerySet(model).using(options.using ?? routeRead(model, { instance: target }, state.db ?? DEFAULT_ALIAS));
  // All fields: get({ pk }) takes the cached by-key statement (see query/by-key.ts).
  const qs = options.fields?.length ? all.only(...(fields.map((f) => f.name) as never[])) : all;
  const fresh = (await qs.get({ pk } as never)) as Instance;
  for (const field of fields) instance[field.attname] = fresh[field.attname];
  forgetOnRefresh(target, model, fields === meta.fields, fields);
  markSaved(target, qs.db.alias);
}
