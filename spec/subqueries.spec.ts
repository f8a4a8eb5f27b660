import { expect } from 'chai';
import { Count, Exists, F, FieldError, OuterRef, Q, Subquery, WrenTypeError } from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { REPORT_MODELS, RAuthor, RBook, RReview, seedReports } from './models/report-models.js';

const reviewsOf = () => RReview.objects.filter({ book: OuterRef('pk') });

forEachDialect('Subquery, OuterRef, Exists and ordering by expressions', [...REPORT_MODELS], () => {
  before(seedReports);

  it('annotates each row with a correlated subquery sliced to one row', async () => {
    const rows = await RBook.objects
      .annotate({ newest: Subquery(reviewsOf().orderBy('-at').values('at').slice(0, 1)), best: Subquery(reviewsOf().orderBy('-stars', 'at').valuesList('stars').slice(0, 1)) })
      .values('title', 'newest', 'best');
    const byTitle = Object.fromEntries(rows.map((row) => [row.title, [row.newest?.toISOString() ?? null, row.best]]));
    expect(byTitle).to.deep.equal({
      Alpha: ['2024-03-05T00:00:00.000Z', 5], Beta: ['2024-02-10T00:00:00.000Z', 2], Gamma: ['2024-03-01T00:00:00.000Z', 5],
      Delta: ['2024-03-02T00:00:00.000Z', 1], Epsilon: [null, null], Zeta: [null, null], Eta: ['2024-03-20T00:00:00.000Z', 4],
    });
  });

  it('filters on Exists and on its negation, alone and inside Q with |', async () => {
    const reviewed = RBook.objects.annotate({ hasReviews: Exists(reviewsOf()) });
    expect(await reviewed.filter({ hasReviews: true }).valuesList('title', { flat: true })).to.deep.equal(['Alpha', 'Beta', 'Delta', 'Eta', 'Gamma']);
    expect(await reviewed.filter({ hasReviews: false }).valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Zeta']);
    const unreviewed = RBook.objects.annotate({ none: Exists(reviewsOf()).not() });
    expect(await unreviewed.filter({ none: true }).valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Zeta']);
    const either = await reviewed.filter(Q({ hasReviews: false }).or({ pages__gt: 900 })).valuesList('title', { flat: true });
    expect(either).to.deep.equal(['Epsilon', 'Eta', 'Gamma', 'Zeta']);
  });

  it('reads the outer query\'s own table inside the subquery under another alias', async () => {
    // Books priced above the mean of their author's books: the inner books are not the outer ones.
    const rows = await RBook.objects
      .annotate({ dearer: Subquery(RBook.objects.filter({ author: OuterRef('author'), price__gt: OuterRef('price') }).values('author').annotate({ n: Count('pk') }).values('n')) })
      .values('title', 'dearer');
    expect(Object.fromEntries(rows.map((row) => [row.title, row.dearer]))).to.deep.equal({ Alpha: 2, Beta: 1, Gamma: 0, Delta: 0, Epsilon: 0, Zeta: 2, Eta: 0 });
  });

  it('reaches two levels out with OuterRef(OuterRef())', async () => {
    const fiveStarred = RReview.objects.filter({ book: OuterRef('pk'), stars: 5, book__author__name: OuterRef(OuterRef('name')) }).values('book');
    const rows = await RAuthor.objects.annotate({ five: Exists(RBook.objects.filter({ author: OuterRef('pk'), pk__in: Subquery(fiveStarred) })) }).valuesList('name', 'five');
    expect(rows).to.deep.equal([['Ann', true], ['Bob', false], ['Cy', false]]);
  });

  it('compares with a subquery in filter() and takes one through __in', async () => {
    const topRated = await RBook.objects.filter({ pk__in: Subquery(RReview.objects.filter({ stars: 5 }).values('book')) }).valuesList('title', { flat: true });
    expect(topRated).to.deep.equal(['Alpha', 'Gamma']);
    const lastReview = Subquery(reviewsOf().orderBy('-at').values('stars').slice(0, 1));
    expect(await RBook.objects.filter({ pages__gt: 100 }).annotate({ last: lastReview }).filter({ last__gte: 4 }).valuesList('title', { flat: true })).to.deep.equal(['Alpha', 'Eta', 'Gamma']);
  });

  it('orders by a subquery annotation with NULLs last or first, either direction', async () => {
    const newest = Subquery(reviewsOf().orderBy('-at').values('at').slice(0, 1));
    const qs = RBook.objects.annotate({ newest });
    expect(await qs.orderBy(F('newest').desc({ nullsLast: true }), 'title').valuesList('title', { flat: true })).to.deep.equal(['Eta', 'Alpha', 'Delta', 'Gamma', 'Beta', 'Epsilon', 'Zeta']);
    expect(await qs.orderBy(F('newest').asc({ nullsFirst: true }), 'title').valuesList('title', { flat: true })).to.deep.equal(['Epsilon', 'Zeta', 'Beta', 'Gamma', 'Delta', 'Alpha', 'Eta']);
    expect(await qs.orderBy(F('newest').asc({ nullsLast: true }), 'title').valuesList('title', { flat: true })).to.deep.equal(['Beta', 'Gamma', 'Delta', 'Alpha', 'Eta', 'Epsilon', 'Zeta']);
    // reverse() turns NULLS LAST into NULLS FIRST as it turns ASC into DESC.
    expect((await qs.orderBy(F('newest').desc({ nullsLast: true })).reverse().valuesList('title', { flat: true })).slice(0, 2).sort()).to.deep.equal(['Epsilon', 'Zeta']);
  });

  it('orders by expressions and plain names mixed', async () => {
    expect(await RBook.objects.orderBy(F('pages').mul(-1).asc()).valuesList('title', { flat: true })).to.deep.equal(['Eta', 'Gamma', 'Epsilon', 'Beta', 'Delta', 'Alpha', 'Zeta']);
    expect(await RBook.objects.orderBy(F('price').desc(), '-title').valuesList('title', { flat: true })).to.deep.equal(['Gamma', 'Eta', 'Beta', 'Epsilon', 'Delta', 'Alpha', 'Zeta']);
  });

  it('refuses what cannot work, before any SQL', async () => {
    expect(() => Subquery('x' as never)).to.throw(WrenTypeError, /a QuerySet/);
    expect(() => OuterRef('')).to.throw(WrenTypeError, /outer query/);
    expect(() => RBook.objects.annotate({ x: Subquery(RReview.objects.values('stars', 'at')) })).to.throw(FieldError, /one column/);
    expect(() => F('x').desc({ nullsFirst: true, nullsLast: true })).to.throw(WrenTypeError, /not both/);
    let error: unknown;
    try { await reviewsOf(); } catch (caught) { error = caught; }
    expect(error).to.be.instanceOf(FieldError);
    expect((error as Error).message).to.match(/OuterRef\('pk'\) refers to an outer query/);
    expect(() => RBook.objects.annotate({ x: Subquery(RReview.objects.filter({ book: OuterRef('pkk') }).values('stars')) })).to.throw(FieldError, /Cannot resolve keyword 'pkk'/);
  });
});
