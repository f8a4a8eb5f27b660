import { expect } from 'chai';
import {
  Case, Cast, Count, DecimalField, ExpressionWrapper, F, FieldError, Func, IntegerField, Max, Q, RawSQL, Sum, TextField, Value, When, WrenTypeError,
} from '../lib/index.js';
import { forEachDialect } from './support/dialects.js';
import { REPORT_MODELS, RAuthor, RBook, seedReports } from './models/report-models.js';

const band = () => Case(When({ price__lt: 10 }, Value('cheap')), When({ price__lt: 30 }, Value('mid')), { default: Value('dear') });

forEachDialect('Value, Case/When, Func, Cast, RawSQL and aggregate filters', [...REPORT_MODELS], () => {
  before(seedReports);

  describe('Case and When', () => {
    it('picks the first matching branch, else the default', async () => {
      const rows = await RBook.objects.annotate({ band: band() }).values('title', 'band');
      expect(rows.map((row) => `${row.title}:${row.band}`)).to.deep.equal([
        'Alpha:cheap', 'Beta:mid', 'Delta:mid', 'Epsilon:mid', 'Eta:dear', 'Gamma:dear', 'Zeta:cheap',
      ]);
    });

    it('is NULL when nothing matches and there is no default', async () => {
      const rows = await RBook.objects.annotate({ big: Case(When({ pages__gt: 900 }, Value(1))) }).valuesList('title', 'big');
      expect(rows.filter(([, big]) => big === 1).map(([title]) => title)).to.deep.equal(['Eta', 'Gamma']);
      expect(rows.filter(([, big]) => big === null)).to.have.length(5);
    });

    it('filters and orders by a Case annotation', async () => {
      const mid = await RBook.objects.annotate({ band: band() }).filter({ band: 'mid' }).valuesList('title', { flat: true });
      expect(mid).to.deep.equal(['Beta', 'Delta', 'Epsilon']);
      const ordered = await RBook.objects.annotate({ rank: Case(When({ inStock: false }, Value(0)), { default: Value(1) }) }).orderBy('rank', 'title').valuesList('title', { flat: true });
      expect(ordered).to.deep.equal(['Beta', 'Zeta', 'Alpha', 'Delta', 'Epsilon', 'Eta', 'Gamma']);
    });

    it('takes Q conditions with | and relation paths, and field names or F() as results', async () => {
      const rows = await RBook.objects
        .annotate({ label: Case(When(Q({ author__name: 'Cy' }).or({ pages__lt: 100 }), 'title'), { default: Value('-') }), doubled: Case(When({ pages__gt: 500 }, F('pages').mul(2)), { default: 0 }) })
        .values('title', 'label', 'doubled');
      const byTitle = Object.fromEntries(rows.map((row) => [row.title, [row.label, row.doubled]]));
      expect(byTitle).to.deep.include({ Eta: ['Eta', 1998], Zeta: ['Zeta', 0], Gamma: ['-', 1900], Alpha: ['-', 0] });
    });

    it('works inside update()', async () => {
      await RBook.objects.filter({ author__name: 'Bob' }).update({ pages: Case(When({ inStock: false }, Value(1)), { default: F('pages') }) });
      expect(await RBook.objects.filter({ author__name: 'Bob' }).orderBy('title').valuesList('pages', { flat: true })).to.deep.equal([200, 410, 1]);
      await RBook.objects.filter({ title: 'Zeta' }).update({ pages: 80 });
    });

    it('refuses bad arguments before any SQL', () => {
      expect(() => Case()).to.throw(WrenTypeError, /at least one When/);
      expect(() => When({}, Value(1))).to.throw(WrenTypeError, /at least one condition/);
      expect(() => When('price' as never, Value(1))).to.throw(WrenTypeError, /filter object/);
      expect(() => RBook.objects.annotate({ x: Case(When({ prise__lt: 3 }, Value(1))) })).to.throw(FieldError, /Cannot resolve keyword 'prise'.*price/);
    });
  });

  describe('Value', () => {
    it('binds constants of each type and reads them back as given', async () => {
      const row = (await RBook.objects.filter({ title: 'Alpha' }).annotate({
        text: Value("it's 'quoted'"), whole: Value(42), real: Value(2.5), flag: Value(true), when: Value(new Date('2024-05-01T12:34:56.789Z')),
        money: Value('10.10', new DecimalField({ maxDigits: 6, decimalPlaces: 2 })),
      }).values('text', 'whole', 'real', 'flag', 'when', 'money'))[0]!;
      expect(row).to.deep.equal({ text: "it's 'quoted'", whole: 42, real: 2.5, flag: true, when: new Date('2024-05-01T12:34:56.789Z'), money: '10.10' });
    });

    it('checks the value against its field first', () => {
      expect(() => Value('10.123', new DecimalField({ maxDigits: 6, decimalPlaces: 2 }))).to.throw(/decimal places/);
      expect(() => Value(Number.NaN)).to.throw(WrenTypeError, /finite/);
    });
  });

  describe('Func, Cast, ExpressionWrapper, RawSQL', () => {
    it('calls a function Wren does not know, with its arguments bound or quoted', async () => {
      const rows = await RBook.objects.annotate({ shout: Func<string>('UPPER', ['title']), lower: Func<string>('LOWER', [Value('ABC')]) }).filter({ title: 'Beta' }).values('shout', 'lower');
      expect(rows).to.deep.equal([{ shout: 'BETA', lower: 'abc' }]);
      expect(() => Func('UPPER(title); --', ['title'])).to.throw(WrenTypeError, /SQL function name/);
    });

    it('casts to the field type on each dialect', async () => {
      const rows = await RBook.objects.annotate({ text: Cast('pages', new TextField()), whole: Cast('price', new IntegerField()) }).filter({ title: 'Eta' }).values('text', 'whole');
      expect(rows).to.deep.equal([{ text: '999', whole: 31 }]);
    });

    it('types arithmetic with ExpressionWrapper', async () => {
      const rows = await RBook.objects.annotate({ value: ExpressionWrapper(F('price').mul(F('pages')), new DecimalField({ maxDigits: 14, decimalPlaces: 2 })) }).filter({ title: 'Alpha' }).valuesList('value', { flat: true });
      expect(rows).to.deep.equal(['1140.00']);
    });

    it('runs raw SQL with bound parameters', async () => {
      const rows = await RBook.objects.annotate({ plus: RawSQL('? * 2', [21], new IntegerField()) }).filter({ title: 'Alpha' }).valuesList('plus', { flat: true });
      expect(rows).to.deep.equal([42]);
      expect(() => RawSQL('? + ?', [1])).to.throw(WrenTypeError, /2 value\(s\)/);
    });
  });

  describe('aggregates with filter:', () => {
    it('counts and sums only the rows meeting the filter', async () => {
      const rows = await RAuthor.objects.annotate({
        inStock: Count('books', { filter: Q({ books__inStock: true }) }),
        long: Sum<string>('books__price', { filter: { books__pages__gt: 150 } }),
        all: Count('books'),
      }).values('name', 'inStock', 'long', 'all').orderBy('name');
      expect(rows).to.deep.equal([
        { name: 'Ann', inStock: 2, long: '67.00', all: 3 },
        { name: 'Bob', inStock: 2, long: '24.00', all: 3 },
        { name: 'Cy', inStock: 1, long: '31.00', all: 1 },
      ]);
    });

    it('filters aggregate() and Count("*") too, and a Case may sit inside a filter', async () => {
      const totals = await RBook.objects.aggregate({
        cheap: Count('*', { filter: { price__lt: 10 } }),
        priciest: Max<string>('price', { filter: Q({ inStock: false }) }),
        midPages: Sum('pages', { filter: Q({ pk__in: RBook.objects.annotate({ band: band() }).filter({ band: 'mid' }) }) }),
      });
      expect(totals).to.deep.equal({ cheap: 2, priciest: '25.00', midPages: 910 });
    });

    it('takes a Case in its filter: directly through an annotation, and as a Case inside the aggregate', async () => {
      const counted = await RBook.objects.annotate({ band: band() }).aggregate({ mid: Count('pk', { filter: { band: 'mid' } }), dear: Count('pk', { filter: Q({ band: 'dear' }).or({ pages__lt: 100 }) }) });
      expect(counted).to.deep.equal({ mid: 3, dear: 3 });
      const weighted = await RBook.objects.aggregate({ heavy: Sum(Case(When({ pages__gt: 400 }, F('pages')), { default: 0 }), { filter: Q({ inStock: true }) }) });
      expect(weighted).to.deep.equal({ heavy: 950 + 410 + 999 });
    });

    it('refuses a filter that is not conditions', () => {
      expect(() => Count('pk', { filter: 'x' as never })).to.throw(WrenTypeError, /filter object/);
    });
  });
});
