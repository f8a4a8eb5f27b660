// The README's "Expressions cookbook", query for query: each report a user would otherwise write in raw SQL.
import { expect } from 'chai';
import {
  Avg, Case, Cast, Count, CumeDist, DenseRank, Exists, ExpressionWrapper, F, FloatField, Lag, Ntile, OuterRef, Q, Rank, RowNumber, RowRange,
  Subquery, Sum, TruncMonth, Value, When, Window,
} from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { REPORT_MODELS, RAuthor, RBook, RReview, seedReports } from './models/report-models.js';

forEachDialect('Expressions cookbook', [...REPORT_MODELS], () => {
  before(seedReports);

  it('1. top-N per group: each author\'s two dearest books', async () => {
    const top = await RBook.objects
      .annotate({ rank: Window(RowNumber(), { partitionBy: ['author'], orderBy: ['-price', 'title'] }) })
      .filter({ rank__lte: 2 })
      .orderBy('author__name', 'rank')
      .valuesList('author__name', 'title', 'price');
    expect(top).to.deep.equal([['Ann', 'Gamma', '42.00'], ['Ann', 'Beta', '25.00'], ['Bob', 'Delta', '12.00'], ['Bob', 'Epsilon', '12.00'], ['Cy', 'Eta', '31.00']]);
  });

  it('2. running total: pages published so far, by date', async () => {
    const rows = await RBook.objects
      .filter({ published__isnull: false })
      .annotate({ soFar: Window(Sum('pages'), { orderBy: ['published'], frame: RowRange({ start: null, end: 0 }) }) })
      .orderBy('published')
      .valuesList('title', 'soFar');
    expect(rows).to.deep.equal([['Zeta', 80], ['Alpha', 200], ['Beta', 500], ['Gamma', 1450], ['Delta', 1650], ['Eta', 2649]]);
  });

  it('3. month-over-month change with Lag', async () => {
    const months = await RReview.objects
      .annotate({ month: TruncMonth('at') })
      .values('month')
      .annotate({ reviews: Count('pk'), previous: Window(Lag<number>(Count('pk')), { orderBy: ['month'] }) })
      .orderBy('month');
    expect(months.map((row) => [row.month.toISOString().slice(0, 7), row.reviews, row.previous])).to.deep.equal([['2024-01', 1, null], ['2024-02', 3, 1], ['2024-03', 4, 3]]);
  });

  it('4. rows with no related rows: books nobody reviewed, authors with no book in stock', async () => {
    expect(await RBook.objects.filter(Exists(RReview.objects.filter({ book: OuterRef('pk') })).not()).valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Zeta']);
    expect(await RAuthor.objects.exclude(Exists(RBook.objects.filter({ author: OuterRef('pk'), inStock: true }))).count()).to.equal(0);
    expect(await RBook.objects.filter({ reviews__isnull: true }).valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Zeta']);
  });

  it('5. latest row per group: each book\'s newest review, two ways', async () => {
    const newest = RReview.objects.filter({ book: OuterRef('pk') }).orderBy('-at');
    const viaSubquery = await RBook.objects
      .annotate({ lastStars: Subquery(newest.values('stars').slice(0, 1)), lastAt: Subquery(newest.values('at').slice(0, 1)) })
      .filter({ lastAt__isnull: false })
      .valuesList('title', 'lastStars');
    expect(viaSubquery).to.deep.equal([['Alpha', 4], ['Beta', 2], ['Delta', 1], ['Eta', 4], ['Gamma', 5]]);
    const viaWindow = await RReview.objects
      .annotate({ n: Window(RowNumber(), { partitionBy: ['book'], orderBy: ['-at'] }) })
      .filter({ n: 1 })
      .orderBy('book__title')
      .valuesList('book__title', 'stars');
    expect(viaWindow).to.deep.equal(viaSubquery);
  });

  it('6. conditional counts: good and bad reviews per author in one query', async () => {
    const rows = await RAuthor.objects.annotate({
      good: Count('books__reviews', { filter: Q({ books__reviews__stars__gte: 4 }) }),
      bad: Count('books__reviews', { filter: Q({ books__reviews__stars__lte: 2 }) }),
      titles: Count('books', { distinct: true }),
    }).values('name', 'good', 'bad', 'titles');
    expect(rows).to.deep.equal([{ name: 'Ann', good: 4, bad: 1, titles: 3 }, { name: 'Bob', good: 0, bad: 1, titles: 3 }, { name: 'Cy', good: 1, bad: 0, titles: 1 }]);
  });

  it('7. percentiles by window: price quartile and cumulative share of each book', async () => {
    const rows = await RBook.objects
      .annotate({ quartile: Window(Ntile(4), { orderBy: ['price', 'title'] }), atOrBelow: Window(CumeDist(), { orderBy: ['price'] }) })
      .orderBy('price', 'title')
      .valuesList('title', 'quartile', 'atOrBelow');
    expect(rows).to.deep.equal([
      ['Zeta', 1, 1 / 7], ['Alpha', 1, 2 / 7], ['Delta', 2, 4 / 7], ['Epsilon', 2, 4 / 7], ['Beta', 3, 5 / 7], ['Eta', 3, 6 / 7], ['Gamma', 4, 1],
    ]);
  });

  it('8. share of a total: each book\'s part of its author\'s pages', async () => {
    const rows = await RBook.objects
      // Cast first: integer / integer divides as integers on every database.
      .annotate({ share: ExpressionWrapper<number>(Cast('pages', new FloatField()).div(Window(Sum('pages'), { partitionBy: ['author'] })), new FloatField()) })
      .filter({ author__name: 'Bob' })
      .orderBy('pages')
      .valuesList('title', 'share');
    expect(rows.map(([title, share]) => [title, Math.round(share * 1000) / 1000])).to.deep.equal([['Zeta', 0.116], ['Delta', 0.29], ['Epsilon', 0.594]]);
  });

  it('9. bucketing with Case, then counting per bucket', async () => {
    const band = Case(When({ price__lt: 10 }, Value('cheap')), When({ price__lt: 30 }, Value('mid')), { default: Value('dear') });
    const rows = await RBook.objects.annotate({ band }).values('band').annotate({ n: Count('pk'), totalPages: Sum('pages') }).orderBy('band');
    expect(rows).to.deep.equal([{ band: 'cheap', n: 2, totalPages: 200 }, { band: 'dear', n: 2, totalPages: 1949 }, { band: 'mid', n: 3, totalPages: 910 }]);
  });

  it('10. difference from the group average', async () => {
    const rows = await RBook.objects
      .annotate({ authorAverage: Window(Avg('pages'), { partitionBy: ['author'] }) })
      .annotate({ aboveAverage: F<number>('pages').sub(F('authorAverage')) })
      .filter({ author__name: 'Ann' })
      .orderBy('title')
      .valuesList('title', 'aboveAverage');
    expect(rows.map(([title, diff]) => [title, Math.round(diff)])).to.deep.equal([['Alpha', -337], ['Beta', -157], ['Gamma', 493]]);
  });

  it('11. ranking groups: authors by total pages, ties sharing a rank', async () => {
    const rows = await RAuthor.objects
      .annotate({ total: Sum('books__pages') })
      .annotate({ rank: Window(DenseRank(), { orderBy: [F('total').desc()] }) })
      .orderBy('rank')
      .valuesList('name', 'total', 'rank');
    expect(rows).to.deep.equal([['Ann', 1370, 1], ['Cy', 999, 2], ['Bob', 690, 3]]);
  });

  it('12. one list from two queries: cheap books and long books, longest first', async () => {
    const books = await RBook.objects.filter({ price__lt: '10' }).union(RBook.objects.filter({ pages__gt: 900 })).orderBy('-pages');
    expect(books.map((book) => book.title)).to.deep.equal(['Eta', 'Gamma', 'Alpha', 'Zeta']);
    expect(await RBook.objects.annotate({ rank: Window(Rank(), { orderBy: ['-pages'] }) }).filter({ rank__lte: 3 }).count()).to.equal(3);
  });
});
