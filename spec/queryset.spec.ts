import { expect } from 'chai';
import { Avg, captureQueries, Count, F, FieldError, Q } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { Author } from './models/library.js';

forEachDialect('QuerySet basics', [Author], () => {
  beforeEach(async () => {
    await truncate([Author]);
    await Author.objects.bulkCreate([
      { name: 'Ann', email: 'ann@x.io', age: 31 },
      { name: 'Bob', email: 'bob@x.io', age: 17 },
      { name: 'Zed', email: 'zed@x.io', age: 40 },
      { name: 'Cy', email: 'cy@x.io', age: null },
    ]);
  });

  it('is lazy: building a chain runs no query', async () => {
    const queries = await captureQueries(async () => {
      Author.objects.filter({ age__gte: 18 }).exclude({ name__startswith: 'Z' }).orderBy('-age');
    });
    expect(queries).to.have.length(0);
  });

  it('filters, excludes, orders and slices', async () => {
    const names = (await Author.objects.filter({ age__gte: 18 }).exclude({ name__startswith: 'Z' }).orderBy('-age').slice(0, 10)).map((a) => a.name);
    expect(names).to.deep.equal(['Ann']);
    const ordered = (await Author.objects.all()).map((a) => a.name);
    expect(ordered).to.deep.equal(['Ann', 'Bob', 'Cy', 'Zed']);
    expect((await Author.objects.orderBy('-name').slice(1, 3)).map((a) => a.name)).to.deep.equal(['Cy', 'Bob']);
  });

  it('exclude keeps rows whose column is NULL, as Django does', async () => {
    const names = (await Author.objects.exclude({ age: 31 })).map((a) => a.name);
    expect(names).to.deep.equal(['Bob', 'Cy', 'Zed']);
  });

  it('counts with Q objects and checks existence', async () => {
    expect(await Author.objects.filter(Q({ name: 'Ann' }).or({ age__isnull: true })).count()).to.equal(2);
    expect(await Author.objects.filter(Q({ name: 'Ann' }).not()).count()).to.equal(3);
    expect(await Author.objects.filter({ name: 'Nobody' }).exists()).to.equal(false);
  });

  it('get() raises the model\'s own errors', async () => {
    const ann = await Author.objects.get({ email: 'ann@x.io' });
    expect(ann).to.be.instanceOf(Author);
    expect(ann.age).to.equal(31);
    let caught: unknown;
    try { await Author.objects.get({ name: 'Nobody' }); } catch (e) { caught = e; }
    expect(caught).to.be.instanceOf(Author.DoesNotExist);
    caught = undefined;
    try { await Author.objects.get({ age__gte: 18 }); } catch (e) { caught = e; }
    expect(caught).to.be.instanceOf(Author.MultipleObjectsReturned);
  });

  it('updates with F expressions', async () => {
    const ann = await Author.objects.get({ name: 'Ann' });
    const n = await Author.objects.filter({ pk: ann.pk }).update({ age: F('age').add(1) });
    expect(n).to.equal(1);
    await ann.refreshFromDb();
    expect(ann.age).to.equal(32);
  });

  it('returns typed values and flat value lists', async () => {
    const rows = await Author.objects.filter({ name__in: ['Ann', 'Bob'] }).values('name', 'age');
    expect(rows).to.deep.equal([{ name: 'Ann', age: 31 }, { name: 'Bob', age: 17 }]);
    const emails = await Author.objects.valuesList('email', { flat: true });
    expect(emails).to.deep.equal(['ann@x.io', 'bob@x.io', 'cy@x.io', 'zed@x.io']);
  });

  it('aggregates', async () => {
    const result = await Author.objects.aggregate({ avg: Avg('age'), n: Count('pk') });
    expect(result.n).to.equal(4);
    expect(result.avg).to.be.closeTo(29.3333, 0.001);
  });

  it('rejects unknown fields with the choices, and undefined values', () => {
    expect(() => Author.objects.filter({ nme: 'x' } as never)).to.throw(FieldError, /Cannot resolve keyword 'nme' into field\. Choices are: age, email, id, joined, name\. Did you mean 'name'\?/);
    expect(() => Author.objects.filter({ name: undefined } as never)).to.throw(FieldError, /undefined/);
    expect(() => Author.objects.filter({ name__foo: 'x' } as never)).to.throw(FieldError, /Unsupported lookup 'foo'/);
  });

  it('saves, updates and deletes instances', async () => {
    const dee = await Author.objects.create({ name: 'Dee', email: 'dee@x.io' });
    expect(dee.pk).to.be.a('number');
    expect(dee.joined).to.be.instanceOf(Date);
    dee.age = 50;
    await dee.save();
    expect((await Author.objects.get({ pk: dee.pk })).age).to.equal(50);
    await dee.delete();
    expect(await Author.objects.filter({ email: 'dee@x.io' }).exists()).to.equal(false);
  });
});
