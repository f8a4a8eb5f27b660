/**
 * One measured case in its own process: `tsx bench/case.ts --target=postgres --workload=fetch
 * --lib=wren [--quick] [--gc]` (`--gc` needs `node --expose-gc`). Prints
 * `{"times":[ms, ...],"cpu":[ms, ...]}` on its last stdout line: wall-clock and this process's CPU
 * time per repetition.
 */
import { rmSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { wren } from './wren.js';
import { FULL, QUICK, sqliteFile, targetNamed, wrenUrl, type LibraryName, type Target } from './config.js';
import { makeItems, storedRow } from './data.js';
import { openDriver, type RawDriver } from './drivers/index.js';
import { BenchItem } from './model.js';
import type { DrizzleHandle } from './peers/drizzle.js';
import type { BenchKysely } from './peers/kysely.js';
import { workloadNamed, type CaseContext } from './workloads/index.js';

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function rawKnex(target: Target, file: string): Knex {
  if (target.family === 'sqlite') return knexFactory({ client: target.client, connection: { filename: file }, useNullAsDefault: true });
  return knexFactory({ client: target.client, connection: target.url! });
}

async function seed(count: number): Promise<number[]> {
  await BenchItem.objects.bulkCreate(makeItems(count), { batchSize: 500 });
  const ids = await BenchItem.objects.orderBy('id').valuesList('id', { flat: true });
  return ids;
}

async function main(): Promise<void> {
  const target = targetNamed(flag('target') ?? 'better-sqlite3');
  const workload = workloadNamed(flag('workload') ?? 'fetch');
  const lib = (flag('lib') ?? 'wren') as LibraryName;
  const sizes = process.argv.includes('--quick') ? QUICK : FULL;
  // Off by default (see bench/run.ts): a full GC drops the hidden classes no live object uses, so
  // the next repetition re-learns them and re-optimises, a cost JavaScript-heavy libraries pay and
  // the raw driver does not; a long-running application meets it only at its rare full GCs.
  const forceGc = process.argv.includes('--gc');
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
  try {
    const items = makeItems(sizes.rows);
    const ids = workload.seeded ? await seed(sizes.rows) : [];
    knex = lib === 'knex' ? rawKnex(target, file) : null;
    driver = lib === 'driver' ? await openDriver(target, file) : null;
    // Kysely and Drizzle's dialect modules load only in the process that measures them.
    kysely = lib === 'kysely' ? await (await import('./peers/kysely.js')).openKysely(target, file) : null;
    drizzle = lib === 'drizzle' ? await (await import('./peers/drizzle.js')).openDrizzle(target, file) : null;
    const storedRows = items.map((item) => (drizzle ? drizzle.values(item) : storedRow(item, target.family)));
    const ctx: CaseContext = { target, sizes, items, storedRows, ids, knex, driver, kysely, drizzle };
    await workload.prepare?.(ctx);
    const times: number[] = [];
    const cpu: number[] = [];
    for (let rep = 0; rep < sizes.warmup + sizes.reps; rep++) {
      if (workload.emptyBeforeEach) await BenchItem.objects.delete();
      if (forceGc) globalThis.gc?.();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await workload.run[lib](ctx);
      const elapsed = performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      if (rep >= sizes.warmup) {
        times.push(elapsed);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    process.stdout.write(`${JSON.stringify({ times, cpu })}\n`);
  } finally {
    await knex?.destroy();
    await driver?.close();
    await kysely?.destroy();
    await drizzle?.close();
    await workload.teardown?.();
    await editor.deleteModel(BenchItem, { ifExists: true });
    await wren.disconnect();
    if (target.family === 'sqlite') rmSync(file, { force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
