import type { Field } from '../fields/index.js';
import { QuerySet } from '../query/queryset.js';
import { insertRows, resolveDatabase, rowOf } from '../query/writes.js';
import { stateOf } from '../query/instance-state.js';
import type { ModelClass } from './types.js';
import { WrenError } from '../errors.js';

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
 * INSERT when the instance is new (or `forceInsert`), otherwise UPDATE by primary key; an UPDATE
 * that matches no row falls back to INSERT, as Django's save does.
 */
export async function saveInstance(target: object, options: SaveOptions): Promise<void> {
  const instance = target as Instance;
  const model = modelOf(target);
  const meta = model._meta;
  const state = stateOf(target);
  const db = resolveDatabase(options.using ?? state.db);
  if (options.forceInsert && (options.forceUpdate || options.updateFields)) {
    throw new WrenError('Cannot force both insert and updating in model saving.');
  }
  const adding = state.adding || options.forceInsert === true;
  const fields = options.updateFields ? options.updateFields.map((name) => meta.field(name)) : meta.fields;
  for (const field of fields) instance[field.name] = field.preSave(instance[field.name], adding);
  const pkValue = instance[meta.pk.name];
  if (!adding && pkValue != null) {
    const updated = await updateByPk(model, pkValue, fields.filter((f) => !f.primaryKey), instance, db.alias);
    if (updated > 0 || options.forceUpdate || options.updateFields) {
      if (updated === 0) throw new WrenError(options.updateFields ? 'Save with updateFields did not affect any rows.' : 'Forced update did not affect any rows.');
      state.db = db.alias;
      return;
    }
  }
  // An insert writes every field, with timestamps filled for a first save.
  for (const field of meta.fields) instance[field.name] = field.preSave(instance[field.name], true);
  const keys = await insertRows(meta, [rowOf(instance, meta.fields)], db);
  if (instance[meta.pk.name] == null) {
    if (!keys || keys[0] === undefined) throw new WrenError(`${meta.name} was inserted but the database did not report its primary key`);
    instance[meta.pk.name] = meta.pk.toJs(keys[0]);
  }
  state.adding = false;
  state.db = db.alias;
}

async function updateByPk(model: ModelClass, pk: unknown, fields: readonly Field[], instance: Instance, alias: string): Promise<number> {
  // A model with nothing but its key has nothing to update; the row either exists or not.
  if (fields.length === 0) return (await queryByPk(model, pk, alias).exists()) ? 1 : 0;
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field.name] = instance[field.name] ?? null;
  return queryByPk(model, pk, alias).update(values);
}

function queryByPk(model: ModelClass, pk: unknown, alias: string): QuerySet<ModelClass> {
  return new QuerySet(model).using(alias).filter({ pk } as never);
}

export async function deleteInstance(target: object, options: { using?: string }): Promise<number> {
  const instance = target as Instance;
  const model = modelOf(target);
  const meta = model._meta;
  const pk = instance[meta.pk.name];
  if (pk == null) throw new WrenError(`${meta.name} object can't be deleted because its ${meta.pk.name} attribute is not set.`);
  const state = stateOf(target);
  const deleted = await queryByPk(model, pk, resolveDatabase(options.using ?? state.db).alias).delete();
  if (meta.pk.isAuto) instance[meta.pk.name] = null;
  state.adding = true;
  return deleted;
}

export async function reloadInstance(target: object, options: { fields?: readonly string[]; using?: string }): Promise<void> {
  const instance = target as Instance;
  const model = modelOf(target);
  const meta = model._meta;
  const state = stateOf(target);
  let qs = queryByPk(model, instance[meta.pk.name], resolveDatabase(options.using ?? state.db).alias);
  if (options.fields?.length) qs = qs.only(...(options.fields as never[]));
  const fresh = (await qs.get()) as Instance;
  const names = options.fields?.length ? options.fields.map((n) => meta.field(n).name) : meta.fields.map((f) => f.name);
  for (const name of names) instance[name] = fresh[name];
}
