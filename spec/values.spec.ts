// Issue 7's table: every (field, input) case through every write API, on every dialect, with one
// outcome: the exact value read back (through Wren and through the driver), or a ValidationError
// naming model, field and value, raised before any SQL, leaving the table as it was.
import { expect } from 'chai';
import { DataError, database, F, Max, Min, Sum, ValidationError, WrenTypeError } from '../lib/index.js';
import { failureOf, rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { ValOwner, ValRow } from './models/value-models.js';
import { VALUE_CASES, type Outcome, type ValueCase, type ValueField } from './values/cases.js';
import { rawColumnSql, rawMatches } from './values/raw.js';

type Row = Record<string, unknown>;

/**
 * The write APIs of issue 7. `setup` makes what the write needs (a row to update, an owner);
 * `write` is the call under test and returns the primary key of the row it wrote.
 */
interface Writer {
  setup(): Promise<Row>;
  write(context: Row, field: ValueField, input: unknown): Promise<unknown>;
}

const nothing = async (): Promise<Row> => ({});
const existingRow = async (): Promise<Row> => ({ row: await ValRow.objects.create({}) });

const WRITERS: Record<string, Writer> = {
  create: { setup: nothing, write: async (_, field, input) => (await ValRow.objects.create({ [field]: input } as never)).pk },
  'save() of a new instance': {
    setup: nothing,
    write: async (_, field, input) => {
      const row = new ValRow({ [field]: input } as never);
      await row.save();
      return row.pk;
    },
  },
  update: {
    setup: existingRow,
    write: async ({ row }, field, input) => {
      const pk = (row as ValRow).pk;
      await ValRow.objects.filter({ pk }).update({ [field]: input } as never);
      return pk;
    },
  },
  'save() of a loaded instance': {
    setup: async () => ({ row: await ValRow.objects.get({ pk: (await ValRow.objects.create({})).pk }) }),
    write: async ({ row }, field, input) => {
      (row as Row)[field] = input;
      await (row as ValRow).save();
      return (row as ValRow).pk;
    },
  },
  bulkCreate: {
    setup: nothing,
    write: async (_, field, input) => {
      const [, row] = await ValRow.objects.bulkCreate([new ValRow({}), new ValRow({ [field]: input } as never)]);
      return row!.pk;
    },
  },
  bulkUpdate: {
    setup: existingRow,
    write: async ({ row }, field, input) => {
      (row as Row)[field] = input;
      await ValRow.objects.bulkUpdate([row as ValRow], [field] as never);
      return (row as ValRow).pk;
    },
  },
  'related manager create': {
    setup: async () => ({ owner: await ValOwner.objects.create({ name: 'o' }) }),
    write: async ({ owner }, field, input) => {
      const manager = (owner as { rows: { create(values: Row): Promise<{ pk: unknown }> } }).rows;
      return (await manager.create({ [field]: input })).pk;
    },
  },
};

function describeInput(testCase: ValueCase): string {
  if (testCase.label) return testCase.label;
  const { input } = testCase;
  if (typeof input === 'bigint') return `${input}n`;
  if (typeof input === 'string') return JSON.stringify(input.length > 30 ? `${input.slice(0, 27)}...` : input);
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'Invalid Date' : `Date(${input.toISOString()})`;
  if (typeof input === 'function' || typeof input === 'symbol') return String(input);
  if (Buffer.isBuffer(input) || input instanceof Uint8Array) return `${input.constructor.name}[${[...input].join(',')}]`;
  if (input instanceof Map) return 'Map';
  try {
    return JSON.stringify(input) ?? String(input);
  } catch {
    return 'a cyclic object';
  }
}

function expectSame(actual: unknown, expected: unknown, where: string): void {
  if (expected instanceof Date) {
    expect(actual, where).to.be.instanceOf(Date);
    expect((actual as Date).toISOString(), where).to.equal(expected.toISOString());
  } else if (Buffer.isBuffer(expected)) {
    expect(Buffer.isBuffer(actual) && actual.equals(expected), `${where}: ${String(actual)}`).to.equal(true);
  } else {
    expect(actual, where).to.deep.equal(expected);
  }
}

async function expectStored(field: ValueField, pk: unknown, expected: unknown, where: string): Promise<void> {
  const row = (await ValRow.objects.get({ pk } as never)) as unknown as Row;
  expectSame(row[field], expected, `${where}, read through Wren`);
  const db = database();
  const rows = db.dialect.rawRows(await db.knex.raw(`SELECT ${rawColumnSql(db.dialect.vendor, field, (name) => db.dialect.quoteName(name))} AS v FROM val_row WHERE id = ?`, [pk as number]));
  expect(rawMatches(field, rows[0]!.v, expected), `${where}, read through the driver: ${String(rows[0]!.v)}`).to.equal(true);
  if (expected !== null && field !== 'json' && field !== 'bin' && field !== 'float') {
    // The value Wren shows finds its row again.
    expect(await ValRow.objects.filter({ pk, [field]: expected } as never).count(), `${where}, filtered by the value read`).to.equal(1);
  }
}

async function expectRefused(write: () => Promise<unknown>, error: RegExp, field: ValueField, where: string): Promise<void> {
  const before = await ValRow.objects.values('pk', field as never);
  const { error: thrown, sql } = await failureOf(write);
  expect(thrown, `${where}: nothing was thrown`).to.be.instanceOf(ValidationError);
  const message = (thrown as ValidationError).message;
  expect(message, where).to.match(error);
  expect(message, where).to.match(new RegExp(`^ValRow\\.${field}: `));
  expect(Object.keys((thrown as ValidationError).errors), where).to.deep.equal([field]);
  expect(sql, `${where}: SQL ran`).to.deep.equal([]);
  expect(await ValRow.objects.values('pk', field as never), `${where}: rows changed`).to.deep.equal(before);
}

function outcomeOn(dialect: string, testCase: ValueCase): Outcome {
  if (dialect === 'postgres' && testCase.postgres) return testCase.postgres;
  if (dialect === 'mysql' && testCase.mysql) return testCase.mysql;
  return testCase.outcome;
}

forEachDialect('Values at the database boundary', [ValOwner, ValRow], (dialect) => {
  beforeEach(() => truncate([ValOwner, ValRow]));

  it(`has at least 150 cases over every field type`, () => {
    expect(VALUE_CASES.length).to.be.at.least(150);
    expect(new Set(VALUE_CASES.map((c) => c.field)).size).to.equal(Object.keys(ValRow.fields).length - 1);
  });

  it('converts text constants in arithmetic as the column beside them: F(n).add(text)', async () => {
    const row = await ValRow.objects.create({ int: 5, dec: '1.25' });
    const { error, sql } = await failureOf(() => ValRow.objects.filter({ pk: row.pk }).update({ int: F('int').add('abc') } as never));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.match(/^ValRow\.int: 'abc' value must be an integer/);
    expect(sql).to.deep.equal([]);
    await ValRow.objects.filter({ pk: row.pk }).update({ int: F('int').add('2'), dec: F('dec').add('0.10') } as never);
    const fresh = await ValRow.objects.get({ pk: row.pk });
    expect([fresh.int, fresh.dec]).to.deep.equal([7, '1.35']);
    expect(() => F('int').add(NaN)).to.throw(WrenTypeError, /finite number/);
  });

  it('reads aggregates and relation paths over 64-bit integers exactly, or raises: never rounded', async () => {
    const big = 2n ** 62n + 1n;
    const owner = await ValOwner.objects.create({ name: 'o' });
    await ValRow.objects.bulkCreate([new ValRow({ owner, huge: big, big: 9007199254740000 }), new ValRow({ owner, huge: 3n, big: 991 })]);
    expect(await ValRow.objects.aggregate({ total: Sum('huge'), top: Max('huge'), low: Min('huge') })).to.deep.equal({ total: big + 3n, top: big, low: 3n });
    expect(await ValOwner.objects.filter({ pk: owner.pk }).annotate({ total: Sum('rows__huge') }).valuesList('total' as never, { flat: true })).to.deep.equal([big + 3n]);
    expect(await ValOwner.objects.filter({ pk: owner.pk }).valuesList('rows__huge' as never, { flat: true }).orderBy('rows__huge' as never)).to.deep.equal([3n, big]);
    expect(await ValRow.objects.aggregate({ total: Sum('big') })).to.deep.equal({ total: Number.MAX_SAFE_INTEGER });
    await ValRow.objects.create({ big: 1 });
    // 2^53 would be a number that cannot be told from 2^53 + 1: a DataError naming the option instead.
    const error = await rejection(ValRow.objects.aggregate({ total: Sum('big') }));
    expect(error).to.be.instanceOf(DataError);
    expect((error as Error).message).to.match(/BigIntegerField\(\{ bigint: true \}\)/);
  });

  it('a Sum past the 64-bit range: exact where the database sums in numeric, a DataError on SQLite', async () => {
    await ValRow.objects.bulkCreate([new ValRow({ huge: 2n ** 62n }), new ValRow({ huge: 2n ** 62n })]);
    const total = ValRow.objects.aggregate({ total: Sum('huge') });
    if (dialect === 'sqlite') expect(await rejection(total)).to.be.instanceOf(DataError).with.property('message').match(/integer overflow/);
    else expect(await total).to.deep.equal({ total: 2n ** 63n });
  });

  for (const testCase of VALUE_CASES) {
    const outcome = outcomeOn(dialect, testCase);
    const verb = 'value' in outcome ? 'stores' : 'refuses';
    it(`${testCase.field} ${verb} ${describeInput(testCase)}`, async () => {
      for (const [api, writer] of Object.entries(WRITERS)) {
        const where = `${testCase.field} <- ${describeInput(testCase)} via ${api}`;
        const context = await writer.setup();
        const write = () => writer.write(context, testCase.field, testCase.input);
        if ('value' in outcome) await expectStored(testCase.field, await write(), outcome.value, where);
        else await expectRefused(write, outcome.error, testCase.field, where);
      }
    });
  }
});
