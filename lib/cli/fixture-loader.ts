import { readFileSync } from 'node:fs';
import { atomic, type Database } from '../connection/index.js';
import { introspectorFor, queryFor } from '../introspection/index.js';
import type { ModelClass } from '../models/types.js';
import { saveInstance } from '../models/persistence.js';
import { QuerySet } from '../query/queryset.js';
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
  await atomic(async () => {
    for (const group of groups) await loadGroup(group, db, progress);
    for (const group of groups) await loadManyToMany(group, db);
  }, { using: db.alias });
  return groups.map((group) => group.model);
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
  for (const instance of instances.filter((i) => !fresh.includes(i))) {
    await saveInstance(instance, { forceUpdate: true, using: db.alias }, { raw: true });
    progress.increment();
  }
  // New rows go in with bulkCreate; receivers still hear of each, as raw saves (Django's loaddata).
  const signalled = { pre: preSave.hasListeners(group.model), post: postSave.hasListeners(group.model) };
  const raw = { raw: true, using: db.alias, updateFields: null } as const;
  for (let i = 0; i < fresh.length; i += BATCH) {
    const batch = fresh.slice(i, i + BATCH);
    if (signalled.pre) for (const instance of batch) await preSave.send(group.model, { instance: instance as never, ...raw });
    await new QuerySet(group.model).using(db.alias).bulkCreate(batch as never[]);
    if (signalled.post) for (const instance of batch) await postSave.send(group.model, { instance: instance as never, created: true, ...raw });
    progress.increment(batch.length);
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
