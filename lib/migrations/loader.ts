import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { BadMigrationError } from './errors.js';
import { Migration, type MigrationDefinition } from './migration.js';
import { MigrationGraph } from './graph.js';

/** A migration file name: `0001_initial.ts` (a `.js` build works too). */
const FILE = /^(\d{4,}_[A-Za-z0-9_]+)\.(ts|mts|js|mjs)$/;

export interface AppMigrations {
  readonly label: string;
  readonly migrationsDir: string;
}

/** The migration files of a folder, sorted by name (a missing folder has none). */
export function migrationFiles(dir: string): { name: string; path: string }[] {
  const folder = resolve(dir);
  if (!existsSync(folder)) return [];
  const byName = new Map<string, string>();
  for (const file of readdirSync(folder).sort()) {
    const match = FILE.exec(file);
    if (match && !file.endsWith('.d.ts') && !byName.has(match[1]!)) byName.set(match[1]!, join(folder, file));
  }
  return [...byName].map(([name, path]) => ({ name, path }));
}

/**
 * Imports every app's migration files and builds the graph. Files load through Node's dynamic
 * import (TypeScript via tsx); the modification time in the URL makes a rewritten file reload.
 */
export async function loadGraph(apps: readonly AppMigrations[]): Promise<MigrationGraph> {
  return new MigrationGraph(resolveReplacements(await loadMigrations(apps), new Map()).migrations);
}

/** Every app's migration files, loaded, in file order. */
export async function loadMigrations(apps: readonly AppMigrations[]): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const app of apps) {
    for (const { name, path } of migrationFiles(app.migrationsDir)) {
      let module: { default?: unknown };
      try {
        module = await importFile(path);
      } catch (error) {
        throw new BadMigrationError(`Cannot load migration ${app.label}.${name} (${path}): ${(error as Error).message}`);
      }
      // Outside a "type": "module" package tsx compiles the file as CommonJS: the export sits one level down.
      const exported = module.default as { operations?: unknown; default?: unknown } | undefined;
      const definition = (exported && !Array.isArray(exported.operations) ? exported.default : exported) as MigrationDefinition | undefined;
      if (!definition || !Array.isArray(definition.operations)) {
        throw new BadMigrationError(`Migration ${app.label}.${name} (${path}) has no default export made with migrations.migration({ ... })`);
      }
      migrations.push(new Migration(app.label, name, definition, path));
    }
  }
  return migrations;
}

/**
 * Django's rule for squashed migrations: when all the migrations a squash replaces are applied,
 * or none is, the squash stands in for them (and counts as applied in the first case); when only
 * some are, the originals are used and the squash is left out until they are all applied.
 */
export function resolveReplacements(all: readonly Migration[], applied: ReadonlyMap<string, Date>): { migrations: Migration[]; applied: Map<string, Date> } {
  const effective = new Map(applied);
  let migrations = [...all];
  for (const squash of all.filter((m) => m.replaces.length)) {
    const replaced = new Set(squash.replaces.map(([app, name]) => `${app}.${name}`));
    const done = [...replaced].filter((key) => applied.has(key));
    if (done.length && done.length < replaced.size) {
      migrations = migrations.filter((m) => m !== squash);
      continue;
    }
    if (done.length) effective.set(squash.key, applied.get(squash.key) ?? applied.get(done[done.length - 1]!)!);
    const rewire = (deps: readonly (readonly [string, string])[]) => {
      const out = deps.map(([app, name]) => (replaced.has(`${app}.${name}`) ? ([squash.app, squash.name] as const) : ([app, name] as const)));
      return out.filter(([app, name], i) => out.findIndex(([a, n]) => a === app && n === name) === i);
    };
    migrations = migrations
      .filter((m) => !replaced.has(m.key))
      .map((m) => (m === squash || !m.dependencies.some(([a, n]) => replaced.has(`${a}.${n}`)) ? m : m.withDependencies(rewire(m.dependencies))));
  }
  return { migrations, applied: effective };
}

/**
 * When Wren itself was loaded as CommonJS (tsx's require hook, as under mocha), migration files
 * are required too, so they share Wren's module instances (one Field class, one registry);
 * otherwise they are imported. The modification time in the URL makes a rewritten file reload.
 */
async function importFile(path: string): Promise<{ default?: unknown }> {
  if (typeof __filename === 'string' && typeof require === 'function') {
    const load = createRequire(path);
    delete load.cache[path];
    return { default: load(path) as unknown };
  }
  return (await import(`${pathToFileURL(path).href}?mtime=${statSync(path).mtimeMs}`)) as { default?: unknown };
}
