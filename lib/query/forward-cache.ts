/**
 * Keeping a cached forward relation (`book.author`) true to its key (`book.authorId`), as Django
 * does: the key is a plain attribute (instances are built for speed, without setters), so a
 * changed key is noticed where the cache is read, saved or refreshed rather than where it is set.
 *
 * - Reading: a cached instance whose key is not the instance's key any more is stale; it is
 *   dropped and the relation counts as not loaded.
 * - Saving (`save()`, `bulkCreate()`): a related instance assigned before it was saved gives its
 *   key now; one still unsaved stops the write (the link would be lost), before any SQL. So does
 *   one given as a ForeignKey's value to `QuerySet.update()`.
 * - Refreshing (`refreshFromDb()`): cached relations are dropped, since the row may point elsewhere.
 */
import { WrenError } from '../errors.js';
import { isForeignKey, type Field, type ForeignKey } from '../fields/index.js';
import { forgetRelation, loadedRelation } from './instance-state.js';
import type { ModelClass } from '../models/types.js';
import { sameKey } from '../util/map-key.js';

type Instance = Record<string, unknown>;

/** Instances given a related instance that had no key yet, by relation name (Django fills the key in at save). */
const assignedUnsaved = new WeakMap<object, Set<string>>();

/** Called by the forward accessor's setter: remembers whether `value` was assigned without a key. */
export function noteAssignment(instance: object, field: ForeignKey, value: unknown): void {
  const unsaved = value !== null && typeof value === 'object' && keyOf(value as Instance, field) == null;
  const names = assignedUnsaved.get(instance);
  if (unsaved) {
    if (names) names.add(field.name);
    else assignedUnsaved.set(instance, new Set([field.name]));
  } else names?.delete(field.name);
}

function keyOf(related: Instance, field: ForeignKey): unknown {
  return related[field.targetField.attname];
}

/**
 * The cached value of forward relation `field` (an instance, or null for "no such row"), or
 * undefined when it is not loaded or no longer matches the key (then it is dropped).
 */
export function currentForward(instance: Instance, field: ForeignKey): unknown {
  const cached = loadedRelation(instance, field.name);
  if (cached === undefined) return undefined;
  const key = instance[field.attname];
  if (cached === null) {
    // "No row" was cached for a null key (or a key naming no row): a key set since names a row
    // not loaded, and a key still naming no row is not a null relation either.
    if (key === null || key === undefined) return null;
    forgetRelation(instance, field.name);
    return undefined;
  }
  if (sameKey(key, keyOf(cached as Instance, field))) return cached;
  // Assigned unsaved and saved since: the key is filled in when this instance is saved.
  if (key == null && assignedUnsaved.get(instance)?.has(field.name)) return cached;
  forgetRelation(instance, field.name);
  return undefined;
}

/**
 * Django's check before `operation` writes the instance: each cached related instance must have a
 * key by now (else the write would store no link); a key assigned as an unsaved instance is filled
 * in; a cache whose key was changed since is dropped.
 */
export function prepareRelatedForSave(instance: Instance, model: ModelClass, operation: 'save' | 'bulkCreate'): void {
  const keys = model._meta.foreignKeys;
  for (let i = 0; i < keys.length; i++) {
    const field = keys[i]!;
    const cached = loadedRelation(instance, field.name);
    if (cached === undefined || cached === null) continue;
    const related = keyOf(cached as Instance, field);
    if (related == null) throw unsavedRelated(model, operation, field, cached as object);
    const key = instance[field.attname];
    if (key == null && assignedUnsaved.get(instance)?.has(field.name)) {
      instance[field.attname] = field.toLookupValue(cached);
      assignedUnsaved.get(instance)!.delete(field.name);
    } else if (!sameKey(key, related)) {
      forgetRelation(instance, field.name);
    }
  }
}

/**
 * `QuerySet.update()`'s check of a value for a ForeignKey (by name or attribute): an instance of
 * the related model stands for its key, so one without a key yet stops the write as in save().
 */
export function requireSavedRelated(model: ModelClass, field: Field, value: unknown): void {
  if (value === null || typeof value !== 'object' || !isForeignKey(field)) return;
  if (field.relatedModel.prototype.isPrototypeOf(value) && keyOf(value as Instance, field) == null) throw unsavedRelated(model, 'update', field, value);
}

function unsavedRelated(model: ModelClass, operation: string, field: ForeignKey, related: object): WrenError {
  return new WrenError(`${model.name}.${operation}() prohibited to prevent data loss due to unsaved related object '${field.name}'; save the ${related.constructor.name} first`);
}

/**
 * What `refreshFromDb()` drops, as Django does: the cached forward relations of the fields it
 * reloaded, cached reverse one-to-one instances, and (when it reloaded every field) prefetched lists.
 */
export function forgetOnRefresh(instance: object, model: ModelClass, allFields: boolean, reloaded: readonly { name: string }[]): void {
  const meta = model._meta;
  const names = new Set(reloaded.map((field) => field.name));
  for (const field of meta.foreignKeys) if (names.has(field.name)) forgetRelation(instance, field.name);
  for (const [name, reverse] of meta.reverse) if (allFields || reverse.single) forgetRelation(instance, name);
  if (allFields) for (const field of meta.manyToMany) forgetRelation(instance, field.name);
  assignedUnsaved.delete(instance);
}

/** Relation `name` as cached on the instance (checked against its key when it is a forward one), or undefined. */
export function cachedRelation(instance: object, model: ModelClass, name: string): unknown {
  const field = model._meta.maybeField(name);
  return field !== undefined && field.name === name && isForeignKey(field) ? currentForward(instance as Instance, field) : loadedRelation(instance, name);
}
