import { expect } from 'chai';
import { CharField, Count, ForeignKey, IntegerField, Model, type FieldValues } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

class AgwShelf extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    flagged: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 'agw_shelves' };
  static objects = this.manager();
}
interface AgwShelf extends FieldValues<typeof AgwShelf> {}

class AgwBook extends Model {
  static fields = {
    shelf: new ForeignKey(() => AgwShelf, { onDelete: 'CASCADE', relatedName: 'books' }),
    title: new CharField({ maxLength: 20 }),
  };
  static meta = { tableName: 'agw_books' };
  static objects = this.manager();
}
interface AgwBook extends FieldValues<typeof AgwBook> {}

/** update() and delete() on a QuerySet filtered by an aggregate change exactly the rows it lists. */
forEachDialect('writes filtered on an aggregate', [AgwShelf, AgwBook], () => {
  beforeEach(async () => {
    await truncate([AgwShelf, AgwBook]);
    // a: 3 books, b: 1 book, c: none
    const [a, b] = await AgwShelf.objects.bulkCreate([new AgwShelf({ name: 'a' }), new AgwShelf({ name: 'b' }), new AgwShelf({ name: 'c' })]);
    await AgwBook.objects.bulkCreate([
      new AgwBook({ shelf: a!, title: 'a1' }), new AgwBook({ shelf: a!, title: 'a2' }), new AgwBook({ shelf: a!, title: 'a3' }),
      new AgwBook({ shelf: b!, title: 'b1' }),
    ]);
  });

  const busy = () => AgwShelf.objects.annotate({ n: Count('books') }).filter({ n__gte: 2 });

  it('update() changes only the rows the aggregate condition lists', async () => {
    expect((await busy()).map((shelf) => shelf.name)).to.deep.equal(['a']);
    const changed = await busy().update({ flagged: 1 });
    expect(changed).to.equal(1);
    const flagged = await AgwShelf.objects.orderBy('name').valuesList('name', 'flagged');
    expect(flagged).to.deep.equal([['a', 1], ['b', 0], ['c', 0]]);
  });

  it('an aggregate condition combined with a plain one keeps both', async () => {
    const changed = await AgwShelf.objects.annotate({ n: Count('books') }).filter({ n__lte: 1, name__in: ['b', 'c'] }).update({ flagged: 2 });
    expect(changed).to.equal(2);
    expect(await AgwShelf.objects.filter({ flagged: 2 }).orderBy('name').valuesList('name', { flat: true })).to.deep.equal(['b', 'c']);
  });

  it('delete() removes only the rows the aggregate condition lists', async () => {
    await busy().delete();
    expect(await AgwShelf.objects.orderBy('name').valuesList('name', { flat: true })).to.deep.equal(['b', 'c']);
    expect(await AgwBook.objects.orderBy('title').valuesList('title', { flat: true })).to.deep.equal(['b1']);
  });
});
