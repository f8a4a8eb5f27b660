import { expect } from 'chai';
import {
  atomic, BooleanField, captureQueries, CharField, connect, database, DateTimeField, disconnect, F, ForeignKey, IntegerField, Model,
  SchemaEditor, ValidationError, type FieldValues,
} from '../lib/index.js';
import { statementCacheOf } from '../lib/query/statement-cache.js';
import { failureOf, rejection } from './support/assertions.js';
import { ACTIVE_DIALECTS, DIALECT_URLS, dropTables, forEachDialect, resetTables, truncate } from './support/dialects.js';

class CachedItem extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    qty: new IntegerField({ default: 0 }),
    active: new BooleanField({ default: true }),
    seen: new DateTimeField({ null: true }),
  };
  static meta = { tableName: 'cached_items' };
  static objects = this.manager();
}
interface CachedItem extends FieldValues<typeof CachedItem> {}

class CachedNote extends Model {
  static fields = {
    item: new ForeignKey(() => CachedItem, { onDelete: 'CASCADE', relatedName: 'notes' }),
    text: new CharField({ maxLength: 20 }),
  };
  static meta = { tableName: 'cached_notes' };
  static objects = this.manager();
}
interface CachedNote extends FieldValues<typeof CachedNote> {}

const cache = () => statementCacheOf(database());
const plain = (item: CachedItem) => ({ id: item.id, name: item.name, qty: item.qty, active: item.active, seen: item.seen });

/** The same rows through the general path: a filter the statement cache does not serve. */
async function uncached(id: number): Promise<ReturnType<typeof plain>> {
  const rows = await CachedItem.objects.filter({ pk: id, qty__gte: -1_000_000 });
  expect(rows).to.have.length(1);
  return plain(rows[0]!);
}

