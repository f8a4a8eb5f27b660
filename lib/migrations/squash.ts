import { resolve } from 'node:path';
import { choicesHint } from '../util/naming.js';
import { findMigration, type MigrationsOptions } from './api.js';
import { BadMigrationError, NodeNotFoundError } from './errors.js';
import { loadGraph } from './loader.js';
import { optimize } from './optimizer.js';
import type { Migration } from './migration.js';
import { renderMigration, writeMigration } from './writer.js';

export interface SquashOptions extends MigrationsOptions {
  /** Keep every operation as written (default: merge those that combine, as Django's optimizer does). */
  readonly noOptimize?: boolean;
  readonly app: string;
  /** The last migration to squash (name or prefix). */
  readonly to: string;
  /** The first one (default: the app's first). */
  readonly from?: string;
  /** Write nothing; the text is in the result. */
  readonly dryRun?: boolean;
  readonly importFrom?: string;
}

export interface SquashResult {
  readonly name: string;
  readonly path: string;
  readonly replaces: string[];
  readonly operations: string[];
  readonly source: string;
}

/**
 * Django's squashmigrations: one migration with the operations of a run of an app's migrations,
 * marked as replacing them. Databases that applied the originals keep working (the squash counts
 * as applied); new ones run the squash alone. Delete the originals once every database is past them.
 *
 * @example await squashMigrations({ apps, app: 'shop', to: '0004' }); // migrations/0001_squashed_0004_....ts
 */
export async function squashMigrations(options: SquashOptions): Promise<SquashResult> {
  const app = options.apps.find((a) => a.label === options.app);
  if (!app) throw new NodeNotFoundError(`No app labelled '${options.app}'.${choicesHint(options.app, options.apps.map((a) => a.label))}`);
  const graph = await loadGraph(options.apps);
  const last = findMigration(graph, app.label, options.to);
  const chain = graph.forwardsPlan(last.key).filter((m) => m.app === app.label);
  const first = options.from ? findMigration(graph, app.label, options.from) : chain[0]!;
  const squashed = chain.slice(chain.indexOf(first));
  if (squashed.length < 2 || chain.indexOf(first) < 0) throw new BadMigrationError(`Nothing to squash from ${first.name} to ${last.name}: give a range of at least two migrations of '${app.label}'`);
  const code = squashed.flatMap((m) => m.operations.filter((op) => op.className === 'RunCode').map(() => m.name));
  if (code.length) throw new BadMigrationError(`Cannot squash ${code.join(', ')}: RunCode functions cannot be written into a new file; squash the migrations around them, or move the code to RunSQL`);
  const keys = new Set(squashed.map((m) => m.key));
  const dependencies = uniqueDependencies(squashed, keys);
  const name = `${first.name.slice(0, 4)}_squashed_${last.name}`;
  const source = { app: app.label, name, dependencies, operations: options.noOptimize ? squashed.flatMap((m) => m.operations) : optimize(squashed.flatMap((m) => m.operations)), initial: first.initial, replaces: squashed.map((m) => [m.app, m.name] as const) };
  const before = graph.state(dependencies.map(([a, n]) => graph.node(`${a}.${n}`)));
  const { text } = renderMigration(source, before, options.importFrom ? { importFrom: options.importFrom } : {});
  const path = options.dryRun ? resolve(app.migrationsDir, `${name}.ts`) : writeMigration(app.migrationsDir, name, text);
  return { name, path, replaces: squashed.map((m) => m.name), operations: source.operations.map((op) => op.describe()), source: text };
}

/** What the squashed migrations depend on outside themselves, in first-seen order. */
function uniqueDependencies(squashed: readonly Migration[], inside: ReadonlySet<string>): [string, string][] {
  const out: [string, string][] = [];
  for (const m of squashed) {
    for (const [app, name] of m.dependencies) {
      if (!inside.has(`${app}.${name}`) && !out.some(([a, n]) => a === app && n === name)) out.push([app, name]);
    }
  }
  return out;
}
