import { aggregate } from './aggregate.js';
import { fetch } from './fetch.js';
import { filtered } from './filtered.js';
import { insert } from './insert.js';
import { lookup } from './lookup.js';
import { prefetch } from './prefetch.js';
import { selectRelated } from './select-related.js';
import { update } from './update.js';
import type { Workload } from './workload.js';

export type { CaseContext, Workload } from './workload.js';

/** In the order the results table lists them. */
export const WORKLOADS: readonly Workload[] = [insert, fetch, lookup, filtered, update, aggregate, prefetch, selectRelated];

export function workloadNamed(name: string): Workload {
  const found = WORKLOADS.find((w) => w.name === name);
  if (!found) throw new Error(`Unknown workload '${name}'. Choices: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  return found;
}
