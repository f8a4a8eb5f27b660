import { cpus } from 'node:os';
import type { LibraryName, Sizes, Target } from './config.js';
import type { Workload } from './workloads/index.js';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median ms per library, or an error message when the case failed. */
export type CaseResult = { readonly ms: number } | { readonly error: string };
export type TargetResults = Map<string, Partial<Record<LibraryName, CaseResult>>>;

const ms = (result: CaseResult | undefined): string => (!result ? '–' : 'ms' in result ? result.ms.toFixed(result.ms < 10 ? 2 : 1) : 'error');

function ratio(wren: CaseResult | undefined, base: CaseResult | undefined, target?: number): string {
  if (!wren || !base || !('ms' in wren) || !('ms' in base) || base.ms === 0) return '–';
  const value = wren.ms / base.ms;
  const verdict = target === undefined ? '' : value <= target ? ` ✓ (≤ ${target})` : ` ✗ (> ${target})`;
  return `${value.toFixed(2)}x${verdict}`;
}

/** One Markdown table per target: median ms per library and Wren's ratios. */
export function renderTable(target: Target, workloads: readonly Workload[], results: TargetResults, sizes: Sizes): string {
  const lines = [
    `### ${target.label}`,
    '',
    '| workload | Wren ms | knex ms | driver ms | Wren/knex | Wren/driver |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const workload of workloads) {
    const r = results.get(workload.name);
    if (!r) continue;
    lines.push(`| ${workload.title} (${workload.size(sizes)}) | ${ms(r.wren)} | ${ms(r.knex)} | ${ms(r.driver)} | ${ratio(r.wren, r.knex, workload.target)} | ${ratio(r.wren, r.driver)} |`);
  }
  return lines.join('\n');
}

/** Date and machine line printed above the tables. */
export function machineLine(reps: number, warmup: number): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `${date} UTC · ${model}, ${cpu.length} cores · Node ${process.version} · ${process.platform}/${process.arch} · median of ${reps} runs (after ${warmup} warm-up each)`;
}
