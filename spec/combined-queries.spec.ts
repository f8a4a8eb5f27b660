import { expect } from 'chai';
import { Count, Exists, ExtractYear, F, FieldError, Lower, NotSupportedError, OuterRef, Q, WrenTypeError } from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { REPORT_MODELS, RAuthor, RBook, RReview, seedReports } from './models/report-models.js';

const reviewed = () => Exists(RReview.objects.filter({ book: OuterRef('pk') }));

forEachDialect('alias(), values() with expressions, boolean filters, union/intersection/difference, dates()', [...REPORT_MODELS], (dialect) => {
  before(seedReports);

  describe('alias()', () => {
    it('filters and orders on a value it does not select', async () => {
      const qs = RBook.objects.alias({ n: Count('reviews') }).filter({ n__gt: 1 }).orderBy('-n', 'title');
      const books = await qs;
      expect(books.map((book) => book.title)).to.deep.equal(['Alpha', 'Gamma']);
      expect(Object.keys(books[0]!)).not.to.include('n');
      expect(qs.toSQL().sql).to.match(/having COUNT\(/i);
      expect(qs.toSQL().sql).not.to.match(/ AS .n./);
      expect(await qs.count()).to.equal(2);
      expect(await RAuthor.objects.alias({ pages: F('books__pages') }).filter({ pages__gt: 900 }).valuesList('name', { flat: true })).to.deep.equal(['Ann', 'Cy']);
    });

    it('refuses to select an alias', () => {
      expect(() => RBook.objects.alias({ n: Count('reviews') }).values('n' as never)).to.throw(FieldError, /Cannot select the 'n' alias: use annotate\(\)/);
    });
  });

  describe('values() with expressions', () => {
    it('selects computed columns by name, and groups by them', async () => {
      const perYear = await RBook.objects.values({ year: ExtractYear('published') }).annotate({ n: Count('pk') }).filter({ year__isnull: false }).orderBy('year');
      expect(perYear).to.deep.equal([{ year: 2023, n: 1 }, { year: 2024, n: 5 }]);
      const mixed = await RBook.objects.filter({ title: 'Beta' }).values('title', { double: F('pages').mul(2) });
      expect(mixed).to.deep.equal([{ title: 'Beta', double: 600 }]);
    });
  });

  describe('distinct() ordered by an expression', () => {
    it('selects the ordering expression too, as PostgreSQL requires', async () => {
      expect(await RBook.objects.values('author__country').distinct().orderBy(Lower('author__country').desc({ nullsLast: true }))).to.deep.equal([{ author__country: 'UK' }, { author__country: 'NZ' }, { author__country: null }]);
      expect(await RBook.objects.distinct().orderBy(F('pages').mul(-1).asc()).valuesList('title', { flat: true })).to.deep.equal(['Eta', 'Gamma', 'Epsilon', 'Beta', 'Delta', 'Alpha', 'Zeta']);
    });
  });

  describe('boolean expressions as conditions', () => {
    it('filter(Exists(...)), exclude(Exists(...)) and Exists inside Q with |', async () => {
      expect(await RBook.objects.filter(reviewed()).valuesList('title', { flat: true })).to.deep.equal(['Alpha', 'Beta', 'Delta', 'Eta', 'Gamma']);
      expect(await RBook.objects.exclude(reviewed()).valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Zeta']);
      expect(await RBook.objects.filter(Q(reviewed().not()).or({ pages__gt: 900 })).valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Eta', 'Gamma', 'Zeta']);
      expect(await RBook.objects.filter(Q({ inStock: false }).and(reviewed())).valuesList('title', { flat: true })).to.deep.equal(['Beta']);
    });
  });

  describe('union(), intersection(), difference()', () => {
    const cheap = () => RBook.objects.filter({ price__lt: '10' });
    const long = () => RBook.objects.filter({ pages__gt: 900 });

    it('combines, then orders, slices and counts the combined rows', async () => {
      const both = cheap().union(long()).orderBy('-pages');
      expect((await both).map((book) => book.title)).to.deep.equal(['Eta', 'Gamma', 'Alpha', 'Zeta']);
      expect(await both.count()).to.equal(4);
      expect((await both.slice(1, 3)).map((book) => book.title)).to.deep.equal(['Gamma', 'Alpha']);
      expect((await both.first())?.title).to.equal('Eta');
      expect((await both.reverse()).map((book) => book.title)).to.deep.equal(['Zeta', 'Alpha', 'Gamma', 'Eta']);
      // values() after union() selects in every part; the ordering must then be among the values.
      expect(() => both.valuesList('title', { flat: true }).toSQL()).to.throw(NotSupportedError, /order by selected fields/);
      expect(await cheap().union(long()).orderBy('-title').valuesList('title', { flat: true })).to.deep.equal(['Zeta', 'Gamma', 'Eta', 'Alpha']);
    });

    it('keeps duplicates with { all: true } and takes values() of every part', async () => {
      expect(await RBook.objects.values('author').union(RBook.objects.values('author')).count()).to.equal(3);
      expect(await RBook.objects.values('author').union(RBook.objects.values('author'), { all: true }).count()).to.equal(14);
      expect(await cheap().union(long()).valuesList('title', { flat: true }).then((titles) => [...titles].sort())).to.deep.equal(['Alpha', 'Eta', 'Gamma', 'Zeta']);
    });

    it('intersects and subtracts', async () => {
      const inStock = () => RBook.objects.filter({ inStock: true });
      const short = () => RBook.objects.filter({ pages__lt: 300 });
      expect(await inStock().intersection(short()).orderBy('title').valuesList('title', { flat: true })).to.deep.equal(['Alpha', 'Delta']);
      expect((await inStock().difference(short()).orderBy('title')).map((book) => book.title)).to.deep.equal(['Epsilon', 'Eta', 'Gamma']);
      if (dialect === 'sqlite') {
        expect(() => inStock().intersection(short(), { all: true }).toSQL()).to.throw(NotSupportedError, /no INTERSECT ALL/);
      } else {
        expect(await inStock().intersection(short(), { all: true }).count()).to.equal(2);
      }
    });

    it('combines values() of different models, each part reading its own table', async () => {
      const names = RAuthor.objects.valuesList('name', { flat: true }).union(RBook.objects.filter({ pages__gt: 900 }).valuesList('title', { flat: true }));
      const expected = [...(await RAuthor.objects.valuesList('name', { flat: true })), ...(await long().valuesList('title', { flat: true }))].sort();
      expect([...(await names)].sort()).to.deep.equal(expected);
      const rows = await RAuthor.objects.values('name').union(long().values('title') as never).orderBy('name');
      expect(rows.map((row) => row.name)).to.deep.equal(expected);
    });

    it('takes ordered, sliced parts', async () => {
      const longest = RBook.objects.orderBy('-pages').slice(0, 1);
      expect(await longest.union(RBook.objects.filter({ pages__lt: 100 })).orderBy(F('title').desc()).valuesList('title', { flat: true })).to.deep.equal(['Zeta', 'Eta']);
    });

    it('refuses what Django refuses', () => {
      expect(() => cheap().union(long()).filter({ pk: 1 })).to.throw(NotSupportedError, /Calling filter\(\) after union\(\) is not supported/);
      expect(() => cheap().intersection(long()).annotate({ n: Count('pk') })).to.throw(NotSupportedError, /annotate\(\) after intersection\(\)/);
      expect(() => cheap().union(RBook.objects.values('title') as never)).to.throw(NotSupportedError, /same columns/);
      expect(() => cheap().union('x' as never)).to.throw(WrenTypeError, /a QuerySet/);
    });
  });

  describe('dates() and datetimes()', () => {
    it('lists the distinct truncated dates, NULLs left out, in either order', async () => {
      expect(await RBook.objects.dates('published', 'month')).to.deep.equal(['2023-12-01', '2024-01-01', '2024-02-01', '2024-03-01']);
      expect(await RBook.objects.dates('published', 'year', 'DESC')).to.deep.equal(['2024-01-01', '2023-01-01']);
      expect(await RBook.objects.dates('published', 'week')).to.deep.equal(['2023-12-25', '2024-01-15', '2024-01-29', '2024-02-19', '2024-02-26', '2024-03-11']);
      expect(await RBook.objects.filter({ author__name: 'Ann' }).dates('published', 'quarter')).to.deep.equal(['2024-01-01']);
    });

    it('lists truncated datetimes as Dates in UTC', async () => {
      expect(await RReview.objects.datetimes('at', 'month')).to.deep.equal(['2024-01-01', '2024-02-01', '2024-03-01'].map((day) => new Date(`${day}T00:00:00Z`)));
      expect(await RBook.objects.datetimes('published', 'hour', 'DESC').first()).to.deep.equal(new Date('2024-03-15T12:00:00Z'));
    });

    it('refuses other fields and kinds', () => {
      expect(() => RBook.objects.dates('title' as never, 'month')).to.throw(FieldError, /'title' is a CharField/);
      expect(() => RBook.objects.dates('published', 'hour' as never)).to.throw(WrenTypeError, /kind/);
      expect(() => RBook.objects.dates('published', 'month', 'up' as never)).to.throw(WrenTypeError, /'ASC' or 'DESC'/);
    });
  });
});
