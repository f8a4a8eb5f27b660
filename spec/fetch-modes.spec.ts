import { expect } from 'chai';
import { captureQueries, connect, database, disconnect, FieldError, FieldFetchBlocked, ImproperlyConfigured, SchemaEditor } from '../lib/index.js';
import { DIALECT_URLS, forEachDialect, truncate } from './support/dialects.js';
import { LdAuthor, LdBook, LdTag, ldBookTags, LOADING_MODELS, seedLibrary, type Loose } from './models/loading-models.js';

const loose = (value: unknown) => value as Loose;

async function queriesOf(fn: () => Promise<unknown>): Promise<number> {
  return (await captureQueries(fn)).length;
}

forEachDialect('Fetch modes', LOADING_MODELS, (dialect) => {
  beforeEach(async () => {
    await truncate([...LOADING_MODELS, ldBookTags()]);
    await seedLibrary();
  });

  it("'one' (the default) loads the relation for one instance per call", async () => {
    const books = await LdBook.objects.all();
    const n = await queriesOf(async () => {
      for (const book of books) await loose(book).related('author');
    });
    expect(n).to.equal(3);
    expect((loose(books[2]).author as LdAuthor).name).to.equal('Bob');
  });

  it("'peers' loads a relation for every instance of the result on the first call: 500 books cost 2 queries", async () => {
    const [ann, bob] = await LdAuthor.objects.orderBy('name' as never);
    await LdBook.objects.bulkCreate(Array.from({ length: 497 }, (_, i) => ({ title: `B${String(i).padStart(3, '0')}`, authorId: (i % 2 ? bob : ann)!.pk }) as never));
    let seen: string[] = [];
    const n = await queriesOf(async () => {
      const books = await LdBook.objects.fetchMode('peers');
      expect(books).to.have.length(500);
      seen = [];
      for (const book of books) seen.push(((await loose(book).related('author')) as LdAuthor).name);
    });
    expect(n).to.equal(2);
    expect(new Set(seen)).to.deep.equal(new Set(['Ann', 'Bob']));
    expect(seen.filter((name) => name === 'Bob')).to.have.length(249);
  });

  it("'peers' works for to-many relations and reaches prefetched and selected instances", async () => {
    const authors = await LdAuthor.objects.fetchMode('peers').prefetchRelated('books').selectRelated('publisher');
    const n = await queriesOf(async () => {
      const [annBooks, bobBooks] = [(await loose(authors[0]).related('books')) as LdBook[], (await loose(authors[1]).related('books')) as LdBook[]];
      // Books came from one prefetch query: their tags load for all three at once.
      expect(((await loose(annBooks[0]).related('tags')) as LdTag[]).map((t) => t.name)).to.deep.equal(['classic', 'sci-fi']);
      expect(await loose(bobBooks[0]).related('tags')).to.deep.equal([]);
      expect(((await loose(annBooks[1]).related('tags')) as LdTag[]).map((t) => t.name)).to.deep.equal(['classic']);
      // Authors' reverse 'edited' for both authors in one query.
      expect(((await loose(authors[1]).related('edited')) as LdBook[]).map((b) => b.title)).to.deep.equal(['Emma']);
      expect(await loose(authors[0]).related('edited')).to.deep.equal([]);
    });
    expect(n).to.equal(2);
  });

  it("'raise' refuses loads that were not selected or prefetched, naming the model and field", async () => {
    const books = await LdBook.objects.fetchMode('raise').selectRelated('author').prefetchRelated('tags');
    const n = await queriesOf(async () => {
      expect(((await loose(books[0]).related('author')) as LdAuthor).name).to.equal('Ann');
      expect(await loose(books[2]).related('tags')).to.deep.equal([]);
      expect(await loose(books[0]).related('editor')).to.equal(null); // null key: nothing to fetch
    });
    expect(n).to.equal(0);
    let error: unknown;
    try {
      await loose(books[1]).related('editor');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FieldFetchBlocked);
    expect((error as Error).message).to.match(/^LdBook\.editor was not loaded .*'raise'.*selectRelated\('editor'\)/);
    // Instances loaded by the query inherit its mode.
    const author = loose(books[0]).author as Loose;
    let blocked: unknown;
    await author.related('books').catch((e: unknown) => (blocked = e));
    expect((blocked as Error).message).to.match(/^LdAuthor\.books was not loaded.*prefetchRelated\('books'\)/);
  });

  it('related() on an unknown name lists the relations and suggests the closest', async () => {
    const [book] = await LdBook.objects.all();
    let error: unknown;
    await loose(book).related('auther').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(FieldError);
    expect((error as Error).message).to.equal("Cannot find 'auther' on LdBook object, LdBook.related('auther'). Choices are: author, editor, tags. Did you mean 'author'?");
  });

  it('rejects an unknown mode, in a query and in connect()', () => {
    expect(() => LdBook.objects.fetchMode('lazy' as never)).to.throw(FieldError, /Choices are: one, peers, raise/);
    expect(() => connect({ bad: { url: DIALECT_URLS[dialect]!, fetchMode: 'lazy' as never } })).to.throw(ImproperlyConfigured, /Unknown fetchMode 'lazy'/);
  });

  it('takes its default from the connection, and fetchMode() overrides it', async () => {
    connect({ modes: { url: DIALECT_URLS[dialect]!, fetchMode: 'raise' } });
    try {
      expect(database('modes').fetchMode).to.equal('raise');
      // An in-memory SQLite connection is a database of its own: give it the tables and rows.
      if (dialect === 'sqlite') {
        const editor = new SchemaEditor(database('modes'));
        for (const model of LOADING_MODELS) await editor.createModel(model);
        const ann = await LdAuthor.objects.using('modes').create({ name: 'Ann' } as never);
        await LdBook.objects.using('modes').create({ title: 'Dune', author: ann } as never);
      }
      const [dune] = await LdBook.objects.using('modes').filter({ title: 'Dune' } as never);
      await loose(dune).related('author').then(
        () => expect.fail('should raise'),
        (e: unknown) => expect(e).to.be.instanceOf(FieldFetchBlocked),
      );
      const [again] = await LdBook.objects.using('modes').fetchMode('one').filter({ title: 'Dune' } as never);
      expect(((await loose(again).related('author')) as LdAuthor).name).to.equal('Ann');
    } finally {
      await disconnect('modes');
    }
  });
});
