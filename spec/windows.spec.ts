import { expect } from 'chai';
import {
  Count, CumeDist, DenseRank, F, FirstValue, Lag, LastValue, Lead, Max, Ntile, NthValue, OuterRef, PercentRank, Q, Rank, RowNumber, RowRange,
  Subquery, Sum, Value, ValueRange, Window, WrenError, WrenTypeError,
} from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { REPORT_MODELS, RAuthor, RBook, RReview, seedReports } from './models/report-models.js';
import { rejection } from './support/assertions.js';

type Row = Record<string, unknown>;
const byTitle = (rows: readonly Row[], key: string) => Object.fromEntries(rows.map((row) => [row.title as string, row[key]]));

forEachDialect('Window functions', [...REPORT_MODELS], () => {
  before(seedReports);

  it('numbers and ranks rows, overall and per partition', async () => {
    const rows = await RBook.objects.annotate({
      rn: Window(RowNumber(), { orderBy: ['pages'] }),
      rank: Window(Rank(), { partitionBy: ['author'], orderBy: ['-price'] }),
      dense: Window(DenseRank(), { orderBy: [F('price').desc()] }),
      tile: Window(Ntile(3), { orderBy: ['pages'] }),
    }).orderBy('pages').values('title', 'rn', 'rank', 'dense', 'tile');
    expect(rows.map((row) => row.title)).to.deep.equal(['Zeta', 'Alpha', 'Delta', 'Beta', 'Epsilon', 'Gamma', 'Eta']);
    expect(rows.map((row) => row.rn)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(byTitle(rows, 'rank')).to.deep.equal({ Zeta: 3, Alpha: 3, Delta: 1, Beta: 2, Epsilon: 1, Gamma: 1, Eta: 1 });
    expect(byTitle(rows, 'dense')).to.deep.equal({ Gamma: 1, Eta: 2, Beta: 3, Delta: 4, Epsilon: 4, Alpha: 5, Zeta: 6 });
    expect(rows.map((row) => row.tile)).to.deep.equal([1, 1, 1, 2, 2, 3, 3]);
  });

  it('computes CumeDist and PercentRank as the same doubles everywhere', async () => {
    const rows = await RBook.objects.annotate({
      cd: Window(CumeDist(), { orderBy: ['pages'] }),
      pr: Window(PercentRank(), { partitionBy: ['author'], orderBy: ['price'] }),
    }).orderBy('pages').values('title', 'cd', 'pr');
    expect(rows.map((row) => row.cd)).to.deep.equal([1, 2, 3, 4, 5, 6, 7].map((n) => n / 7));
    expect(byTitle(rows, 'pr')).to.deep.equal({ Zeta: 0, Alpha: 0, Delta: 0.5, Beta: 0.5, Epsilon: 0.5, Gamma: 1, Eta: 0 });
  });

  it('runs aggregates over frames: running totals and moving averages', async () => {
    const rows = await RBook.objects.annotate({
      running: Window(Sum('pages'), { orderBy: ['pages'], frame: RowRange({ start: null, end: 0 }) }),
      moving: Window(Sum('pages'), { orderBy: ['pages'], frame: RowRange({ start: -1, end: 1 }) }),
      perAuthor: Window(Sum('pages'), { partitionBy: ['author'] }),
      overall: Window(Count('*')),
      cheapWithin: Window(ValueRangeMax(), { orderBy: ['pages'], frame: ValueRange({ start: -150, end: 0 }) }),
    }).orderBy('pages').values('title', 'running', 'moving', 'perAuthor', 'overall', 'cheapWithin');
    expect(rows.map((row) => row.running)).to.deep.equal([80, 200, 400, 700, 1110, 2060, 3059]);
    expect(rows.map((row) => row.moving)).to.deep.equal([200, 400, 620, 910, 1660, 2359, 1949]);
    expect(byTitle(rows, 'perAuthor')).to.deep.equal({ Zeta: 690, Alpha: 1370, Delta: 690, Beta: 1370, Epsilon: 690, Gamma: 1370, Eta: 999 });
    expect(rows.every((row) => row.overall === 7)).to.equal(true);
    // pages within 150 below the row's own: the largest of them is the row itself
    expect(rows.map((row) => row.cheapWithin)).to.deep.equal([80, 120, 200, 300, 410, 950, 999]);
  });

  it('reads neighbours with Lag and Lead; the fallback applies only where no row exists', async () => {
    const rows = await RBook.objects.filter({ author__name: 'Bob' }).annotate({
      prevPages: Window(Lag<number>('pages', 1, 0), { orderBy: ['pages'] }),
      prevPublished: Window(Lag<Date>('published', 1, Value(new Date('2000-01-01T00:00:00Z'))), { orderBy: ['pages'] }),
      next2: Window(Lead<number>('pages', 2), { orderBy: ['pages'] }),
    }).orderBy('pages').values('title', 'prevPages', 'prevPublished', 'next2');
    expect(rows).to.deep.equal([
      { title: 'Zeta', prevPages: 0, prevPublished: new Date('2000-01-01T00:00:00Z'), next2: 410 },
      { title: 'Delta', prevPages: 80, prevPublished: new Date('2023-12-31T23:00:00Z'), next2: null },
      // Delta's published is set, Epsilon's is NULL: Lag of Epsilon's successor would be NULL, not the fallback
      { title: 'Epsilon', prevPages: 200, prevPublished: new Date('2024-03-01T00:00:00Z'), next2: null },
    ]);
    const nullNeighbour = await RBook.objects.filter({ author__name: 'Bob' }).annotate({
      prev: Window(Lag<Date>('published', 1, Value(new Date('2000-01-01T00:00:00Z'))), { orderBy: ['-pages'] }),
    }).orderBy('-pages').valuesList('title', 'prev');
    expect(nullNeighbour).to.deep.equal([['Epsilon', new Date('2000-01-01T00:00:00Z')], ['Delta', null], ['Zeta', new Date('2024-03-01T00:00:00Z')]]);
  });

  it('takes first, last and nth values of a frame', async () => {
    const rows = await RBook.objects.annotate({
      first: Window(FirstValue<string>('title'), { partitionBy: ['author'], orderBy: ['pages'] }),
      last: Window(LastValue<string>('title'), { partitionBy: ['author'], orderBy: ['pages'], frame: RowRange() }),
      second: Window(NthValue<string>('title', 2), { partitionBy: ['author'], orderBy: ['pages'], frame: RowRange() }),
    }).values('title', 'first', 'last', 'second');
    const got = Object.fromEntries(rows.map((row) => [row.title, [row.first, row.last, row.second]]));
    expect(got).to.deep.equal({
      Alpha: ['Alpha', 'Gamma', 'Beta'], Beta: ['Alpha', 'Gamma', 'Beta'], Gamma: ['Alpha', 'Gamma', 'Beta'],
      Zeta: ['Zeta', 'Epsilon', 'Delta'], Delta: ['Zeta', 'Epsilon', 'Delta'], Epsilon: ['Zeta', 'Epsilon', 'Delta'], Eta: ['Eta', 'Eta', null],
    });
  });

  it('filters on a window annotation by wrapping the query; other conditions stay inside', async () => {
    const ranked = RBook.objects.annotate({ rank: Window(Rank(), { partitionBy: ['author'], orderBy: ['-price', 'title'] }) });
    const top2 = ranked.filter({ rank__lte: 2 }).orderBy('author__name', 'rank');
    expect(await top2.valuesList('title', 'rank')).to.deep.equal([['Gamma', 1], ['Beta', 2], ['Delta', 1], ['Epsilon', 2], ['Eta', 1]]);
    expect(await top2.count()).to.equal(5);
    expect((await top2.slice(1, 3)).map((book) => book.title)).to.deep.equal(['Beta', 'Delta']);
    expect(await top2.valuesList('title', { flat: true })).to.deep.equal(['Gamma', 'Beta', 'Delta', 'Epsilon', 'Eta']);
    // Conditions without windows filter the rows the window ranks: Gamma is gone, so Beta is Ann's first.
    expect(await ranked.filter({ rank: 1, pages__lt: 900 }).orderBy('title').valuesList('title', { flat: true })).to.deep.equal(['Beta', 'Delta']);
    // An OR mixing a window condition with a plain one is evaluated outside.
    expect(await ranked.filter(Q({ rank: 1 }).or({ pages__lt: 100 })).orderBy('-rank', 'title').valuesList('title', { flat: true })).to.deep.equal(['Zeta', 'Delta', 'Eta', 'Gamma']);
    expect(await ranked.filter({ rank__gt: 1 }).exists()).to.equal(true);
  });

  it('a window-filtered query works in exclude(), as a subquery, with prefetches; writes and aggregate() say how instead', async () => {
    const ranked = RBook.objects.annotate({ rank: Window(Rank(), { partitionBy: ['author'], orderBy: ['-price', 'title'] }) });
    expect(await ranked.exclude({ rank__gt: 1 }).orderBy('title').valuesList('title', { flat: true })).to.deep.equal(['Delta', 'Eta', 'Gamma']);
    const firstsOfLongBooks = Subquery(ranked.filter({ rank: 1, pages__gt: 900 }).values('author'));
    expect(await RAuthor.objects.filter({ pk__in: firstsOfLongBooks }).valuesList('name', { flat: true })).to.deep.equal(['Ann', 'Cy']);
    const books = await ranked.filter({ rank: 1 }).prefetchRelated('reviews').orderBy('title');
    expect(await Promise.all(books.map(async (book) => (await book.reviews.all()).length))).to.deep.equal([1, 1, 2]);
    expect(((await rejection(ranked.filter({ rank: 1 }).aggregate({ n: Count('pk') }))) as Error).message).to.match(/aggregate\(\) of a QuerySet filtered on a window expression is not supported: select its keys first/);
    expect(((await rejection(ranked.filter({ rank: 1 }).update({ pages: 1 }))) as Error).constructor.name).to.equal('NotSupportedError');
    expect(await RBook.objects.filter({ pk__in: Subquery(ranked.filter({ rank: 1 }).values('pk')) }).count()).to.equal(3);
  });

  it('a negated OR mixing a window with a related-rows condition keeps exclude()\'s meaning', async () => {
    const ranked = RBook.objects.annotate({ rank: Window(Rank(), { partitionBy: ['author'], orderBy: ['-price', 'title'] }) });
    // Books neither first for their author nor with a 5-star review (a condition across reviews).
    expect(await ranked.exclude(Q({ rank: 1 }).or({ reviews__stars: 5 })).orderBy('title').valuesList('title', { flat: true })).to.deep.equal(['Beta', 'Epsilon', 'Zeta']);
    // Epsilon has no publication date: as everywhere in exclude(), a NULL does not count as a match.
    expect(await ranked.exclude(Q({ rank__gt: 1 }).and({ published__lt: new Date('2024-03-01T00:00:00Z') })).orderBy('title').valuesList('title', { flat: true })).to.deep.equal(['Delta', 'Epsilon', 'Eta', 'Gamma']);
  });

  it('windows over an annotated subquery, and a conditional aggregate over a window', async () => {
    const lastStars = Subquery(RReview.objects.filter({ book: OuterRef('pk') }).orderBy('-at').values('stars').slice(0, 1));
    const rows = await RBook.objects.annotate({ lastStars }).annotate({
      starRank: Window(DenseRank(), { orderBy: [F('lastStars').desc({ nullsLast: true })] }),
      inStockPages: Window(Sum('pages', { filter: { inStock: true } }), { partitionBy: ['author'] }),
    }).values('title', 'lastStars', 'starRank', 'inStockPages');
    expect(byTitle(rows, 'starRank')).to.deep.equal({ Gamma: 1, Alpha: 2, Eta: 2, Beta: 3, Delta: 4, Epsilon: 5, Zeta: 5 });
    expect(byTitle(rows, 'inStockPages')).to.deep.equal({ Alpha: 1070, Beta: 1070, Gamma: 1070, Delta: 610, Epsilon: 610, Zeta: 610, Eta: 999 });
  });

  it('refuses bad windows before any SQL', () => {
    expect(() => Window('rank' as never)).to.throw(WrenTypeError, /window function/);
    expect(() => Window(Rank(), { partitionBy: 'author' as never })).to.throw(WrenTypeError, /an array/);
    expect(() => Window(Rank(), { orderBy: [3 as never] })).to.throw(WrenTypeError, /orderBy\[0\]/);
    expect(() => RowRange({ start: 2, end: -1 })).to.throw(WrenTypeError, /at or before the end/);
    expect(() => RowRange({ start: 1.5 })).to.throw(WrenTypeError, /whole number/);
    expect(() => Ntile(0)).to.throw(WrenTypeError, /at least 1/);
    expect(() => Lag('pages', -1)).to.throw(WrenTypeError, /at least 1/);
    expect(() => RBook.objects.annotate({ r: Window(Rank(), { orderBy: ['-prise'] }) })).to.throw(/Cannot resolve keyword 'prise'/);
    expect(() => RBook.objects.annotate({ r: Window(Rank(), { orderBy: ['pages'] }) }).filter({ r: 1 }).selectForUpdate().toSQL()).to.throw(WrenError, /window/);
  });
});

function ValueRangeMax() {
  return Max<number>('pages');
}
