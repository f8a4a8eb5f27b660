import { expect } from 'chai';
import { captureQueries, NotSupportedError, WrenError, WrenTypeError } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { QsPerson, QsTag } from './models/qs-models.js';
import { failureOf } from './support/assertions.js';

forEachDialect('QuerySet.contains(), and delete() after values()', [QsPerson, QsTag], () => {
  let ann: QsPerson, bob: QsPerson, cy: QsPerson;
  before(async () => {
    await truncate([QsPerson, QsTag]);
    [ann, bob, cy] = await QsPerson.objects.bulkCreate([
      { name: 'Ann', email: 'ann@x.io', age: 30 },
      { name: 'Bob', email: 'bob@x.io', age: 40 },
      { name: 'Cy', email: 'cy@x.io', age: 50 },
    ]) as [QsPerson, QsPerson, QsPerson];
  });

  it('answers by primary key with one query, for instances loaded anywhere', async () => {
    const older = QsPerson.objects.filter({ age__gte: 40 });
    const queries = await captureQueries(async () => {
      expect(await older.contains(ann)).to.equal(false);
      expect(await older.contains(bob)).to.equal(true);
      expect(await older.contains(await QsPerson.objects.get({ name: 'Cy' }))).to.equal(true);
    });
    expect(queries).to.have.length(4);
  });

  it('reads a slice by its own rows', async () => {
    const firstTwo = QsPerson.objects.orderBy('age').slice(0, 2);
    expect([await firstTwo.contains(ann), await firstTwo.contains(bob), await firstTwo.contains(cy)]).to.deep.equal([true, true, false]);
  });

  it('sends no query once the QuerySet has been read', async () => {
    const young = QsPerson.objects.filter({ age__lt: 45 });
    await young;
    const queries = await captureQueries(async () => {
      expect(await young.contains(bob)).to.equal(true);
      expect(await young.contains(cy)).to.equal(false);
    });
    expect(queries).to.deep.equal([]);
  });

  it('is false for another model, and refuses unsaved instances, non-instances and values()', async () => {
    const tag = await QsTag.objects.create({ label: 'x' });
    expect(await QsPerson.objects.all().contains(tag)).to.equal(false);
    const unsaved = await failureOf(() => QsPerson.objects.all().contains(new QsPerson({ name: 'D', email: 'd@x.io' })));
    expect(unsaved.error).to.be.instanceOf(WrenError).with.property('message').match(/unsaved QsPerson/);
    expect(unsaved.sql).to.deep.equal([]);
    const plain = await failureOf(() => QsPerson.objects.all().contains({ pk: ann.pk } as never));
    expect(plain.error).to.be.instanceOf(WrenTypeError);
    const values = await failureOf(() => QsPerson.objects.values('name').contains(ann));
    expect(values.error).to.be.instanceOf(WrenTypeError).with.property('message').match(/after values\(\)/);
    const combined = await failureOf(() => QsPerson.objects.filter({ age: 30 }).union(QsPerson.objects.filter({ age: 40 })).contains(ann));
    expect(combined.error).to.be.instanceOf(NotSupportedError);
  });

  it('delete() after values() or valuesList() raises, as in Django, and deletes nothing', async () => {
    for (const qs of [QsPerson.objects.filter({ name: 'Ann' }).values('name'), QsPerson.objects.filter({ name: 'Ann' }).valuesList('pk', { flat: true })]) {
      const { error, sql } = await failureOf(() => qs.delete());
      expect(error).to.be.instanceOf(WrenTypeError).with.property('message').match(/delete\(\) after values\(\)/);
      expect(sql).to.deep.equal([]);
    }
    expect(await QsPerson.objects.count()).to.equal(3);
  });
});
