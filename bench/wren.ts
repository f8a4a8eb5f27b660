/**
 * Wren as an application runs it: the compiled package in dist/ (`npm run build`; bench/run.ts
 * builds it before the cases), not the TypeScript sources through tsx, whose keepNames helper
 * adds a call for every closure created (a quarter of what building a filter costs). Kysely and
 * Drizzle are measured as the compiled JavaScript they ship, so Wren is too.
 * `WREN_BENCH_SOURCE=1` measures the sources instead.
 */
import type * as WrenModule from '../lib/index.js';
import type * as InstanceStateModule from '../lib/query/instance-state.js';

const root = process.env.WREN_BENCH_SOURCE === '1' ? '../lib' : '../dist';

export const wren = (await import(`${root}/index.js`)) as typeof WrenModule;
/** For the prefetch workload's check that books were attached to their authors. */
export const instanceState = (await import(`${root}/query/instance-state.js`)) as typeof InstanceStateModule;
