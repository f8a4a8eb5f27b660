import { expect } from 'chai';
import { captureQueries, database, FieldError, Prefetch, prefetchRelatedObjects, RelatedObjectNotLoaded, WrenError } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { LdAuthor, LdBook, LdProfile, LdPublisher, LdTag, ldBookTags, LOADING_MODELS, seedLibrary, type Loose } from './models/loading-models.js';

const loose = (value: unknown) => value as Loose;
const titles = (books: unknown) => (books as LdBook[]).map((b) => b.title);
const names = (rows: unknown) => (rows as { name: string }[]).map((r) => r.name);

/** Runs `fn`, returning its result and the number of queries it ran. */
async function counted<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let result: T | undefined;
  const queries = await captureQueries(async () => {
    result = await fn();
  });
  return [result as T, queries.length];
}

forEachDialect('prefetchRelated', LOADING_MODELS, () => {
  beforeEach(async () => {
    await truncate([...LOADING_MODELS, ldBookTags()]);
    await seedLibrary();
  });

  it('loads a reverse ForeignKey with one extra query, cached for related() and the related manager', async () => {
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated('books').fetch());
    expect(n).to.equal(2);
    const [, none] = await counted(async () => {
      expect(titles(await loose(authors[0]).related('books'))).to.deep.equal(['Dune', 'Emma']);
      expect(titles(await loose(authors[1]).related('books'))).to.deep.equal(['Hamlet']);
      const manager = loose(authors[0]).books as { all(): PromiseLike<LdBook[]> };
      expect(titles(await manager.all())).to.deep.equal(['Dune', 'Emma']);
    });
    expect(none).to.equal(0);
  });

  it('loads forward keys (shared instances, null for a null key)', async () => {
    const [books, n] = await counted(() => LdBook.objects.prefetchRelated('author', 'editor').fetch());
    expect(n).to.equal(3);
    expect(books.map((b) => (loose(b).author as LdAuthor).name)).to.deep.equal(['Ann', 'Ann', 'Bob']);
    expect(books.map((b) => (loose(b).editor as LdAuthor | null)?.name ?? null)).to.deep.equal([null, 'Bob', null]);
    expect(loose(books[0]).author).to.equal(loose(books[1]).author);
  });

  it('loads many-to-many relations from both sides, in the related model ordering', async () => {
    const [books, n] = await counted(() => LdBook.objects.prefetchRelated('tags').fetch());
    expect(n).to.equal(2);
    expect(await Promise.all(books.map(async (b) => names(await loose(b).related('tags'))))).to.deep.equal([['classic', 'sci-fi'], ['classic'], []]);
    const [tags, m] = await counted(() => LdTag.objects.prefetchRelated('books').fetch());
    expect(m).to.equal(2);
    expect(await Promise.all(tags.map(async (t) => titles(await loose(t).related('books'))))).to.deep.equal([['Dune', 'Emma'], ['Dune']]);
    // The join key used for grouping does not stay on the instances.
    expect(Object.keys(books[0]!)).to.not.include('_wrenPrefetchKey');
  });

  it('follows nested paths with one query per level, sharing levels between lookups', async () => {
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated('books', 'books__tags', 'books__editor').fetch());
    expect(n).to.equal(4);
    const ann = authors[0]!;
    const books = (await loose(ann).related('books')) as LdBook[];
    expect(names(await loose(books[0]).related('tags'))).to.deep.equal(['classic', 'sci-fi']);
    expect((loose(books[1]).editor as LdAuthor).name).to.equal('Bob');
    const [publishers, p] = await counted(() => LdPublisher.objects.prefetchRelated('authors__books__tags').fetch());
    expect(p).to.equal(4);
    const acmeAuthors = (await loose(publishers[0]).related('authors')) as LdAuthor[];
    expect(names(acmeAuthors)).to.deep.equal(['Ann']);
  });

  it('takes a Prefetch queryset and toAttr, and traverses the attribute', async () => {
    const recent = Prefetch('books', LdBook.objects.filter({ year__gte: 1800 } as never).orderBy('-year' as never), { toAttr: 'recentBooks' });
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated(recent, 'recentBooks__tags').fetch());
    expect(n).to.equal(3);
    expect(titles(loose(authors[0]).recentBooks)).to.deep.equal(['Dune', 'Emma']);
    expect(loose(authors[1]).recentBooks).to.deep.equal([]);
    const dune = (loose(authors[0]).recentBooks as LdBook[])[0]!;
    expect(names(await loose(dune).related('tags'))).to.deep.equal(['classic', 'sci-fi']);
    // toAttr leaves the relation cache alone: books is still unloaded.
    const [, queries] = await counted(async () => titles(await loose(authors[0]).related('books')));
    expect(queries).to.equal(1);
  });

  it('runs a Prefetch queryset with its own selectRelated and prefetchRelated', async () => {
    const books = LdBook.objects.selectRelated('editor').prefetchRelated('tags');
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated(Prefetch('books', books)).fetch());
    expect(n).to.equal(3);
    const emma = ((await loose(authors[0]).related('books')) as LdBook[])[1]!;
    expect((loose(emma).editor as LdAuthor).name).to.equal('Bob');
    expect(names(await loose(emma).related('tags'))).to.deep.equal(['classic']);
  });

  it('uses a Prefetch queryset for the last level of a nested path', async () => {
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated(Prefetch('books__tags', LdTag.objects.filter({ name: 'classic' } as never))).fetch());
    expect(n).to.equal(3);
    const books = (await loose(authors[0]).related('books')) as LdBook[];
    expect(await Promise.all(books.map(async (b) => names(await loose(b).related('tags'))))).to.deep.equal([['classic'], ['classic']]);
  });

  it('works on filtered and sliced querysets, with get() and first()', async () => {
    const [bob, n] = await counted(() => LdAuthor.objects.filter({ name: 'Bob' } as never).prefetchRelated('books').get());
    expect(n).to.equal(2);
    expect(titles(await loose(bob).related('books'))).to.deep.equal(['Hamlet']);
    const [sliced, m] = await counted(() => LdBook.objects.orderBy('-title' as never).slice(1, 3).prefetchRelated('tags', 'author').fetch());
    expect(m).to.equal(3);
    expect(sliced.map((b) => [b.title, (loose(b).author as LdAuthor).name])).to.deep.equal([['Emma', 'Ann'], ['Dune', 'Ann']]);
    const first = await LdAuthor.objects.prefetchRelated('books').first();
    expect(titles(await loose(first).related('books'))).to.deep.equal(['Dune', 'Emma']);
    expect(await LdAuthor.objects.prefetchRelated('books').exists()).to.equal(true);
  });

  it('loads a reverse one-to-one: the object, or known to be missing', async () => {
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated('ldProfile').fetch());
    expect(n).to.equal(2);
    expect((loose(authors[0]).ldProfile as LdProfile).bio).to.equal('writes');
    // Known to be missing: reading it raises DoesNotExist, with no query.
    const [, none] = await counted(async () => {
      expect(() => loose(authors[1]).ldProfile).to.throw(LdProfile.DoesNotExist);
    });
    expect(none).to.equal(0);
  });

  it('skips levels selectRelated already loaded', async () => {
    const [books, n] = await counted(() => LdBook.objects.selectRelated('author').prefetchRelated('author__books').fetch());
    expect(n).to.equal(2);
    const author = loose(books[2]).author as Loose;
    expect(titles(await author.related('books'))).to.deep.equal(['Hamlet']);
  });

  it('splits the keys into batches under the dialect parameter limit', async () => {
    const dialect = database().dialect as { maxQueryParams: number };
    const saved = dialect.maxQueryParams;
    Object.defineProperty(dialect, 'maxQueryParams', { value: 2, configurable: true, writable: true });
    try {
      const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated('books').fetch());
      expect(n).to.equal(3); // the main query, then one key per batch
      expect(titles(await loose(authors[0]).related('books'))).to.deep.equal(['Dune', 'Emma']);
      expect(titles(await loose(authors[1]).related('books'))).to.deep.equal(['Hamlet']);
    } finally {
      Object.defineProperty(dialect, 'maxQueryParams', { value: saved, configurable: true, writable: true });
    }
  });

  it('prefetchRelatedObjects() loads relations for instances already in hand; null clears lookups', async () => {
    const books = await LdBook.objects.all();
    const [, n] = await counted(() => prefetchRelatedObjects(books, ['author__publisher']));
    expect(n).to.equal(2);
    expect((loose(loose(books[0]).author).publisher as LdPublisher).name).to.equal('Acme');
    const [plain] = await LdBook.objects.prefetchRelated('author').prefetchRelated(null);
    expect(() => loose(plain).author).to.throw(RelatedObjectNotLoaded);
  });

  it('reports unknown names with the choices, and a Prefetch queryset over the wrong model', async () => {
    let error: unknown;
    try {
      await LdAuthor.objects.prefetchRelated('bookz');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FieldError);
    expect((error as Error).message).to.match(/Cannot find 'bookz' on LdAuthor.*Choices are: books, edited, ldProfile, publisher/);
    let wrong: unknown;
    try {
      await LdAuthor.objects.prefetchRelated(Prefetch('books', LdTag.objects.all()));
    } catch (e) {
      wrong = e;
    }
    expect(wrong).to.be.instanceOf(WrenError);
    expect((wrong as Error).message).to.contain('the queryset is over LdTag, but the relation loads LdBook');
  });

  it('slices each instance\'s list with a sliced Prefetch queryset, as Django does', async () => {
    const newest = LdBook.objects.orderBy('-title' as never);
    const [authors, n] = await counted(() => LdAuthor.objects.prefetchRelated(Prefetch('books', newest.slice(0, 1), { toAttr: 'newest' })).fetch());
    expect(n).to.equal(2);
    expect(authors.map((a) => titles(loose(a).newest))).to.deep.equal([['Emma'], ['Hamlet']]);
    const [rest] = await counted(() => LdAuthor.objects.prefetchRelated(Prefetch('books', newest.slice(1), { toAttr: 'older' })).fetch());
    expect(rest.map((a) => titles(loose(a).older))).to.deep.equal([['Dune'], []]);
    const [tags] = await counted(() => LdTag.objects.prefetchRelated(Prefetch('books', LdBook.objects.orderBy('title' as never).slice(0, 1), { toAttr: 'first' })).fetch());
    expect(tags.map((t) => titles(loose(t).first))).to.deep.equal([['Dune'], ['Dune']]);
  });
});
