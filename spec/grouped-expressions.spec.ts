import { expect } from 'chai';
import { Case, Count, DateTimeField, ExpressionWrapper, F, Max, Value, When, Window } from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { REPORT_MODELS, RAuthor, RBook, seedReports } from './models/report-models.js';

forEachDialect('Grouping by expressions that bind values, and ForeignKey comparisons', [...REPORT_MODELS], () => {
  before(seedReports);

  it('groups and orders by arithmetic with a constant', async () => {
    const rows = await RBook.objects.annotate({ c: F('pages').mod(3) }).values('c').annotate({ n: Count('pk') }).orderBy('c');
    expect(rows).to.deep.equal([{ c: 0, n: 3 }, { c: 2, n: 4 }]);
    expect(await RBook.objects.annotate({ c: F('pages').mod(3) }).values('c').annotate({ n: Count('pk') }).orderBy('-c')).to.deep.equal([{ c: 2, n: 4 }, { c: 0, n: 3 }]);
  });

  it('groups and orders by a Case of bound values, with a HAVING', async () => {
    const band = Case(When({ price__lt: 10 }, Value('cheap')), When({ price__lt: 30 }, Value('mid')), { default: Value('dear') });
    const rows = await RBook.objects.annotate({ band }).values('band').annotate({ n: Count('pk') }).filter({ n__gt: 1 }).orderBy('band');
    expect(rows).to.deep.equal([{ band: 'cheap', n: 2 }, { band: 'dear', n: 2 }, { band: 'mid', n: 3 }]);
  });

  it('compares computed datetimes as datetime columns are compared (SQLite stores them as text)', async () => {
    const cut = new Date('2024-02-03T08:30:00Z');
    const march = new Date('2024-03-01T00:00:00Z');
    expect(await RBook.objects.annotate({ d: Case(When({ pages__gt: 0 }, F('published'))) }).filter({ d__gte: cut }).count()).to.equal(4);
    expect(await RBook.objects.annotate({ d: ExpressionWrapper(F('published'), new DateTimeField()) }).filter({ d__gte: cut }).count()).to.equal(4);
    expect(await RBook.objects.annotate({ d: Window(Max('published'), { partitionBy: ['author'] }) }).filter({ d: march }).count()).to.equal(3);
    expect(await RBook.objects.annotate({ d: Max('reviews__at') }).filter({ d__gte: march }).count()).to.equal(4);
    expect(await RBook.objects.annotate({ d: Max('reviews__at') }).filter({ d__gte: F('published') }).count()).to.equal(5);
  });

  it('compares a ForeignKey by its key: gt, lte, range, in', async () => {
    const [ann, bob] = await RAuthor.objects.orderBy('pk');
    const titles = (qs: ReturnType<typeof RBook.objects.filter>) => qs.orderBy('title').valuesList('title', { flat: true });
    expect(await titles(RBook.objects.filter({ author__lte: ann!.pk }))).to.deep.equal(['Alpha', 'Beta', 'Gamma']);
    expect(await titles(RBook.objects.filter({ author__gt: bob!.pk }))).to.deep.equal(['Eta']);
    expect(await titles(RBook.objects.filter({ author__range: [bob!.pk, bob!.pk] }))).to.deep.equal(['Delta', 'Epsilon', 'Zeta']);
    expect(await titles(RBook.objects.filter({ author__in: [ann!, bob!.pk] }))).to.have.length(6);
    expect(await titles(RBook.objects.exclude({ author__gte: bob! }))).to.deep.equal(['Alpha', 'Beta', 'Gamma']);
  });
});
