import { database } from '../connection/index.js';
import type { ModelClass } from '../models/types.js';
import { postMigrate, preMigrate } from '../signals/builtin.js';
import { choicesHint } from '../util/naming.js';
import { Autodetector } from './autodetector.js';
import { BadMigrationError, ConflictingMigrationsError, NodeNotFoundError } from './errors.js';
import { MigrationExecutor, type MigrateProgress, type PlanStep, type Target } from './executor.js';
import { MigrationGraph } from './graph.js';
import { loadGraph, loadMigrations, migrationFiles, resolveReplacements } from './loader.js';
import { MigrationRecorder } from './recorder.js';
import type { Migration } from './migration.js';
import type { Operation } from './operations/base.js';
import { NonInteractiveQuestioner, type Questioner } from './questioner.js';
import type { Literal } from './state/field-state.js';
import { ProjectState } from './state/project-state.js';
import { migrationName, renderMigration, writeMigration } from './writer.js';

/** One app: its models and the folder of its migration files. */
export interface AppConfig {
  readonly label: string;
  readonly models: readonly ModelClass[];
  readonly migrationsDir: string;
}

export interface MigrationsOptions {
  readonly apps: readonly AppConfig[];
  /** The database alias (default: 'default'); call `connect()` first. */
  readonly using?: string;
}

export interface MakeMigrationsOptions extends MigrationsOptions {
  readonly appLabels?: readonly string[];
  /** Write nothing; `changed` tells whether migrations are missing (for CI). */
  readonly check?: boolean;
  /** Write nothing; each migration's text is in the result. */
  readonly dryRun?: boolean;
  /** The new migration's name (after its number); only when one app changes. */
  readonly name?: string;
  /** Write an empty migration for `appLabels` (to fill with RunCode or RunSQL). */
  readonly empty?: boolean;
  /** `{ 'Author.name': 'fullName', Author: 'Writer' }`: renames, answered without a terminal. */
  readonly renames?: Readonly<Record<string, string>>;
  /** One-off defaults for new NOT NULL fields: `{ 'Author.age': 0 }`. */
  readonly defaults?: Readonly<Record<string, Literal>>;
  /** Asks the questions (default: answers from `renames`/`defaults`, "no" otherwise). */
  readonly questioner?: Questioner;
  /** The module migration files import from (default 'wren'). */
  readonly importFrom?: string;
  /** Write a merge migration for apps whose history forked (two migrations with the same parent). */
  readonly merge?: boolean;
}

export interface WrittenMigration {
  readonly app: string;
  readonly name: string;
  readonly path: string;
  /** What it depends on: `[['shop', '0009_a'], ...]` (for a merge migration, the leaves it joins). */
  readonly dependencies: readonly (readonly [string, string])[];
  readonly operations: string[];
  readonly source: string;
}

export interface MakeMigrationsResult {
  readonly changed: boolean;
  readonly written: string[];
  readonly migrations: WrittenMigration[];
  readonly dataLoss: string[];
}

interface PlannedFile {
  app: AppConfig;
  name: string;
  operations: Operation[];
  dependencies: [string, string][];
  initial: boolean;
}

/**
 * Django's makemigrations: diffs the state the migration files build with the live models and
 * writes one migration per changed app.
 *
 * @example const { written } = await makeMigrations({ apps: [{ label: 'shop', models: [Author], migrationsDir: 'migrations' }] });
 */
