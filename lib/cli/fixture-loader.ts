import { readFileSync } from 'node:fs';
import { atomic, type Database } from '../connection/index.js';
import { IntegrityError } from '../errors.js';
import type { ForeignKey } from '../fields/index.js';
import { introspectorFor, queryFor } from '../introspection/index.js';
import type { ModelClass } from '../models/types.js';
import { saveInstance } from '../models/persistence.js';
import { QuerySet } from '../query/queryset.js';
import { Exists, OuterRef } from '../query/subquery-expressions.js';
import { postSave, preSave } from '../signals/builtin.js';
import { choicesHint } from '../util/naming.js';
import { CommandError } from './context.js';
import { autoManyToMany, dependencyOrder, fromJson, validateFixture, type FixtureObject, type LabelledModel } from './fixtures.js';
import type { Progress } from './progress.js';
import { findModel, modelLabel, type ModelApp } from './project.js';

// What `wren loaddata` and `loadFixtures()` of wren/testing share: reading fixture files and
// writing their objects, without a command context.

const BATCH = 500;

interface Group extends LabelledModel {
  readonly objects: FixtureObject[];
}

/** The objects of a fixture file; `file` is the name the user gave, for messages. */
export function readFixture(absolute: string, file: string): FixtureObject[] {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch {
    throw new CommandError(`No fixture named '${file}' (looked for ${absolute})`);
  }
  try {
    return validateFixture(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof SyntaxError) throw new CommandError(`${file} is not valid JSON: ${error.message}`);
    throw error;
  }
}

const silent: Pick<Progress, 'increment'> = { increment() {} };

/**
 * Inserts (or updates, by primary key) every object in one `atomic()` block, referenced models
 * first, then moves PostgreSQL sequences past the loaded keys.
 */
export async function loadFixtureObjects(apps: readonly ModelApp[], objects: readonly FixtureObject[], options: { db: Database }): Promise<void> {
  const models = await writeFixtureObjects(apps, objects, options);
  await resetSequences(options.db, models);
}

/** The writing half of `loadFixtureObjects()`, all objects or none; returns the models written to. */
export async function writeFixtureObjects(
  apps: readonly ModelApp[],
  objects: readonly FixtureObject[],
  options: { db: Database; progress?: Pick<Progress, 'increment'> },
): Promise<ModelClass[]> {
  const { db, progress = silent } = options;
  const groups = groupByModel(apps, objects);
  // As Django's loaddata: keys are not checked while loading, so objects may come in any order,
  // then every relation of the loaded models is checked once (MySQL never rechecks on its own).
  await atomic(() => withForeignKeysDeferred(db, async () => {
    for (const group of groups) await loadGroup(group, db, progress);
    for (const group of groups) await loadManyToMany(group, db);
    for (const group of groups) await checkForeignKeys(group, db, (model) => labelOf(apps, model));
  }), { using: db.alias });
  return groups.map((group) => group.model);
}

