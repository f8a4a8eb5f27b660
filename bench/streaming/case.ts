/**
 * One streaming case in its own process: `tsx bench/streaming/case.ts --target=postgres
 * --lib=wren|driver --file=<sqlite file>`. Iterates every row of bench_items (seeded by
 * run.ts) and prints `{"rows", "ms", "baselineMb", "peakMb"}`: resident memory after connecting
 * and one small query, and the highest seen while iterating (sampled every 1,000 rows).
 */
import { targetNamed, wrenUrl, type Target } from '../config.js';
import { BenchItem, COLUMNS, TABLE } from '../model.js';
import { wren } from '../wren.js';
import { flag } from '../flags.js';

const SQL = `SELECT ${COLUMNS.join(', ')} FROM ${TABLE}`;
const CHUNK = 2000;

function required(name: string): string {
  const value = flag(name);
  if (value === undefined) throw new Error(`--${name}= is required`);
  return value;
}

/** Counts rows while keeping the peak RSS; the rows themselves are dropped, as a streaming consumer would. */
class Meter {
  rows = 0;
  peak = process.memoryUsage.rss();
  see(): void {
    if (++this.rows % 1000 === 0) this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
}

async function wrenRows(target: Target, file: string, meter: Meter): Promise<() => Promise<void>> {
  wren.connect(wrenUrl(target, file));
  await BenchItem.objects.slice(0, 1).fetch();
  return async () => {
    for await (const item of BenchItem.objects.iterator({ chunkSize: CHUNK })) if (item.pk !== null) meter.see();
    await wren.disconnect();
  };
}

/** Each driver's own way to stream a result: better-sqlite3's iterate(), a pg cursor, mysql2's row stream. */
async function driverRows(target: Target, file: string, meter: Meter): Promise<() => Promise<void>> {
  switch (target.family) {
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(file);
      db.prepare(`${SQL} LIMIT 1`).all();
      return async () => {
        for (const _ of db.prepare(SQL).iterate()) meter.see();
        db.close();
      };
    }
    case 'postgres': {
      const { default: pg } = await import('pg');
      const client = new pg.Client(target.url!);
      await client.connect();
      await client.query(`${SQL} LIMIT 1`);
      return async () => {
        await client.query('BEGIN');
        await client.query(`DECLARE c NO SCROLL CURSOR FOR ${SQL}`);
        for (;;) {
          const { rows } = await client.query(`FETCH FORWARD ${CHUNK} FROM c`);
          for (const _ of rows) meter.see();
          if (rows.length < CHUNK) break;
        }
        await client.query('COMMIT');
        await client.end();
      };
    }
    case 'mysql': {
      const { default: mysql } = await import('mysql2');
      const conn = mysql.createConnection({ uri: target.url! });
      await conn.promise().query(`${SQL} LIMIT 1`);
      return async () => {
        for await (const _ of conn.query(SQL).stream({ highWaterMark: CHUNK })) meter.see();
        await conn.promise().end();
      };
    }
  }
}

async function main(): Promise<void> {
  const target = targetNamed(required('target'));
  const file = required('file');
  const meter = new Meter();
  const run = required('lib') === 'wren' ? await wrenRows(target, file, meter) : await driverRows(target, file, meter);
  const baseline = process.memoryUsage.rss();
  meter.peak = baseline;
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  console.log(JSON.stringify({ rows: meter.rows, ms, baselineMb: mb(baseline), peakMb: mb(meter.peak) }));
}

await main();
