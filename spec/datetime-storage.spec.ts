import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { database, DateTimeField, F, IntegerField, Max, Min, Model, type FieldValues } from '../lib/index.js';
import { parseUtc, toDate } from '../lib/util/datetime.js';
import { DIALECT_URLS, forEachDialect, truncate } from './support/dialects.js';

export class DtEvent extends Model {
  static fields = {
    label: new IntegerField(),
    at: new DateTimeField({ null: true }),
    ms: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 'dt_events' };
  static objects = this.manager();
}
export interface DtEvent extends FieldValues<typeof DtEvent> {}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const utc = (text: string): Date => new Date(`${text}Z`);

async function raw(sql: string, bindings: unknown[] = []): Promise<Record<string, unknown>[]> {
  const db = database();
  return (await db.run(db.knex.raw(sql, bindings as never))).rows;
}

/**
 * Datetime text as other programs store it (Django, Python's isoformat(), JS toISOString()), with
 * the instant it means. Zoneless text is UTC. MySQL's DATETIME takes no zone, so rows with one
 * are written only where the column keeps text (SQLite) or understands zones (PostgreSQL).
 * `offset` rows are read right everywhere, but SQLite comparisons find rows by their UTC text
 * (documented), so they are left out of the comparison checks.
 */
const FOREIGN_FORMS: readonly { text: string; instant: string; zoned?: true; offset?: true }[] = [
  { text: '2026-03-01 10:00:00', instant: '2026-03-01T10:00:00.000' },
  { text: '2026-03-01 10:00:00.250', instant: '2026-03-01T10:00:00.250' },
  { text: '2026-03-01 10:00:00.500000', instant: '2026-03-01T10:00:00.500' },
  { text: '2026-03-01T09:59:59', instant: '2026-03-01T09:59:59.000' },
  { text: '2026-03-01T10:00:00.750', instant: '2026-03-01T10:00:00.750' },
  { text: '2026-03-01 23:30:00', instant: '2026-03-01T23:30:00.000' },
  { text: '2026-03-01T10:00:01.000Z', instant: '2026-03-01T10:00:01.000', zoned: true },
  { text: '2026-03-01 10:00:00.250+00:00', instant: '2026-03-01T10:00:00.250', zoned: true },
  { text: '2026-03-01T12:00:00+02:00', instant: '2026-03-01T10:00:00.000', zoned: true, offset: true },
];

