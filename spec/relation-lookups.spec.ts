import { expect } from 'chai';
import { Avg, Count, F, FieldError, Max, Q, Sum } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { LkAuthor, LkBio, LkBlog, LkBook, LkEntry, LkPost, LkPublisher, LkTag, LOOKUP_MODELS, lkBookTags } from './models/lookup-relation-models.js';

// Relation paths in filter/exclude/orderBy/values/annotate/aggregate, with Django's semantics for
// multi-valued relations. Casts (`as never`) stand in for relation-path typing (issue 3 item 7).

async function seedLibrary() {
  const acme = await LkPublisher.objects.create({ name: 'Acme' });
  const zenith = await LkPublisher.objects.create({ name: 'Zenith' });
  const ann = await LkAuthor.objects.create({ name: 'Ann', publisher: acme } as never);
  const bob = await LkAuthor.objects.create({ name: 'Bob', publisher: zenith } as never);
  const cy = await LkAuthor.objects.create({ name: 'Cy' } as never);
  const dee = await LkAuthor.objects.create({ name: 'Dee', publisher: acme } as never);
  const classic = await LkTag.objects.create({ name: 'classic' });
  const scifi = await LkTag.objects.create({ name: 'sci-fi' });
  const short = await LkTag.objects.create({ name: 'short' });
  const dune = await LkBook.objects.create({ title: 'Dune', pages: 600, author: ann } as never);
  const emma = await LkBook.objects.create({ title: 'Emma', pages: 300, author: bob, editor: ann } as never);
  const frost = await LkBook.objects.create({ title: 'Frost', pages: 150, author: ann, editor: bob } as never);
  const gale = await LkBook.objects.create({ title: 'Gale', pages: 200, author: cy } as never);
  const Through = lkBookTags();
  for (const [book, tag] of [[dune, scifi], [dune, classic], [emma, classic], [frost, short]] as const) {
    await new Through({ lkBookId: book.pk, lkTagId: tag.pk } as never).save();
  }
  await LkBio.objects.create({ author: ann, text: 'writes sci-fi' } as never);
  return { acme, zenith, ann, bob, cy, dee, classic, scifi, short, dune, emma, frost, gale };
}

/** Django's example: Beatles has a 2008 Lennon entry; Pop a 2005 Lennon entry and another 2008 entry. */
async function seedBlogs() {
  const beatles = await LkBlog.objects.create({ name: 'Beatles' });
  const pop = await LkBlog.objects.create({ name: 'Pop' });
  const rock = await LkBlog.objects.create({ name: 'Rock' });
  await LkBlog.objects.create({ name: 'Empty' });
  await LkEntry.objects.create({ blog: beatles, headline: 'Lennon live', pubDate: '2008-03-01' } as never);
  await LkEntry.objects.create({ blog: pop, headline: 'Lennon early', pubDate: '2005-01-01' } as never);
  await LkEntry.objects.create({ blog: pop, headline: 'Other news', pubDate: '2008-06-01' } as never);
  await LkEntry.objects.create({ blog: rock, headline: 'Lennon tribute', pubDate: '2005-05-05' } as never);
}

const names = async (qs: PromiseLike<{ name: string }[]>) => (await qs).map((row) => row.name);
const titles = async (qs: PromiseLike<{ title: string }[]>) => (await qs).map((row) => row.title);
const sqlOf = (qs: { toSQL(): { sql: string } }) => qs.toSQL().sql.toLowerCase();
const count = (sql: string, word: string) => sql.split(word).length - 1;

