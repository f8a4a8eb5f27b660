import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { connect, database, type Database } from '../connection/index.js';
import { loadConfig, type ProjectConfig, type ResolvedApp } from '../config/index.js';
import { ImproperlyConfigured } from '../errors.js';
import { Model } from '../models/model.js';
import type { ModelClass } from '../models/types.js';
import { choicesHint } from '../util/naming.js';
import { CommandError, type CommandContext } from './context.js';

/** An app with its model classes imported. */
export interface LoadedApp extends ResolvedApp {
  /** Concrete models the models module exports (a module namespace lists them by name). */
  readonly models: readonly ModelClass[];
}

/** The configured project: config, connected databases and loaded apps. */
export interface Project {
  readonly config: ProjectConfig;
  readonly apps: readonly LoadedApp[];
}

/** Loads the config and points Wren's connections at the configured databases (nothing is queried yet). */
export async function loadProjectConfig(ctx: CommandContext): Promise<ProjectConfig> {
  const config = await loadConfig({ cwd: ctx.cwd, explicit: ctx.configPath });
  connect(config.databases, { routers: config.routers });
  return config;
}

/** Config plus every app's models. */
export async function loadProject(ctx: CommandContext): Promise<Project> {
  return loadApps(await loadProjectConfig(ctx));
}

/** Imports every app's models module. */
export async function loadApps(config: ProjectConfig): Promise<Project> {
  const apps: LoadedApp[] = [];
  for (const app of config.apps) apps.push({ ...app, models: await importModels(app) });
  return { config, apps };
}

async function importModels(app: ResolvedApp): Promise<ModelClass[]> {
  if (!existsSync(app.modelsPath)) {
    throw new ImproperlyConfigured(`App '${app.label}': models module ${app.modelsPath} does not exist (set 'models' in the config)`);
  }
  const module = (await import(pathToFileURL(app.modelsPath).href)) as Record<string, unknown>;
  const models: ModelClass[] = [];
  for (const value of Object.values(module)) {
    if (typeof value !== 'function' || !(value.prototype instanceof Model)) continue;
    const model = value as unknown as ModelClass;
    // Read the declared meta, not `_meta`: building it may fail, and `wren check` reports that per model.
    const meta = Object.prototype.hasOwnProperty.call(model, 'meta') ? (model as { meta?: { abstract?: boolean } }).meta : undefined;
    if (meta?.abstract !== true && !models.includes(model)) models.push(model);
  }
  return models;
}

/** The database for `--database`, with the configured aliases listed when it is unknown. */
export function selectDatabase(project: { config: ProjectConfig }, alias: string | undefined): Database {
  const name = alias ?? 'default';
  if (!(name in project.config.databases)) {
    throw new CommandError(`Unknown database '${name}'.${choicesHint(name, Object.keys(project.config.databases))}`);
  }
  return database(name);
}

/** The app with this label, or an error listing the labels. */
export function findApp<A extends { readonly label: string }>(apps: readonly A[], label: string): A {
  const app = apps.find((candidate) => candidate.label === label);
  if (!app) throw new CommandError(`No app labelled '${label}'.${choicesHint(label, apps.map((a) => a.label))}`);
  return app;
}

/** What finding a model by `app.Model` needs of an app. */
export interface ModelApp {
  readonly label: string;
  readonly models: readonly ModelClass[];
}

/** `app.Model` (or a bare model name when it is unambiguous) to the model class. */
export function findModel<A extends ModelApp>(apps: readonly A[], reference: string): { app: A; model: ModelClass } {
  const [label, name] = reference.includes('.') ? reference.split('.', 2) : [undefined, reference];
  const candidates = apps.filter((app) => label === undefined || app.label === label);
  if (label !== undefined && candidates.length === 0) findApp(apps, label);
  for (const app of candidates) {
    const model = app.models.find((m) => m.name === name || m.name.toLowerCase() === name!.toLowerCase());
    if (model) return { app, model };
  }
  const known = candidates.flatMap((app) => app.models.map((m) => `${app.label}.${m.name}`));
  throw new CommandError(`Unknown model '${reference}'.${choicesHint(reference, known)}`);
}

/** `app.Model`, as fixtures and messages name a model. */
export function modelLabel(app: { label: string }, model: ModelClass): string {
  return `${app.label}.${model.name}`;
}
