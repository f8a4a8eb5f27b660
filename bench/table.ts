import { cpus } from 'node:os';
import type { LibraryName, Sizes, Target } from './config.js';
import type { Workload } from './workloads/index.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median ms per library, an error message when the case failed, or why the library cannot run there. */
export type CaseResult = { readonly ms: number } | { readonly error: string } | { readonly unavailable: string };
export type TargetResults = Map<string, Partial<Record<LibraryName, CaseResult>>>;

function ms(result: CaseResult | undefined): string {
  if (!result) return '–';
  if ('ms' in result) return result.ms.toFixed(result.ms < 10 ? 2 : 1);
  return 'unavailable' in result ? 'n/a' : 'error';
}

function ratio(wren: CaseResult | undefined, base: CaseResult | undefined, target?: number): string {
  if (!wren || !base || !('ms' in wren) || !('ms' in base) || base.ms === 0) return '–';
  const value = wren.ms / base.ms;
  const verdict = target === undefined ? '' : value <= target ? ` ✓ (≤ ${target})` : ` ✗ (> ${target})`;
  return `${value.toFixed(2)}x${verdict}`;
}

/** One Markdown table per target: median ms per library and Wren's ratios, then why any cell is n/a. */
export function renderTable(target: Target, workloads: readonly Workload[], results: TargetResults, sizes: Sizes): string {
  const lines = [
    `### ${target.label}`,
    '',
    '| workload | Wren ms | knex ms | Kysely ms | Drizzle ms | driver ms | Wren/knex | Wren/Kysely | Wren/Drizzle | Wren/driver |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const reasons = new Set<string>();
  for (const workload of workloads) {
    const r = results.get(workload.name);
    if (!r) continue;
    for (const result of Object.values(r)) if ('unavailable' in result) reasons.add(result.unavailable);
    const times = [r.wren, r.knex, r.kysely, r.drizzle, r.driver].map(ms);
    const ratios = [ratio(r.wren, r.knex, workload.target), ratio(r.wren, r.kysely), ratio(r.wren, r.drizzle), ratio(r.wren, r.driver)];
    lines.push(`| ${workload.title} (${workload.size(sizes)}) | ${[...times, ...ratios].join(' | ')} |`);
  }
  if (reasons.size) lines.push('', `n/a: ${[...reasons].join('; ')}.`);
  return lines.join('\n');
}

/** Date and machine line printed above the tables. */
export function machineLine(reps: number, sizes: Sizes): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `${date} UTC · ${model}, ${cpu.length} cores · Node ${process.version} · ${process.platform}/${process.arch} · median of ${reps} runs (after ${warmUpText(sizes)} each)`;
}

function warmUpText({ warmup, warmupMs }: Sizes): string {
  return warmupMs > 0 ? `at least ${warmup} warm-ups and ${warmupMs} ms of them` : `${warmup} warm-up${warmup === 1 ? '' : 's'}`;
}
