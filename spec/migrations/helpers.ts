import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomic, database } from '../../lib/index.js';
import { MigrationExecutor } from '../../lib/migrations/executor.js';
import { MigrationGraph } from '../../lib/migrations/graph.js';
import { Migration, migration } from '../../lib/migrations/migration.js';
import type { Operation } from '../../lib/migrations/operations/base.js';
import { catalog, type IndexInfo } from '../../lib/migrations/schema/introspection.js';

/** What generated migration files import instead of the package name. */
export const LIB = new URL('../../lib/index.ts', import.meta.url).pathname;

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder for an app's migration files (an ESM package, as a Wren project is); removed at exit. */
export function tempProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `wren-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  made.push(dir);
  return dir;
}

type Row = Record<string, unknown>;

export async function rows(sql: string, bindings: readonly unknown[] = []): Promise<Row[]> {
  const db = database();
  return (await db.run(db.knex.raw(sql, bindings as never))).rows;
}

export async function tables(): Promise<string[]> {
  return catalog(database().dialect).tables(database());
}

export async function indexes(table: string): Promise<IndexInfo[]> {
  return catalog(database().dialect).indexes(database(), table);
}

/** Column name -> nullable, from the catalog. */
export async function columns(table: string): Promise<Map<string, { nullable: boolean; type: string }>> {
  const vendor = database().dialect.vendor;
  const found =
    vendor === 'sqlite'
      ? (await rows(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)`, [table])).map((r) => ({ name: r.name, type: r.type, nullable: Number(r.nn) === 0 && Number(r.pk) === 0 }))
      : vendor === 'postgres'
        ? (await rows(`SELECT column_name AS name, data_type AS type, character_maximum_length AS len, is_nullable AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`, [table])).map((r) => ({ name: r.name, type: `${r.type}${r.len ? `(${r.len})` : ''}`, nullable: r.n === 'YES' }))
        : (await rows(`SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, [table])).map((r) => ({ name: r.name, type: r.type, nullable: r.n === 'YES' }));
  return new Map(found.map((c) => [String(c.name), { nullable: c.nullable, type: String(c.type) }]));
}

/** Drops the tables that exist (children listed first); key checks are off meanwhile, on one connection. */
export async function dropTables(...names: string[]): Promise<void> {
  const db = database();
  const existing = new Set(await tables());
  const drop = async () => {
    for (const name of names) if (existing.has(name)) await rows(`DROP TABLE ${db.dialect.quoteName(name)}`);
  };
  if (db.dialect.vendor === 'sqlite') {
    await rows('PRAGMA foreign_keys = OFF');
    await drop();
    await rows('PRAGMA foreign_keys = ON');
  } else if (db.dialect.vendor === 'mysql') {
    // One connection for the SET and the drops: a transaction holds it (DDL commits, the connection stays).
    await atomic(async () => {
      await rows('SET FOREIGN_KEY_CHECKS = 0');
      await drop();
      await rows('SET FOREIGN_KEY_CHECKS = 1');
    });
  } else {
    await drop();
  }
}

/**
 * Migrations held in memory (no files): `chain('app', [ops1], [ops2])` makes 0001, 0002, ...
 * each depending on the one before.
 */
export function chain(app: string, ...steps: Operation[][]): MigrationGraph {
  const nodes = steps.map((operations, i) => {
    const name = `${String(i + 1).padStart(4, '0')}_step`;
    const dependencies: [string, string][] = i ? [[app, `${String(i).padStart(4, '0')}_step`]] : [];
    return new Migration(app, name, migration({ dependencies, operations, initial: i === 0 }));
  });
  return new MigrationGraph(nodes);
}

/** Brings the database to `name` (or `null`: none applied) for an in-memory graph. */
export async function migrateTo(graph: MigrationGraph, app: string, name: string | null, options: { fake?: boolean } = {}): Promise<void> {
  const executor = new MigrationExecutor(database(), graph);
  const applied = new Set((await executor.recorder.applied()).keys());
  await executor.run(executor.plan([{ app, name }], applied), options);
}