export async function makeMigrations(options: MakeMigrationsOptions): Promise<MakeMigrationsResult> {
  const graph = await loadGraph(options.apps);
  const labels = options.appLabels ?? options.apps.map((a) => a.label);
  for (const label of labels) appConfig(options.apps, label);
  const before = graph.state();
  if (options.merge) return writeAll(mergeFiles(graph, options.apps, labels), before, options);
  refuseConflicts(graph, labels);
  const questioner = options.questioner ?? new NonInteractiveQuestioner({ renames: options.renames ?? {}, defaults: options.defaults ?? {} });
  const changes = options.empty
    ? new Map(labels.map((label) => [label, { operations: [] as Operation[], dependsOnApps: new Set<string>() }]))
    : await new Autodetector(before, ProjectState.fromApps(options.apps), questioner).detect(labels);
  if (options.name && changes.size > 1) throw new BadMigrationError(`A migration name was given but ${changes.size} apps changed (${[...changes.keys()].join(', ')}); name them one app at a time`);
  const planned = new Map<string, PlannedFile>();
  for (const [label, change] of changes) {
    const app = appConfig(options.apps, label);
    const existing = migrationFiles(app.migrationsDir);
    const leaves = leafNames(graph, label);
    const number = existing.reduce((max, file) => Math.max(max, Number.parseInt(file.name, 10)), 0) + 1;
    const initial = existing.length === 0;
    const name = migrationName(number, change.operations, { initial: initial && !options.empty, ...(options.name ? { name: options.name } : {}) });
    planned.set(label, { app, name, operations: change.operations, dependencies: leaves.map((leaf) => [label, leaf] as [string, string]), initial });
    for (const other of [...change.dependsOnApps].sort()) planned.get(label)!.dependencies.push(...leafNames(graph, other).map((leaf) => [other, leaf] as [string, string]));
  }
  // A dependency on an app that gets a new migration in this run points at that new one.
  for (const [label, change] of changes) {
    for (const other of change.dependsOnApps) {
      const fresh = planned.get(other);
      if (fresh && !planned.get(label)!.dependencies.some(([a, n]) => a === other && n === fresh.name)) planned.get(label)!.dependencies.push([other, fresh.name]);
    }
  }
  return writeAll([...planned.values()], before, options);
}

function writeAll(files: readonly PlannedFile[], before: ProjectState, options: MakeMigrationsOptions): MakeMigrationsResult {
  const result: MakeMigrationsResult = { changed: files.length > 0, written: [], migrations: [], dataLoss: [] };
  let state = before;
  for (const file of files) {
    const source = { app: file.app.label, name: file.name, dependencies: file.dependencies, operations: file.operations, initial: file.initial };
    const { text, dataLoss } = renderMigration(source, state, options.importFrom ? { importFrom: options.importFrom } : {});
    for (const op of file.operations) state = op.stateForwards(file.app.label, state);
    const path = `${file.app.migrationsDir}/${file.name}.ts`;
    const written = options.check || options.dryRun ? path : writeMigration(file.app.migrationsDir, file.name, text);
    if (!options.check && !options.dryRun) result.written.push(written);
    result.migrations.push({ app: file.app.label, name: file.name, path: written, dependencies: file.dependencies, operations: file.operations.map((op) => op.describe()), source: text });
    result.dataLoss.push(...dataLoss);
  }
  return result;
}

function leafNames(graph: MigrationGraph, app: string): string[] {
  const leaves = graph.leaves(app).map((m) => m.name).sort();
  if (leaves.length > 1) throw new ConflictingMigrationsError({ [app]: leaves });
  return leaves;
}

/**
 * Django's conflict check, made before anything else by makemigrations (for the apps it is
 * asked about) and migrate: an app whose history forked has several latest migrations.
 */
function refuseConflicts(graph: MigrationGraph, labels: readonly string[]): void {
  const conflicts: Record<string, string[]> = {};
  for (const label of labels) {
    const leaves = graph.leaves(label).map((m) => m.name).sort();
    if (leaves.length > 1) conflicts[label] = leaves;
  }
  if (Object.keys(conflicts).length) throw new ConflictingMigrationsError(conflicts);
}