forEachDialect('compiled query shapes (statement cache)', [CachedItem, CachedNote], () => {
  let ids: number[];
  beforeEach(async () => {
    await truncate([CachedItem, CachedNote]);
    const seen = new Date('2026-03-01T10:20:30.456Z');
    const made = await CachedItem.objects.bulkCreate([
      new CachedItem({ name: 'ann', qty: 1, seen }),
      new CachedItem({ name: 'bob', qty: 2, active: false }),
      new CachedItem({ name: 'cy', qty: 3, seen }),
    ]);
    ids = made.map((item) => item.id);
  });

  it('get({ pk }) compiles its SQL once, then reuses it with new keys, returning what the general path returns', async () => {
    const before = { hits: cache().hits, size: cache().size };
    const first = await captureQueries(() => CachedItem.objects.get({ pk: ids[0]! }));
    const later: unknown[] = [];
    const queries = await captureQueries(async () => {
      for (const id of ids) later.push(plain(await CachedItem.objects.get({ pk: id })));
      later.push(plain(await CachedItem.objects.get({ id: ids[1]! })));
    });
    expect(cache().hits - before.hits, 'every call after the first was served from the cache').to.be.at.least(4);
    expect(queries.map((q) => q.sql), 'the cached SQL is the SQL the first call compiled').to.deep.equal(Array(4).fill(first[0]!.sql));
    expect(queries.map((q) => q.bindings.map(Number))).to.deep.equal([[ids[0]], [ids[1]], [ids[2]], [ids[1]]]);
    const expected = [];
    for (const id of [...ids, ids[1]!]) expected.push(await uncached(id));
    expect(later).to.deep.equal(expected);
  });

  it('loading a forward relation for one instance reuses the by-key statement and finds what selectRelated finds', async () => {
    for (const [i, id] of ids.entries()) await CachedNote.objects.create({ item: await CachedItem.objects.get({ pk: id }), text: `n${i}` });
    const notes = await CachedNote.objects.orderBy('text');
    const hits = cache().hits;
    const loaded = [];
    for (const note of notes) loaded.push(plain((await note.related('item')) as CachedItem));
    expect(cache().hits - hits, 'every load after the first is served from the cache').to.be.at.least(2);
    const joined = await CachedNote.objects.selectRelated('item').orderBy('text');
    expect(loaded).to.deep.equal(joined.map((note) => plain(note.item as unknown as CachedItem)));
    const queries = await captureQueries(() => notes[0]!.related('item'));
    expect(queries, 'a loaded relation is kept on the instance').to.deep.equal([]);
  });

  it('a repeated filter shape reuses its resolution: same SQL, values bound afresh, same rows as a first resolution', async () => {
    const shapes = [
      (n: number) => CachedItem.objects.filter({ qty__gte: n, active: true }).orderBy('name'),
      (n: number) => CachedItem.objects.exclude({ qty__lt: n }).orderBy('name'),
      (n: number) => CachedItem.objects.filter({ seen__year: 2026 + n - 1 }).exclude({ name: `x${n}` }).orderBy('name'),
      (n: number) => CachedItem.objects.filter({ name__icontains: n === 1 ? 'A' : 'Y' }).orderBy('name'),
    ];
    const names = (items: CachedItem[]) => items.map((item) => item.name);
    const got: unknown[] = [];
    const queries = await captureQueries(async () => {
      for (const shape of shapes) for (const n of [1, 2, 1]) got.push(names(await shape(n)));
    });
    expect(got).to.deep.equal([
      ['ann', 'cy'], ['cy'], ['ann', 'cy'],
      ['ann', 'bob', 'cy'], ['bob', 'cy'], ['ann', 'bob', 'cy'],
      ['ann', 'cy'], [], ['ann', 'cy'],
      ['ann'], ['cy'], ['ann'],
    ]);
    for (let i = 0; i < queries.length; i += 3) {
      expect(queries[i + 1]!.sql, 'same shape, same SQL').to.equal(queries[i]!.sql);
      expect(queries[i + 2]!.bindings, 'the first values bind again as they did').to.deep.equal(queries[i]!.bindings);
    }
  });

  it('a reused filter shape still checks each value and names unknown keys', async () => {
    await CachedItem.objects.filter({ qty: 1 });
    const bad = await failureOf(() => CachedItem.objects.filter({ qty: 'many' as never }));
    expect(bad.error).to.be.instanceOf(ValidationError);
    expect(bad.sql).to.deep.equal([]);
    const unknown = await failureOf(() => CachedItem.objects.filter({ qtty: 1 } as never));
    expect((unknown.error as Error).message).to.match(/qtty/);
    const nulls = await CachedItem.objects.filter({ seen: null }).orderBy('name');
    expect(nulls.map((item) => item.name), 'null still means IS NULL').to.deep.equal(['bob']);
  });

  it('the cached get() raises DoesNotExist and ValidationError as the general path does, before any SQL for bad keys', async () => {
    await CachedItem.objects.get({ pk: ids[0]! });
    const missing = await rejection(CachedItem.objects.get({ pk: 987654 }));
    expect(missing).to.be.instanceOf(CachedItem.DoesNotExist);
    expect((missing as Error).message).to.match(/CachedItem matching query does not exist/);
    const queries = await captureQueries(async () => {
      const bad = await rejection(CachedItem.objects.get({ pk: 'abc' as never }));
      expect(bad).to.be.instanceOf(ValidationError);
      const uncachedBad = await failureOf(() => CachedItem.objects.filter({ pk: 'abc' as never }).fetch());
      expect((bad as Error).message).to.equal((uncachedBad.error as Error).message);
    });
    expect(queries, 'a refused key sends nothing').to.deep.equal([]);
  });

  it('save() reuses its UPDATE, converts every value, and writes what the general path writes', async () => {
    const item = await CachedItem.objects.get({ pk: ids[0]! });
    item.qty = 10;
    await item.save();
    const hits = cache().hits;
    for (let n = 11; n <= 13; n++) {
      item.qty = n;
      item.name = `ann${n}`;
      await item.save();
    }
    expect(cache().hits - hits, 'the second and later saves hit the cache').to.be.at.least(3);
    expect(await uncached(ids[0]!)).to.deep.equal(plain(item));
    expect(item.qty).to.equal(13);
    // The instance keeps the converted value, as the general path leaves it.
    item.qty = '14' as never;
    await item.save();
    expect(item.qty).to.equal(14);
    expect((await uncached(ids[0]!)).qty).to.equal(14);
  });

  it('a cached save() refuses a bad value before any SQL and leaves the row as it was', async () => {
    const item = await CachedItem.objects.get({ pk: ids[1]! });
    await item.save();
    item.qty = 'lots' as never;
    let error: unknown;
    const queries = await captureQueries(async () => (error = await rejection(item.save())));
    expect(error).to.be.instanceOf(ValidationError);
    expect(queries).to.deep.equal([]);
    expect((await uncached(ids[1]!)).qty).to.equal(2);
  });

  it('an F() expression in save() takes the general path and does not poison the cache', async () => {
    const item = await CachedItem.objects.get({ pk: ids[2]! });
    await item.save();
    item.qty = F('qty').add(5) as never;
    await item.save();
    const fresh = await CachedItem.objects.get({ pk: ids[2]! });
    expect(fresh.qty).to.equal(8);
    fresh.qty = 1;
    await fresh.save();
    expect((await uncached(ids[2]!)).qty).to.equal(1);
  });

  it('save({ updateFields }) in another order is its own shape and writes only those fields', async () => {
    const item = await CachedItem.objects.get({ pk: ids[0]! });
    item.name = 'zed';
    item.qty = 99;
    await item.save({ updateFields: ['qty', 'name'] });
    item.name = 'yan';
    item.qty = 98;
    item.active = false;
    await item.save({ updateFields: ['name', 'qty'] });
    const stored = await uncached(ids[0]!);
    expect([stored.name, stored.qty, stored.active]).to.deep.equal(['yan', 98, true]);
  });

  it('cached statements run inside atomic() and roll back with it', async () => {
    await CachedItem.objects.get({ pk: ids[0]! });
    const error = await rejection(atomic(async () => {
      const item = await CachedItem.objects.get({ pk: ids[0]! });
      item.qty = 500;
      await item.save();
      expect((await CachedItem.objects.get({ pk: ids[0]! })).qty).to.equal(500);
      throw new Error('undo');
    }));
    expect((error as Error).message).to.equal('undo');
    expect((await uncached(ids[0]!)).qty).to.equal(1);
  });

  it('after the table is rebuilt with its columns in another order and another integer type, cached statements still read and write the right columns', async () => {
    const item = await CachedItem.objects.get({ pk: ids[0]! });
    await item.save();
    const editor = new SchemaEditor();
    await dropTables([CachedNote]);
    await editor.execute([`DROP TABLE ${database().dialect.quoteName('cached_items')}`]);
    const q = (name: string) => database().dialect.quoteName(name);
    await editor.execute([
      `CREATE TABLE ${q('cached_items')} (${q('seen')} ${database().dialect.columnType({ kind: 'datetime' })} NULL, ${q('qty')} ${database().dialect.columnType({ kind: 'bigint' })} NOT NULL, ${q('active')} ${database().dialect.columnType({ kind: 'boolean' })} NOT NULL, ${q('name')} varchar(20) NOT NULL, ${q('id')} integer NOT NULL PRIMARY KEY)`,
    ]);
    await CachedItem.objects.bulkCreate([new CachedItem({ id: 7, name: 'dee', qty: 4, active: false })]);
    const hits = cache().hits;
    const got = await CachedItem.objects.get({ pk: 7 });
    got.qty = 40;
    await got.save();
    expect(cache().hits - hits).to.be.at.least(2);
    expect(await uncached(7)).to.deep.equal({ id: 7, name: 'dee', qty: 40, active: false, seen: null });
    await resetTables([CachedItem, CachedNote]);
  });

  it('a filter run again runs prepared on PostgreSQL; when a column changes type under it, it is prepared afresh outside a block and reported once inside one', async () => {
    const q = (name: string) => database().dialect.quoteName(name);
    const filtered = () => CachedItem.objects.filter({ qty__gte: 2 }).orderBy('qty').valuesList('name', 'qty');
    expect(await filtered()).to.deep.equal([['bob', 2], ['cy', 3]]);
    expect(await filtered()).to.deep.equal([['bob', 2], ['cy', 3]]);
    const dialect = database().dialect.vendor;
    if (dialect === 'postgres') {
      // The second run above named the statement: the server holds it for this connection.
      const { rows } = await database().run({ sql: "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%cached_items%qty%>=%'", bindings: [] });
      expect(Number((rows[0] as { n: unknown }).n)).to.be.at.least(1);
    }
    const widen = async (type: string) => {
      const alter = dialect === 'postgres' ? `ALTER TABLE ${q('cached_items')} ALTER COLUMN ${q('qty')} TYPE ${type}` : null;
      if (alter) await new SchemaEditor().execute([alter]);
    };
    await widen('bigint');
    expect(await filtered()).to.deep.equal([['bob', 2], ['cy', 3]]);
    await widen('integer');
    if (dialect === 'postgres') {
      // Inside a transaction a failed statement aborts it, so the block reports it (once) instead.
      await filtered();
      await widen('bigint');
      const error = await rejection(atomic(async () => await filtered()));
      expect((error as Error).message).to.contain('cached plan must not change result type');
      await widen('integer');
    }
    expect(await filtered()).to.deep.equal([['bob', 2], ['cy', 3]]);
  });
});

