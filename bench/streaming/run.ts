/**
 * `npm run bench:stream [-- --rows=1000000] [--dialect=better-sqlite3,postgres,mysql]`
 * Seeds bench_items with `--rows` rows on each database, then iterates all of them with Wren's
 * `iterator()` and with the raw driver's own streaming, each in a fresh process, and prints rows
 * per second and resident memory (after connecting, and the peak while iterating) as Markdown.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqliteFile, targetNamed, wrenUrl, type Target } from '../config.js';
import { BenchItem } from '../model.js';
import { wren } from '../wren.js';
import { seedSql } from './seed.js';
import { flag } from '../flags.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rows = Number(flag('rows') ?? 1_000_000);
const targets = (flag('dialect') ?? 'better-sqlite3,postgres,mysql').split(',').map(targetNamed);

interface Measured { rows: number; ms: number; baselineMb: number; peakMb: number }

async function seed(target: Target, file: string): Promise<void> {
  wren.connect(wrenUrl(target, file));
  const editor = new wren.SchemaEditor();
  await editor.deleteModel(BenchItem, { ifExists: true });
  await editor.createModel(BenchItem);
  const db = wren.database();
  await db.run(db.knex.raw(seedSql(target.family, rows)));
  await wren.disconnect();
}

function measure(target: Target, lib: string, file: string): Measured {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/streaming/case.ts'), `--target=${target.name}`, `--lib=${lib}`, `--file=${file}`], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`${target.name} ${lib} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
}

const lines = [
  `Streaming ${rows.toLocaleString('en')} rows of bench_items, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}`,
  '',
  '| database | library | rows/s | seconds | RSS after connecting | peak RSS | peak − baseline | Wren/driver time |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
];
for (const target of targets) {
  const file = sqliteFile();
  process.stderr.write(`seeding ${target.label} with ${rows} rows\n`);
  await seed(target, file);
  const results: Record<string, Measured> = {};
  for (const lib of ['driver', 'wren']) {
    process.stderr.write(`${target.label} ${lib}\n`);
    results[lib] = measure(target, lib, file);
    if (results[lib]!.rows !== rows) throw new Error(`${target.name} ${lib} iterated ${results[lib]!.rows} rows, not ${rows}`);
  }
  for (const lib of ['wren', 'driver']) {
    const r = results[lib]!;
    const ratio = lib === 'wren' ? `${(r.ms / results.driver!.ms).toFixed(2)}x` : '';
    lines.push(`| ${target.label} | ${lib} | ${Math.round(r.rows / (r.ms / 1000)).toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} | ${r.baselineMb} MB | ${r.peakMb} MB | ${(r.peakMb - r.baselineMb).toFixed(1)} MB | ${ratio} |`);
  }
  if (target.family === 'sqlite') rmSync(file, { force: true });
}
console.log(lines.join('\n'));
