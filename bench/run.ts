/**
 * `npm run bench [-- --quick] [--dialect=better-sqlite3,postgres] [--workload=fetch,lookup] [--libs=wren,kysely] [--rounds=3] [--cpu] [--gc] [--warmup-ms=500]`
 * Runs every workload for Wren, raw knex, Kysely, Drizzle and the raw driver, each case in a fresh
 * child process, and prints Markdown tables of medians and ratios. Progress goes to stderr, tables
 * to stdout. `--libs` measures only the libraries named (wren, knex, kysely, drizzle, driver;
 * default all); the others' cells print '–'. Kysely and Drizzle have no dialect for the async
 * sqlite3 driver: those cells print 'n/a' with a footnote.
 * With `--rounds=N` each case runs in N processes, interleaved across the libraries so that
 * load from other programs hits all of them alike; the median is over every repetition.
 * `--cpu` reports the client process's CPU time instead of wall-clock time: steadier on a busy
 * machine, and complete for SQLite (in-process), but it leaves out server time for PostgreSQL/MySQL.
 * `--gc` forces a full garbage collection before each repetition (the default until 2026-12-06).
 * It is off by default because it measures something applications rarely meet: a full GC frees
 * the hidden classes that no live object uses (promises tagged by async_hooks inside atomic(),
 * instances between repetitions), so the next repetition re-learns them and re-optimises. On
 * better-sqlite3, 1,000 load-modify-saves in one process took 14-15 ms in repetitions without a GC
 * before them and 18-45 ms in the two after one (40 repetitions, a GC before every fifth); the
 * raw driver, with little JavaScript, was unaffected. Without it, the garbage of earlier
 * repetitions is collected during later ones, so every library still pays for what it allocates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIBRARIES, sizesFromFlags, TARGETS, targetNamed, unavailable, type LibraryName, type Sizes, type Target } from './config.js';
import { hasFlag, listFlag } from './flags.js';
import { median, machineLine, renderTable, type CaseResult, type TargetResults } from './table.js';
import type { Workload } from './workloads/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function selectedTargets(): Target[] {
  const names = listFlag('dialect');
  if (!names) return [...TARGETS];
  const wanted = new Set(names.flatMap((name) => (name === 'sqlite' ? ['better-sqlite3', 'sqlite3'] : [targetNamed(name).name])));
  return TARGETS.filter((t) => wanted.has(t.name));
}

function selectedLibraries(): LibraryName[] {
  const names = listFlag('libs');
  if (!names) return [...LIBRARIES];
  for (const name of names) {
    if (!LIBRARIES.includes(name as LibraryName)) throw new Error(`Unknown bench library '${name}'. Choices: ${LIBRARIES.join(', ')}`);
  }
  return LIBRARIES.filter((lib) => names.includes(lib));
}

/** A server is measured only if its port answers; otherwise the table says why it is missing. */
function reachable(target: Target): Promise<boolean> {
  if (!target.url) return Promise.resolve(true);
  const url = new URL(target.url);
  const port = Number(url.port || (target.family === 'postgres' ? 5432 : 3306));
  return new Promise((resolve) => {
    const socket = createConnection({ host: url.hostname, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

type CaseRun = { readonly times: number[] } | { readonly error: string };

function runCase(target: Target, workload: Workload, lib: LibraryName, options: { quick: boolean; cpu: boolean; gc: boolean; sizes: Sizes }): Promise<CaseRun> {
  const args = ['--expose-gc', '--import', 'tsx', join('bench', 'case.ts'), `--target=${target.name}`, `--workload=${workload.name}`, `--lib=${lib}`, `--warmup-ms=${options.sizes.warmupMs}`];
  if (options.quick) args.push('--quick');
  if (options.gc) args.push('--gc');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        const measured = JSON.parse(last) as { times: number[]; cpu: number[] };
        resolve({ times: options.cpu ? measured.cpu : measured.times });
        return;
      }
      resolve({ error: (err.trim().split('\n')[0] ?? '') || `exit code ${code}` });
    });
  });
}

/** Compiles lib/ to dist/, which the cases load (see bench/wren.ts), unless the sources are measured. */
function buildWren(): void {
  if (process.env.WREN_BENCH_SOURCE === '1') return;
  process.stderr.write('building dist/ (npm run build)\n');
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const built = spawnSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed: the bench measures the compiled package');
}

async function main(): Promise<void> {
  buildWren();
  // Loaded after the build: the workloads import Wren from dist/.
  const { WORKLOADS, workloadNamed } = await import('./workloads/index.js');
  const quick = hasFlag('quick');
  const cpu = hasFlag('cpu');
  const gc = hasFlag('gc');
  const sizes = sizesFromFlags();
  const workloads = listFlag('workload')?.map(workloadNamed) ?? [...WORKLOADS];
  const rounds = Math.max(1, Number(listFlag('rounds')?.[0] ?? 1));
  const libraries = selectedLibraries();
  const tables: string[] = [];
  const skipped: string[] = [];
  for (const target of selectedTargets()) {
    if (!(await reachable(target))) {
      skipped.push(`${target.label}: not reachable at ${target.url} (set WREN_BENCH_${target.family.toUpperCase()}_URL)`);
      continue;
    }
    const results: TargetResults = new Map();
    for (const workload of workloads) {
      const times: Record<LibraryName, number[]> = { wren: [], knex: [], kysely: [], drizzle: [], driver: [] };
      const row: Partial<Record<LibraryName, CaseResult>> = {};
      for (const lib of libraries) {
        const reason = unavailable(lib, target);
        if (!reason) continue;
        row[lib] = { unavailable: reason };
        process.stderr.write(`${target.name} ${workload.name} ${lib}: n/a\n`);
      }
      for (let round = 0; round < rounds; round++) {
        for (const lib of libraries) {
          if (row[lib]) continue; // not available here, or failed in an earlier round
          const run = await runCase(target, workload, lib, { quick, cpu, gc, sizes });
          if ('error' in run) row[lib] = run;
          else times[lib].push(...run.times);
          process.stderr.write(`${target.name} ${workload.name} ${lib}: ${'times' in run ? `${median(run.times).toFixed(2)} ms` : `ERROR ${run.error}`}\n`);
        }
      }
      for (const lib of libraries) row[lib] ??= { ms: median(times[lib]) };
      results.set(workload.name, row);
    }
    tables.push(renderTable(target, workloads, results, sizes));
  }
  const out = [machineLine(sizes.reps * rounds, sizes) + (rounds > 1 ? ` in ${rounds} interleaved processes` : '') + (cpu ? ' · client CPU time, not wall-clock' : '') + (gc ? ' · full GC before each repetition' : '') + (quick ? ' · --quick sizes' : ''), '', ...tables.flatMap((t) => [t, ''])];
  for (const line of skipped) out.push(`Skipped ${line}`);
  process.stdout.write(`${out.join('\n').trimEnd()}\n`);
}

await main();
