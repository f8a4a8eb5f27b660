import { expect } from 'chai';
import { atomic, captureQueries, database, FieldError, WrenError } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { QsPerson, QsTag } from './models/qs-models.js';
import { rejection } from './support/assertions.js';

const inserts = (queries: readonly { sql: string }[]) => queries.filter((q) => /^\s*insert/i.test(q.sql));
const updates = (queries: readonly { sql: string }[]) => queries.filter((q) => /^\s*update/i.test(q.sql));

/** label -> id as stored, to check the keys set on instances. */
async function storedIds(): Promise<Map<string, number>> {
  const rows = await QsTag.objects.valuesList('label', 'id');
  return new Map(rows.map(([label, id]) => [label as string, id as number]));
}

forEachDialect('bulkCreate() and bulkUpdate()', [QsPerson, QsTag], (dialect) => {
  beforeEach(async () => {
    await truncate([QsPerson, QsTag]);
  });

  describe('bulkCreate()', () => {
    it('sends one INSERT for all rows and sets the primary keys the database returns', async () => {
      const rows = Array.from({ length: 50 }, (_, i) => ({ label: `t${i}`, weight: i }));
      let created: QsTag[] = [];
      const queries = await captureQueries(async () => {
        created = await QsTag.objects.bulkCreate(rows);
      });
      expect(queries).to.have.length(1);
      expect(inserts(queries)).to.have.length(1);
      expect(created).to.have.length(50);
      expect(created.every((t) => t instanceof QsTag && !t.isAdding)).to.equal(true);
      const ids = await storedIds();
      expect(ids.size).to.equal(50);
      expect(database().dialect.supportsReturning, `${dialect} returns inserted keys`).to.equal(true);
      expect(created.map((t) => t.pk)).to.deep.equal(created.map((t) => ids.get(t.label)));
    });

    it('sends one INSERT per batch with batchSize, keys still in order', async () => {
      const rows = Array.from({ length: 5 }, (_, i) => ({ label: `b${i}` }));
      let created: QsTag[] = [];
      const queries = await captureQueries(async () => {
        created = await QsTag.objects.bulkCreate(rows, { batchSize: 2 });
      });
      expect(inserts(queries)).to.have.length(3);
      expect(queries).to.have.length(3);
      const ids = await storedIds();
      expect(created.map((t) => t.pk)).to.deep.equal(['b0', 'b1', 'b2', 'b3', 'b4'].map((l) => ids.get(l)));
      expect(new Set(created.map((t) => t.pk)).size).to.equal(5);
    });

    it("splits batches to stay under the dialect's bound-parameter limit", async function () {
      this.timeout(60_000);
      const { maxQueryParams: limit, maxInsertRows } = database().dialect;
      const perBatch = Math.min(maxInsertRows, Math.floor(limit / 2)); // two columns per row: label and weight
      const count = perBatch + 10;
      const rows = Array.from({ length: count }, (_, i) => ({ label: `p${i}`, weight: i }));
      const queries = await captureQueries(async () => void (await QsTag.objects.bulkCreate(rows)));
      expect(inserts(queries)).to.have.length(Math.ceil(count / perBatch));
      expect(queries.every((q) => q.bindings.length <= limit)).to.equal(true);
      expect(await QsTag.objects.count()).to.equal(count);
    });

    it('accepts instances, fills defaults, and later save() UPDATEs them', async () => {
      const made = [new QsPerson({ name: 'Ann', email: 'ann@x.io' }), new QsPerson({ name: 'Bob', email: 'bob@x.io', nickname: 'bobby' })];
      const created = await QsPerson.objects.bulkCreate(made);
      expect(created[0]).to.equal(made[0]);
      expect(made[0]!.active).to.equal(true);
      expect(made[0]!.nickname).to.equal('');
      made[0]!.age = 40;
      await made[0]!.save();
      expect(await QsPerson.objects.count()).to.equal(2);
      expect(await QsPerson.objects.orderBy('name').valuesList('nickname', { flat: true })).to.deep.equal(['', 'bobby']);
      expect((await QsPerson.objects.get({ name: 'Ann' })).age).to.equal(40);
    });

    it('rejects unknown keys with FieldError before sending anything', async () => {
      let error: unknown;
      const queries = await captureQueries(async () => {
        error = await rejection(QsTag.objects.bulkCreate([{ label: 'ok' }, { label: 'x', wieght: 3 } as never]));
      });
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.match(/no field named 'wieght'.*Did you mean 'weight'/);
      expect(queries).to.have.length(0);
      expect(await QsTag.objects.count()).to.equal(0);
    });

    it('inserts objects with their own keys beside objects whose keys the database makes, in either order', async () => {
      for (const [first, second] of [[{ label: 'auto1' }, { id: 900, label: 'own' }], [{ id: 901, label: 'own2' }, { label: 'auto2' }]] as const) {
        const created = await QsTag.objects.bulkCreate([first, second, { label: `${first.label}-then` }]);
        const ids = await storedIds();
        // Each instance holds the key its row has; the given keys are stored as given.
        expect(created.map((t) => t.pk)).to.deep.equal(created.map((t) => ids.get(t.label)));
        expect(ids.get('own') ?? ids.get('own2')).to.be.oneOf([900, 901]);
      }
      expect((await storedIds()).get('own')).to.equal(900);
      expect((await storedIds()).get('own2')).to.equal(901);
      expect(await QsTag.objects.count()).to.equal(6);
    });

    it('refuses a value in any row before sending anything, and writes no row', async () => {
      const rows = [{ label: 'fine' }, { id: 5, label: 'keyed' }, { label: 'x', weight: 'heavy' as never }];
      const queries = await captureQueries(async () => {
        expect(await rejection(QsTag.objects.bulkCreate(rows))).to.be.instanceOf(WrenError);
      });
      expect(queries).to.have.length(0);
      expect(await QsTag.objects.count()).to.equal(0);
    });

    it('writes the same rows in batches as in one INSERT; on PostgreSQL the full batches run as one prepared statement', async () => {
      const rows = (prefix: string) => Array.from({ length: 7 }, (_, i) => ({ label: `${prefix}${i}`, weight: i * 3 }));
      const stored = async (prefix: string) => (await QsTag.objects.filter({ label__startswith: prefix }).orderBy('label').valuesList('label', 'weight'));
      await QsTag.objects.bulkCreate(rows('one'));
      let prepared: number[] = [];
      await atomic(async () => {
        const created = await QsTag.objects.bulkCreate(rows('batch'), { batchSize: 3 });
        expect(created.map((t) => t.pk)).to.deep.equal(created.map((t) => t.pk).sort((a, b) => a - b));
        if (dialect === 'postgres') {
          // Prepared statements belong to the session: the block's connection ran all three INSERTs.
          const { rows: found } = await database().run({ sql: "SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'insert into \"qs_tags\"%'", bindings: [] });
          // Earlier tests' batches may be prepared on this connection too: count rows per prepared INSERT.
          prepared = found.map((row) => String(row.statement).split('), (').length).sort();
        }
      });
      expect((await stored('batch')).map(([label, weight]) => [String(label).replace('batch', 'one'), weight])).to.deep.equal(await stored('one'));
      if (dialect === 'postgres') {
        expect(prepared.filter((tuples) => tuples === 3), 'the two full batches share one prepared INSERT').to.have.length(1);
      }
    });

    it('does nothing for an empty list', async () => {
      const queries = await captureQueries(async () => expect(await QsTag.objects.bulkCreate([])).to.deep.equal([]));
      expect(queries).to.have.length(0);
    });
  });

  describe('bulkUpdate()', () => {
    it('updates the named fields of every object with one statement', async () => {
      const people = await QsPerson.objects.bulkCreate(
        ['Ann', 'Bob', 'Cy'].map((name, i) => ({ name, email: `${name}@x.io`, age: 20 + i })),
      );
      people[0]!.age = 50;
      people[1]!.age = null;
      people[2]!.nickname = 'cee';
      people[0]!.born = new Date('2001-02-03T04:05:06Z');
      people[1]!.name = 'NOT SAVED';
      let updated = 0;
      const queries = await captureQueries(async () => {
        updated = await QsPerson.objects.bulkUpdate(people, ['age', 'nickname', 'born']);
      });
      expect(updated).to.equal(3);
      expect(updates(queries)).to.have.length(1);
      expect(queries).to.have.length(1);
      const rows = await QsPerson.objects.orderBy('email').values('name', 'age', 'nickname', 'born');
      expect(rows).to.deep.equal([
        { name: 'Ann', age: 50, nickname: '', born: new Date('2001-02-03T04:05:06Z') },
        { name: 'Bob', age: null, nickname: '', born: null },
        { name: 'Cy', age: 22, nickname: 'cee', born: null },
      ]);
    });

    it('sends one UPDATE per batch with batchSize', async () => {
      const tags = await QsTag.objects.bulkCreate(Array.from({ length: 5 }, (_, i) => ({ label: `u${i}` })));
      tags.forEach((t, i) => (t.weight = i * 10));
      const queries = await captureQueries(async () => expect(await QsTag.objects.bulkUpdate(tags, ['weight'], { batchSize: 2 })).to.equal(5));
      expect(updates(queries)).to.have.length(3);
      expect(await QsTag.objects.orderBy('label').valuesList('weight', { flat: true })).to.deep.equal([0, 10, 20, 30, 40]);
    });

    it('rejects unknown fields, primary keys, unsaved objects and an empty field list', async () => {
      const [tag] = await QsTag.objects.bulkCreate([{ label: 'x' }]);
      expect(await rejection(QsTag.objects.bulkUpdate([tag!], ['wieght' as never]))).to.be.instanceOf(FieldError);
      expect(await rejection(QsTag.objects.bulkUpdate([tag!], ['id']))).to.be.instanceOf(FieldError);
      expect(await rejection(QsTag.objects.bulkUpdate([new QsTag({ label: 'new' })], ['weight']))).to.be.instanceOf(WrenError);
      expect(await rejection(QsTag.objects.bulkUpdate([tag!], []))).to.be.instanceOf(WrenError);
    });
  });
});
