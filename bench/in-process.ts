/**
 * Several libraries on one workload in one process, their repetitions alternating:
 * `npm run bench:in-process -- --target=mysql --workload=fetch --libs=wren,driver,kysely
 * [--rounds=20] [--quick] [--gc]`. The results table runs every case in a fresh process (run.ts),
 * which includes each library's warm-up and the GCs its first repetitions meet; here every library
 * has warmed up in the same heap, so the same cells compare steady-state speed, and a noisy
 * machine's slow spells hit all libraries alike. Prints each library's median, mean (which counts
 * the repetitions a GC fell in, often every second one for 10,000 rows) and fastest repetition, and
 * the first library's median over each other's.
 */
import { checkAvailable, FULL, LIBRARIES, QUICK, targetNamed, type LibraryName } from './config.js';
import { openCase, repetition } from './case-setup.js';
import { countFlag, flag, hasFlag, listFlag } from './flags.js';
import { median } from './table.js';
import { workloadNamed } from './workloads/index.js';

const WARM_UP_ROUNDS = 2;

function libraries(names: readonly string[]): LibraryName[] {
  const unknown = names.filter((name) => !LIBRARIES.includes(name as LibraryName));
  if (unknown.length) throw new Error(`Unknown librar${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}. Choices: ${LIBRARIES.join(', ')}`);
  return names as LibraryName[];
}

async function main(): Promise<void> {
  const target = targetNamed(flag('target') ?? 'better-sqlite3');
  const workload = workloadNamed(flag('workload') ?? 'fetch');
  const libs = libraries(listFlag('libs') ?? ['wren', 'driver']);
  const rounds = countFlag('rounds', 20);
  for (const lib of libs) checkAvailable(lib, target);
  const sizes = hasFlag('quick') ? QUICK : FULL;
  const forceGc = hasFlag('gc');
  const opened = await openCase(target, workload, libs, sizes);
  try {
    const times = new Map<LibraryName, number[]>(libs.map((lib) => [lib, []]));
    for (let round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      // Each round starts one library further on: a young-generation GC that falls every second
      // repetition would otherwise always land on the same library's repetition.
      for (let i = 0; i < libs.length; i++) {
        const lib = libs[(round + i) % libs.length]!;
        const { ms } = await repetition(workload, lib, opened.contextFor(lib), forceGc);
        if (round >= WARM_UP_ROUNDS) times.get(lib)!.push(ms);
      }
    }
    const first = median(times.get(libs[0]!)!);
    process.stdout.write(`${target.label}, ${workload.title} (${workload.size(sizes)}): ${rounds} rounds after ${WARM_UP_ROUNDS} warm-up${forceGc ? ', full GC before each repetition' : ''}\n`);
    for (const lib of libs) {
      const own = times.get(lib)!;
      const ratio = lib === libs[0] ? '' : `  ${libs[0]}/${lib} ${(first / median(own)).toFixed(2)}x`;
      const mean = own.reduce((sum, ms) => sum + ms, 0) / own.length;
      process.stdout.write(`${lib.padEnd(8)} median ${median(own).toFixed(2)} ms  mean ${mean.toFixed(2)} ms  fastest ${Math.min(...own).toFixed(2)} ms${ratio}\n`);
    }
  } finally {
    await opened.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
