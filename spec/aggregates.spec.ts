import { expect } from 'chai';
import { Avg, Count, F, FieldError, Max, Min, NotSupportedError, Q, Subquery, Sum } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { AggBook } from './models/lookup-models.js';

const BOOKS = [
  { title: 'Alpha', genre: 'fiction', pages: 100, rating: 4.5, price: '10.00', published: '2020-01-10' },
  { title: 'Beta', genre: 'fiction', pages: 300, rating: 3.0, price: '25.50', published: '2021-05-01' },
  { title: 'Gamma', genre: 'poetry', pages: 50, rating: null, price: '8.25', published: null },
  { title: 'Delta', genre: 'science', pages: 420, rating: 5.0, price: '40.00', published: '2019-11-30' },
  { title: 'Eps', genre: 'fiction', pages: 200, rating: 4.0, price: '10.00', published: '2021-07-15' },
];

const books = AggBook.objects;

forEachDialect('Aggregates', [AggBook], (dialect) => {
  before(async () => {
    await truncate([AggBook]);
    await books.bulkCreate(BOOKS);
  });

  describe('aggregate()', () => {
    it('computes Avg and Count as numbers', async () => {
      const result = await books.aggregate({ avg: Avg('pages'), n: Count('pk') });
      expect(result).to.deep.equal({ avg: 214, n: 5 });
      expect(typeof result.avg).to.equal('number');
    });

    it('returns the same JS types on every dialect', async () => {
      const result = await books.aggregate({
        avgRating: Avg('rating'),
        avgPrice: Avg('price'),
        sumPages: Sum('pages'),
        sumRating: Sum('rating'),
        sumPrice: Sum<string>('price'),
        minPages: Min<number>('pages'),
        maxPages: Max<number>('pages'),
        minPrice: Min<string>('price'),
        maxTitle: Max<string>('title'),
        firstPublished: Min<string>('published'),
      });
      expect(result).to.deep.equal({
        avgRating: 4.125,
        avgPrice: 18.75,
        sumPages: 1070,
        sumRating: 16.5,
        sumPrice: '93.75',
        minPages: 50,
        maxPages: 420,
        minPrice: '8.25',
        maxTitle: 'Gamma',
        firstPublished: '2019-11-30',
      });
    });

    it('counts non-null values, and distinct ones', async () => {
      const result = await books.aggregate({
        all: Count('*'),
        rated: Count('rating'),
        genres: Count('genre', { distinct: true }),
        prices: Count('price', { distinct: true }),
      });
      expect(result).to.deep.equal({ all: 5, rated: 4, genres: 3, prices: 4 });
      expect(books.annotate({ g: Count('genre', { distinct: true }) }).values('g' as never).toSQL().sql).to.match(/COUNT\(DISTINCT /);
    });

    it("writes Count('pk') and counts of other NOT NULL columns as COUNT(*), keeping the column where NULLs or DISTINCT matter", async () => {
      const counted = books.values('genre').annotate({ n: Count('pk'), titled: Count('title'), rated: Count('rating'), kinds: Count('genre', { distinct: true }) });
      const sql = counted.toSQL().sql;
      expect(sql.match(/COUNT\(\*\)/g)).to.have.length(2);
      expect(sql).to.match(/COUNT\([`"]aggregates_books[`"]\.[`"]rating[`"]\)/);
      expect(sql).to.match(/COUNT\(DISTINCT [`"]aggregates_books[`"]\.[`"]genre[`"]\)/);
      const rows = await counted.orderBy('genre');
      expect(rows).to.deep.equal([
        { genre: 'fiction', n: 3, titled: 3, rated: 3, kinds: 1 },
        { genre: 'poetry', n: 1, titled: 1, rated: 0, kinds: 1 },
        { genre: 'science', n: 1, titled: 1, rated: 1, kinds: 1 },
      ]);
      const longOnes = await books.aggregate({ n: Count('pk', { filter: Q({ pages__gt: 150 }) }) });
      expect(longOnes).to.deep.equal({ n: 3 });
    });

    it('aggregates only the filtered rows', async () => {
      const fiction = await books.filter({ genre: 'fiction' }).aggregate({ n: Count('pk'), totalPages: Sum('pages'), avg: Avg('rating') });
      expect(fiction.n).to.equal(3);
      expect(fiction.totalPages).to.equal(600);
      expect(fiction.avg).to.be.closeTo(3.8333, 0.0001);
    });

    it('over no rows: Count is 0 and the others null', async () => {
      const aggregates = { n: Count('pk'), sum: Sum('pages'), avg: Avg('pages'), min: Min('pages'), max: Max('title') };
      expect(await books.filter({ pages__gt: 10_000 }).aggregate(aggregates)).to.deep.equal({ n: 0, sum: null, avg: null, min: null, max: null });
      expect(await books.none().aggregate(aggregates)).to.deep.equal({ n: 0, sum: null, avg: null, min: null, max: null });
    });

    it('aggregates an expression and an earlier annotation', async () => {
      const direct = await books.aggregate({ value: Sum<string>(F('price').mul(F('pages'))) });
      expect(direct.value).to.equal('27862.50');
      const viaAnnotation = await books.annotate({ value: F('price').mul(F('pages')) }).aggregate({ total: Sum<string>('value') });
      expect(viaAnnotation.total).to.equal('27862.50');
    });

    it('annotate() before values() keeps one row per object (grouped by its key), as in Django', async () => {
      const { sql } = books.annotate({ n: Count('pk') }).values('n' as never).toSQL();
      expect(sql).to.match(/group by [^,]*"?id"?/i);
      expect(await books.annotate({ n: Count('pk') }).values('n' as never)).to.deep.equal(BOOKS.map(() => ({ n: 1 })));
      // The values() fields do not regroup the rows: five books, three genres.
      const perBook = await books.annotate({ n: Count('pk'), total: Sum('pages') }).values('genre', 'n' as never, 'total' as never).orderBy('title');
      expect(perBook).to.have.length(BOOKS.length);
      expect(perBook.map((row) => (row as unknown as { total: number }).total)).to.deep.equal([100, 300, 420, 200, 50]);
      expect(await books.annotate({ n: Count('pk') }).valuesList('genre', { flat: true }).orderBy('title')).to.deep.equal(['fiction', 'fiction', 'science', 'fiction', 'poetry']);
      // values() before annotate() groups by the values: one row per genre.
      expect(await books.values('genre').annotate({ n: Count('pk') })).to.have.length(3);
    });

    it('refuses aggregate() over a slice or distinct() with NotSupportedError; a pk__in subquery of the slice works', async () => {
      for (const qs of [books.orderBy('pages').slice(0, 2), books.distinct()]) {
        let caught: unknown;
        await qs.aggregate({ n: Sum('pages') }).catch((error: unknown) => (caught = error));
        expect(caught).to.be.instanceOf(NotSupportedError);
      }
      const shortest = Subquery(books.orderBy('pages').slice(0, 2).values('pk'));
      expect(await books.filter({ pk__in: shortest }).aggregate({ n: Sum('pages') })).to.deep.equal({ n: 150 });
    });

    it('refuses an aggregate over an aggregate', async () => {
      let caught: unknown;
      try {
        await books.values('genre').annotate({ n: Count('pk') }).aggregate({ avg: Avg('n') });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(NotSupportedError);
      expect(() => books.annotate({ avg: Avg(Count('pk')) })).to.throw(FieldError, /Cannot compute AVG\(\) over an aggregate/);
    });
  });

  describe('annotate() with values(): GROUP BY', () => {
    it('groups by the values() fields', async () => {
      const rows = await books.values('genre').annotate({ n: Count('pk'), total: Sum('pages') }).orderBy('genre');
      expect(rows).to.deep.equal([
        { genre: 'fiction', n: 3, total: 600 },
        { genre: 'poetry', n: 1, total: 50 },
        { genre: 'science', n: 1, total: 420 },
      ]);
      const { sql } = books.values('genre').annotate({ n: Count('pk') }).toSQL();
      expect(sql).to.match(/group by .*genre/i);
    });

    it('filters on an aggregate annotation with HAVING', async () => {
      const qs = books.values('genre').annotate({ n: Count('pk') }).filter({ n__gt: 1 } as never);
      expect(await qs).to.deep.equal([{ genre: 'fiction', n: 3 }]);
      const { sql, bindings } = qs.toSQL();
      expect(sql).to.match(/having COUNT\(.*\) > \?/i);
      expect(sql).not.to.match(/where/i);
      expect(bindings).to.deep.equal([1]);
    });

    it('splits row conditions into WHERE and aggregate ones into HAVING', async () => {
      const qs = books.values('genre').annotate({ n: Count('pk') }).filter({ n__gte: 2, pages__gt: 150 } as never);
      expect(await qs).to.deep.equal([{ genre: 'fiction', n: 2 }]);
      expect(qs.toSQL().sql).to.match(/where .* group by .* having /i);
    });

    it('puts an OR mixing both kinds in HAVING', async () => {
      const rows = await books.values('genre').annotate({ n: Count('pk') }).filter(Q({ n__gt: 2 } as never).or({ genre: 'poetry' }) as never).orderBy('genre');
      expect(rows.map((r) => r.genre)).to.deep.equal(['fiction', 'poetry']);
    });

    it('orders by an annotation', async () => {
      const rows = await books.values('genre').annotate({ total: Sum('pages') }).orderBy('-total' as never);
      expect(rows.map((r) => [r.genre, r.total])).to.deep.equal([['fiction', 600], ['science', 420], ['poetry', 50]]);
      const avg = await books.values('genre').annotate({ avg: Avg('pages') }).orderBy('avg' as never);
      expect(avg.map((r) => r.avg)).to.deep.equal([50, 200, 420]);
    });

    it('excludes on an annotation', async () => {
      const rows = await books.values('genre').annotate({ n: Count('pk') }).exclude({ n: 1 } as never);
      expect(rows).to.deep.equal([{ genre: 'fiction', n: 3 }]);
    });

    it('annotates instances, grouped by every selected column', async () => {
      const rows = await books.annotate({ n: Count('genre') }).orderBy('title');
      expect(rows.map((b) => [b.title, b.n])).to.deep.equal([['Alpha', 1], ['Beta', 1], ['Delta', 1], ['Eps', 1], ['Gamma', 1]]);
      expect(rows[0]).to.be.instanceOf(AggBook);
    });

    it('valuesList() groups the same way', async () => {
      const rows = await books.valuesList('genre').annotate({ n: Count('pk') }).orderBy('genre');
      expect(rows).to.deep.equal([['fiction', 3], ['poetry', 1], ['science', 1]]);
    });
  });

  describe('on an empty table', () => {
    before(async () => truncate([AggBook]));
    after(async () => {
      await books.bulkCreate(BOOKS);
    });

    it('Count is 0, the others null; grouped queries return no rows', async () => {
      const result = await books.aggregate({ n: Count('pk'), sum: Sum('pages'), avg: Avg('rating'), max: Max('published') });
      expect(result).to.deep.equal({ n: 0, sum: null, avg: null, max: null });
      expect(await books.values('genre').annotate({ n: Count('pk') })).to.deep.equal([]);
    });
  });

  it(`reports ${dialect} numbers without driver-specific strings`, async () => {
    const [row] = await books.filter({ title: 'Beta' }).values('genre').annotate({ avg: Avg('pages'), sum: Sum('pages'), n: Count('pk') });
    expect(row).to.deep.equal({ genre: 'fiction', avg: 300, sum: 300, n: 1 });
  });
});
