import { expect } from 'chai';
import { CharField, getModel, ManyToManyField, Model, QuerySet, type FieldValues, type ModelClass } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

// The automatic join model of a ManyToManyField has a default manager, `objects`, as Django's
// auto-created through models do (`Book.tags.through.objects`).

class MpjmTag extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'mpjm_tags' };
  static objects = this.manager();
}
interface MpjmTag extends FieldValues<typeof MpjmTag> {}

class MpjmBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 20 }),
    tags: new ManyToManyField(() => MpjmTag, { relatedName: 'books' }),
    similar: new ManyToManyField((): ModelClass => MpjmBook, { relatedName: 'similarTo' }),
  };
  static meta = { tableName: 'mpjm_books' };
  static objects = this.manager();
}
interface MpjmBook extends FieldValues<typeof MpjmBook, { similarTo: typeof MpjmBook }> {}

/** The join model's manager, seen as what it is: a QuerySet over the join rows. */
const managerOf = (name: string) => (getModel(name) as unknown as { objects: QuerySet<ModelClass, Record<string, unknown>> }).objects;
const MODELS: ModelClass[] = [MpjmTag, MpjmBook];

forEachDialect('The automatic many-to-many join model\'s manager', MODELS, () => {
  beforeEach(() => truncate([...MODELS, getModel('MpjmBook_tags'), getModel('MpjmBook_similar')]));

  it('is a manager over the join rows, the same object as through.objects', async () => {
    const through = MpjmBook._meta.manyToMany[0]!.through as unknown as ModelClass;
    expect(getModel('MpjmBook_tags')).to.equal(through);
    const objects = managerOf('MpjmBook_tags');
    expect(objects).to.be.instanceOf(QuerySet);
    expect(objects.model).to.equal(through);
    expect((through as unknown as { objects: unknown }).objects).to.equal(objects);
    expect(await objects.count()).to.equal(0);
  });

  it('reads, filters and deletes the rows add() made, and never caches', async () => {
    const [red, blue] = [await MpjmTag.objects.create({ name: 'red' }), await MpjmTag.objects.create({ name: 'blue' })];
    const dune = await MpjmBook.objects.create({ title: 'Dune' });
    const emma = await MpjmBook.objects.create({ title: 'Emma' });
    await dune.tags.add(red, blue);
    await emma.tags.add(red);
    const objects = managerOf('MpjmBook_tags');
    expect(await objects.count()).to.equal(3);
    expect(await objects.filter({ mpjmTag: red.pk }).count()).to.equal(2);
    const rows = await objects.filter({ mpjmBook__title: 'Dune' }).orderBy('mpjmTag__name').values('mpjmBook', 'mpjmTag');
    expect(rows).to.deep.equal([{ mpjmBook: dune.pk, mpjmTag: blue.pk }, { mpjmBook: dune.pk, mpjmTag: red.pk }]);
    await emma.tags.add(blue);
    expect(await objects.count()).to.equal(4); // a manager runs afresh each time
    expect(await objects.filter({ mpjmBook: emma.pk }).delete()).to.equal(2);
    expect((await emma.tags.all()).length).to.equal(0);
    expect((await dune.tags.all()).map((tag) => tag.name).sort()).to.deep.equal(['blue', 'red']);
  });

  it('creates join rows, also for a relation of a model to itself', async () => {
    const dune = await MpjmBook.objects.create({ title: 'Dune' });
    const emma = await MpjmBook.objects.create({ title: 'Emma' });
    const objects = managerOf('MpjmBook_similar');
    await objects.create({ fromMpjmBook: dune, toMpjmBook: emma } as never);
    expect((await dune.similar.all()).map((book) => (book as MpjmBook).title)).to.deep.equal(['Emma']);
    expect(await objects.count()).to.equal(1);
  });
});
