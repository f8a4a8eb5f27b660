import type { Dialect } from '../dialects/index.js';
import { FieldError, NotSupportedError, WrenError } from '../errors.js';
import type { Field } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { FieldName, ModelClass } from '../models/types.js';
import { argumentError } from '../util/arguments.js';
import { checkBatchOptions } from './queryset-arguments.js';
import { choicesHint } from '../util/naming.js';

/**
 * bulkCreate()'s conflict options, Django's `ignore_conflicts` / `update_conflicts`: what an
 * INSERT does with a row whose unique key is already taken. Everything is checked here, before
 * any SQL, so that no dialect turns a mistake into a silent write:
 * - `uniqueFields` must be a unique key the model declares (PostgreSQL and SQLite need a matching
 *   unique index for `ON CONFLICT (...)`; MySQL/MariaDB would otherwise update whichever row any
 *   unique key hit).
 * - Two objects of one call with the same key would be a runtime error on PostgreSQL ("cannot
 *   affect row a second time") and a silent last-one-wins elsewhere: refused on every dialect.
 */

export type InsertConflict =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'update'; readonly target: readonly Field[]; readonly update: readonly Field[] };

/** bulkCreate()'s options: batch size, and Django's `ignore_conflicts` / `update_conflicts` upsert. */
export interface BulkCreateOptions<C extends ModelClass = ModelClass> {
  readonly batchSize?: number;
  /** Skip objects whose unique key is taken (their instances get no primary key). */
  readonly ignoreConflicts?: boolean;
  /** Update `updateFields` of the row that holds the object's `uniqueFields` key. */
  readonly updateConflicts?: boolean;
  readonly uniqueFields?: readonly (FieldName<C> | 'pk')[];
  readonly updateFields?: readonly FieldName<C>[];
}

const CONFLICT_OPTIONS = ['ignoreConflicts', 'updateConflicts', 'uniqueFields', 'updateFields'];

/** Checks bulkCreate()'s options; returns the conflict clause they ask for, or null for a plain INSERT. */
export function insertConflict(meta: ModelOptions, options: BulkCreateOptions): InsertConflict | null {
  checkBatchOptions(options, 'bulkCreate', CONFLICT_OPTIONS);
  const { ignoreConflicts, updateConflicts, uniqueFields, updateFields } = options;
  requireFlag(ignoreConflicts, 'ignoreConflicts');
  requireFlag(updateConflicts, 'updateConflicts');
  if (ignoreConflicts && updateConflicts) throw new WrenError('bulkCreate(): ignoreConflicts and updateConflicts are mutually exclusive');
  if (!updateConflicts) {
    if (uniqueFields !== undefined || updateFields !== undefined) {
      throw new WrenError('bulkCreate(): uniqueFields and updateFields apply only with updateConflicts: true; add it, or leave them out');
    }
    return ignoreConflicts ? { kind: 'ignore' } : null;
  }
  const update = fieldList(meta, updateFields, 'updateFields');
  if (update.length === 0) throw new WrenError(`bulkCreate(): updateConflicts needs updateFields, the fields to update when ${meta.name}'s row exists (e.g. ['${meta.fields.find((f) => !f.primaryKey)?.name ?? 'name'}'])`);
  const primary = update.find((field) => field.primaryKey);
  if (primary) throw new FieldError(`bulkCreate(): updateFields cannot include the primary key '${primary.name}' of ${meta.name}`);
  const target = fieldList(meta, uniqueFields, 'uniqueFields');
  const keys = uniqueKeys(meta);
  const names = keys.map((key) => `[${key.map((f) => f.name).join(', ')}]`).join(', ');
  if (target.length === 0) throw new WrenError(`bulkCreate(): updateConflicts needs uniqueFields, the unique key whose conflict updates the row (${meta.name} has ${names})`);
  if (!keys.some((key) => sameFields(key, target))) {
    throw new FieldError(`bulkCreate(): uniqueFields [${target.map((f) => f.name).join(', ')}] is not a unique key of ${meta.name}; its unique keys are ${names}`);
  }
  return { kind: 'update', target, update };
}

