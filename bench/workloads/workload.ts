import type { Knex } from 'knex';
import type { LibraryName, Sizes, Target } from '../config.js';
import type { ItemValues } from '../data.js';
import type { RawDriver } from '../drivers/index.js';
import type { DrizzleHandle } from '../peers/drizzle.js';
import type { BenchKysely } from '../peers/kysely.js';

/** What one child process hands a workload: sizes, data, and the connection of the library under test. */
export interface CaseContext {
  readonly target: Target;
  readonly sizes: Sizes;
  /**
   * Values for inserts: as Wren takes them, and as the other library under test writes them
   * (as stored for knex, Kysely and the driver; as Drizzle's column types take them for Drizzle).
   */
  readonly items: readonly ItemValues[];
  readonly storedRows: readonly Record<string, unknown>[];
  /** Primary keys of the seeded rows, ascending. */
  readonly ids: readonly number[];
  readonly knex: Knex | null;
  readonly driver: RawDriver | null;
  readonly kysely: BenchKysely | null;
  readonly drizzle: DrizzleHandle | null;
}

export interface Workload {
  readonly name: string;
  /** Row label in the results table. */
  readonly title: string;
  /** How much one repetition does, for the table, e.g. "10,000 rows". */
  size(sizes: Sizes): string;
  /** One sentence for the README. */
  readonly description: string;
  /** Issue 2's ceiling for Wren/knex on this workload, if it has one. */
  readonly target?: number;
  /** The table holds `sizes.rows` rows before timing starts. */
  readonly seeded: boolean;
  /** Empty the table before each repetition (untimed). */
  readonly emptyBeforeEach: boolean;
  readonly run: Record<LibraryName, (ctx: CaseContext) => Promise<void>>;
  /** Untimed, once per case before the repetitions: tables and rows of the workload's own. */
  readonly prepare?: (ctx: CaseContext) => Promise<void>;
  /** The tables `prepare` fills, whose statistics are refreshed with the seeded table's (see case-setup.ts). */
  readonly tables?: readonly string[];
  /** Untimed, once per case at the end: drops what `prepare` made. */
  readonly teardown?: () => Promise<void>;
}

export function knexOf(ctx: CaseContext): Knex {
  if (!ctx.knex) throw new Error('this case has no knex connection');
  return ctx.knex;
}

export function driverOf(ctx: CaseContext): RawDriver {
  if (!ctx.driver) throw new Error('this case has no driver connection');
  return ctx.driver;
}

export function kyselyOf(ctx: CaseContext): BenchKysely {
  if (!ctx.kysely) throw new Error('this case has no Kysely connection');
  return ctx.kysely;
}

export function drizzleOf(ctx: CaseContext): DrizzleHandle {
  if (!ctx.drizzle) throw new Error('this case has no Drizzle connection');
  return ctx.drizzle;
}

/** A failed sanity check means the baselines did not do the same work; the case must fail. */
export function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(`bench sanity check failed: ${message}`);
}
