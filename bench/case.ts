/**
 * One measured case in its own process: `tsx bench/case.ts --target=postgres --workload=fetch
 * --lib=wren [--quick] [--gc]` (`--gc` needs `node --expose-gc`). Prints
 * `{"times":[ms, ...],"cpu":[ms, ...]}` on its last stdout line: wall-clock and this process's CPU
 * time per repetition.
 */
import { FULL, QUICK, targetNamed, type LibraryName } from './config.js';
import { openCase, repetition } from './case-setup.js';
import { flag, hasFlag } from './flags.js';
import { workloadNamed } from './workloads/index.js';

async function main(): Promise<void> {
  const target = targetNamed(flag('target') ?? 'better-sqlite3');
  const workload = workloadNamed(flag('workload') ?? 'fetch');
  const lib = (flag('lib') ?? 'wren') as LibraryName;
  const sizes = hasFlag('quick') ? QUICK : FULL;
  // Off by default (see bench/run.ts): a full GC drops the hidden classes no live object uses, so
  // the next repetition re-learns them and re-optimises, a cost JavaScript-heavy libraries pay and
  // the raw driver does not; a long-running application meets it only at its rare full GCs.
  const forceGc = hasFlag('gc');
  const opened = await openCase(target, workload, [lib], sizes);
  try {
    const ctx = opened.contextFor(lib);
    const times: number[] = [];
    const cpu: number[] = [];
    for (let rep = 0; rep < sizes.warmup + sizes.reps; rep++) {
      const { ms, cpuMs } = await repetition(workload, lib, ctx, forceGc);
      if (rep >= sizes.warmup) {
        times.push(ms);
        cpu.push(cpuMs);
      }
    }
    process.stdout.write(`${JSON.stringify({ times, cpu })}\n`);
  } finally {
    await opened.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
