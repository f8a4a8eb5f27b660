import { expect } from 'chai';
import { captureQueries, database, F, ImproperlyConfigured, IntegrityError, CharField, DecimalField, SchemaEditor } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { FieldsEveryType, FieldsOptionsModel, FieldsRequired, FieldsUuidKeyed } from './models/fields-models.js';

type Attribute = Exclude<keyof FieldsEveryType, 'pk' | 'id' | symbol | keyof import('../lib/index.js').Model>;

/** A value to store, and what must come back when that differs (canonical form). */
interface Case {
  readonly value: unknown;
  readonly expected?: unknown;
}

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const longText = 'ab€😀\n'.repeat(20_000);
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** Edge values per attribute of FieldsEveryType; every one must round-trip on every dialect. */
const CASES: Record<Attribute, readonly Case[]> = {
  char: [
    { value: '' }, { value: 'héllo wörld àçcénts' }, { value: '😀🎉👩‍👩‍👧 emoji' }, { value: '漢字かな한국어' },
    { value: `quote ' double " backslash \\ percent % underscore _` }, { value: 'x'.repeat(100) },
    { value: '  padded  ' }, { value: 'tab\tnewline\n' }, { value: null },
  ],
  text: [{ value: '' }, { value: longText }, { value: 'Ünïcödé 中文 🚀' }, { value: null }],
  email: [{ value: 'ann@example.com' }, { value: 'josé@exämple.com' }, { value: null }],
  slug: [{ value: 'a-slug_1' }, { value: '' }, { value: null }],
  url: [{ value: 'https://example.com/path?q=1&r=%C3%BC#frag' }, { value: 'ftp://files.example.org/a b' }, { value: null }],
  integer: [{ value: 0 }, { value: -1 }, { value: 2147483647 }, { value: -2147483648 }, { value: null }],
  bigInteger: [
    { value: 0 }, { value: -1 }, { value: Number.MAX_SAFE_INTEGER }, { value: Number.MIN_SAFE_INTEGER },
    { value: 2 ** 31 }, { value: null },
  ],
  smallInteger: [{ value: 0 }, { value: 32767 }, { value: -32768 }, { value: null }],
  positiveInteger: [{ value: 0 }, { value: 2147483647 }, { value: null }],
  float: [
    { value: 0 }, { value: -1.5 }, { value: 0.1 + 0.2 }, { value: Math.PI }, { value: 1e-300 },
    { value: -1.7976931348623157e308 }, { value: 123456789.125 }, { value: null },
  ],
  price: [
    { value: '1.50' }, { value: '0.00' }, { value: '-0.01' }, { value: '99999999.99' }, { value: '-99999999.99' },
    { value: '1.5', expected: '1.50' }, { value: '7', expected: '7.00' }, { value: 2.25, expected: '2.25' },
    { value: null },
  ],
  bigDecimal: [
    { value: '12345678901234.56789' }, { value: '-12345678901234.56789' }, { value: '99999999999999999999.99999' },
    { value: '0.00001' }, { value: '1.10000' }, { value: '0.1', expected: '0.10000' }, { value: null },
  ],
  boolean: [{ value: true }, { value: false }, { value: null }],
  date: [
    { value: '2026-03-29' }, { value: '2026-11-01' }, { value: '2024-02-29' }, { value: '1969-12-31' },
    { value: '1000-01-01' }, { value: '9999-12-31' },
    // A Date gives its UTC calendar date (Berlin already has the 29th at this instant).
    { value: new Date('2026-03-28T23:30:00Z'), expected: '2026-03-28' }, { value: null },
  ],
  dateTime: [
    // Europe's and the US's DST transitions, and the minutes around them.
    { value: new Date('2026-03-29T01:30:00.000Z') }, { value: new Date('2026-03-29T00:59:59.999Z') },
    { value: new Date('2026-03-08T07:30:00.000Z') }, { value: new Date('2026-11-01T05:30:00.000Z') },
    { value: new Date('2026-11-01T06:30:00.000Z') }, { value: new Date('2026-10-25T01:00:00.001Z') },
    { value: new Date('2026-01-02T03:04:05.678Z') }, { value: new Date('1970-01-01T00:00:00.000Z') },
    { value: new Date('1969-07-20T20:17:40.123Z') }, { value: new Date('2099-12-31T23:59:59.999Z') },
    { value: '2026-05-06T07:08:09.010Z', expected: new Date('2026-05-06T07:08:09.010Z') },
    // Without a zone a string is UTC on every dialect, whatever the process's time zone.
    { value: '2026-03-29 02:30:00.5', expected: new Date('2026-03-29T02:30:00.500Z') },
    { value: null },
  ],
  time: [
    { value: '00:00:00' }, { value: '23:59:59' }, { value: '12:34:56.789' }, { value: '01:30:00.000001' },
    { value: '02:30:00.500', expected: '02:30:00.5' }, { value: '14:05', expected: '14:05:00' }, { value: null },
  ],
  duration: [
    { value: 0 }, { value: 1 }, { value: -1500 }, { value: 90_061_001 }, { value: 30 * 86_400_000 },
    { value: Number.MAX_SAFE_INTEGER }, { value: null },
  ],
  uuid: [
    { value: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' }, { value: '00000000-0000-0000-0000-000000000000' },
    { value: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12', expected: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12' },
    { value: null },
  ],
  json: [
    { value: { a: { b: [1, 2, { c: null }] }, s: 'é😀', n: -1.5, t: true, f: false } },
    { value: [] }, { value: {} }, { value: [1, 'two', true, null, [3], { four: 4 }] }, { value: 'a string' },
    { value: '' }, { value: 42 }, { value: 0 }, { value: -3.25 }, { value: true }, { value: false },
    { value: { quote: `'"\\`, nested: { deeper: { deepest: [[[]]] } } } }, { value: null },
  ],
  binary: [
    { value: bytes(0, 1, 2, 0, 255, 0) }, { value: Buffer.alloc(0) }, { value: bytes(0) }, { value: allBytes },
    { value: new Uint8Array([9, 0, 8]), expected: bytes(9, 0, 8) }, { value: null },
  ],
};

function expectedOf(item: Case): unknown {
  return 'expected' in item ? item.expected : item.value;
}

forEachDialect('Fields round-trip', [FieldsEveryType, FieldsRequired, FieldsOptionsModel, FieldsUuidKeyed], (dialect) => {
  const savedTz = process.env.TZ;
  before(() => {
    // A zone with DST, so any conversion through local time would show.
    process.env.TZ = 'Europe/Berlin';
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  describe('every field type', () => {
    before(async () => {
      await truncate([FieldsEveryType]);
    });

    for (const [attribute, cases] of Object.entries(CASES) as [Attribute, readonly Case[]][]) {
      it(`${attribute}: ${cases.length} edge values round-trip through get(), values() and valuesList()`, async () => {
        const ids: number[] = [];
        for (const item of cases) {
          const row = await FieldsEveryType.objects.create({ [attribute]: item.value } as never);
          expect(row.id, 'primary key set by the insert').to.be.a('number');
          ids.push(row.id);
        }
        const expected = cases.map(expectedOf);
        const fetched = [];
        for (const id of ids) fetched.push((await FieldsEveryType.objects.get({ pk: id }))[attribute]);
        expect(fetched, `${attribute} via get() on ${dialect}`).to.deep.equal(expected);
        const rows = await FieldsEveryType.objects.filter({ id__in: ids }).values(attribute);
        expect(rows.map((r) => r[attribute]), `${attribute} via values()`).to.deep.equal(expected);
        const flat = await FieldsEveryType.objects.filter({ id__in: ids }).valuesList(attribute, { flat: true });
        expect(flat, `${attribute} via valuesList()`).to.deep.equal(expected);
      });
    }

    it('filters by exact value for each type (conversion applies to bound parameters too)', async () => {
      const stored = await FieldsEveryType.objects.create({
        char: 'find-me 😀', integer: -7, bigInteger: Number.MAX_SAFE_INTEGER, float: 0.1 + 0.2, price: '3.10',
        bigDecimal: '12345678901234.56789', boolean: false, date: '2026-03-29',
        dateTime: new Date('2026-03-29T01:30:00.123Z'), time: '12:34:56.789', duration: 90_061_001,
        uuid: 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      });
      const probes: Record<string, unknown> = {
        char: 'find-me 😀', integer: -7, bigInteger: Number.MAX_SAFE_INTEGER, float: 0.1 + 0.2, price: '3.10',
        bigDecimal: '12345678901234.56789', boolean: false, date: '2026-03-29',
        dateTime: new Date('2026-03-29T01:30:00.123Z'), time: '12:34:56.789', duration: 90_061_001,
        uuid: 'B0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      };
      for (const [name, value] of Object.entries(probes)) {
        const ids = await FieldsEveryType.objects.filter({ [name]: value } as never).valuesList('id', { flat: true });
        expect(ids, `${name} = ${String(value)}`).to.include(stored.id);
      }
    });

    it('orders decimals numerically, not as text', async () => {
      await truncate([FieldsEveryType]);
      for (const price of ['10.00', '9.50', '-2.00', '100.25']) await FieldsEveryType.objects.create({ price });
      const ordered = await FieldsEveryType.objects.orderBy('price').valuesList('price', { flat: true });
      expect(ordered).to.deep.equal(['-2.00', '9.50', '10.00', '100.25']);
      const above = await FieldsEveryType.objects.filter({ price__gt: '9.6' }).orderBy('price').valuesList('price', { flat: true });
      expect(above).to.deep.equal(['10.00', '100.25']);
    });

    it('bulkCreate, bulkUpdate and update() convert values as save() does', async () => {
      await truncate([FieldsEveryType]);
      const made = await FieldsEveryType.objects.bulkCreate([
        { price: '1.50', dateTime: new Date('2026-03-29T01:30:00.001Z'), json: [1, { a: null }], uuid: 'C0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', binary: bytes(0, 1), time: '01:02' },
        { price: '-2', dateTime: new Date('2026-11-01T06:30:00Z'), json: 'text', uuid: null, binary: Buffer.alloc(0), time: '23:59:59.999999' },
      ]);
      const loaded = await FieldsEveryType.objects.orderBy('id');
      const pick = (r: FieldsEveryType) => [r.price, r.dateTime, r.json, r.uuid, r.binary, r.time];
      expect(loaded.map(pick)).to.deep.equal([
        ['1.50', new Date('2026-03-29T01:30:00.001Z'), [1, { a: null }], 'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', bytes(0, 1), '01:02:00'],
        ['-2.00', new Date('2026-11-01T06:30:00Z'), 'text', null, Buffer.alloc(0), '23:59:59.999999'],
      ]);
      expect(made).to.have.length(2);
      loaded[0]!.json = { swapped: true };
      loaded[0]!.binary = bytes(255, 0);
      loaded[0]!.dateTime = new Date('2026-10-25T01:00:00.000Z');
      loaded[1]!.json = null;
      loaded[1]!.price = '12345678.99';
      loaded[1]!.time = '00:00:00.5';
      await FieldsEveryType.objects.bulkUpdate(loaded, ['json', 'binary', 'dateTime', 'price', 'time']);
      const updated = await FieldsEveryType.objects.orderBy('id');
      expect(updated.map(pick)).to.deep.equal([
        ['1.50', new Date('2026-10-25T01:00:00.000Z'), { swapped: true }, 'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', bytes(255, 0), '01:02:00'],
        ['12345678.99', new Date('2026-11-01T06:30:00Z'), null, null, Buffer.alloc(0), '00:00:00.5'],
      ]);
      await FieldsEveryType.objects.filter({ price: '1.5' }).update({ price: F('price').add(1), uuid: 'D0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' });
      const bumped = await FieldsEveryType.objects.get({ price: '2.50' });
      expect(bumped.uuid).to.equal('d0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    });

    it('keeps a saved instance\'s values after refreshFromDb()', async () => {
      const row = await FieldsEveryType.objects.create({
        bigDecimal: '12345678901234.56789', dateTime: new Date('2026-11-01T06:30:00.000Z'), json: { k: [null] },
        binary: bytes(0, 0, 1),
      });
      await row.refreshFromDb();
      expect(row.bigDecimal).to.equal('12345678901234.56789');
      expect(row.dateTime).to.deep.equal(new Date('2026-11-01T06:30:00.000Z'));
      expect(row.json).to.deep.equal({ k: [null] });
      expect(row.binary).to.deep.equal(bytes(0, 0, 1));
    });
  });

  describe('non-null empty values', () => {
    it('stores empty string, false, empty JSON and empty bytes as themselves (not NULL)', async () => {
      const row = await FieldsRequired.objects.create({ char: '', text: '', boolean: false, json: [], binary: Buffer.alloc(0) });
      const back = await FieldsRequired.objects.get({ pk: row.pk });
      expect([back.char, back.text, back.boolean, back.json, back.binary]).to.deep.equal(['', '', false, [], Buffer.alloc(0)]);
      expect(await FieldsRequired.objects.filter({ char: '' }).count()).to.equal(1);
      expect(await FieldsRequired.objects.filter({ char__isnull: true }).count()).to.equal(0);
    });
  });

  describe('options', () => {
    beforeEach(async () => {
      await truncate([FieldsOptionsModel]);
    });

    it('applies value defaults and calls function defaults once per instance', async () => {
      const a = new FieldsOptionsModel();
      const b = new FieldsOptionsModel();
      expect(a.title).to.equal('untitled');
      expect(b.sequenceNumber).to.equal(a.sequenceNumber + 1);
      expect(a.tags).to.deep.equal(['new']);
      expect(a.tags).to.not.equal(b.tags, 'a function default gives each instance its own object');
      expect(a.uid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a.uid).to.not.equal(b.uid);
      await a.save();
      const back = await FieldsOptionsModel.objects.get({ pk: a.pk });
      expect([back.title, back.sequenceNumber, back.tags, back.status, back.isActive, back.ratio, back.uid])
        .to.deep.equal(['untitled', a.sequenceNumber, ['new'], 'd', true, 0.5, a.uid]);
    });

    it('autoNowAdd is set on insert only; autoNow on every save', async () => {
      const before = Date.now();
      const row = await FieldsOptionsModel.objects.create({});
      expect(row.createdAt).to.be.instanceOf(Date);
      expect(row.createdAt.getTime()).to.be.within(before - 1, Date.now() + 1);
      expect(row.publishedOn).to.equal(new Date().toISOString().slice(0, 10));
      const created = row.createdAt.getTime();
      const firstUpdate = row.updatedAt.getTime();
      await new Promise((resolve) => setTimeout(resolve, 15));
      row.title = 'changed';
      await row.save();
      expect(row.createdAt.getTime()).to.equal(created);
      expect(row.updatedAt.getTime()).to.be.greaterThan(firstUpdate);
      const back = await FieldsOptionsModel.objects.get({ pk: row.pk });
      expect(back.createdAt.getTime()).to.equal(created);
      expect(back.updatedAt.getTime()).to.equal(row.updatedAt.getTime());
      // An explicit value does not survive autoNowAdd, as in Django.
      const explicit = await FieldsOptionsModel.objects.create({ createdAt: new Date('2000-01-01T00:00:00Z') });
      expect(explicit.createdAt.getUTCFullYear()).to.be.greaterThan(2000);
    });

    it('uses dbColumn in SQL and snake_case columns for camelCase attributes', async () => {
      const meta = FieldsOptionsModel._meta;
      expect(meta.field('legacyCode').column).to.equal('LegacyCODE');
      expect(meta.field('sequenceNumber').column).to.equal('sequence_number');
      expect(meta.field('createdAt').column).to.equal('created_at');
      const q = (name: string) => database().dialect.quoteName(name);
      const queries = await captureQueries(async () => {
        await FieldsOptionsModel.objects.create({ legacyCode: 'L-1' });
        await FieldsOptionsModel.objects.filter({ legacyCode: 'L-1' }).values('legacyCode', 'sequenceNumber');
      });
      // knex quotes its own builders (backticks on SQLite), Wren's compiler uses the dialect's quotes.
      expect(queries[0]!.sql).to.match(/[`"]LegacyCODE[`"]/).and.match(/[`"]sequence_number[`"]/).and.not.include('legacy');
      expect(queries[1]!.sql).to.include(`${q('LegacyCODE')} = ?`);
      const rows = await FieldsOptionsModel.objects.filter({ legacyCode: 'L-1' }).values('legacyCode', 'sequenceNumber');
      expect(rows).to.have.length(1);
      expect(rows[0]!.legacyCode).to.equal('L-1');
      // Hand-written SQL sees the real column names, and raw() maps them back to attributes.
      const raw = await FieldsOptionsModel.objects.raw(
        `SELECT * FROM ${q('fields_options')} WHERE ${q('LegacyCODE')} = ? AND ${q('sequence_number')} = ?`,
        ['L-1', rows[0]!.sequenceNumber],
      );
      expect(raw.map((r) => r.legacyCode)).to.deep.equal(['L-1']);
    });

    it('stores choice values and exposes their labels on the field', async () => {
      const field = FieldsOptionsModel._meta.field('status');
      expect(field.choiceValues()).to.deep.equal(['d', 'p']);
      const row = await FieldsOptionsModel.objects.create({ status: 'p' });
      expect((await FieldsOptionsModel.objects.get({ pk: row.pk })).status).to.equal('p');
      expect(await FieldsOptionsModel.objects.filter({ status: 'd' }).count()).to.equal(0);
    });

    it('editable: false fields are saved but skipped by fullClean()', async () => {
      const row = new FieldsOptionsModel({ internalNote: 'x'.repeat(50) });
      expect(FieldsOptionsModel._meta.field('internalNote').editable).to.equal(false);
      expect(FieldsOptionsModel._meta.field('internalNote').options.helpText).to.equal('Set by the system');
      await row.fullClean({ validateUnique: false });
      row.internalNote = 'by hand';
      await row.save();
      expect((await FieldsOptionsModel.objects.get({ pk: row.pk })).internalNote).to.equal('by hand');
    });

    it('unique is enforced by the database; dbIndex and dbColumn shape the DDL', async () => {
      const first = await FieldsOptionsModel.objects.create({});
      let caught: unknown;
      try {
        await FieldsOptionsModel.objects.create({ uid: first.uid.toUpperCase() });
      } catch (error) {
        caught = error;
      }
      expect(caught, 'the same UUID typed in capitals is the same value').to.be.instanceOf(IntegrityError);
      const q = (name: string) => database().dialect.quoteName(name);
      const ddl = new SchemaEditor().createModelSql(FieldsEveryType._meta).join(';\n');
      expect(ddl).to.match(new RegExp(`CREATE INDEX \\S+ ON ${q('fields_every_type')} \\(${q('slug')}\\)`));
      const options = new SchemaEditor().createModelSql(FieldsOptionsModel._meta).join(';\n');
      expect(options).to.include(`${q('LegacyCODE')} ${database().dialect.columnType({ kind: 'char', maxLength: 10 })} NULL`);
      expect(options).to.match(new RegExp(`${q('uid')} [^,]* UNIQUE`));
    });

    it('a BigAutoField key holds values beyond 32 bits', async () => {
      const id = 2 ** 40 + 1;
      await FieldsEveryType.objects.create({ id, char: 'big key' });
      const back = await FieldsEveryType.objects.get({ pk: id });
      expect([back.id, back.char]).to.deep.equal([id, 'big key']);
    });

    it('a UUID primary key with a function default', async () => {
      const row = await FieldsUuidKeyed.objects.create({ label: 'one' });
      expect(row.pk).to.be.a('string').with.length(36);
      const back = await FieldsUuidKeyed.objects.get({ pk: row.pk });
      expect(back.key).to.equal(row.key);
      expect(back.label).to.equal('one');
    });
  });
});

describe('Field configuration errors', () => {
  it('CharField needs maxLength and DecimalField needs consistent digits', () => {
    expect(() => new CharField({} as never)).to.throw(ImproperlyConfigured, /maxLength/);
    expect(() => new DecimalField({ maxDigits: 2, decimalPlaces: 3 })).to.throw(ImproperlyConfigured, /decimalPlaces/);
  });
});