/** A merge migration (no operations, depending on every latest one) for each app whose history forked. */
function mergeFiles(graph: MigrationGraph, apps: readonly AppConfig[], labels: readonly string[]): PlannedFile[] {
  return labels.flatMap((label) => {
    const leaves = graph.leaves(label).map((m) => m.name).sort();
    if (leaves.length < 2) return [];
    const app = appConfig(apps, label);
    const number = migrationFiles(app.migrationsDir).reduce((max, file) => Math.max(max, Number.parseInt(file.name, 10)), 0) + 1;
    const name = `${String(number).padStart(4, '0')}_${mergeName(leaves)}`;
    return [{ app, name, operations: [], dependencies: leaves.map((leaf) => [label, leaf] as [string, string]), initial: false }];
  });
}

/**
 * Named after the leaves it joins, as Django 4 does (`merge_0009_a_0009_b`). Where Django falls
 * back to a timestamp for long names, each leaf is shortened instead, so the file name stays the
 * same for the same history.
 */
function mergeName(leaves: readonly string[]): string {
  const budget = 47;
  const joined = leaves.join('_');
  if (joined.length <= budget) return `merge_${joined}`;
  const each = Math.max(4, Math.floor((budget - (leaves.length - 1)) / leaves.length));
  return `merge_${leaves.map((leaf) => leaf.slice(0, each).replace(/_+$/, '')).join('_')}`;
}

function appConfig(apps: readonly AppConfig[], label: string): AppConfig {
  const found = apps.find((a) => a.label === label);
  if (!found) throw new NodeNotFoundError(`No app labelled '${label}'.${choicesHint(label, apps.map((a) => a.label))}`);
  return found;
}

export interface MigrateOptions extends MigrationsOptions {
  /** A migration (name or unique prefix: '0001'; 'app:0001'), `{ app, name }`, or 'zero' (unapply all). */
  readonly target?: { readonly app: string; readonly name: string } | string;
  /** Limit to one app (and say which app a bare target names). */
  readonly app?: string;
  readonly fake?: boolean;
  readonly fakeInitial?: boolean;
  /** Return the plan only; run nothing. */
  readonly plan?: boolean;
  readonly onProgress?: (event: MigrateProgress) => void;
}

export interface MigrationRef {
  readonly app: string;
  readonly name: string;
}

export interface MigrateResult {
  readonly plan: { app: string; name: string; backwards: boolean; operations: string[] }[];
  readonly applied: (MigrationRef & { faked: boolean })[];
  readonly unapplied: (MigrationRef & { faked: boolean })[];
}

/**
 * Django's migrate: applies (or, to an earlier target, unapplies) migrations, each in a
 * transaction where the database allows DDL in one. `preMigrate` and `postMigrate` are sent for
 * every app around the run, even when there is nothing to apply (not with `plan: true`).
 *
 * @example await migrate({ apps, target: '0001' }); await migrate({ apps, target: 'zero' });
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { graph, executor, applied: appliedAt } = await history(options);
  refuseConflicts(graph, options.apps.map((a) => a.label));
  const applied = new Set(appliedAt.keys());
  executor.checkConsistentHistory(applied);
  const plan = executor.plan(targets(graph, options), applied);
  const described = plan.map(({ migration, backwards }) => ({ app: migration.app, name: migration.name, backwards, operations: migration.operations.map((op) => op.describe()) }));
  if (options.plan) return { plan: described, applied: [], unapplied: [] };
  await sendMigrateSignal(preMigrate, options.apps, plan, executor.db.alias);
  const done = await executor.run(plan, {
    ...(options.fake ? { fake: true } : {}),
    ...(options.fakeInitial ? { fakeInitial: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await sendMigrateSignal(postMigrate, options.apps, plan, executor.db.alias);
  const ref = ({ step, faked }: (typeof done)[number]) => ({ app: step.migration.app, name: step.migration.name, faked });
  return { plan: described, applied: done.filter((d) => !d.step.backwards).map(ref), unapplied: done.filter((d) => d.step.backwards).map(ref) };
}

/**
 * One send per app, as Django's migrate command does. The sender is the app's label, not the
 * config object: the CLI builds its configs afresh, so only the label identifies an app to
 * `connect(..., { sender: 'shop' })`.
 */
