import { expect } from 'chai';
import { Case, Count, F, Value, When } from '../lib/index.js';
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
