import { expect } from 'chai';
import { Case, Count, DecimalField, F, FieldError, Rank, Sum, Value, When, Window } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { failureOf } from './support/assertions.js';
import { ExprItem } from './models/lookup-models.js';

const items = ExprItem.objects;
const ROWS = [
  { label: 'apple', stock: 10, sold: 1, price: '1.50', weight: 0.2 },
  { label: 'apple', stock: 4, sold: 2, price: '1.75', weight: 0.2 },
  { label: 'apple', stock: 1, sold: 3, price: '2.00', weight: 0.2 },
  { label: 'bread', stock: 5, sold: 5, price: '2.25', weight: 0.5 },
  { label: 'cheese', stock: 8, sold: 10, price: '7.00', weight: 1.25 },
  { label: 'cheese', stock: 2, sold: 0, price: '7.10', weight: 1.25 },
];

forEachDialect('Expressions as Django combines them', [ExprItem], () => {
  before(async () => {
    await truncate([ExprItem]);
    await items.bulkCreate(ROWS);
  });

  describe('a Case whose condition reads an aggregate', () => {
    const banded = () => items.values('label').annotate({ n: Count('pk') }).annotate({ band: Case(When({ n__gte: 2 }, Value('many')), { default: Value('few') }) });

    it('is computed per group, not grouped by', async () => {
      expect(await banded().orderBy('label').valuesList('label', 'n', 'band')).to.deep.equal([['apple', 3, 'many'], ['bread', 1, 'few'], ['cheese', 2, 'many']]);
    });

    it('is filtered in HAVING', async () => {
      expect(await banded().filter({ band: 'many' }).orderBy('label').valuesList('label', { flat: true })).to.deep.equal(['apple', 'cheese']);
      expect(await banded().exclude({ band: 'many' }).valuesList('label', { flat: true })).to.deep.equal(['bread']);
    });

    it('works with an aggregate as the When\'s result, over a grouped column', async () => {
      const rows = await items.values('label').annotate({ big: Case(When({ label: 'apple' }, Sum('stock')), { default: Value(0) }) }).orderBy('label').valuesList('label', 'big');
      expect(rows).to.deep.equal([['apple', 15], ['bread', 0], ['cheese', 0]]);
    });
  });

  describe('annotate() names used later in the same call', () => {
    it('an expression over an earlier name', async () => {
      const rows = await items.filter({ label: 'bread' }).annotate({ d: F('stock').mul(2), e: F('d').add(1) }).valuesList('d', 'e');
      expect(rows).to.deep.equal([[10, 11]]);
    });

    it('a window ordered by an aggregate named before it', async () => {
      const rows = await items.values('label').annotate({ s: Sum('stock'), r: Window(Rank(), { orderBy: [F('s').desc()] }) }).orderBy('r').valuesList('label', 's', 'r');
      expect(rows).to.deep.equal([['apple', 15, 1], ['cheese', 10, 2], ['bread', 5, 3]]);
    });

    it('a name used before it is defined is still a FieldError', async () => {
      const { error, sql } = await failureOf(() => items.annotate({ e: F('d').add(1), d: F('stock').mul(2) }).count());
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.match(/'d'/);
      expect(sql).to.deep.equal([]);
    });
  });

  describe('arithmetic with text is refused before any SQL', () => {
    it('a text Value beside a number (mixed types)', async () => {
      for (const make of [() => F('price').add(Value('0.01')), () => Value('2').mul(F('stock'))]) {
        const { error, sql } = await failureOf(() => items.annotate({ x: make() }).count());
        expect(error).to.be.instanceOf(FieldError);
        expect((error as Error).message).to.match(/mixed types/);
        expect(sql).to.deep.equal([]);
      }
    });

    it('text with text', async () => {
      const { error, sql } = await failureOf(() => items.annotate({ x: F('label').add(Value('!')) }).count());
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.match(/Concat\(\)/);
      expect(sql).to.deep.equal([]);
    });

    it('while a plain string converts as the column beside it, and a typed Value computes', async () => {
      const cheap = items.filter({ label: 'bread' });
      expect(await cheap.annotate({ x: F('price').add('0.01') }).valuesList('x', { flat: true })).to.deep.equal(['2.26']);
      expect(await cheap.annotate({ x: F('price').add(Value('0.01', new DecimalField({ maxDigits: 4, decimalPlaces: 2 }))) }).valuesList('x', { flat: true })).to.deep.equal(['2.26']);
    });
  });
});