forEachDialect('Relation lookups: multi-valued relations', LOOKUP_MODELS, () => {
  beforeEach(() => truncate([...LOOKUP_MODELS, lkBookTags()]));

  it('filters on one related row when the conditions share a filter() call', async () => {
    await seedBlogs();
    const qs = LkBlog.objects.filter({ entries__headline__contains: 'Lennon', entries__pubDate__year: 2008 } as never);
    expect(await names(qs)).to.deep.equal(['Beatles']);
    expect(count(sqlOf(qs), ' join ')).to.equal(1);
  });

  it('makes a new join per chained filter() call, so each may match a different related row', async () => {
    await seedBlogs();
    const qs = LkBlog.objects.filter({ entries__headline__contains: 'Lennon' } as never).filter({ entries__pubDate__year: 2008 } as never);
    expect(await names(qs)).to.deep.equal(['Beatles', 'Pop']);
    expect(count(sqlOf(qs), ' join ')).to.equal(2);
  });

  it('shares a many-to-many join within one call and not across calls', async () => {
    await seedLibrary();
    const oneCall = LkBook.objects.filter(Q({ tags__name: 'classic' }) as never, Q({ tags__name: 'sci-fi' }) as never);
    expect(await titles(oneCall)).to.deep.equal([]);
    expect(count(sqlOf(oneCall), ' join ')).to.equal(2);
    const chained = LkBook.objects.filter({ tags__name: 'classic' } as never).filter({ tags__name: 'sci-fi' } as never);
    expect(await titles(chained)).to.deep.equal(['Dune']);
    expect(count(sqlOf(chained), ' join ')).to.equal(4);
  });

  it('exclude() drops rows having any related row that matches (a subquery)', async () => {
    await seedBlogs();
    const qs = LkBlog.objects.exclude({ entries__headline__contains: 'Lennon' } as never);
    expect(await names(qs)).to.deep.equal(['Empty']);
    expect(sqlOf(qs)).to.match(/not \(.* in \(select /);
    expect(sqlOf(qs).split(' where ')[0]).not.to.include(' join ');
  });

  it('exclude() with two conditions over a multi-valued relation tests each on its own, as Django documents', async () => {
    await seedBlogs();
    // Blogs with a Lennon entry and a 2008 entry (not necessarily the same one) are excluded.
    const both = LkBlog.objects.exclude({ entries__headline__contains: 'Lennon', entries__pubDate__year: 2008 } as never);
    expect(await names(both)).to.deep.equal(['Empty', 'Rock']);
    // A negated Q is an exclusion too.
    expect(await names(LkBlog.objects.filter(Q({ entries__pubDate__year: 2008 }).not() as never))).to.deep.equal(['Empty', 'Rock']);
  });

  it('exclude() over many-to-many, reverse ForeignKey and reverse one-to-one keeps rows without related rows', async () => {
    await seedLibrary();
    expect(await titles(LkBook.objects.exclude({ tags__name: 'classic' } as never))).to.deep.equal(['Frost', 'Gale']);
    expect(await names(LkAuthor.objects.exclude({ books__pages__gt: 500 } as never))).to.deep.equal(['Bob', 'Cy', 'Dee']);
    expect(await names(LkAuthor.objects.exclude({ books__isnull: true } as never))).to.deep.equal(['Ann', 'Bob', 'Cy']);
    expect(await names(LkAuthor.objects.exclude({ bio__text__contains: 'sci' } as never))).to.deep.equal(['Bob', 'Cy', 'Dee']);
    expect(await names(LkTag.objects.exclude({ books__author__name: 'Ann' } as never))).to.deep.equal([]);
    expect(await names(LkTag.objects.exclude({ books__author__name: 'Bob' } as never))).to.deep.equal(['sci-fi', 'short']);
  });

  it('exclude() across a nullable ForeignKey keeps rows whose key is NULL', async () => {
    await seedLibrary();
    expect(await titles(LkBook.objects.exclude({ editor__name: 'Ann' } as never))).to.deep.equal(['Dune', 'Frost', 'Gale']);
    expect(await titles(LkBook.objects.exclude({ author__publisher__name: 'Acme' } as never))).to.deep.equal(['Emma', 'Gale']);
  });

  it('excludes by one related row meeting both conditions with __in and a QuerySet, as Django documents', async () => {
    await seedBlogs();
    const lennon2008 = LkEntry.objects.filter({ headline__contains: 'Lennon', pubDate__year: 2008 } as never);
    expect(await names(LkBlog.objects.exclude({ entries__in: lennon2008 } as never))).to.deep.equal(['Empty', 'Pop', 'Rock']);
    expect(await names(LkBlog.objects.filter({ pk__in: lennon2008.valuesList('blog', { flat: true } as never) } as never))).to.deep.equal(['Beatles']);
  });

  it('takes a QuerySet for __in: its primary keys, its one selected column, or a slice of it', async () => {
    await seedLibrary();
    const acmeAuthors = LkAuthor.objects.filter({ publisher__name: 'Acme' } as never);
    expect(await titles(LkBook.objects.filter({ author__in: acmeAuthors } as never))).to.deep.equal(['Dune', 'Frost']);
    expect(await titles(LkBook.objects.filter({ editor__name__in: acmeAuthors.valuesList('name', { flat: true } as never) } as never))).to.deep.equal(['Emma']);
    expect(await titles(LkBook.objects.filter({ pk__in: LkBook.objects.orderBy('-pages').slice(0, 2) } as never))).to.deep.equal(['Dune', 'Emma']);
    expect(await LkBook.objects.filter({ pk__in: LkBook.objects.filter({ pages__lt: 250 }) } as never).update({ pages: 5 })).to.equal(2);
    await LkBook.objects.filter({ pk__in: LkBook.objects.filter({ pages__lt: 250 }) } as never).delete();
    expect(await titles(LkBook.objects.all())).to.deep.equal(['Dune', 'Emma']);
    expect(() => LkBook.objects.filter({ author__in: LkAuthor.objects.values('pk', 'name') } as never)).to.throw(FieldError, /must select one column/);
    expect(() => LkBook.objects.filter({ author: acmeAuthors } as never)).to.throw(FieldError, /through '__in'/);
  });

  it('updates and deletes through an exclude() over a multi-valued relation', async () => {
    await seedLibrary();
    expect(await LkBook.objects.exclude({ tags__name: 'classic' } as never).update({ pages: 1 })).to.equal(2);
    expect(await LkBook.objects.filter({ pages: 1 }).count()).to.equal(2);
    await LkAuthor.objects.exclude({ books__isnull: false } as never).delete();
    expect(await names(LkAuthor.objects.all())).to.deep.equal(['Ann', 'Bob', 'Cy']);
  });
});

forEachDialect('Relation lookups: paths in every clause', LOOKUP_MODELS, () => {
  beforeEach(() => truncate([...LOOKUP_MODELS, lkBookTags()]));

  it('joins INNER for conditions a filter() requires, LEFT for OR, isnull and nullable values', async () => {
    await seedLibrary();
    const required = LkBook.objects.filter({ tags__name: 'classic', editor__name: 'Ann' } as never);
    expect(await titles(required)).to.deep.equal(['Emma']);
    expect(sqlOf(required)).not.to.include('left outer join');
    const either = LkBook.objects.filter(Q({ editor__name: 'Ann' }).or({ title: 'Gale' }) as never);
    expect(await titles(either)).to.deep.equal(['Emma', 'Gale']);
    expect(sqlOf(either)).to.include('left outer join');
    const tagOrTitle = LkBook.objects.filter(Q({ tags__name: 'short' }).or({ title: 'Gale' }) as never);
    expect(await titles(tagOrTitle)).to.deep.equal(['Frost', 'Gale']);
    const noBooks = LkAuthor.objects.filter({ books__isnull: true } as never);
    expect(await names(noBooks)).to.deep.equal(['Dee']);
    expect(sqlOf(noBooks)).to.include('left outer join');
  });

  it('filters by instance, by key and by lists of either, across every kind of relation', async () => {
    const { ann, bob, classic, short, dune, emma } = await seedLibrary();
    expect(await titles(LkBook.objects.filter({ author: ann } as never))).to.deep.equal(['Dune', 'Frost']);
    expect(await titles(LkBook.objects.filter({ authorId: ann.pk } as never))).to.deep.equal(['Dune', 'Frost']);
    const byPk = LkBook.objects.filter({ author__pk: ann.pk } as never);
    expect(await titles(byPk)).to.deep.equal(['Dune', 'Frost']);
    expect(sqlOf(byPk)).not.to.include(' join ');
    expect(sqlOf(LkBook.objects.filter({ author__id__in: [ann.pk] } as never))).not.to.include(' join ');
    expect(await titles(LkBook.objects.filter({ author__in: [ann, bob] } as never))).to.deep.equal(['Dune', 'Emma', 'Frost']);
    expect(await titles(LkBook.objects.filter({ editor: null } as never))).to.deep.equal(['Dune', 'Gale']);
    expect(await names(LkAuthor.objects.filter({ books__in: [dune, emma] } as never).distinct())).to.deep.equal(['Ann', 'Bob']);
    expect(await names(LkAuthor.objects.filter({ books: dune } as never))).to.deep.equal(['Ann']);
    expect(await titles(LkBook.objects.filter({ tags: classic } as never))).to.deep.equal(['Dune', 'Emma']);
    expect(await titles(LkBook.objects.filter({ tags__in: [classic, short] } as never).distinct())).to.deep.equal(['Dune', 'Emma', 'Frost']);
    expect(await names(LkTag.objects.filter({ books: dune } as never))).to.deep.equal(['classic', 'sci-fi']);
    expect(await names(LkAuthor.objects.filter({ bio__text__contains: 'sci' } as never))).to.deep.equal(['Ann']);
    expect(await names(LkAuthor.objects.filter({ bio__isnull: true } as never))).to.deep.equal(['Bob', 'Cy', 'Dee']);
  });

  it('filters by instance through a ForeignKey with toField, which holds the related name', async () => {
    await seedBlogs();
    const [beatles, pop] = [await LkBlog.objects.get({ name: 'Beatles' }), await LkBlog.objects.get({ name: 'Pop' })];
    await LkPost.objects.create({ blog: beatles, title: 'Hello' } as never);
    await LkPost.objects.create({ blog: pop, title: 'Hits' } as never);
    expect(await titles(LkPost.objects.filter({ blog: pop } as never))).to.deep.equal(['Hits']);
    expect(await titles(LkPost.objects.filter({ blog__in: [beatles, pop] } as never))).to.deep.equal(['Hello', 'Hits']);
    const byName = LkPost.objects.filter({ blog__name: 'Beatles' } as never);
    expect(await titles(byName)).to.deep.equal(['Hello']);
    expect(sqlOf(byName)).not.to.include(' join ');
    expect(await names(LkBlog.objects.filter({ posts__title: 'Hits' } as never))).to.deep.equal(['Pop']);
  });

  it('follows paths three and four relations deep, forward and reverse', async () => {
    await seedLibrary();
    expect(await names(LkPublisher.objects.filter({ authors__books__tags__name: 'short' } as never))).to.deep.equal(['Acme']);
    expect(await names(LkPublisher.objects.filter({ authors__books__tags__name: 'classic' } as never).distinct())).to.deep.equal(['Acme', 'Zenith']);
    expect(await names(LkTag.objects.filter({ books__author__publisher__name: 'Zenith' } as never))).to.deep.equal(['classic']);
    expect(await names(LkTag.objects.filter({ books__editor__publisher__name__startswith: 'Ac' } as never))).to.deep.equal(['classic']);
    expect(await names(LkTag.objects.exclude({ books__author__publisher__name: 'Acme' } as never))).to.deep.equal([]);
  });

  it('compares with F() over a relation path', async () => {
    await seedLibrary();
    // Emma (300 pages) is edited by Ann, who wrote Frost (150 pages).
    expect(await titles(LkBook.objects.filter({ pages__gt: F('editor__books__pages') } as never).distinct())).to.deep.equal(['Emma']);
    expect(await names(LkAuthor.objects.filter({ name__lt: F('publisher__name') } as never))).to.deep.equal(['Bob']);
  });

  it('orders by relation paths, descending too', async () => {
    await seedLibrary();
    expect(await titles(LkBook.objects.orderBy('author__name' as never, '-title'))).to.deep.equal(['Frost', 'Dune', 'Emma', 'Gale']);
    const published = LkBook.objects.filter({ author__publisher__isnull: false } as never).orderBy('-author__publisher__name' as never, 'title');
    expect(await titles(published)).to.deep.equal(['Emma', 'Dune', 'Frost']);
  });

  it('streams with iterator() in the order of relation paths, sliced or not', async () => {
    await seedLibrary();
    const collect = async (it: AsyncIterable<LkBook>) => {
      const seen: string[] = [];
      for await (const book of it) seen.push(book.title);
      return seen;
    };
    const ordered = LkBook.objects.orderBy('author__name' as never, '-title');
    expect(await collect(ordered.iterator({ chunkSize: 1 }))).to.deep.equal(['Frost', 'Dune', 'Emma', 'Gale']);
    expect(await collect(ordered.slice(1, 3).iterator({ chunkSize: 1 }))).to.deep.equal(['Dune', 'Emma']);
  });

  it('keeps the rows own columns when a distinct query orders by a joined column of the same name', async () => {
    await seedLibrary();
    const qs = LkAuthor.objects.filter({ publisher__isnull: false } as never).orderBy('publisher__name' as never, 'name').distinct();
    expect(await names(qs)).to.deep.equal(['Ann', 'Dee', 'Bob']);
  });

  it('selects relation paths in values() and valuesList(), keyed by the path and converted per field', async () => {
    const { zenith, ann, dune } = await seedLibrary();
    expect(await LkBook.objects.values('title', 'author__name' as never)).to.deep.equal([
      { title: 'Dune', author__name: 'Ann' },
      { title: 'Emma', author__name: 'Bob' },
      { title: 'Frost', author__name: 'Ann' },
      { title: 'Gale', author__name: 'Cy' },
    ]);
    expect(await LkBook.objects.valuesList('author__name' as never, { flat: true })).to.deep.equal(['Ann', 'Bob', 'Ann', 'Cy']);
    const deep = await LkBook.objects.valuesList('author__publisher__name' as never, 'editor__name' as never, 'pages');
    expect(deep).to.deep.equal([['Acme', null, 600], ['Zenith', 'Ann', 300], ['Acme', 'Bob', 150], [null, null, 200]]);
    expect(await LkBook.objects.filter({ title: 'Emma' }).values('author__publisher' as never)).to.deep.equal([{ author__publisher: zenith.pk }]);
    const tagged = await LkBook.objects.orderBy('title', 'tags__name' as never).valuesList('title', 'tags__name' as never);
    expect(tagged).to.deep.equal([['Dune', 'classic'], ['Dune', 'sci-fi'], ['Emma', 'classic'], ['Frost', 'short'], ['Gale', null]]);
    expect(await LkAuthor.objects.filter({ name: 'Ann' }).valuesList('books' as never, { flat: true }).orderBy('books' as never)).to.have.length(2);
    const withPk = await LkBook.objects.filter({ title: 'Dune' }).values('pk', 'author__pk' as never);
    expect(withPk).to.deep.equal([{ pk: dune.pk, author__pk: ann.pk }]);
    expect(await LkBook.objects.filter({ title: 'Dune' }).values('author', 'authorId' as never)).to.deep.equal([{ author: ann.pk, authorId: ann.pk }]);
    expect(Object.keys((await LkBook.objects.filter({ title: 'Dune' }).values())[0]!).sort()).to.deep.equal(['authorId', 'editorId', 'id', 'pages', 'title']);
    expect(await LkBook.objects.filter({ title: 'Dune' }).valuesList('author__name' as never, 'pk', 'editor')).to.deep.equal([['Ann', dune.pk, null]]);
  });

  it('selects a path longer than PostgreSQL names may be (63 bytes)', async () => {
    await seedLibrary();
    const path = 'authors__books__author__publisher__authors__books__editor__publisher__name';
    expect(path.length).to.be.greaterThan(63);
    expect(await LkPublisher.objects.filter({ name: 'Zenith' }).valuesList(path as never, { flat: true }).distinct()).to.deep.equal(['Acme']);
    expect(await LkPublisher.objects.filter({ name: 'Zenith' }).values(path as never).distinct()).to.deep.equal([{ [path]: 'Acme' }]);
  });

  it('annotates counts, sums, averages and maxima over reverse and many-to-many relations', async () => {
    await seedLibrary();
    const counts = await LkAuthor.objects.annotate({ n: Count('books'), pages: Sum('books__pages') }).orderBy('name').values('name', 'n' as never, 'pages' as never);
    expect(counts).to.deep.equal([
      { name: 'Ann', n: 2, pages: 750 },
      { name: 'Bob', n: 1, pages: 300 },
      { name: 'Cy', n: 1, pages: 200 },
      { name: 'Dee', n: 0, pages: null },
    ]);
    const authorsPerTag = await LkTag.objects.annotate({ n: Count('books__author', { distinct: true }), most: Max('books__pages'), mean: Avg('books__pages') }).orderBy('name').valuesList('name', 'n' as never, 'most' as never, 'mean' as never);
    expect(authorsPerTag).to.deep.equal([['classic', 2, 600, 450], ['sci-fi', 1, 600, 600], ['short', 1, 150, 150]]);
  });

  it("counts the joined rows' key, not every row, when a count reaches through a LEFT join (an author without books counts 0)", async () => {
    await seedLibrary();
    const query = LkAuthor.objects.annotate({ n: Count('books'), rows: Count('pk') }).orderBy('name');
    expect(query.toSQL().sql).to.match(/COUNT\([`"]lk_books[`"]\.[`"]id[`"]\)/);
    expect(await query.valuesList('name', 'n' as never, 'rows' as never)).to.deep.equal([['Ann', 2, 2], ['Bob', 1, 1], ['Cy', 1, 1], ['Dee', 0, 1]]);
  });

  it('counts two multi-valued relations right with distinct: true (their joins multiply rows, as in Django)', async () => {
    await seedLibrary();
    const both = LkAuthor.objects.annotate({ written: Count('books', { distinct: true }), editedCount: Count('edited', { distinct: true }) });
    expect(await both.orderBy('name').valuesList('name', 'written' as never, 'editedCount' as never)).to.deep.equal([['Ann', 2, 1], ['Bob', 1, 1], ['Cy', 1, 0], ['Dee', 0, 0]]);
    const inflated = await LkAuthor.objects.annotate({ editedCount: Count('edited'), written: Count('books') }).filter({ name: 'Ann' }).valuesList('editedCount' as never, { flat: true });
    expect(inflated).to.deep.equal([2]);
  });

  it('filters on an annotation over a relation, keeping rows with no related rows', async () => {
    await seedLibrary();
    const annotated = LkAuthor.objects.annotate({ n: Count('books') });
    expect(await names(annotated.filter({ n__gt: 1 } as never))).to.deep.equal(['Ann']);
    expect(await names(annotated.filter({ n__lt: 1 } as never))).to.deep.equal(['Dee']);
    expect(await names(annotated.exclude({ n: 1 } as never).orderBy('name'))).to.deep.equal(['Ann', 'Dee']);
  });

  it('counts only the filtered related rows when filter() comes before annotate(), as Django does', async () => {
    await seedLibrary();
    const before = await LkAuthor.objects.filter({ books__pages__gt: 250 } as never).annotate({ n: Count('books') }).orderBy('name').valuesList('name', 'n' as never);
    expect(before).to.deep.equal([['Ann', 1], ['Bob', 1]]);
    const after = await LkAuthor.objects.annotate({ n: Count('books', { distinct: true }) }).filter({ books__pages__gt: 250 } as never).orderBy('name').valuesList('name', 'n' as never);
    expect(after).to.deep.equal([['Ann', 2], ['Bob', 1]]);
  });

  it('groups values() of a relation path with annotate(), and orders a grouped query by a joined column', async () => {
    await seedLibrary();
    const perPublisher = await LkAuthor.objects.filter({ publisher__isnull: false } as never).values('publisher__name' as never).annotate({ n: Count('books') }).orderBy('publisher__name' as never);
    expect(perPublisher).to.deep.equal([{ publisher__name: 'Acme', n: 2 }, { publisher__name: 'Zenith', n: 1 }]);
    const ordered = LkAuthor.objects.filter({ publisher__isnull: false } as never).annotate({ n: Count('books') }).orderBy('-publisher__name' as never, 'name');
    expect((await ordered).map((a) => [a.name, (a as unknown as { n: number }).n])).to.deep.equal([['Bob', 1], ['Ann', 2], ['Dee', 0]]);
  });

  it('aggregates over relation paths', async () => {
    await seedLibrary();
    expect(await LkAuthor.objects.aggregate({ pages: Sum('books__pages') })).to.deep.equal({ pages: 1250 });
    expect(await LkTag.objects.aggregate({ books: Count('books', { distinct: true }), links: Count('books') })).to.deep.equal({ books: 3, links: 4 });
    expect(await LkBook.objects.aggregate({ last: Max('author__name') })).to.deep.equal({ last: 'Cy' });
    expect(await LkPublisher.objects.filter({ name: 'Acme' }).aggregate({ pages: Sum('authors__books__pages') })).to.deep.equal({ pages: 750 });
    // The aggregate reuses the filter's join, so it sums only the books that matched.
    expect(await LkAuthor.objects.filter({ books__pages__gt: 250 } as never).aggregate({ n: Count('books'), pages: Sum('books__pages') })).to.deep.equal({ n: 2, pages: 900 });
  });

  it('annotates a joined column with F() and filters and orders on it', async () => {
    await seedLibrary();
    const qs = LkAuthor.objects.annotate({ house: F<string | null>('publisher__name') });
    expect(await qs.filter({ house: 'Acme' } as never).valuesList('name', { flat: true })).to.deep.equal(['Ann', 'Dee']);
    expect(sqlOf(qs.filter({ house: 'Acme' } as never))).not.to.include('left outer join');
    const all = await qs.orderBy('name').values('name', 'house' as never);
    expect(all).to.deep.equal([{ name: 'Ann', house: 'Acme' }, { name: 'Bob', house: 'Zenith' }, { name: 'Cy', house: null }, { name: 'Dee', house: 'Acme' }]);
  });

  it('names the model and its choices for an unknown segment, and refuses a lookup that is not last', async () => {
    expect(() => LkAuthor.objects.filter({ bokos__title: 'x' } as never)).to.throw(FieldError, /Choices are: .*bio.*books.*edited.*Did you mean 'books'/s);
    expect(() => LkBook.objects.filter({ author__publisher__nme: 'x' } as never)).to.throw(FieldError, /'nme'.*Choices are: authors, id, name/s);
    expect(() => LkBook.objects.filter({ author__exact__name: 'x' } as never)).to.throw(FieldError, /'exact' is a lookup, so it must come last/);
    expect(() => LkBook.objects.filter({ author__name__exact__in: 'x' } as never)).to.throw(FieldError, /must come last/);
    expect(() => LkBook.objects.exclude({ tags__nme: 'x' } as never)).to.throw(FieldError, /Choices are: books, id, name/);
    expect(() => LkBook.objects.orderBy('author__nme' as never)).to.throw(FieldError, /Choices are/);
    expect(() => LkBook.objects.values('author__nme' as never)).to.throw(FieldError, /Choices are/);
    expect(() => LkBook.objects.values('author__name__icontains' as never)).to.throw(FieldError, /must name a field/);
    expect(() => LkBook.objects.annotate({ n: Count('tags__nme') })).to.throw(FieldError, /Choices are/);
    expect(() => LkBook.objects.filter({ author: new LkAuthor({ name: 'Unsaved' } as never) } as never)).to.throw(FieldError, /LkAuthor instances passed to filters must be saved/);
  });
});