describe('compiled query shapes across connections', () => {
  const dialects = ACTIVE_DIALECTS;

  after(async () => {
    await disconnect().catch(() => undefined);
  });

  it('disconnect() and connect() start a fresh cache, and results stay the same', async function () {
    const dialect = dialects[0]!;
    connect(DIALECT_URLS[dialect]!);
    await resetTables([CachedItem]);
    const [made] = await CachedItem.objects.bulkCreate([new CachedItem({ name: 'eve', qty: 5 })]);
    await CachedItem.objects.get({ pk: made!.id });
    const before = plain(await CachedItem.objects.get({ pk: made!.id }));
    const oldCache = cache();
    expect(oldCache.size).to.be.greaterThan(0);
    // An in-memory SQLite database lives as long as its connection: the row is made again.
    const inMemory = dialect === 'sqlite';
    await disconnect();
    connect(DIALECT_URLS[dialect]!);
    if (inMemory) {
      await resetTables([CachedItem]);
      await CachedItem.objects.bulkCreate([new CachedItem({ id: made!.id, name: 'eve', qty: 5 })]);
    }
    expect(cache()).to.not.equal(oldCache);
    expect(cache().size).to.equal(0);
    expect(plain(await CachedItem.objects.get({ pk: made!.id }))).to.deep.equal(before);
    expect(plain(await CachedItem.objects.get({ pk: made!.id }))).to.deep.equal(before);
    expect(cache().hits).to.equal(1);
    await dropTables([CachedItem]);
    await disconnect();
  });

  it('two connections of different dialects at once keep their own statements', async function () {
    if (dialects.length < 2) {
      console.log('      (skipped: needs two dialects; WREN_DIALECTS has one)');
      this.skip();
    }
    const [a, b] = dialects as [string, string];
    connect({ default: DIALECT_URLS[a]!, other: DIALECT_URLS[b]! });
    try {
      const editorA = new SchemaEditor();
      const editorB = new SchemaEditor(database('other'));
      for (const editor of [editorA, editorB]) {
        await editor.deleteModel(CachedItem, { ifExists: true });
        await editor.createModel(CachedItem);
      }
      await CachedItem.objects.bulkCreate([new CachedItem({ id: 1, name: 'on-a', qty: 1 })]);
      await CachedItem.objects.using('other').bulkCreate([new CachedItem({ id: 1, name: 'on-b', qty: 2 })]);
      const names: string[] = [];
      for (let round = 0; round < 3; round++) {
        names.push((await CachedItem.objects.get({ pk: 1 })).name, (await CachedItem.objects.using('other').get({ pk: 1 })).name);
        const onB = await CachedItem.objects.using('other').get({ pk: 1 });
        onB.qty += 1;
        await onB.save();
      }
      expect(names).to.deep.equal(['on-a', 'on-b', 'on-a', 'on-b', 'on-a', 'on-b']);
      expect((await CachedItem.objects.using('other').get({ pk: 1 })).qty).to.equal(5);
      expect((await CachedItem.objects.get({ pk: 1 })).qty).to.equal(1);
      expect(statementCacheOf(database('default'))).to.not.equal(statementCacheOf(database('other')));
      expect(statementCacheOf(database('default')).hits).to.be.at.least(2);
      expect(statementCacheOf(database('other')).hits).to.be.at.least(4);
      for (const editor of [editorA, editorB]) await editor.deleteModel(CachedItem, { ifExists: true });
    } finally {
      await disconnect();
    }
  });
});
