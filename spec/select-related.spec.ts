import { expect } from 'chai';
import { captureQueries, Count, FieldError, RelatedObjectNotLoaded } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { LdAuthor, LdBook, LdProfile, LdPublisher, ldBookTags, LOADING_MODELS, seedLibrary, type Loose } from './models/loading-models.js';

const loose = (value: unknown) => value as Loose;

forEachDialect('selectRelated', LOADING_MODELS, () => {
  beforeEach(async () => {
    await truncate([...LOADING_MODELS, ldBookTags()]);
    await seedLibrary();
  });

  it('loads a forward key in the same query, with an INNER JOIN for a non-null key', async () => {
    let books: LdBook[] = [];
    const queries = await captureQueries(async () => {
      books = await LdBook.objects.selectRelated('author');
    });
    expect(queries).to.have.length(1);
    expect(queries[0]!.sql.toLowerCase()).to.contain('inner join');
    expect(books.map((b) => [b.title, (loose(b).author as LdAuthor).name])).to.deep.equal([['Dune', 'Ann'], ['Emma', 'Ann'], ['Hamlet', 'Bob']]);
    const author = loose(books[0]).author as LdAuthor;
    expect(author).to.be.instanceOf(LdAuthor);
    expect(author.pk).to.equal(loose(books[0]).authorId);
    // Rows naming the same author share one instance, as with prefetchRelated.
    expect(loose(books[1]).author).to.equal(author);
    expect(loose(books[2]).author).to.not.equal(author);
  });

  it('keeps loaded relations out of the instance\'s keys and JSON; assigning or clearing one changes only that instance', async () => {
    const [selected] = await LdBook.objects.selectRelated('author', 'editor').filter({ title: 'Emma' });
    const [plain] = await LdBook.objects.filter({ title: 'Emma' });
    // The same fields, enumerated and serialised alike, whether or not relations were loaded with them.
    expect(Object.keys(selected!)).to.deep.equal(Object.keys(plain!));
    expect(JSON.stringify(selected)).to.equal(JSON.stringify(plain));
    expect(() => loose(plain).author).to.throw(RelatedObjectNotLoaded);
    expect((loose(selected).editor as LdAuthor).name).to.equal('Bob');
    loose(selected).editor = null;
    expect(loose(selected).editor).to.equal(null);
    expect(loose(selected).editorId).to.equal(null);
    // The unloaded relation of the other instance loads on request, then reads synchronously.
    expect(((await plain!.related('editor')) as LdAuthor).name).to.equal('Bob');
    expect((loose(plain).editor as LdAuthor).name).to.equal('Bob');
    expect((loose(selected).author as LdAuthor).name).to.equal('Ann');
  });

  it('uses a LEFT JOIN for a nullable key and gives null where there is no row', async () => {
    const qs = LdBook.objects.selectRelated('editor');
    expect(qs.toSQL().sql.toLowerCase()).to.contain('left outer join');
    const books = await qs;
    expect(books.map((b) => (loose(b).editor as LdAuthor | null)?.name ?? null)).to.deep.equal([null, 'Bob', null]);
  });

  it('follows nested paths, outer below a nullable step, and several paths at once', async () => {
    let books: LdBook[] = [];
    const queries = await captureQueries(async () => {
      books = await LdBook.objects.selectRelated('author__publisher', 'editor__publisher');
    });
    expect(queries).to.have.length(1);
    const rows = books.map((b) => {
      const author = loose(b).author as Loose;
      const editor = loose(b).editor as Loose | null;
      return [b.title, (author.publisher as LdPublisher | null)?.name ?? null, editor ? ((editor.publisher as LdPublisher | null)?.name ?? null) : 'no editor'];
    });
    expect(rows).to.deep.equal([['Dune', 'Acme', 'no editor'], ['Emma', 'Acme', null], ['Hamlet', null, 'no editor']]);
    // Three joins: authors, publishers (for the author), authors again (editor), publishers again.
    expect(queries[0]!.sql.toLowerCase().match(/join/g)).to.have.length(4);
  });

  it('adds to earlier selectRelated calls, shares joins with filters, and combines with filter/orderBy/slice', async () => {
    const qs = LdBook.objects.filter({ author__name: 'Ann' } as never).selectRelated('author').selectRelated('editor').orderBy('-title' as never).slice(0, 1);
    expect(qs.toSQL().sql.toLowerCase().match(/join/g)).to.have.length(2);
    const [emma] = await qs;
    expect(emma!.title).to.equal('Emma');
    expect((loose(emma).author as LdAuthor).name).to.equal('Ann');
    expect((loose(emma).editor as LdAuthor).name).to.equal('Bob');
  });

  it('selects every non-null key when called without names, and clears with null', async () => {
    const [dune] = await LdBook.objects.selectRelated().filter({ title: 'Dune' } as never);
    expect((loose(dune).author as LdAuthor).name).to.equal('Ann');
    expect(() => loose(dune).editor).to.not.throw(); // null key: null, no query needed
    const [again] = await LdBook.objects.selectRelated('author').selectRelated(null).filter({ title: 'Dune' } as never);
    expect(() => loose(again).author).to.throw(RelatedObjectNotLoaded);
  });

  it('follows a reverse one-to-one', async () => {
    const authors = await LdAuthor.objects.selectRelated('ldProfile');
    expect((loose(authors[0]).ldProfile as LdProfile).bio).to.equal('writes');
    // Known not to exist (the LEFT JOIN found no row): the reverse accessor raises DoesNotExist.
    expect(() => loose(authors[1]).ldProfile).to.throw(LdProfile.DoesNotExist);
    const [profile] = await LdProfile.objects.selectRelated('author__publisher');
    expect((loose(loose(profile).author).publisher as LdPublisher).name).to.equal('Acme');
  });

  it('works with get(), count() and annotate()', async () => {
    const emma = await LdBook.objects.selectRelated('author', 'editor').get({ title: 'Emma' } as never);
    expect((loose(emma).editor as LdAuthor).name).to.equal('Bob');
    expect(await LdBook.objects.selectRelated('editor').count()).to.equal(3);
    const authors = await LdAuthor.objects.selectRelated('publisher').annotate({ n: Count('books') }).orderBy('name' as never);
    expect(authors.map((a) => [a.name, (a as unknown as { n: number }).n, (loose(a).publisher as LdPublisher | null)?.name ?? null])).to.deep.equal([
      ['Ann', 2, 'Acme'],
      ['Bob', 1, null],
    ]);
  });

  it('is ignored by values() and valuesList(), and works with distinct() and iterator()', async () => {
    expect(await LdBook.objects.selectRelated('author').values('title' as never).filter({ year__lt: 1900 } as never)).to.deep.equal([{ title: 'Emma' }, { title: 'Hamlet' }]);
    expect(await LdBook.objects.selectRelated('author').valuesList('title' as never, { flat: true })).to.deep.equal(['Dune', 'Emma', 'Hamlet']);
    const distinct = await LdBook.objects.filter({ tags__name__in: ['classic', 'sci-fi'] } as never).distinct().selectRelated('author');
    expect(distinct.map((b) => [b.title, (loose(b).author as LdAuthor).name])).to.deep.equal([['Dune', 'Ann'], ['Emma', 'Ann']]);
    const seen: string[] = [];
    for await (const book of LdBook.objects.selectRelated('author').iterator({ chunkSize: 2 })) seen.push((loose(book).author as LdAuthor).name);
    expect(seen.sort()).to.deep.equal(['Ann', 'Ann', 'Bob']);
  });

  it('converts related columns like the model does', async () => {
    const [dune] = await LdBook.objects.selectRelated('author').filter({ title: 'Dune' } as never);
    const author = loose(dune).author as Loose;
    expect(author.publisherId).to.be.a('number');
    expect(author.id).to.be.a('number');
  });

  it('refuses to-many relations and unknown names, listing the choices', () => {
    expect(() => LdAuthor.objects.selectRelated('books')).to.throw(FieldError, /to-many relation: use prefetchRelated\('books'\)/);
    expect(() => LdBook.objects.selectRelated('tags')).to.throw(FieldError, /to-many/);
    expect(() => LdBook.objects.selectRelated('auther')).to.throw(FieldError, /Choices are: author, editor/);
    expect(() => LdBook.objects.selectRelated('title')).to.throw(FieldError, /not a relation/);
    expect(() => LdBook.objects.selectRelated('author__nope')).to.throw(FieldError, /selectRelated\('author__nope'\)/);
  });
});
