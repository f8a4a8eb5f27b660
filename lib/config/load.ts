import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatabaseConfig, Router } from '../connection/index.js';
import { ImproperlyConfigured } from '../errors.js';
import type { AppConfig, WrenConfig } from './define-config.js';

/** Config file names looked for in the project root, in this order. */
export const CONFIG_FILES = ['wren.config.ts', 'wren.config.mts', 'wren.config.js', 'wren.config.mjs'] as const;
const DEFAULT_DATABASE = 'sqlite:db.sqlite3';

/** An app with absolute paths. */
export interface ResolvedApp {
  readonly label: string;
  readonly modelsPath: string;
  readonly migrationsDir: string;
}

/** A loaded project configuration: absolute paths, every database named. */
export interface ProjectConfig {
  /** The folder holding the config file; relative paths (and SQLite files) are resolved from it. */
  readonly root: string;
  readonly file: string;
  readonly databases: Readonly<Record<string, DatabaseConfig>>;
  readonly apps: readonly ResolvedApp[];
  readonly routers: readonly Router[];
}

/** The config file in `dir` or the nearest parent folder, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of CONFIG_FILES) {
      const candidate = path.join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * Loads the project's config: `explicit` (a `--config` path) or the nearest `wren.config.*` from
 * `cwd` upwards. TypeScript configs need the tsx loader, which `bin/wren.js` registers.
 */
export async function loadConfig(options: { cwd: string; explicit?: string | undefined }): Promise<ProjectConfig> {
  const file = options.explicit ? path.resolve(options.cwd, options.explicit) : findConfigFile(options.cwd);
  if (!file || !existsSync(file)) {
    const where = options.explicit ? `'${file}' does not exist` : `no ${CONFIG_FILES[0]} in ${options.cwd} or its parents`;
    throw new ImproperlyConfigured(`Cannot find the project configuration: ${where}. Create one (see 'wren startproject --help') or pass --config <file>`);
  }
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (!module.default || typeof module.default !== 'object') {
    throw new ImproperlyConfigured(`${file} must export default defineConfig({ ... })`);
  }
  return resolveConfig(module.default as WrenConfig, file);
}

/** Applies defaults and makes paths absolute. */
export function resolveConfig(config: WrenConfig, file: string): ProjectConfig {
  const root = path.dirname(file);
  const apps = config.apps ?? [{ label: 'app', models: './models.ts', migrations: './migrations' }];
  if (apps.length === 0) throw new ImproperlyConfigured(`${file}: 'apps' is empty; list at least one app`);
  const seen = new Set<string>();
  const resolved = apps.map((app) => resolveApp(app, { root, file, single: apps.length === 1 }));
  for (const app of resolved) {
    if (seen.has(app.label)) throw new ImproperlyConfigured(`${file}: two apps are labelled '${app.label}'; labels must be unique`);
    seen.add(app.label);
  }
  return { root, file, databases: resolveDatabases(config.databases, root), apps: resolved, routers: config.routers ?? [] };
}

function resolveApp(app: AppConfig, where: { root: string; file: string; single: boolean }): ResolvedApp {
  if (!app || typeof app.label !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(app.label)) {
    throw new ImproperlyConfigured(`${where.file}: every app needs a label that is an identifier (got ${JSON.stringify(app?.label)})`);
  }
  if (typeof app.models !== 'string') throw new ImproperlyConfigured(`${where.file}: app '${app.label}' needs models: './path/to/models.ts'`);
  const migrations = app.migrations ?? (where.single ? './migrations' : `./${app.label}/migrations`);
  return { label: app.label, modelsPath: path.resolve(where.root, app.models), migrationsDir: path.resolve(where.root, migrations) };
}

function resolveDatabases(databases: WrenConfig['databases'], root: string): Record<string, DatabaseConfig> {
  const named: Record<string, DatabaseConfig> = typeof databases === 'string' || databases === undefined ? { default: databases ?? DEFAULT_DATABASE } : { ...databases };
  if (!named.default) throw new ImproperlyConfigured(`The configuration names no 'default' database (it has: ${Object.keys(named).join(', ') || 'none'})`);
  for (const [alias, config] of Object.entries(named)) named[alias] = anchorSqlite(config, root);
  return named;
}

/** A relative SQLite file lives next to the config file, wherever the command is run from. */
function anchorSqlite(config: DatabaseConfig, root: string): DatabaseConfig {
  if (typeof config !== 'string') return config;
  const match = /^(sqlite[^:]*|better-sqlite3):(?!\/\/)(.+)$/i.exec(config);
  if (!match || match[2] === ':memory:' || path.isAbsolute(match[2]!)) return config;
  return `${match[1]}://${path.resolve(root, match[2]!)}`;
}
