import { expect } from 'chai';
import { atomic, captureQueries, CharField, FieldError, ForeignKey, IntegerField, Model, WrenTypeError, type FieldValues } from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

class RaceOwner extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'race_owners' };
  static objects = this.manager();
}
interface RaceOwner extends FieldValues<typeof RaceOwner> {}

class RaceKey extends Model {
  static fields = {
    key: new CharField({ maxLength: 20, unique: true }),
    label: new CharField({ maxLength: 20, default: '' }),
    hits: new IntegerField({ default: 0 }),
    owner: new ForeignKey(() => RaceOwner, { onDelete: 'SET_NULL', null: true }),
  };
  static meta = { tableName: 'race_keys' };
  static objects = this.manager();
}
interface RaceKey extends FieldValues<typeof RaceKey> {}

const CALLERS = 20;
const isInsert = (q: { sql: string }) => /^\s*insert/i.test(q.sql);
const isSelect = (q: { sql: string }) => /^\s*select/i.test(q.sql);

/** Every caller got the same row, exactly one created it, and the table holds one row. */
async function expectOneWinner(results: ReadonlyArray<[RaceKey, boolean]>, key: string): Promise<void> {
  expect(results).to.have.length(CALLERS);
  expect(results.filter(([, created]) => created)).to.have.length(1);
  const pks = new Set(results.map(([row]) => row.pk));
  expect(pks.size, 'every caller gets the same pk').to.equal(1);
  const stored = await RaceKey.objects.filter({ key }).valuesList('pk', { flat: true });
  expect(stored).to.deep.equal([...pks]);
}

/** Resolves after `ms`; used to let a concurrent statement reach the lock it waits on. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Opens a transaction that creates `key` and keeps it uncommitted until `commit()` is called, so
 * that a concurrent getOrCreate() cannot see the row but collides with it on the unique key.
 */
function uncommittedRow(key: string): { ready: Promise<void>; commit(): void; done: Promise<void> } {
  let ready!: () => void;
  let commit!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const committed = new Promise<void>((resolve) => (commit = resolve));
  const done = atomic(async () => {
    await RaceKey.objects.create({ key, label: 'first' });
    ready();
    await committed;
  });
  return { ready: readyPromise, commit, done };
}

