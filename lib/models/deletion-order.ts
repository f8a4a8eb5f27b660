import { NotSupportedError } from '../errors.js';
import type { ForeignKey } from '../fields/index.js';
import type { ModelClass } from './types.js';
import { mapKey } from '../util/map-key.js';

/**
 * The order of a delete's statements when rows point at rows being deleted: models before the
 * models they point at, and within a model pointing at itself, leaves before their parents.
 * MariaDB checks foreign keys row by row, so there a cycle (rows pointing at each other) has its
 * nullable keys set to NULL first, and a cycle through NOT NULL keys alone is refused before
 * anything is written; PostgreSQL and SQLite check them at commit, so any order works there.
 */

type Row = Record<string, unknown>;

/** How the database checks foreign keys: at commit (`deferred`), or row by row; `database` names it in errors. */
export interface KeyChecks {
  readonly deferred: boolean;
  readonly database: string;
}

/**
 * Models in an order where rows pointing at another model's rows are deleted before them. A
 * cycle between models keeps the order they were found in where keys are checked at commit
 * (`deferred`). Elsewhere (MariaDB checks row by row) the nullable keys between the models left
 * unordered are set to NULL first (`unlink`); a cycle through NOT NULL keys alone is refused.
 */
export function deleteOrder(
  data: ReadonlyMap<ModelClass, ReadonlyMap<unknown, object>>,
  dependencies: ReadonlyMap<ModelClass, ReadonlySet<ModelClass>>,
  checks: KeyChecks,
): { models: ModelClass[]; unlink: { model: ModelClass; keys: ForeignKey[] }[] } {
  const models = [...data.keys()];
  const sorted: ModelClass[] = [];
  const done = new Set<ModelClass>();
  const unlink: { model: ModelClass; keys: ForeignKey[] }[] = [];
  let stuck: ReadonlySet<ModelClass> | undefined;
  // Whether `first`'s rows must go before `model`'s; once the stuck models are unlinked, only a NOT NULL key between them counts.
  const blocks = (first: ModelClass, model: ModelClass) =>
    !stuck?.has(first) || !stuck.has(model) || keysBetween(first, [model]).some((key) => !key.null);
  while (sorted.length < models.length) {
    let found = false;
    for (const model of models) {
      if (done.has(model)) continue;
      const waiting = [...(dependencies.get(model) ?? [])].some((first) => data.has(first) && !done.has(first) && blocks(first, model));
      if (waiting) continue;
      sorted.push(model);
      done.add(model);
      found = true;
    }
    if (found) continue;
    const left = models.filter((model) => !done.has(model));
    if (checks.deferred) return { models: [...sorted, ...left], unlink };
    // A model's keys to itself are left to deletionWaves.
    const others = (model: ModelClass) => keysBetween(model, left.filter((other) => other !== model));
    if (stuck) {
      const rows = left.flatMap((model) => [...data.get(model)!.values()]);
      throw cycleError(rows, left.flatMap((model) => others(model).filter((key) => !key.null)), checks.database);
    }
    stuck = new Set(left);
    for (const model of left) {
      const keys = others(model).filter((key) => key.null);
      if (keys.length) unlink.push({ model, keys });
    }
  }
  return { models: sorted, unlink };
}

/** The keys of `model` with a constraint (dbConstraint: false never blocks a delete) that point at one of `targets`. */
export function keysBetween(model: ModelClass, targets: readonly ModelClass[]): ForeignKey[] {
  return model._meta.foreignKeys.filter((key) => key.options.dbConstraint !== false && targets.includes(key.relatedModel as unknown as ModelClass));
}

/** One wave of a model's deletes; with `unlink`, those keys of the rows are set to NULL first. */
interface Wave {
  readonly keys: unknown[];
  readonly unlink?: readonly ForeignKey[];
}

/**
 * The keys to delete in order: for a model pointing at itself, rows no other remaining row points
 * at go first (leaves, then their parents ...), since MariaDB checks foreign keys row by row.
 * Rows pointing at each other (a cycle, or a row at itself) end in one last wave where foreign
 * keys are checked at commit (`deferred`); elsewhere their nullable keys to the model are set to
 * NULL first, and a cycle through NOT NULL keys alone is refused before anything is written.
 * `trusted` tells the rows whose keys were read while collecting; a caller's instance may hold a
 * stale parent key, and a row pointing into the deleted rows was read anyway (by the relation).
 */
export function deletionWaves(model: ModelClass, rows: readonly object[], options: KeyChecks & { trusted: (row: object) => boolean }): Wave[] {
  const pk = model._meta.pk.attname;
  const keys = keysBetween(model, [model]);
  if (keys.length === 0) return [{ keys: rows.map((row) => (row as Row)[pk]) }];
  const waves: Wave[] = [];
  let live = keys;
  let remaining = rows;
  while (remaining.length) {
    const pointedAt = new Set<unknown>();
    for (const row of remaining) {
      if (!options.trusted(row)) continue;
      for (const key of live) {
        const value = (row as Row)[key.attname];
        if (value !== null && value !== undefined) pointedAt.add(mapKey(value));
      }
    }
    const leaves = remaining.filter((row) => live.every((key) => !pointedAt.has(mapKey((row as Row)[key.targetField.attname]))));
    if (leaves.length === 0 && options.deferred) {
      waves.push({ keys: remaining.map((row) => (row as Row)[pk]) });
      break;
    }
    if (leaves.length === 0) {
      const unlink = live.filter((key) => key.null);
      if (unlink.length === 0) throw cycleError(remaining, live, options.database);
      waves.push({ keys: remaining.map((row) => (row as Row)[pk]), unlink });
      live = live.filter((key) => !key.null);
      continue;
    }
    waves.push({ keys: leaves.map((row) => (row as Row)[pk]) });
    const done = new Set(leaves);
    remaining = remaining.filter((row) => !done.has(row));
  }
  return waves;
}

function cycleError(rows: readonly object[], keys: readonly ForeignKey[], database: string): NotSupportedError {
  const fields = keys.map((key) => String(key)).join(', ');
  return new NotSupportedError(
    `Cannot delete ${listObjects(rows)}: they point at each other through the NOT NULL foreign key${keys.length > 1 ? 's' : ''} ${fields}, ` +
      `and ${database} checks foreign keys row by row, so no order of DELETEs works. Make ${keys.length > 1 ? 'one of the keys' : 'the key'} null: true, or point one of the rows elsewhere first`,
  );
}

export function listObjects(objects: readonly object[]): string {
  const shown = objects.slice(0, 5).map((row) => `${row.constructor.name} ${String((row as { pk?: unknown }).pk)}`);
  return objects.length > 5 ? `${shown.join(', ')} and ${objects.length - 5} more` : shown.join(', ');
}