/**
 * Refuses what a dialect cannot do faithfully. MySQL/MariaDB's `ON DUPLICATE KEY UPDATE` has no
 * conflict target: it fires on any unique key. It is used only when `target` is the one key the
 * rows can collide on: the model has no other unique key, and the primary key counts only when
 * some row gives its own (the database makes the others, so they cannot collide).
 */
export function checkConflictDialect(meta: ModelOptions, conflict: InsertConflict, dialect: Dialect, givesKeys: boolean): void {
  if (conflict.kind !== 'update' || dialect.vendor !== 'mysql') return;
  const others = uniqueKeys(meta).filter((key) => !sameFields(key, conflict.target) && (givesKeys || !isAutoKey(key)));
  if (others.length === 0) return;
  throw new NotSupportedError(
    `bulkCreate(updateConflicts) on ${dialect.displayName}: ON DUPLICATE KEY UPDATE fires on any unique key, and ${meta.name} has others besides [${conflict.target.map((f) => f.name).join(', ')}] (${others.map((key) => `[${key.map((f) => f.name).join(', ')}]`).join(', ')}); a conflict on one of them would update the wrong row`,
  );
}

/**
 * Two objects of one call with the same target key (their converted values): refused, since which
 * one is stored would depend on the dialect.
 */
export function checkDistinctTargets(conflict: InsertConflict, instances: readonly Record<string, unknown>[]): void {
  if (conflict.kind !== 'update') return;
  const seen = new Set<string>();
  for (const instance of instances) {
    const values = conflict.target.map((field) => instance[field.attname]);
    // NULLs never conflict with each other (SQL's unique keys let them repeat), nor do keys the database makes.
    if (values.some((value) => value === null || value === undefined)) continue;
    const key = JSON.stringify(values, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
    if (seen.has(key)) {
      throw new WrenError(`bulkCreate(updateConflicts): two objects have the same ${conflict.target.map((f) => f.name).join(', ')} (${key.slice(1, -1)}); which one would be stored depends on the database, so pass each key once`);
    }
    seen.add(key);
  }
}

/** Every unique key the model declares: the primary key, unique fields, uniqueTogether, unique indexes and constraints. */
function uniqueKeys(meta: ModelOptions): Field[][] {
  const keys: Field[][] = meta.fields.filter((field) => field.unique).map((field) => [field]);
  const declared = meta.declaredMeta?.constraints ?? [];
  const sets = [
    ...meta.uniqueTogether,
    ...meta.indexes.filter((index) => index.unique).map((index) => index.fields),
    ...declared.flatMap((constraint) => (constraint.kind === 'unique' ? [constraint.fields] : [])),
  ];
  for (const names of sets) {
    const key = names.map((name) => meta.field(name));
    if (!keys.some((known) => sameFields(known, key))) keys.push(key);
  }
  return keys;
}

function isAutoKey(key: readonly Field[]): boolean {
  return key.length === 1 && key[0]!.primaryKey && key[0]!.isAuto;
}

function sameFields(a: readonly Field[], b: readonly Field[]): boolean {
  return a.length === b.length && a.every((field) => b.includes(field));
}

function fieldList(meta: ModelOptions, names: unknown, option: string): Field[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) throw argumentError(`bulkCreate(): ${option}`, "an array of field names (['title'])", names);
  const fields = (names as string[]).map((name) => {
    const field = meta.maybeField(name);
    if (!field) throw new FieldError(`bulkCreate(): ${option} names an unknown field '${name}' of ${meta.name}.${choicesHint(name, meta.fields.map((f) => f.name))}`);
    if (!meta.fields.includes(field)) throw new FieldError(`bulkCreate(): ${option} can name only fields with a column; '${name}' of ${meta.name} is a many-to-many relation`);
    return field;
  });
  return fields.filter((field, i) => fields.indexOf(field) === i);
}

function requireFlag(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== 'boolean') throw argumentError(`bulkCreate(): ${option}`, 'true or false', value);
}