async function sendMigrateSignal(signal: typeof preMigrate, apps: readonly AppConfig[], plan: readonly PlanStep[], using: string): Promise<void> {
  for (const app of apps) await signal.send(app.label, { appConfig: app, plan, using });
}

function targets(graph: MigrationGraph, options: MigrateOptions): Target[] {
  const labels = options.app ? [appConfig(options.apps, options.app).label] : options.apps.map((a) => a.label);
  const target = options.target;
  if (target === undefined) return labels.flatMap((app) => graph.leaves(app).map((m) => ({ app, name: m.name })));
  if (target === 'zero') return labels.map((app) => ({ app, name: null }));
  const [app, name] = typeof target === 'string' ? splitTarget(target, options.app, labels) : [target.app, target.name];
  if (name === 'zero') return [{ app, name: null }];
  return [{ app, name: findMigration(graph, app, name).name }];
}

function splitTarget(target: string, app: string | undefined, labels: readonly string[]): [string, string] {
  const colon = target.indexOf(':');
  if (colon > 0) return [target.slice(0, colon), target.slice(colon + 1)];
  if (app) return [app, target];
  if (labels.length === 1) return [labels[0]!, target];
  throw new NodeNotFoundError(`Migration target '${target}' is ambiguous with several apps (${labels.join(', ')}): write it as app:${target}`);
}

/** A migration by exact name or unique prefix ('0001'). */
export function findMigration(graph: MigrationGraph, app: string, name: string): Migration {
  const ofApp = [...graph.nodes.values()].filter((m) => m.app === app);
  const exact = ofApp.find((m) => m.name === name);
  if (exact) return exact;
  const matches = ofApp.filter((m) => m.name.startsWith(name));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new NodeNotFoundError(`More than one migration in '${app}' starts with '${name}': ${matches.map((m) => m.name).join(', ')}`);
  throw new NodeNotFoundError(`No migration '${name}' in app '${app}'.${ofApp.length ? choicesHint(name, ofApp.map((m) => m.name)) : ' The app has no migrations.'}`);
}

/** Every migration of every app, in dependency order, with whether it is applied. */
export async function showMigrations(options: MigrationsOptions): Promise<{ app: string; name: string; applied: boolean; appliedAt: Date | null }[]> {
  const { graph, applied } = await history(options);
  const out: { app: string; name: string; applied: boolean; appliedAt: Date | null }[] = [];
  for (const app of options.apps) {
    const seen = new Set<string>();
    for (const leaf of graph.leaves(app.label)) {
      for (const m of graph.forwardsPlan(leaf.key)) {
        if (m.app !== app.label || seen.has(m.key)) continue;
        seen.add(m.key);
        out.push({ app: m.app, name: m.name, applied: applied.has(m.key), appliedAt: applied.get(m.key) ?? null });
      }
    }
  }
  return out;
}

/** The SQL a migration runs (or, with `backwards`, its reversal) on this database; nothing runs. */
export async function sqlMigrate(options: MigrationsOptions & { app?: string; name: string; backwards?: boolean }): Promise<string[]> {
  const { graph, executor } = await history(options);
  const [app, name] = splitTarget(options.name, options.app, options.apps.map((a) => a.label));
  return executor.collectSql(findMigration(graph, app, name), options.backwards === true);
}

/** The migration graph as this database sees it (squashed migrations resolved against what is applied). */
async function history(options: MigrationsOptions): Promise<{ graph: MigrationGraph; executor: MigrationExecutor; applied: Map<string, Date> }> {
  const db = database(options.using);
  await db.ready(); // DDL may depend on the server version (MySQL/MariaDB collations)
  const recorded = await new MigrationRecorder(db).applied();
  const { migrations, applied } = resolveReplacements(await loadMigrations(options.apps), recorded);
  const graph = new MigrationGraph(migrations);
  return { graph, executor: new MigrationExecutor(db, graph), applied };
}
