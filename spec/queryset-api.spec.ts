import { expect } from 'chai';
import {
  atomic, captureQueries, database, FieldError, ImproperlyConfigured, MultipleObjectsReturned, ObjectDoesNotExist, Q, WrenError,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { QsPerson, QsTag } from './models/qs-models.js';
import { rejection } from './support/assertions.js';

const PEOPLE = [
  { name: 'Ann', email: 'ann@x.io', age: 31, nickname: 'annie', born: new Date('2000-01-01T10:00:00Z') },
  { name: 'Bob', email: 'bob@x.io', age: 17, active: false, born: new Date('2010-05-05T10:00:00Z') },
  { name: 'Cy', email: 'cy@x.io', age: null, born: null },
  { name: 'Dee', email: 'dee@x.io', age: 45, born: new Date('1980-03-03T10:00:00Z') },
  { name: 'Eve', email: 'eve@x.io', age: 31, born: new Date('1995-07-07T10:00:00Z') },
];

const names = (rows: readonly { name: string }[]): string[] => rows.map((r) => r.name);

forEachDialect('QuerySet API', [QsPerson, QsTag], (dialect) => {
  // Every dialect streams iterator() as one query: better-sqlite3's iterate(), a PostgreSQL cursor, mysql2's socket.
  const cursor = true;
  beforeEach(async () => {
    await truncate([QsPerson, QsTag]);
    await QsPerson.objects.bulkCreate(PEOPLE);
    await QsTag.objects.bulkCreate(['t1', 't2', 't3', 't4', 't5'].map((label, i) => ({ label, weight: 5 - i })));
  });

  describe('chaining', () => {
    it('all() returns every row in the default ordering', async () => {
      expect(names(await QsPerson.objects.all())).to.deep.equal(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']);
    });

    it('filter() and exclude() combine with AND; several kwargs AND too', async () => {
      expect(names(await QsPerson.objects.filter({ age: 31 }))).to.deep.equal(['Ann', 'Eve']);
      expect(names(await QsPerson.objects.filter({ age__gte: 18, active: true }).exclude({ name: 'Eve' }))).to.deep.equal(['Ann', 'Dee']);
      expect(names(await QsPerson.objects.filter(Q({ age: 17 }).or({ age__isnull: true })))).to.deep.equal(['Bob', 'Cy']);
    });

    it('filter() returns a new QuerySet and leaves the original unchanged', async () => {
      const base = QsPerson.objects.filter({ age__gte: 18 });
      const before = base.toSQL();
      const narrower = base.filter({ name: 'Ann' });
      expect(narrower).to.not.equal(base);
      expect(base.toSQL()).to.deep.equal(before);
      expect(names(await base)).to.deep.equal(['Ann', 'Dee', 'Eve']);
      expect(names(await narrower)).to.deep.equal(['Ann']);
      expect(base.orderBy('-name')).to.not.equal(base);
      expect(names(await base)).to.deep.equal(['Ann', 'Dee', 'Eve']);
    });

    it('an undefined filter value is an error, never dropped', () => {
      expect(() => QsPerson.objects.filter({ name: undefined } as never)).to.throw(FieldError, /undefined/);
      expect(() => QsPerson.objects.exclude({ age__gt: undefined } as never)).to.throw(FieldError, /undefined/);
      expect(() => QsPerson.objects.filter(Q({ name: 'Ann' }).or({ email: undefined } as never))).to.throw(FieldError, /undefined/);
    });

    it('orderBy() takes -field for descending and several keys', async () => {
      const qs = QsPerson.objects.filter({ age__isnull: false });
      expect(names(await qs.orderBy('-age', 'name'))).to.deep.equal(['Dee', 'Ann', 'Eve', 'Bob']);
      expect(names(await qs.orderBy('age', '-name'))).to.deep.equal(['Bob', 'Eve', 'Ann', 'Dee']);
      expect(names(await qs.orderBy('-name').orderBy('name'))).to.deep.equal(['Ann', 'Bob', 'Dee', 'Eve']);
    });

    it("orderBy('?') orders randomly with the dialect's function", async () => {
      const qs = QsPerson.objects.orderBy('?');
      expect(qs.toSQL().sql).to.contain(database().dialect.randomOrderSql());
      expect(names(await qs).sort()).to.deep.equal(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']);
    });

    it('slice(start, end) is LIMIT/OFFSET; slice(start) is offset only; slices narrow', async () => {
      expect(names(await QsPerson.objects.slice(1, 3))).to.deep.equal(['Bob', 'Cy']);
      expect(names(await QsPerson.objects.slice(3))).to.deep.equal(['Dee', 'Eve']);
      expect(names(await QsPerson.objects.slice(0, 0))).to.deep.equal([]);
      expect(names(await QsPerson.objects.slice(1, 4).slice(1, 2))).to.deep.equal(['Cy']);
      expect(names(await QsPerson.objects.slice(2).slice(1))).to.deep.equal(['Dee', 'Eve']);
      expect(() => QsPerson.objects.slice(-1)).to.throw(WrenError, /negative/);
      expect(() => QsPerson.objects.slice(0, 2).filter({ age: 1 })).to.throw(WrenError, /slice/);
      // A slice of a slice that starts past its end is empty (Python's qs[10:12][5:]).
      expect(names(await QsPerson.objects.slice(1, 3).slice(5))).to.deep.equal([]);
      expect(names(await QsPerson.objects.slice(1, 3).slice(3, 5))).to.deep.equal([]);
      expect(await QsPerson.objects.slice(1, 3).slice(5, 9).count()).to.equal(0);
      expect(names(await QsPerson.objects.slice(1, 3).slice(2))).to.deep.equal([]);
      // Reversing a slice would read rows outside it: refused, as Django refuses it; first() still works.
      expect(() => QsPerson.objects.slice(1, 3).reverse()).to.throw(WrenError, /reverse a QuerySet once a slice has been taken/);
      let lastError: unknown;
      await QsPerson.objects.slice(1, 3).last().catch((error: unknown) => (lastError = error));
      expect(lastError).to.be.instanceOf(WrenError);
      expect(names([(await QsPerson.objects.slice(1, 3).first())!])).to.deep.equal(['Bob']);
    });

    it('distinct() removes duplicate rows', async () => {
      const ages = await QsPerson.objects.filter({ age__isnull: false }).orderBy('age').valuesList('age', { flat: true }).distinct();
      expect(ages).to.deep.equal([17, 31, 45]);
      expect(await QsPerson.objects.values('active').orderBy('active').distinct()).to.deep.equal([{ active: false }, { active: true }]);
      expect(await QsPerson.objects.valuesList('age', { flat: true }).orderBy().distinct().filter({ age: 31 })).to.deep.equal([31]);
    });

    it('distinct() with an ordering on other fields makes them part of the DISTINCT, as in Django', async () => {
      // The default ordering is by name, so both 31-year-olds stay; PostgreSQL would otherwise refuse the query.
      expect(await QsPerson.objects.filter({ age: 31 }).valuesList('age', { flat: true }).distinct()).to.deep.equal([31, 31]);
      expect(names(await QsPerson.objects.filter({ age: 31 }).distinct().orderBy('-email'))).to.deep.equal(['Eve', 'Ann']);
    });

    it('none() is empty and sends no query', async () => {
      const none = QsPerson.objects.filter({ age__gte: 1 }).none();
      const queries = await captureQueries(async () => {
        expect(await none).to.deep.equal([]);
        expect(await none.count()).to.equal(0);
        expect(await none.exists()).to.equal(false);
        expect(await none.filter({ name: 'Ann' })).to.deep.equal([]);
        expect(await none.values('name')).to.deep.equal([]);
        expect(await none.update({ age: 1 })).to.equal(0);
        expect(await none.delete()).to.equal(0);
        expect(await none.first()).to.equal(undefined);
      });
      expect(queries).to.have.length(0);
      expect(await QsPerson.objects.count()).to.equal(5);
    });

    it('reverse() flips the default or explicit ordering', async () => {
      expect(names(await QsPerson.objects.reverse())).to.deep.equal(['Eve', 'Dee', 'Cy', 'Bob', 'Ann']);
      expect(names(await QsPerson.objects.reverse().reverse())).to.deep.equal(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']);
      expect(names(await QsPerson.objects.filter({ age__isnull: false }).orderBy('-age', 'name').reverse())).to.deep.equal(['Bob', 'Eve', 'Ann', 'Dee']);
      expect(names(await QsPerson.objects.reverse().slice(0, 2))).to.deep.equal(['Eve', 'Dee']);
    });

    it("using() picks a configured connection and names the choices for an unknown one", async () => {
      expect(names(await QsPerson.objects.using('default').filter({ name: 'Ann' }))).to.deep.equal(['Ann']);
      const error = await rejection(QsPerson.objects.using('defualt').fetch());
      expect(error).to.be.instanceOf(ImproperlyConfigured);
      expect((error as Error).message).to.match(/No database named 'defualt'\. Did you mean 'default'\?/);
    });
  });

  describe('values, valuesList, only, defer', () => {
    it('values() gives plain objects keyed by attribute (dbColumn mapped back)', async () => {
      const rows = await QsPerson.objects.filter({ name: 'Ann' }).values('name', 'nickname', 'age');
      expect(rows).to.deep.equal([{ name: 'Ann', nickname: 'annie', age: 31 }]);
      expect(Object.getPrototypeOf(rows[0])).to.equal(Object.prototype);
      const all = await QsPerson.objects.filter({ name: 'Bob' }).values();
      expect(Object.keys(all[0]!).sort()).to.deep.equal(['active', 'age', 'born', 'email', 'id', 'name', 'nickname']);
      expect(all[0]!.active).to.equal(false);
      expect(all[0]!.born).to.be.instanceOf(Date);
    });

    it('valuesList() gives tuples, or bare values with { flat: true }', async () => {
      expect(await QsPerson.objects.filter({ age: 31 }).valuesList('name', 'age')).to.deep.equal([['Ann', 31], ['Eve', 31]]);
      expect(await QsPerson.objects.filter({ age: 31 }).valuesList('nickname', { flat: true })).to.deep.equal(['annie', '']);
      expect(() => QsPerson.objects.valuesList('name', 'age', { flat: true } as never)).to.throw(WrenError, /exactly one field/);
      expect(() => QsPerson.objects.values('nme' as never)).to.throw(FieldError, /Did you mean 'name'/);
    });

    it('only() loads the named fields and the pk; the SQL leaves the others out', async () => {
      const qs = QsPerson.objects.filter({ name: 'Ann' }).only('name');
      expect(qs.toSQL().sql).to.not.contain('email');
      const [ann] = await qs;
      expect(ann!.name).to.equal('Ann');
      expect(ann!.pk).to.be.a('number');
      expect('email' in ann!).to.equal(false);
      expect(ann!.email).to.equal(undefined);
    });

    it('defer() leaves fields out; refreshFromDb({ fields }) loads them (no lazy loading on access)', async () => {
      const [ann] = await QsPerson.objects.filter({ name: 'Ann' }).defer('email', 'born');
      expect(ann!.age).to.equal(31);
      expect(ann!.email).to.equal(undefined);
      await ann!.refreshFromDb({ fields: ['email'] });
      expect(ann!.email).to.equal('ann@x.io');
      expect(() => QsPerson.objects.defer('pk')).to.throw(FieldError, /primary key/);
    });

    it('save() on a deferred instance writes only the loaded fields', async () => {
      const [ann] = await QsPerson.objects.filter({ name: 'Ann' }).only('age');
      ann!.age = 32;
      await ann!.save();
      const fresh = await QsPerson.objects.get({ name: 'Ann' });
      expect(fresh.age).to.equal(32);
      expect(fresh.email).to.equal('ann@x.io');
      expect(fresh.nickname).to.equal('annie');
    });
  });

  describe('single values', () => {
    it('count() and exists() ask the database, or the cache once it is filled', async () => {
      expect(await QsPerson.objects.count()).to.equal(5);
      expect(await QsPerson.objects.filter({ age: 31 }).count()).to.equal(2);
      expect(await QsPerson.objects.slice(1, 3).count()).to.equal(2);
      expect(await QsPerson.objects.filter({ age: 31 }).exists()).to.equal(true);
      expect(await QsPerson.objects.filter({ age: 99 }).exists()).to.equal(false);
      const qs = QsPerson.objects.filter({ age__gt: 20 });
      await qs;
      const queries = await captureQueries(async () => {
        expect(await qs.count()).to.equal(3);
        expect(await qs.exists()).to.equal(true);
      });
      expect(queries).to.have.length(0);
    });

    it('get() returns the one match', async () => {
      const ann = await QsPerson.objects.get({ email: 'ann@x.io' });
      expect(ann).to.be.instanceOf(QsPerson);
      expect(ann.isAdding).to.equal(false);
      expect((await QsPerson.objects.filter({ age: 31 }).get({ name: 'Eve' })).email).to.equal('eve@x.io');
      expect((await QsPerson.objects.filter({ name: 'Dee' }).get()).age).to.equal(45);
    });

    it("get() raises the model's DoesNotExist, an ObjectDoesNotExist, with the SQL", async () => {
      const error = await rejection(QsPerson.objects.get({ name: 'Nobody' }));
      expect(error).to.be.instanceOf(QsPerson.DoesNotExist);
      expect(error).to.be.instanceOf(ObjectDoesNotExist);
      expect(error).to.not.be.instanceOf(QsTag.DoesNotExist);
      expect((error as Error).message).to.match(/QsPerson matching query does not exist/);
      expect((error as Error).message).to.contain('Nobody');
    });

    it("get() raises the model's MultipleObjectsReturned with the count", async () => {
      const error = await rejection(QsPerson.objects.get({ age: 31 }));
      expect(error).to.be.instanceOf(QsPerson.MultipleObjectsReturned);
      expect(error).to.be.instanceOf(MultipleObjectsReturned);
      expect(error).to.not.be.instanceOf(QsTag.MultipleObjectsReturned);
      expect((error as Error).message).to.match(/returned 2!/);
    });

    it('first() and last() follow the ordering, else the primary key', async () => {
      expect((await QsPerson.objects.first())!.name).to.equal('Ann');
      expect((await QsPerson.objects.last())!.name).to.equal('Eve');
      expect((await QsPerson.objects.orderBy('-age').filter({ age__isnull: false }).first())!.name).to.equal('Dee');
      expect((await QsTag.objects.first())!.label).to.equal('t1');
      expect((await QsTag.objects.last())!.label).to.equal('t5');
      expect((await QsTag.objects.orderBy('weight').first())!.label).to.equal('t5');
      expect(await QsPerson.objects.filter({ name: 'Nobody' }).first()).to.equal(undefined);
    });

    it('earliest() and latest() use meta.getLatestBy or the given fields', async () => {
      const dated = QsPerson.objects.filter({ born__isnull: false });
      expect((await dated.latest()).name).to.equal('Bob');
      expect((await dated.earliest()).name).to.equal('Dee');
      expect((await dated.latest('age', 'name')).name).to.equal('Dee');
      expect((await dated.earliest('age')).name).to.equal('Bob');
      expect((await QsTag.objects.latest('weight')).label).to.equal('t1');
      expect(await rejection(QsPerson.objects.filter({ name: 'Nobody' }).latest())).to.be.instanceOf(QsPerson.DoesNotExist);
      expect(await rejection(QsTag.objects.latest())).to.be.instanceOf(WrenError);
    });

    it('inBulk() maps primary keys (or a unique field) to instances', async () => {
      const [ann, bob] = await QsPerson.objects.filter({ name__in: ['Ann', 'Bob'] });
      const byPk = await QsPerson.objects.inBulk([ann!.pk, bob!.pk, 999999]);
      expect([...byPk.keys()].sort()).to.deep.equal([ann!.pk, bob!.pk].sort());
      expect(byPk.get(bob!.pk)!.name).to.equal('Bob');
      const byEmail = await QsPerson.objects.inBulk(['eve@x.io'], { fieldName: 'email' });
      expect(byEmail.get('eve@x.io')!.name).to.equal('Eve');
      expect((await QsPerson.objects.inBulk()).size).to.equal(5);
      const queries = await captureQueries(async () => expect((await QsPerson.objects.inBulk([])).size).to.equal(0));
      expect(queries).to.have.length(0);
      expect(await rejection(QsPerson.objects.inBulk([1], { fieldName: 'age' }))).to.be.instanceOf(FieldError);
    });
  });

  describe('writes', () => {
    it('create() inserts and returns an instance with its pk; unknown keys raise FieldError', async () => {
      const fay = await QsPerson.objects.create({ name: 'Fay', email: 'fay@x.io' });
      expect(fay.pk).to.be.a('number');
      expect(fay.isAdding).to.equal(false);
      expect(fay.active).to.equal(true);
      expect((await QsPerson.objects.get({ pk: fay.pk })).name).to.equal('Fay');
      const typo = await rejection(QsPerson.objects.create({ name: 'X', email: 'x@x.io', nmae: 'typo' } as never));
      expect(typo).to.be.instanceOf(FieldError);
      expect((typo as Error).message).to.match(/no field named 'nmae'.*Did you mean 'name'/);
      expect(await QsPerson.objects.count()).to.equal(6);
    });

    it('getOrCreate() finds, or creates from the lookup plus defaults', async () => {
      const [ann, created] = await QsPerson.objects.getOrCreate({ email: 'ann@x.io' }, { name: 'Ignored' });
      expect(created).to.equal(false);
      expect(ann.name).to.equal('Ann');
      const [gus, made] = await QsPerson.objects.getOrCreate({ email: 'gus@x.io' }, { name: 'Gus', age: 60 });
      expect(made).to.equal(true);
      expect(gus.pk).to.be.a('number');
      expect((await QsPerson.objects.get({ email: 'gus@x.io' })).age).to.equal(60);
      expect(await rejection(QsPerson.objects.getOrCreate({ age: 31 }))).to.be.instanceOf(QsPerson.MultipleObjectsReturned);
    });

    it('getOrCreate() racing itself creates one row and returns it to both callers', async () => {
      const results = await Promise.all([1, 2, 3].map(() => QsTag.objects.getOrCreate({ label: 'race' }, { weight: 7 })));
      expect(results.filter(([, created]) => created)).to.have.length(1);
      expect(new Set(results.map(([tag]) => tag.pk)).size).to.equal(1);
      expect(await QsTag.objects.filter({ label: 'race' }).count()).to.equal(1);
    });

    it('getOrCreate() and create() share the surrounding atomic() block', async () => {
      await atomic(async () => {
        const [tag, created] = await QsTag.objects.getOrCreate({ label: 't1' });
        expect(created).to.equal(false);
        expect(tag.weight).to.equal(5);
        await QsTag.objects.create({ label: 'after' });
      });
      expect(await QsTag.objects.filter({ label: 'after' }).exists()).to.equal(true);
    });

    it('updateOrCreate() updates the match with defaults, or creates', async () => {
      const [bob, created] = await QsPerson.objects.updateOrCreate({ email: 'bob@x.io' }, { age: 18 });
      expect(created).to.equal(false);
      expect(bob.age).to.equal(18);
      expect((await QsPerson.objects.get({ email: 'bob@x.io' })).age).to.equal(18);
      const [hal, made] = await QsPerson.objects.updateOrCreate({ email: 'hal@x.io' }, { name: 'Hal' });
      expect(made).to.equal(true);
      expect(hal.name).to.equal('Hal');
      expect(await QsPerson.objects.count()).to.equal(6);
    });

    it('update() returns the number of rows matched and changes only those', async () => {
      expect(await QsPerson.objects.filter({ age: 31 }).update({ nickname: 'thirty-one' })).to.equal(2);
      expect(await QsPerson.objects.filter({ nickname: 'thirty-one' }).count()).to.equal(2);
      expect(await QsPerson.objects.filter({ name: 'Nobody' }).update({ age: 1 })).to.equal(0);
      expect(await QsPerson.objects.update({ active: true })).to.equal(5);
      expect(await rejection(QsPerson.objects.update({ nope: 1 } as never))).to.be.instanceOf(FieldError);
      expect(((await rejection(QsPerson.objects.update({ age: undefined }))) as Error).message).to.match(/undefined/);
    });

    it('delete() returns the number of rows deleted', async () => {
      expect(await QsPerson.objects.filter({ age__lt: 18 }).delete()).to.equal(1);
      expect(await QsPerson.objects.filter({ name: 'Nobody' }).delete()).to.equal(0);
      expect(names(await QsPerson.objects.all())).to.deep.equal(['Ann', 'Cy', 'Dee', 'Eve']);
      expect(((await rejection(QsPerson.objects.slice(0, 1).delete())) as Error).message).to.match(/slice/);
    });
  });

  describe('evaluation', () => {
    it('awaiting the same QuerySet twice runs one query; a chained clone runs a new one', async () => {
      const qs = QsPerson.objects.filter({ age__gte: 18 });
      const queries = await captureQueries(async () => {
        const first = await qs;
        const second = await qs;
        expect(second).to.equal(first);
        await qs.filter({ name: 'Ann' });
      });
      expect(queries).to.have.length(2);
    });

    it('a manager never caches: each await sees fresh rows', async () => {
      const queries = await captureQueries(async () => {
        expect(await QsPerson.objects.count()).to.equal(5);
        await QsPerson.objects;
        await QsPerson.objects;
      });
      expect(queries).to.have.length(3);
    });

    it('for await iterates a QuerySet', async () => {
      const seen: string[] = [];
      for await (const person of QsPerson.objects.filter({ age__gte: 18 })) seen.push(person.name);
      expect(seen).to.deep.equal(['Ann', 'Dee', 'Eve']);
    });

    it('iterator({ chunkSize }) pages by primary key when unordered, or streams one cursor', async () => {
      const labels: string[] = [];
      const queries = await captureQueries(async () => {
        for await (const tag of QsTag.objects.iterator({ chunkSize: 2 })) labels.push(tag.label);
      });
      // Unordered: a cursor returns the rows in the server's order.
      expect(cursor ? [...labels].sort() : labels).to.deep.equal(['t1', 't2', 't3', 't4', 't5']);
      expect(queries).to.have.length(cursor ? 1 : 3);
      expect(queries.every((q) => /limit/i.test(q.sql))).to.equal(!cursor);
    });

    it('iterator() keeps an explicit or default ordering across chunks', async () => {
      const byWeight: string[] = [];
      const queries = await captureQueries(async () => {
        for await (const tag of QsTag.objects.orderBy('weight').iterator({ chunkSize: 2 })) byWeight.push(tag.label);
      });
      expect(byWeight).to.deep.equal(['t5', 't4', 't3', 't2', 't1']);
      expect(queries).to.have.length(cursor ? 1 : 3);
      const people: string[] = [];
      for await (const p of QsPerson.objects.filter({ age__isnull: false }).iterator({ chunkSize: 3 })) people.push(p.name);
      expect(people).to.deep.equal(['Ann', 'Bob', 'Dee', 'Eve']);
      const all = QsTag.objects.all();
      for await (const _ of all.iterator({ chunkSize: 10 })) void _;
      const refetch = await captureQueries(async () => void (await all));
      expect(refetch, 'iterator() does not fill the cache').to.have.length(1);
      expect(await rejection(QsTag.objects.iterator({ chunkSize: 0 }).next())).to.be.instanceOf(WrenError);
    });

    it('iterator() may stop early without fetching the remaining chunks', async () => {
      const queries = await captureQueries(async () => {
        for await (const tag of QsTag.objects.iterator({ chunkSize: 2 })) if (tag.label === 't2') break;
      });
      expect(queries).to.have.length(1);
    });

    it('toSQL() shows the SQL with bound parameters; explain() returns the plan', async () => {
      const { sql, bindings } = QsPerson.objects.filter({ age__gte: 18 }).toSQL();
      expect(sql).to.contain(database().dialect.quoteName('qs_people'));
      expect(sql).to.not.contain('18');
      expect(bindings).to.deep.equal([18]);
      const plan = await QsPerson.objects.filter({ age__gte: 18 }).explain();
      expect(plan).to.be.a('string').and.not.equal('');
    });
  });
});
