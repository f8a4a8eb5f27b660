/**
 * One measured case in its own process: `tsx bench/case.ts --target=postgres --workload=fetch
 * --lib=wren [--quick] [--gc] [--warmup-ms=N]` (`--gc` needs `node --expose-gc`). Prints
 * `{"times":[ms, ...],"cpu":[ms, ...],"warmups":n}` on its last stdout line: wall-clock and this
 * process's CPU time per timed repetition, and how many untimed ones ran first (see `Sizes.warmupMs`).
 */
import { MAX_WARMUP, sizesFromFlags, targetNamed, type LibraryName } from './config.js';
import { openCase, repetition } from './case-setup.js';
import { flag, hasFlag } from './flags.js';
import { workloadNamed } from './workloads/index.js';

async function main(): Promise<void> {
  const target = targetNamed(flag('target') ?? 'better-sqlite3');
  const workload = workloadNamed(flag('workload') ?? 'fetch');
  const lib = (flag('lib') ?? 'wren') as LibraryName;
  const sizes = sizesFromFlags();
  // Off by default (see bench/run.ts): a full GC drops the hidden classes no live object uses, so
  // the next repetition re-learns them and re-optimises, a cost JavaScript-heavy libraries pay and
  // the raw driver does not; a long-running application meets it only at its rare full GCs.
  const forceGc = hasFlag('gc');
  const opened = await openCase(target, workload, [lib], sizes);
  try {
    const ctx = opened.contextFor(lib);
    const times: number[] = [];
    const cpu: number[] = [];
    let warmups = 0;
    let warmedMs = 0;
    while (warmups < sizes.warmup || (warmedMs < sizes.warmupMs && warmups < MAX_WARMUP)) {
      warmedMs += (await repetition(workload, lib, ctx, forceGc)).ms;
      warmups++;
    }
    for (let rep = 0; rep < sizes.reps; rep++) {
      const { ms, cpuMs } = await repetition(workload, lib, ctx, forceGc);
      times.push(ms);
      cpu.push(cpuMs);
    }
    process.stdout.write(`${JSON.stringify({ times, cpu, warmups })}\n`);
  } finally {
    await opened.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
