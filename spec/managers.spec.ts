import { expect } from 'chai';
import { captureQueries, ImproperlyConfigured, QuerySet } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { MgrPerson, MgrPersonQuerySet } from './models/model-models.js';

const names = (people: readonly MgrPerson[]): string[] => people.map((p) => p.name);

forEachDialect('Managers', [MgrPerson], () => {
  beforeEach(async () => {
    await truncate([MgrPerson]);
    await MgrPerson.objects.bulkCreate([
      { name: 'Ann', age: 31 },
      { name: 'Abe', age: 12 },
      { name: 'Bob', age: 45, active: false },
      { name: 'Al', age: 18 },
      { name: 'Cy', age: 17, active: false },
    ]);
  });

  it('exposes custom QuerySet methods on the manager, chainable with the built-in ones in any order', async () => {
    expect(MgrPerson.objects).to.be.instanceOf(MgrPersonQuerySet);
    const adults: MgrPerson[] = await MgrPerson.objects.adults();
    expect(names(adults)).to.deep.equal(['Al', 'Ann', 'Bob']);
    const chained = MgrPerson.objects.adults().filter({ name__startswith: 'A' }).adults().orderBy('-age');
    expect(chained).to.be.instanceOf(MgrPersonQuerySet);
    expect(names(await chained)).to.deep.equal(['Ann', 'Al']);
    expect(names(await MgrPerson.objects.exclude({ age: 31 }).named('A').adults())).to.deep.equal(['Al']);
    expect(names(await MgrPerson.objects.all().adults().slice(0, 1))).to.deep.equal(['Al']);
    const first = await MgrPerson.objects.named('B').adults().first();
    expect(first?.name).to.equal('Bob');
  });

  it('runs terminal custom methods and the built-in ones', async () => {
    expect(await MgrPerson.objects.countAdults()).to.equal(3);
    expect(await MgrPerson.objects.named('A').countAdults()).to.equal(2);
    const created = await MgrPerson.objects.create({ name: 'Dee', age: 50 });
    expect(created).to.be.instanceOf(MgrPerson);
    expect((await MgrPerson.objects.adults().get({ name: 'Dee' })).pk).to.equal(created.pk);
  });

  it('compiles custom methods into one query', async () => {
    const { sql, bindings } = MgrPerson.objects.adults().named('A').toSQL();
    expect(sql).to.match(/where .*age.* >= \?.* and .*name/i);
    expect(bindings).to.include(18);
    const queries = await captureQueries(async () => {
      await MgrPerson.objects.adults().named('A').adults();
    });
    expect(queries).to.have.length(1);
  });

  it('never caches on the manager, while a derived QuerySet caches its results', async () => {
    expect(await MgrPerson.objects.count()).to.equal(5);
    const derived = MgrPerson.objects.adults();
    expect(await derived).to.have.length(3);
    await MgrPerson.objects.create({ name: 'Eve', age: 40 });
    expect(await derived).to.have.length(3);
    expect(await MgrPerson.objects.adults()).to.have.length(4);
    expect(await MgrPerson.objects).to.have.length(6);
    expect(await MgrPerson.active).to.have.length(4);
  });

  it('scopes a second manager with a default filter, keeping the custom methods', async () => {
    expect(MgrPerson.active).to.be.instanceOf(MgrPersonQuerySet);
    expect(names(await MgrPerson.active)).to.deep.equal(['Abe', 'Al', 'Ann']);
    expect(names(await MgrPerson.active.adults())).to.deep.equal(['Al', 'Ann']);
    expect(await MgrPerson.active.filter({ name: 'Bob' }).exists()).to.equal(false);
    expect(await MgrPerson.active.count()).to.equal(3);
    expect(MgrPerson.active.toSQL().sql).to.match(/where .*active/i);
    // The default manager is unaffected.
    expect(await MgrPerson.objects.filter({ name: 'Bob' }).exists()).to.equal(true);
  });

  it('scopes a plain manager too, with a filter or an ordering', async () => {
    expect(names(await MgrPerson.minors)).to.deep.equal(['Abe', 'Cy']);
    expect(await MgrPerson.minors.exclude({ active: false }).count()).to.equal(1);
    const byAge = MgrPerson.manager((qs) => qs.orderBy('-age'));
    expect(byAge.constructor).to.equal(QuerySet);
    expect(names(await byAge.slice(0, 2))).to.deep.equal(['Bob', 'Ann']);
    await MgrPerson.objects.create({ name: 'Old', age: 99 });
    expect(names(await byAge.slice(0, 1))).to.deep.equal(['Old']);
    // @ts-expect-error adults() belongs to MgrPersonQuerySet, not to a plain manager
    expect(() => MgrPerson.minors.adults()).to.throw(TypeError);
  });

  it('rejects a scope that does not return a QuerySet of the manager\'s class', () => {
    expect(() => MgrPerson.manager(MgrPersonQuerySet, () => new QuerySet(MgrPerson) as never)).to.throw(ImproperlyConfigured, /scope function must return a QuerySet derived from its argument/);
  });

  it('works with a custom QuerySet built directly, like any QuerySet', async () => {
    const qs = new MgrPersonQuerySet(MgrPerson).adults();
    expect(names(await qs)).to.deep.equal(['Al', 'Ann', 'Bob']);
    const values = await MgrPerson.objects.adults().values('name');
    expect(values).to.deep.equal([{ name: 'Al' }, { name: 'Ann' }, { name: 'Bob' }]);
  });
});
