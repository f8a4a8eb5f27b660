import path from 'node:path';
import { loadApps } from '../cli/project.js';
import { findConfigFile, loadConfig, type ProjectConfig } from '../config/index.js';
import type { DatabaseConfig } from '../connection/index.js';
import { ImproperlyConfigured } from '../errors.js';
import type { TestAppConfig, TestDatabaseOptions } from './options.js';

const FALLBACK_DATABASE = 'sqlite:db.sqlite3';

/** What the test database is made from: the project's database config and its apps. */
export interface TestProject {
  readonly source: DatabaseConfig;
  readonly apps: readonly TestAppConfig[];
  /** Where relative fixture paths start: the config file's folder, or the working directory. */
  readonly root: string;
}

/**
 * The options filled in from the project: wren.config.ts is read when it is named, or when the
 * options leave out the models or the database (as a project's root hooks usually do).
 */
export async function resolveTestProject(options: TestDatabaseOptions): Promise<TestProject> {
  if (options.apps && options.models) throw new ImproperlyConfigured('useTestDatabase(): pass apps (with migrations) or models (tables from their fields), not both');
  const config = await projectConfig(options);
  const apps = options.apps ?? (options.models ? [{ label: 'app', models: options.models }] : undefined) ?? (config ? (await loadApps(config)).apps : undefined);
  if (!apps) {
    throw new ImproperlyConfigured(`useTestDatabase() cannot tell which tables to create: no wren.config.ts in ${process.cwd()} or its parents. Pass { models: [...] } or { apps: [...] }, or { config: 'path/to/wren.config.ts' }`);
  }
  const source = options.url ?? config?.databases.default ?? process.env.DATABASE_URL ?? FALLBACK_DATABASE;
  return { source, apps, root: config?.root ?? process.cwd() };
}

async function projectConfig(options: TestDatabaseOptions): Promise<ProjectConfig | undefined> {
  if (options.config !== undefined) return loadConfig({ cwd: process.cwd(), explicit: options.config });
  const needed = (!options.apps && !options.models) || options.url === undefined;
  const file = needed ? findConfigFile(process.cwd()) : undefined;
  return file ? loadConfig({ cwd: path.dirname(file), explicit: file }) : undefined;
}
