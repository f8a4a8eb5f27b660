// Django's known related objects: rows reached through a relation know the way back without a
// query. book.author after author.books (and its filters, get(), prefetchRelated('books')); the
// other side of a one-to-one after selectRelated, prefetchRelated or related(), either way.
import { expect } from 'chai';
import {
  captureQueries, CharField, ForeignKey, Model, OneToOneField, Prefetch, RelatedObjectNotLoaded,
  type FieldValues, type ModelClass,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

export class BrAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'br_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface BrAuthor extends FieldValues<typeof BrAuthor, { books: typeof BrBook; edited: typeof BrBook; bio: typeof BrBio }> {}

export class BrBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    author: new ForeignKey(() => BrAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: new ForeignKey(() => BrAuthor, { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
  };
  static meta = { tableName: 'br_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface BrBook extends FieldValues<typeof BrBook> {}

export class BrBio extends Model {
  static fields = {
    text: new CharField({ maxLength: 50 }),
    author: new OneToOneField(() => BrAuthor, { onDelete: 'CASCADE', relatedName: 'bio' }),
  };
  static meta = { tableName: 'br_bios' };
  static objects = this.manager();
}
export interface BrBio extends FieldValues<typeof BrBio> {}

const MODELS: ModelClass[] = [BrAuthor, BrBook, BrBio];

async function library() {
  const [ann, bob] = (await BrAuthor.objects.bulkCreate([{ name: 'ann' }, { name: 'bob' }])) as BrAuthor[];
  await BrBook.objects.bulkCreate([
    { title: 'a1', author: ann!, editor: bob! },
    { title: 'a2', author: ann!, editor: null },
    { title: 'b1', author: bob!, editor: ann! },
  ]);
  await BrBio.objects.create({ text: 'ann bio', author: ann! });
  return { ann: ann!, bob: bob! };
}

/** Reads `read()` and says how many queries it ran: a back-reference must run none. */
async function queriesOf(read: () => unknown): Promise<number> {
  return (await captureQueries(async () => void read())).length;
}

forEachDialect('back-references (known related objects)', MODELS, () => {
  beforeEach(() => truncate(MODELS));

  it("rows read through author.books hold book.author as that very author, without a query", async () => {
    const { ann } = await library();
    const books = (await ann.books.all()) as BrBook[];
    expect(books.map((b) => b.title)).to.deep.equal(['a1', 'a2']);
    for (const book of books) expect(book.author).to.equal(ann);
    expect(await queriesOf(() => books.map((b) => b.author.name))).to.equal(0);
    // The other key to the same model is not the way back.
    expect(() => books[0]!.editor).to.throw(RelatedObjectNotLoaded);
  });

  it('so do filtered, ordered and single-row reads of the manager, and its iteration', async () => {
    const { ann } = await library();
    const filtered = (await ann.books.filter({ title: 'a2' })) as BrBook[];
    expect(filtered[0]!.author).to.equal(ann);
    const got = (await ann.books.get({ title: 'a1' })) as BrBook;
    expect(got.author).to.equal(ann);
    const first = (await ann.books.orderBy('-title').first()) as BrBook;
    expect(first.title).to.equal('a2');
    expect(first.author).to.equal(ann);
    for await (const book of ann.books.iterator({ chunkSize: 1 })) expect((book as BrBook).author).to.equal(ann);
  });

  it('the reverse side of a nullable key fills its own relation (book.editor), not the other', async () => {
    const { bob } = await library();
    const edited = (await bob.edited.all()) as BrBook[];
    expect(edited.map((b) => b.title)).to.deep.equal(['a1']);
    expect(edited[0]!.editor).to.equal(bob);
    expect(() => edited[0]!.author).to.throw(RelatedObjectNotLoaded);
  });

  it('values() through the manager stays plain rows', async () => {
    const { ann } = await library();
    const rows = await ann.books.values('title');
    expect(rows).to.deep.equal([{ title: 'a1' }, { title: 'a2' }]);
  });

  it("prefetchRelated('books') gives each book its author, the instance it was prefetched for", async () => {
    await library();
    const authors = (await BrAuthor.objects.prefetchRelated('books')) as BrAuthor[];
    const titles: string[] = [];
    const queries = await captureQueries(async () => {
      for (const author of authors) {
        for (const book of (await author.books.all()) as BrBook[]) {
          expect(book.author).to.equal(author);
          titles.push(`${book.author.name}:${book.title}`);
        }
      }
    });
    expect(queries).to.have.length(0);
    expect(titles).to.deep.equal(['ann:a1', 'ann:a2', 'bob:b1']);
  });

  it('a Prefetch with its own queryset and toAttr fills the way back too', async () => {
    await library();
    const authors = (await BrAuthor.objects.prefetchRelated(Prefetch('books', BrBook.objects.filter({ title__startswith: 'a' }), { toAttr: 'aBooks' }))) as (BrAuthor & { aBooks: BrBook[] })[];
    const ann = authors.find((a) => a.name === 'ann')!;
    expect(ann.aBooks.map((b) => b.title)).to.deep.equal(['a1', 'a2']);
    for (const book of ann.aBooks) expect(book.author).to.equal(ann);
  });

  it('a one-to-one knows both ways after selectRelated, prefetchRelated and related()', async () => {
    await library();
    const [ann] = (await BrAuthor.objects.filter({ name: 'ann' }).selectRelated('bio')) as BrAuthor[];
    expect(ann!.bio.text).to.equal('ann bio');
    expect(ann!.bio.author).to.equal(ann);

    const [bio] = (await BrBio.objects.selectRelated('author')) as BrBio[];
    expect(bio!.author.name).to.equal('ann');
    expect(bio!.author.bio).to.equal(bio);

    const [prefetched] = (await BrAuthor.objects.filter({ name: 'ann' }).prefetchRelated('bio')) as BrAuthor[];
    expect(prefetched!.bio.author).to.equal(prefetched);
    const [bioFirst] = (await BrBio.objects.prefetchRelated('author')) as BrBio[];
    expect(bioFirst!.author.bio).to.equal(bioFirst);

    const plain = (await BrBio.objects.get({ text: 'ann bio' })) as BrBio;
    const loaded = (await plain.related('author')) as BrAuthor;
    expect(loaded.bio).to.equal(plain);
    const owner = (await BrAuthor.objects.get({ name: 'ann' })) as BrAuthor;
    const hers = (await owner.related('bio')) as BrBio;
    expect(hers.author).to.equal(owner);
  });

  it('a many-to-one read forward fills nothing back: author.books is still a query', async () => {
    await library();
    const [book] = (await BrBook.objects.filter({ title: 'a1' }).selectRelated('author')) as BrBook[];
    const author = book!.author as BrAuthor;
    expect(await queriesOf(async () => (await author.books.all()).length)).to.equal(1);
  });

  it('the way back stays true to the key: a changed key drops it', async () => {
    const { ann, bob } = await library();
    const [book] = (await ann.books.filter({ title: 'a1' })) as BrBook[];
    expect(book!.author).to.equal(ann);
    book!.authorId = bob.pk as number;
    expect(() => book!.author).to.throw(RelatedObjectNotLoaded);
  });
});