forEachDialect('Datetime storage and comparison', [DtEvent], (dialect) => {
  const readable = FOREIGN_FORMS.filter((form) => dialect !== 'mysql' || !form.zoned);
  let forms = readable;
  const instants = (): number[] => forms.map((form) => utc(form.instant).getTime());

  beforeEach(async () => {
    await truncate([DtEvent]);
  });

  async function insertForeignRows(which: 'all' | 'comparable' | 'spaced' = 'comparable'): Promise<void> {
    forms = readable.filter((form) => which === 'all' || (!form.offset && (which === 'comparable' || form.text.charAt(10) === ' ')));
    for (const [i, form] of forms.entries()) await raw('INSERT INTO dt_events (label, at, ms) VALUES (?, ?, 0)', [i, form.text]);
  }

  /** Labels of the rows whose instant satisfies `test`, in label order. */
  const expected = (test: (ms: number) => boolean): number[] => instants().flatMap((ms, i) => (test(ms) ? [i] : []));
  const labels = async (filter: Record<string, unknown>): Promise<number[]> =>
    ((await DtEvent.objects.filter(filter as never).orderBy('label').valuesList('label', { flat: true })) as number[]).map(Number);

  it('reads every stored form as the instant it names', async () => {
    await insertForeignRows('all');
    const rows = await DtEvent.objects.orderBy('label');
    expect(rows.map((row) => row.at?.toISOString())).to.deep.equal(forms.map((form) => `${form.instant}Z`));
  });

  it('matches rows in any stored form with exact, in, range and comparisons on a Date', async () => {
    await insertForeignRows();
    const at = utc('2026-03-01T10:00:00.000');
    const t = at.getTime();
    expect(await labels({ at })).to.deep.equal(expected((ms) => ms === t));
    expect(await labels({ at: at.toISOString() })).to.deep.equal(expected((ms) => ms === t));
    expect(await labels({ at__in: [at, utc('2026-03-01T10:00:00.750')] })).to.deep.equal(expected((ms) => ms === t || ms === t + 750));
    expect(await labels({ at__gt: at })).to.deep.equal(expected((ms) => ms > t));
    expect(await labels({ at__gte: at })).to.deep.equal(expected((ms) => ms >= t));
    expect(await labels({ at__lt: at })).to.deep.equal(expected((ms) => ms < t));
    expect(await labels({ at__lte: at })).to.deep.equal(expected((ms) => ms <= t));
    expect(await labels({ at__range: [utc('2026-03-01T09:59:59.000'), utc('2026-03-01T10:00:00.500')] })).to.deep.equal(
      expected((ms) => ms >= t - 1000 && ms <= t + 500),
    );
    expect(await labels({ at__hour: 10 })).to.deep.equal(expected((ms) => new Date(ms).getUTCHours() === 10));
    // Both sides in the comparison form: another column, and a subquery's selected column.
    expect(await labels({ at: F('at') })).to.deep.equal(expected(() => true));
    const firstRow = DtEvent.objects.filter({ label: 0 }).values('at');
    expect(await labels({ at__in: firstRow } as never)).to.deep.equal(expected((ms) => ms === instants()[0]));
  });

  // Ordering reads the stored text so that an index serves it: right for any fraction and zone
  // suffix, but a column mixing ' ' and 'T' within one day orders those by text (documented).
  it('orders and aggregates rows by instant, whatever fraction digits they were stored with', async () => {
    await insertForeignRows('spaced');
    const at = instants();
    const byInstant = forms.map((_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
    const ordered = (await DtEvent.objects.orderBy('at', 'label').valuesList('label', { flat: true })) as number[];
    expect(ordered.map(Number)).to.deep.equal(byInstant);
    const { first, last } = await DtEvent.objects.aggregate({ first: Min('at'), last: Max('at') });
    expect([first, last].map((d) => (d as Date).toISOString())).to.deep.equal([new Date(Math.min(...at)).toISOString(), new Date(Math.max(...at)).toISOString()]);
  });

  it('writes a Date it reads back exactly, and finds it again', async () => {
    const values = [utc('2026-05-06T07:08:09.000'), utc('2026-05-06T07:08:09.010'), utc('1999-12-31T23:59:59.999'), utc('0999-01-01T00:00:00.000')];
    for (const [i, at] of values.entries()) await DtEvent.objects.create({ label: i, at });
    const rows = await DtEvent.objects.orderBy('label');
    expect(rows.map((row) => row.at?.toISOString())).to.deep.equal(values.map((d) => d.toISOString()));
    for (const at of values) expect(await DtEvent.objects.filter({ at }).count(), at.toISOString()).to.equal(1);
  });

  if (dialect === 'sqlite') {
    it("writes Django's form on SQLite: 'YYYY-MM-DD HH:MM:SS', and '.ffffff' only when the fraction is not zero", async () => {
      await DtEvent.objects.create({ label: 1, at: utc('2026-05-06T07:08:09.000') });
      await DtEvent.objects.create({ label: 2, at: utc('2026-05-06T07:08:09.010') });
      const rows = await raw('SELECT at FROM dt_events ORDER BY label');
      expect(rows.map((row) => row.at)).to.deep.equal(['2026-05-06 07:08:09', '2026-05-06 07:08:09.010000']);
    });

    it('keeps the bare column in the condition, so an index on it narrows the scan', () => {
      const { sql, bindings } = DtEvent.objects.filter({ at: utc('2026-03-01T10:00:00.250') }).toSQL();
      expect(sql).to.include('("dt_events"."at" >= ? AND "dt_events"."at" <= ?) OR ("dt_events"."at" >= ? AND "dt_events"."at" <= ?)');
      expect(bindings.slice(0, 4)).to.deep.equal(['2026-03-01 10:00', '2026-03-01 10:00:00~', '2026-03-01T10:00', '2026-03-01T10:00:00~']);
      expect(bindings.at(-1)).to.equal(Date.UTC(2026, 2, 1, 10, 0, 0, 250));
    });

    it('truncates digits finer than a millisecond in comparisons as when reading, so the value read finds its row', async () => {
      await raw("INSERT INTO dt_events (label, at, ms) VALUES (1, '2026-03-01 10:00:00.123999', 0)");
      const row = await DtEvent.objects.get({ label: 1 });
      expect(row.at?.toISOString()).to.equal('2026-03-01T10:00:00.123Z');
      expect(await DtEvent.objects.filter({ at: row.at! }).count()).to.equal(1);
      expect(await DtEvent.objects.filter({ at__gt: row.at! }).count()).to.equal(0);
    });
  }

  it('divides an integer column by an integer literal as integers', async () => {
    await DtEvent.objects.create({ label: 1, ms: 1999 });
    await DtEvent.objects.create({ label: 2, ms: -1999 });
    const rows = await DtEvent.objects.annotate({ seconds: F('ms').div(1000) }).orderBy('label').valuesList('seconds', { flat: true });
    expect(rows.map(Number)).to.deep.equal([1, -1]);
    expect(await DtEvent.objects.filter({ label: F('ms').div(1000) }).count()).to.equal(1);
  });

  it('reads zoneless text without seconds as UTC, and refuses what is not a datetime', () => {
    expect(toDate('2026-03-29 02:30').toISOString()).to.equal('2026-03-29T02:30:00.000Z');
    expect(toDate('2026-03-29T02:30').toISOString()).to.equal('2026-03-29T02:30:00.000Z');
    expect(toDate('2026-03-29T02:30:00+02:00').toISOString()).to.equal('2026-03-29T00:30:00.000Z');
    expect(toDate('2026-03-29T02:30:00Z').toISOString()).to.equal('2026-03-29T02:30:00.000Z');
    for (const bad of ['garbage', '2026-02-30 10:00', '2026-01-01 24:00', 'March 3, 2026', new Date('x'), Number.NaN]) {
      expect(() => toDate(bad), String(bad)).to.throw(/invalid format/);
    }
  });

  it('reads the stored forms digit by digit as the strict parser reads them, and refuses impossible ones', () => {
    const forms = ['2026-03-29 02:30:05', '2026-03-29T02:30:05', '2026-03-29 02:30:05.123', '2026-03-29 02:30:05.123456', '0999-12-31 23:59:59.999'];
    for (const text of forms) expect(parseUtc(text).getTime(), text).to.equal(toDate(text).getTime());
    expect(parseUtc('0050-06-01 00:00:00').getUTCFullYear()).to.equal(50);
    for (const bad of ['2026-02-30 10:00:00', '2026-13-01 10:00:00', '2026-01-01 24:00:00', '2026-01-01 10:60:00', '2026-01-01 10:00:0x', '2026-01-01 10:00:00.12a', '2026-01-01 10:00:00.123x56']) {
      expect(Number.isNaN(parseUtc(bad).getTime()), bad).to.equal(true);
    }
  });

  it('stores and reads UTC whatever the process time zone is (TZ=America/New_York in a child process)', async function () {
    this.timeout(30_000);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'spec/support/datetime-tz-child.ts')], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'America/New_York', WREN_TZ_CHILD_URL: DIALECT_URLS[dialect]! },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      offsetMinutes: number;
      stored: Record<string, string>;
      read: Record<string, string>;
      exactMatches: Record<string, number>;
      foreign: Record<string, string>;
      zoneless: string[];
    };
    expect(result.offsetMinutes, 'the child really runs in New York time').to.equal(240);
    const storedText: Record<string, Record<string, string>> = {
      sqlite: { naive: '2026-07-01 12:34:56.789000', aware: '2026-07-01 12:34:56.789000' },
      postgres: { naive: '2026-07-01 12:34:56.789', aware: '2026-07-01 12:34:56.789+00' },
      mysql: { naive: '2026-07-01 12:34:56.789000', aware: '2026-07-01 12:34:56.789000' },
    };
    expect(result.stored).to.deep.equal(storedText[dialect]);
    expect(result.read).to.deep.equal({ naive: '2026-07-01T12:34:56.789Z', aware: '2026-07-01T12:34:56.789Z' });
    expect(result.exactMatches).to.deep.equal({ naive: 1, aware: 1 });
    expect(result.foreign).to.deep.equal({ naive: '2026-01-15T08:00:00.000Z', aware: '2026-01-15T08:00:00.000Z' });
    expect(result.zoneless).to.deep.equal(['2026-03-08T02:30:00.000Z', '2026-03-08T02:30:00.000Z', '2026-03-08T02:30:00.000Z']);
  });
});