forEachDialect('getOrCreate() and updateOrCreate() under races', [RaceOwner, RaceKey], (dialect) => {
  beforeEach(async () => {
    await truncate([RaceKey]);
  });

  it(`${CALLERS} concurrent getOrCreate() on one key: one row, one created, one pk`, async () => {
    const queries = await captureQueries(async () => {
      const results = await Promise.all(Array.from({ length: CALLERS }, () => RaceKey.objects.getOrCreate({ key: 'k' }, { hits: 1 })));
      await expectOneWinner(results, 'k');
    });
    expect(queries.filter(isInsert).length).to.be.at.least(1);
  });

  it(`${CALLERS} concurrent getOrCreate(), each in its own atomic() block`, async () => {
    const results = await Promise.all(Array.from({ length: CALLERS }, () => atomic(() => RaceKey.objects.getOrCreate({ key: 'k' }, { hits: 1 }))));
    await expectOneWinner(results, 'k');
  });

  it(`${CALLERS} concurrent updateOrCreate(): each caller's defaults are applied to the one row`, async () => {
    const run = (i: number) => RaceKey.objects.updateOrCreate({ key: 'u' }, { label: `caller ${i}`, hits: i });
    const results = await Promise.all(Array.from({ length: CALLERS }, (_, i) => run(i)));
    await expectOneWinner(results, 'u');
    results.forEach(([row], i) => expect([row.label, row.hits]).to.deep.equal([`caller ${i}`, i]));
    const [stored] = await RaceKey.objects.filter({ key: 'u' });
    expect(results.some(([row]) => row.label === stored!.label && row.hits === stored!.hits)).to.equal(true);
  });

  it(`${CALLERS} concurrent updateOrCreate(), each in its own atomic() block`, async () => {
    const results = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => atomic(() => RaceKey.objects.updateOrCreate({ key: 'u' }, { hits: i }))),
    );
    await expectOneWinner(results, 'u');
  });

  it('updateOrCreate() reads the match with a row lock, so it waits for a writer holding the row and returns the row as committed', async function () {
    await RaceKey.objects.create({ key: 'held', label: 'before' });
    const queries = await captureQueries(async () => void (await RaceKey.objects.updateOrCreate({ key: 'held' }, { hits: 1 })));
    const read = queries.find(isSelect)!.sql;
    if (dialect === 'sqlite') {
      // No row locks: the block holds SQLite's only connection, so no other writer can be in between.
      expect(read).not.to.match(/for update/i);
      return;
    }
    expect(read).to.match(/for update( of \S+)?$/i);
    let commit!: () => void;
    let holding!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    const held = new Promise<void>((resolve) => (holding = resolve));
    const writer = atomic(async () => {
      await RaceKey.objects.filter({ key: 'held' }).update({ label: 'by the writer' });
      holding();
      await committed;
    });
    await held;
    let settled = false;
    const waiting = RaceKey.objects.updateOrCreate({ key: 'held' }, { hits: 2 }).finally(() => (settled = true));
    await pause(300);
    expect(settled, 'updateOrCreate() waits for the writer holding the row').to.equal(false);
    commit();
    await writer;
    const [row, created] = await waiting;
    expect(created).to.equal(false);
    // Read after the writer committed: not the label the row had before.
    expect([row.label, row.hits]).to.deep.equal(['by the writer', 2]);
    expect(await RaceKey.objects.filter({ key: 'held' }).valuesList('label', 'hits')).to.deep.equal([['by the writer', 2]]);
  });

  it('updateOrCreate() on a QuerySet following a nullable relation locks only its own row (PostgreSQL refuses FOR UPDATE over an outer join)', async () => {
    const owner = await RaceOwner.objects.create({ name: 'o' });
    await RaceKey.objects.create({ key: 'owned', owner });
    await RaceKey.objects.create({ key: 'free' });
    const [owned] = await RaceKey.objects.selectRelated('owner').updateOrCreate({ key: 'owned' }, { hits: 3 });
    const [free, created] = await RaceKey.objects.selectRelated('owner').updateOrCreate({ key: 'free' }, { hits: 4 });
    expect(created).to.equal(false);
    expect([owned.hits, (owned.owner as RaceOwner).name, free.hits, free.owner]).to.deep.equal([3, 'o', 4, null]);
  });

  for (const inBlock of [false, true]) {
    it(`getOrCreate() ${inBlock ? 'inside atomic() ' : ''}that collides with a row committed after it looked returns that row`, async function () {
      if (dialect === 'sqlite') {
        console.error('      (SQLite has one connection: writers take turns, so no caller can collide with an uncommitted row)');
        this.skip();
      }
      const other = uncommittedRow('late');
      await other.ready;
      let queries: ReadonlyArray<{ sql: string }> = [];
      let result: [RaceKey, boolean] | undefined;
      // Inside atomic() the first SELECT runs before the other transaction commits; on MariaDB's
      // REPEATABLE READ the re-read would not see the row, which is why Wren sets READ COMMITTED.
      const call = () => RaceKey.objects.getOrCreate({ key: 'late' }, { label: 'second' });
      const racing = captureQueries(async () => void (result = await (inBlock ? atomic(call) : call()))).then((q) => (queries = q));
      await pause(300); // the INSERT is now waiting on the uncommitted row's unique key
      other.commit();
      await Promise.all([other.done, racing]);
      expect(queries.filter(isInsert), 'the INSERT was tried and lost').to.have.length(1);
      expect(queries.filter(isSelect), 'the row is read again after the IntegrityError').to.have.length(2);
      const [row, created] = result!;
      expect(created).to.equal(false);
      expect(row.label).to.equal('first');
      expect(await RaceKey.objects.filter({ key: 'late' }).count()).to.equal(1);
    });
  }

  it('an unknown name in defaults or the lookup raises FieldError listing the fields, before any SQL', async () => {
    for (const call of [
      () => RaceKey.objects.getOrCreate({ key: 'x' }, { lable: 'typo' } as never),
      () => RaceKey.objects.updateOrCreate({ key: 'x' }, { lable: 'typo' } as never),
      () => RaceKey.objects.updateOrCreate({ kye: 'x' } as never, { label: 'ok' }),
      () => RaceKey.objects.getOrCreate({ kye: 'x' } as never),
    ]) {
      let error: unknown;
      const queries = await captureQueries(async () => void (error = await rejection(call())));
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.match(/'(lable|kye)'/).and.to.match(/Did you mean '(label|key)'\?/).and.to.include('hits');
      expect(queries, 'no SQL ran').to.deep.equal([]);
    }
    const queries = await captureQueries(async () => {
      const error = await rejection(RaceKey.objects.getOrCreate({ key: 'x' }, null as never));
      expect(error).to.be.instanceOf(WrenTypeError);
      expect((error as Error).message).to.include('getOrCreate(): defaults must be an object');
    });
    expect(queries, 'no SQL ran').to.deep.equal([]);
    expect(await RaceKey.objects.count()).to.equal(0);
  });
});