/** Runs `fn` with the database's row-by-row key checks off, on the enclosing block's connection. */
async function withForeignKeysDeferred(db: Database, fn: () => Promise<void>): Promise<void> {
  const statements = introspectorFor(db.dialect).deferForeignKeysSql();
  if (!statements) return fn();
  const query = queryFor(db);
  await query(statements.defer);
  let failed = true;
  try {
    await fn();
    failed = false;
  } finally {
    // The connection outlives the load (a pool, a test's transaction): the checks must be back on.
    await query(statements.restore).catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}

/** Objects grouped per model, models ordered so referenced rows are loaded first. */
function groupByModel(apps: readonly ModelApp[], objects: readonly FixtureObject[]): Group[] {
  const groups: Group[] = [];
  for (const object of objects) {
    const { app, model } = findModel(apps, object.model);
    let group = groups.find((g) => g.model === model);
    if (!group) groups.push((group = { label: modelLabel(app, model), model, objects: [] }));
    group.objects.push(object);
  }
  return dependencyOrder(groups);
}

async function loadGroup(group: Group, db: Database, progress: Pick<Progress, 'increment'>): Promise<void> {
  const meta = group.model._meta;
  const manyToMany = new Set(autoManyToMany(group.model).map((field) => field.name));
  const instances = group.objects.map((object) => instanceOf(group, object, manyToMany));
  const pks = instances.map((instance) => instance[meta.pk.attname]).filter((pk) => pk !== null && pk !== undefined);
  const existing = new Set<unknown>();
  for (let i = 0; i < pks.length; i += BATCH) {
    const found = await new QuerySet(group.model).using(db.alias).filter({ pk__in: pks.slice(i, i + BATCH) } as never).valuesList('pk' as never, { flat: true });
    for (const pk of found as unknown[]) existing.add(String(pk));
  }
  const fresh = instances.filter((instance) => !existing.has(String(instance[meta.pk.attname])));
  // New rows go in with bulkCreate; receivers still hear of each, as raw saves (Django's loaddata).
  // They go first, so an updated row may point at one of them even where a key cannot be deferred.
  const signalled = { pre: preSave.hasListeners(group.model), post: postSave.hasListeners(group.model) };
  const raw = { raw: true, using: db.alias, updateFields: null } as const;
  for (let i = 0; i < fresh.length; i += BATCH) {
    const batch = fresh.slice(i, i + BATCH);
    if (signalled.pre) for (const instance of batch) await preSave.send(group.model, { instance: instance as never, ...raw });
    await new QuerySet(group.model).using(db.alias).bulkCreate(batch as never[]);
    if (signalled.post) for (const instance of batch) await postSave.send(group.model, { instance: instance as never, created: true, ...raw });
    progress.increment(batch.length);
  }
  for (const instance of instances.filter((i) => !fresh.includes(i))) {
    await saveInstance(instance, { forceUpdate: true, using: db.alias }, { raw: true });
    progress.increment();
  }
}

type Instance = Record<string, unknown>;

function instanceOf(group: Group, object: FixtureObject, manyToMany: ReadonlySet<string>): Instance {
  const meta = group.model._meta;
  const values: Record<string, unknown> = {};
  if (object.pk !== undefined && object.pk !== null) values[meta.pk.attname] = fromJson(meta.pk, object.pk);
  for (const [name, value] of Object.entries(object.fields)) {
    if (manyToMany.has(name)) continue;
    const field = meta.maybeField(name);
    if (!field || !meta.fields.includes(field)) {
      throw new CommandError(`${group.label} (pk ${JSON.stringify(object.pk)}) has no field '${name}'.${choicesHint(name, meta.fieldNames())}`);
    }
    try {
      values[field.attname] = fromJson(field, value);
    } catch (error) {
      throw new CommandError(`${group.label} (pk ${JSON.stringify(object.pk)}) field '${name}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return new group.model(values) as Instance;
}

/** Join rows of automatic many-to-many tables: the fixture's list replaces what was there. */
async function loadManyToMany(group: Group, db: Database): Promise<void> {
  for (const field of autoManyToMany(group.model)) {
    const through = field.through as unknown as ModelClass;
    const source = field.throughSource!;
    const target = field.throughTarget!;
    for (const object of group.objects) {
      const related = object.fields[field.name];
      if (related === undefined) continue;
      if (!Array.isArray(related)) throw new CommandError(`${group.label} (pk ${JSON.stringify(object.pk)}) field '${field.name}' must list the related primary keys`);
      await new QuerySet(through).using(db.alias).filter({ [source.attname]: object.pk } as never).delete();
      if (related.length) {
        const rows = related.map((key) => new through({ [source.attname]: object.pk, [target.attname]: key }));
        await new QuerySet(through).using(db.alias).bulkCreate(rows as never[]);
      }
    }
  }
}

/**
 * One query per relation of the model (its keys, and the targets of its many-to-many join rows):
 * the first row whose key matches no row fails the load, as the database would have.
 */
async function checkForeignKeys(group: Group, db: Database, labelOf: (model: ModelClass) => string): Promise<void> {
  const relations = group.model._meta.foreignKeys
    .filter((key) => key.options.dbConstraint !== false)
    .map((key) => ({ model: group.model, key, owner: group.model._meta.pk, says: `${key.name} is` }));
  for (const field of autoManyToMany(group.model)) {
    relations.push({ model: field.through as unknown as ModelClass, key: field.throughTarget!, owner: field.throughSource!, says: `${field.name} lists` });
  }
  for (const { model, key, owner, says } of relations) {
    const target = key.relatedModel as unknown as ModelClass;
    const matching = new QuerySet(target).filter({ [key.targetField.attname]: OuterRef(key.attname) } as never);
    const dangling = new QuerySet(model).using(db.alias)
      .filter({ [`${key.attname}__isnull`]: false } as never, Exists(matching).not())
      .orderBy('pk')
      .valuesList(owner.attname as never, key.attname as never);
    const [row] = (await dangling.slice(0, 1)) as unknown as [unknown, unknown][];
    if (!row) continue;
    const message = `${group.label} (pk ${JSON.stringify(row[0])}) has an invalid foreign key: ${says} ${JSON.stringify(row[1])}, and no ${labelOf(target)} has that ${key.targetField.name}`;
    throw new IntegrityError(message, { ...dangling.toSQL(), cause: undefined });
  }
}

/** `app.Model` for a model of one of the apps; the class name for any other. */
function labelOf(apps: readonly ModelApp[], model: ModelClass): string {
  const app = apps.find((candidate) => candidate.models.includes(model));
  return app ? modelLabel(app, model) : model.name;
}

/** Rows inserted with explicit keys do not advance PostgreSQL's sequences; move them past the data. */
export async function resetSequences(db: Database, models: readonly ModelClass[]): Promise<void> {
  const introspector = introspectorFor(db.dialect);
  const query = queryFor(db);
  for (const model of models) {
    const meta = model._meta;
    if (!meta.pk.isAuto) continue;
    const sql = introspector.sequenceResetSql(meta.tableName, meta.pk.column);
    if (sql) await query(sql);
  }
}
