/**
 * Where one library's repetitions allocate: `npm run bench:allocations -- --target=mysql
 * --workload=prefetch --lib=wren [--reps=30] [--quick]`. After ten untimed repetitions, V8's
 * sampling heap profiler records every allocation of the next `--reps` (including objects the
 * young-generation GC has already freed, which are most of them), and the script prints the
 * bytes allocated per repetition, in all and by the function that allocated them. A library that
 * allocates more pays more young-generation GC, which a fresh process meets in its first repetitions.
 */
import { Session } from 'node:inspector/promises';
import { checkAvailable, FULL, QUICK, targetNamed, type LibraryName } from './config.js';
import { openCase, repetition } from './case-setup.js';
import { countFlag, flag, hasFlag } from './flags.js';
import { workloadNamed } from './workloads/index.js';

const UNTIMED_REPS = 10;
const SAMPLING_INTERVAL_BYTES = 512;
const SITES_SHOWN = 15;

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

/** Bytes by allocating site (`function file:line`, the path shortened to its package or file). */
function bySite(head: ProfileNode): Map<string, number> {
  const sites = new Map<string, number>();
  const visit = (node: ProfileNode): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/node_modules\//, '').replace(/^.*\//, '');
    const site = `${functionName || '(anonymous)'} ${where || '(no file: built-in or generated)'}:${lineNumber + 1}`;
    sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  return sites;
}

async function main(): Promise<void> {
  const target = targetNamed(flag('target') ?? 'better-sqlite3');
  const workload = workloadNamed(flag('workload') ?? 'fetch');
  const lib = (flag('lib') ?? 'wren') as LibraryName;
  checkAvailable(lib, target);
  const reps = countFlag('reps', 30);
  const sizes = hasFlag('quick') ? QUICK : FULL;
  const opened = await openCase(target, workload, [lib], sizes);
  const session = new Session();
  try {
    const ctx = opened.contextFor(lib);
    for (let rep = 0; rep < UNTIMED_REPS; rep++) await repetition(workload, lib, ctx, false);
    session.connect();
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL_BYTES,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let rep = 0; rep < reps; rep++) await repetition(workload, lib, ctx, false);
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
    const sites = [...bySite(profile.head)].sort((a, b) => b[1] - a[1]);
    const total = sites.reduce((sum, [, bytes]) => sum + bytes, 0);
    const kb = (bytes: number) => `${(bytes / reps / 1024).toFixed(0).padStart(7)} KB`;
    process.stdout.write(`${lib} on ${target.label}, ${workload.title} (${workload.size(sizes)}): ${(total / reps / 1024 / 1024).toFixed(2)} MB allocated per repetition (${reps} repetitions)\n`);
    for (const [site, bytes] of sites.slice(0, SITES_SHOWN)) process.stdout.write(`${kb(bytes)}  ${site}\n`);
  } finally {
    session.disconnect();
    await opened.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
