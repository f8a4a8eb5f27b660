// The relation types' promises, kept at run time: every call here type-checks without a cast
// (spec/types/relations.types.ts holds the compile-time checks), and the values the database
// gives back have the types the declarations claim.
import { expect } from 'chai';
import { CharField, Count, ForeignKey, IntegerField, ManyToManyField, Model, Q, type FieldValues } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

export class RtCountry extends Model {
  static fields = { code: new CharField({ maxLength: 2, primaryKey: true }), name: new CharField({ maxLength: 40 }) };
  static meta = { tableName: 'rt_countries' };
  static objects = this.manager();
}
export interface RtCountry extends FieldValues<typeof RtCountry, { houses: typeof RtHouse }> {}

export class RtHouse extends Model {
  static fields = {
    name: new CharField({ maxLength: 40 }),
    country: new ForeignKey(() => RtCountry, { onDelete: 'CASCADE', relatedName: 'houses' }),
  };
  static meta = { tableName: 'rt_houses' };
  static objects = this.manager();
}
export interface RtHouse extends FieldValues<typeof RtHouse, { writers: typeof RtWriter }> {}

export class RtWriter extends Model {
  static fields = {
    name: new CharField({ maxLength: 40 }),
    house: new ForeignKey(() => RtHouse, { onDelete: 'SET_NULL', null: true, relatedName: 'writers' }),
  };
  static meta = { tableName: 'rt_writers', ordering: ['name'] };
  static objects = this.manager();
}
export interface RtWriter extends FieldValues<typeof RtWriter, { books: typeof RtBook }> {}

export class RtLabel extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'rt_labels', ordering: ['name'] };
  static objects = this.manager();
}
export interface RtLabel extends FieldValues<typeof RtLabel, { books: typeof RtBook }> {}

export class RtBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 60 }),
    pages: new IntegerField({ default: 100 }),
    author: new ForeignKey(() => RtWriter, { onDelete: 'CASCADE', relatedName: 'books' }),
    labels: new ManyToManyField(() => RtLabel, { relatedName: 'books' }),
  };
  static meta = { tableName: 'rt_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface RtBook extends FieldValues<typeof RtBook> {}

const MODELS = [RtCountry, RtHouse, RtWriter, RtLabel, RtBook];
const joinModel = () => RtBook._meta.manyToMany[0]!.through as unknown as typeof RtBook;

async function seed() {
  const nz = await RtCountry.objects.create({ code: 'NZ', name: 'New Zealand' });
  const kiwi = await RtHouse.objects.create({ name: 'Kiwi Press', country: nz });
  const ann = await RtWriter.objects.create({ name: 'Ann', houseId: kiwi.pk });
  const bob = await RtWriter.objects.create({ name: 'Bob' });
  const dune = await RtBook.objects.create({ title: 'Dune', author: ann, pages: 600 });
  const emma = await RtBook.objects.create({ title: 'Emma', authorId: bob.pk });
  const classic = await RtLabel.objects.create({ name: 'classic' });
  await dune.labels.add(classic);
  await emma.labels.add(classic.pk);
  return { nz, kiwi, ann, bob, dune, emma, classic };
}

const titles = (books: readonly RtBook[]) => books.map((b) => b.title);

forEachDialect('Relation types at run time', MODELS, () => {
  beforeEach(() => truncate([joinModel(), ...MODELS]));

  it('create() takes a relation as an instance or as its key, and sets both attributes', async () => {
    const { kiwi, ann, bob, dune, emma } = await seed();
    const authorId: number = dune.authorId;
    expect(authorId).to.equal(ann.pk);
    const author: RtWriter = dune.author;
    expect(author.name).to.equal('Ann');
    expect(emma.authorId).to.equal(bob.pk);
    const countryId: string = kiwi.countryId;
    expect(countryId).to.equal('NZ');
  });

  it('filters by instance, key, __in with instances or keys, and paths two relations deep', async () => {
    const { ann, bob } = await seed();
    expect(titles(await RtBook.objects.filter({ author: ann }))).to.deep.equal(['Dune']);
    expect(titles(await RtBook.objects.filter({ authorId: bob.pk }))).to.deep.equal(['Emma']);
    expect(titles(await RtBook.objects.filter({ author__in: [ann, bob.pk] }))).to.deep.equal(['Dune', 'Emma']);
    expect(titles(await RtBook.objects.filter({ author__house__country__name__icontains: 'zeal' }))).to.deep.equal(['Dune']);
    expect(titles(await RtBook.objects.filter(Q({ author__house__isnull: true }).or({ pages__gt: 500 })))).to.deep.equal(['Dune', 'Emma']);
    expect(titles(await RtBook.objects.exclude({ labels__name: 'classic' }))).to.deep.equal([]);
    const writers = await RtWriter.objects.filter({ books__title: 'Dune' });
    expect(writers.map((w) => w.name)).to.deep.equal(['Ann']);
    const countries = await RtCountry.objects.filter({ houses__writers__books__pages__gte: 600 });
    expect(countries.map((c) => c.pk)).to.deep.equal(['NZ']);
  });

  it('values() gives a relation as its key and a path as the related value (null through a missing relation)', async () => {
    const { ann, bob } = await seed();
    const rows = await RtBook.objects.values('title', 'author', 'authorId', 'author__name', 'author__house__country__code').orderBy('title');
    expect(rows).to.deep.equal([
      { title: 'Dune', author: ann.pk, authorId: ann.pk, author__name: 'Ann', author__house__country__code: 'NZ' },
      { title: 'Emma', author: bob.pk, authorId: bob.pk, author__name: 'Bob', author__house__country__code: null },
    ]);
    const codes = await RtBook.objects.orderBy('-author__name').valuesList('author__house__country__code', { flat: true });
    expect(codes).to.deep.equal([null, 'NZ']);
    const counted = await RtBook.objects.values('author__name').annotate({ n: Count('pk') }).orderBy('author__name');
    expect(counted).to.deep.equal([{ author__name: 'Ann', n: 1 }, { author__name: 'Bob', n: 1 }]);
  });

  it('related() resolves to the related instance, or null for an empty nullable relation', async () => {
    const { kiwi } = await seed();
    const [ann, bob] = await RtWriter.objects.orderBy('name');
    const house: RtHouse | null = await ann!.related('house');
    expect(house?.pk).to.equal(kiwi.pk);
    expect(await bob!.related('house')).to.equal(null);
  });

  it('related managers: create() fills the key back to the owner; many-to-many add() takes instances or keys', async () => {
    const { ann, classic } = await seed();
    const made = await ann.books.create({ title: 'Frost' });
    expect(made.authorId).to.equal(ann.pk);
    const fresh = await RtLabel.objects.create({ name: 'new' });
    await made.labels.add(fresh, classic.pk);
    const names = await made.labels.all();
    expect(names.map((l) => l.name)).to.deep.equal(['classic', 'new']);
    expect(titles(await classic.books.orderBy('title'))).to.deep.equal(['Dune', 'Emma', 'Frost']);
  });

  it('update() takes a relation as an instance or as its key', async () => {
    const { ann, bob } = await seed();
    expect(await RtBook.objects.filter({ title: 'Emma' }).update({ author: ann })).to.equal(1);
    expect(titles(await RtBook.objects.filter({ author: ann }))).to.deep.equal(['Dune', 'Emma']);
    expect(await RtBook.objects.filter({ title: 'Dune' }).update({ authorId: bob.pk })).to.equal(1);
    expect(titles(await RtBook.objects.filter({ authorId: bob.pk }))).to.deep.equal(['Dune']);
  });
});
