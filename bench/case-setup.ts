/**
 * What a measured case needs before its first repetition, shared by `case.ts` (one library per
 * process, as the results table is measured) and `in-process.ts` (several libraries alternating in
 * one process, for A/B checks): Wren's table and rows, each library's connection, the workload's
 * own tables. `close()` undoes all of it.
 */
import { rmSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { wren } from './wren.js';
import { sqliteFile, wrenUrl, type LibraryName, type Sizes, type Target } from './config.js';
import { makeItems, storedRow } from './data.js';
import { openDriver, type RawDriver } from './drivers/index.js';
import { BenchItem, TABLE } from './model.js';
import type { DrizzleHandle } from './peers/drizzle.js';
import type { BenchKysely } from './peers/kysely.js';
import type { CaseContext, Workload } from './workloads/index.js';

export interface OpenCase {
  /** The context a library's repetitions run with (its own connection, rows as it writes them). */
  contextFor(lib: LibraryName): CaseContext;
  close(): Promise<void>;
}

function rawKnex(target: Target, file: string): Knex {
  if (target.family === 'sqlite') return knexFactory({ client: target.client, connection: { filename: file }, useNullAsDefault: true });
  return knexFactory({ client: target.client, connection: target.url! });
}

async function seed(count: number): Promise<number[]> {
  await BenchItem.objects.bulkCreate(makeItems(count), { batchSize: 500 });
  return BenchItem.objects.orderBy('id').valuesList('id', { flat: true });
}

/**
 * Fresh planner statistics for the tables a case reads, as a database in use has them. Each case
 * creates and fills its tables a moment before it is timed, when the server's own statistics may
 * or may not have caught up (InnoDB recalculates them in the background once a tenth of a table
 * has changed): MariaDB then chose between the float index and a scan differently from one
 * process to the next, and 500 filter + order + limit queries took 140 to 1,390 ms whichever
 * library ran them. Every library's process now starts from the same plan.
 */
async function analyze(target: Target, tables: readonly string[]): Promise<void> {
  const db = wren.database();
  // Fixed names of the bench's own tables, not input.
  if (target.family === 'mysql') await db.run({ sql: `ANALYZE TABLE ${tables.join(', ')}`, bindings: [] });
  else for (const table of tables) await db.run({ sql: `ANALYZE ${table}`, bindings: [] });
}

export async function openCase(target: Target, workload: Workload, libs: readonly LibraryName[], sizes: Sizes): Promise<OpenCase> {
  const file = sqliteFile();
  // Wren's own connection sets the table up for every library, so all see the same schema.
  wren.connect(wrenUrl(target, file));
  const editor = new wren.SchemaEditor();
  await editor.deleteModel(BenchItem, { ifExists: true });
  await editor.createModel(BenchItem);
  let knex: Knex | null = null;
  let driver: RawDriver | null = null;
  let kysely: BenchKysely | null = null;
  let drizzle: DrizzleHandle | null = null;
  let prepareStarted = false;
  const close = async (): Promise<void> => {
    await knex?.destroy();
    await driver?.close();
    await kysely?.destroy();
    await drizzle?.close();
    if (prepareStarted) await workload.teardown?.();
    await editor.deleteModel(BenchItem, { ifExists: true });
    await wren.disconnect();
    if (target.family === 'sqlite') rmSync(file, { force: true });
  };
  try {
    const items = makeItems(sizes.rows);
    const ids = workload.seeded ? await seed(sizes.rows) : [];
    knex = libs.includes('knex') ? rawKnex(target, file) : null;
    driver = libs.includes('driver') ? await openDriver(target, file) : null;
    // Kysely and Drizzle's dialect modules load only in a process that measures them.
    kysely = libs.includes('kysely') ? await (await import('./peers/kysely.js')).openKysely(target, file) : null;
    drizzle = libs.includes('drizzle') ? await (await import('./peers/drizzle.js')).openDrizzle(target, file) : null;
    const stored = items.map((item) => storedRow(item, target.family));
    const drizzleRows = drizzle ? items.map((item) => drizzle!.values(item)) : stored;
    const base: CaseContext = { target, sizes, items, storedRows: stored, ids, knex, driver, kysely, drizzle };
    prepareStarted = true;
    await workload.prepare?.(base);
    await analyze(target, [TABLE, ...(workload.tables ?? [])]);
    const forDrizzle: CaseContext = { ...base, storedRows: drizzleRows };
    return { contextFor: (lib) => (lib === 'drizzle' ? forDrizzle : base), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One repetition of `lib` on the workload: wall-clock and this process's CPU time, in ms. */
export async function repetition(workload: Workload, lib: LibraryName, ctx: CaseContext, forceGc: boolean): Promise<{ ms: number; cpuMs: number }> {
  if (workload.emptyBeforeEach) await BenchItem.objects.delete();
  if (forceGc) globalThis.gc?.();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await workload.run[lib](ctx);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}
