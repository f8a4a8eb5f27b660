import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countFlag, hasFlag } from './flags.js';

export type Family = 'sqlite' | 'postgres' | 'mysql';
export type TargetName = 'better-sqlite3' | 'sqlite3' | 'postgres' | 'mysql';
export type LibraryName = 'wren' | 'knex' | 'driver' | 'kysely' | 'drizzle';
/** In the order the runner interleaves them. */
export const LIBRARIES: readonly LibraryName[] = ['wren', 'knex', 'kysely', 'drizzle', 'driver'];

/** One database + driver combination the benchmark runs against. */
export interface Target {
  readonly name: TargetName;
  readonly family: Family;
  /** What the table calls it, e.g. "SQLite (better-sqlite3)". */
  readonly label: string;
  /** The knex client and the raw driver package. */
  readonly client: string;
  /** A server URL, or `null` for SQLite (a fresh temp file per child process). */
  readonly url: string | null;
}

export const TARGETS: readonly Target[] = [
  { name: 'better-sqlite3', family: 'sqlite', label: 'SQLite (better-sqlite3)', client: 'better-sqlite3', url: null },
  { name: 'sqlite3', family: 'sqlite', label: 'SQLite (sqlite3)', client: 'sqlite3', url: null },
  {
    name: 'postgres', family: 'postgres', label: 'PostgreSQL (pg)', client: 'pg',
    url: process.env.WREN_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  },
  {
    name: 'mysql', family: 'mysql', label: 'MySQL/MariaDB (mysql2)', client: 'mysql2',
    url: process.env.WREN_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  },
];

export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t.name === name || t.family === name);
  if (!target) throw new Error(`Unknown bench dialect '${name}'. Choices: ${TARGETS.map((t) => t.name).join(', ')}, sqlite`);
  return target;
}

/**
 * Why a library cannot run on a target, or `null` when it can. Neither Kysely nor Drizzle ships a
 * dialect for the async sqlite3 driver: Kysely's SqliteDialect calls better-sqlite3's synchronous
 * API, and Drizzle reaches node-sqlite3 only through its generic sqlite-proxy callback, which
 * would time a hand-written adapter rather than Drizzle.
 */
export function unavailable(lib: LibraryName, target: Target): string | null {
  if (target.name !== 'sqlite3') return null;
  if (lib === 'kysely') return 'Kysely has no dialect for the async sqlite3 driver (its SqliteDialect needs better-sqlite3)';
  if (lib === 'drizzle') return 'Drizzle has no driver for the async sqlite3 package (only a generic sqlite-proxy callback)';
  return null;
}

/** Refuses a library the target cannot run, saying why. */
export function checkAvailable(lib: LibraryName, target: Target): void {
  const why = unavailable(lib, target);
  if (why) throw new Error(why);
}

/** The SQLite file a child process uses; removed when it exits. */
export function sqliteFile(): string {
  return join(tmpdir(), `wren-bench-${process.pid}.sqlite3`);
}

/** Wren's URL for a target (the driver is picked by the URL scheme). */
export function wrenUrl(target: Target, file: string): string {
  if (target.url) return target.url;
  return `${target.name === 'sqlite3' ? 'sqlite+sqlite3' : 'sqlite'}:${file}`;
}

/** Sizes of one run; `--quick` shrinks them for a smoke test. */
export interface Sizes {
  readonly rows: number;
  readonly lookups: number;
  readonly filtered: number;
  readonly updates: number;
  readonly aggregates: number;
  readonly reps: number;
  /** Untimed repetitions before the timed ones: at least this many... */
  readonly warmup: number;
  /**
   * ...and at least this much time in them. A fresh process spends its first repetitions of a
   * large result optimising code and growing its heap, with V8's compiler and GC threads taking
   * the core the database server would use (a 2-core machine): on MariaDB, fetching 10,000 rows
   * took 14-38 ms per repetition for the first 4-6 repetitions of every library, 7 ms after.
   * Two warm-ups left those repetitions among the timed ones for some processes and not others,
   * so a cell's median depended on which. Warming up for a time instead covers them for every
   * library alike, and the slow workloads still warm up only twice. `--warmup-ms` sets it.
   */
  readonly warmupMs: number;
}

export const FULL: Sizes = { rows: 10_000, lookups: 2_000, filtered: 500, updates: 1_000, aggregates: 20, reps: 7, warmup: 2, warmupMs: 500 };
/** At most this many warm-up repetitions, whatever `warmupMs` asks, for a workload of a few milliseconds. */
export const MAX_WARMUP = 60;

export const QUICK: Sizes = { rows: 1_000, lookups: 200, filtered: 50, updates: 100, aggregates: 5, reps: 3, warmup: 1, warmupMs: 0 };

/** The sizes this process's flags ask for: `--quick`, and `--warmup-ms=N` over the default. */
export function sizesFromFlags(): Sizes {
  const sizes = hasFlag('quick') ? QUICK : FULL;
  return { ...sizes, warmupMs: countFlag('warmup-ms', sizes.warmupMs, 0) };
}
