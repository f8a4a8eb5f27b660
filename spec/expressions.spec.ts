import { expect } from 'chai';
import { F, FieldError, Q } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { ExprItem } from './models/lookup-models.js';

const ITEMS = [
  { label: 'apple', stock: 10, sold: 3, reserved: 1, price: '1.50', weight: 0.2 },
  { label: 'bread', stock: 5, sold: 5, reserved: null, price: '2.25', weight: 0.5 },
  { label: 'cheese', stock: 8, sold: 10, reserved: 2, price: '7.00', weight: 1.25 },
  { label: 'dates', stock: 0, sold: 0, reserved: null, price: '3.10', weight: 0.3 },
];

const items = ExprItem.objects;

async function labels(qs: typeof items | ReturnType<typeof items.filter>): Promise<string[]> {
  return (await qs.valuesList('label', { flat: true })).sort();
}

forEachDialect('F expressions', [ExprItem], (dialect) => {
  beforeEach(async () => {
    await truncate([ExprItem]);
    await items.bulkCreate(ITEMS);
  });

  describe('in filters', () => {
    it('compares a column with another column', async () => {
      expect(await labels(items.filter({ stock__gt: F('sold') }))).to.deep.equal(['apple']);
      expect(await labels(items.filter({ stock: F('sold') }))).to.deep.equal(['bread', 'dates']);
      expect(await labels(items.filter({ stock__lt: F('sold') }))).to.deep.equal(['cheese']);
      const { sql, bindings } = items.filter({ stock__gt: F('sold') }).toSQL();
      expect(sql).to.match(/stock.{0,3} > .{0,3}expressions_items.{0,3}\..{0,3}sold/);
      expect(bindings).to.deep.equal([]);
    });

    it('compares with arithmetic', async () => {
      expect(await labels(items.filter({ stock__gte: F('sold').mul(2) }))).to.deep.equal(['apple', 'dates']);
      expect(await labels(items.filter({ stock__lt: F('sold').add(F('reserved')) }))).to.deep.equal(['cheese']);
      expect(await labels(items.filter({ sold__lte: F('stock').sub(5) }))).to.deep.equal(['apple']);
      expect(await labels(items.filter({ stock: F('sold').mod(5) }))).to.deep.equal(['dates']);
    });

    it('exclude keeps rows where either side is NULL', async () => {
      expect(await labels(items.exclude({ stock__lt: F('reserved') }))).to.deep.equal(['apple', 'bread', 'cheese', 'dates']);
      expect(items.exclude({ stock__lt: F('reserved') }).toSQL().sql).to.match(/reserved.{0,3} IS NOT NULL/);
    });

    it('works inside Q objects', async () => {
      expect(await labels(items.filter(Q({ stock__gt: F('sold') }).or({ sold__gt: F('stock') })))).to.deep.equal(['apple', 'cheese']);
    });

    it('names the choices for an unknown F() field', () => {
      expect(() => items.filter({ stock__gt: F('sould') })).to.throw(FieldError, /Cannot resolve keyword 'sould' into field\. Choices are: .*sold.*Did you mean 'sold'\?/);
    });
  });

  describe('in updates', () => {
    it('updates from other columns with arithmetic', async () => {
      const n = await items.filter({ label: 'apple' }).update({ stock: F('stock').sub(F('sold')), sold: 0 });
      expect(n).to.equal(1);
      const apple = await items.get({ label: 'apple' });
      expect([apple.stock, apple.sold]).to.deep.equal([7, 0]);
    });

    it('updates every row, decimals exactly', async () => {
      expect(await items.update({ price: F('price').mul(2), stock: F('stock').add(1) })).to.equal(4);
      const rows = await items.orderBy('label').values('label', 'price', 'stock');
      expect(rows).to.deep.equal([
        { label: 'apple', price: '3.00', stock: 11 },
        { label: 'bread', price: '4.50', stock: 6 },
        { label: 'cheese', price: '14.00', stock: 9 },
        { label: 'dates', price: '6.20', stock: 1 },
      ]);
    });

    it('never mistakes a JSON value shaped like an expression for one', async () => {
      const tags = { kind: 'column', field: 'stock', value: 1 };
      expect(await items.filter({ label: 'apple' }).update({ tags })).to.equal(1);
      expect((await items.get({ label: 'apple' })).tags).to.deep.equal(tags);
    });

    it('adds to a NULL column gives NULL, as in SQL', async () => {
      await items.update({ reserved: F('reserved').add(1) });
      const reserved = await items.orderBy('label').valuesList('reserved', { flat: true });
      expect(reserved).to.deep.equal([2, null, 3, null]);
    });
  });

  describe('in annotations', () => {
    it('annotates instances and values with computed columns', async () => {
      const rows = await items.annotate({ left: F('stock').sub(F('sold')) }).orderBy('label');
      expect(rows.map((r) => [r.label, r.left])).to.deep.equal([['apple', 7], ['bread', 0], ['cheese', -2], ['dates', 0]]);
      const values = await items.annotate({ revenue: F('price').mul(F('sold')) }).values('label', 'revenue' as never).orderBy('label');
      expect(values).to.deep.equal([
        { label: 'apple', revenue: '4.50' },
        { label: 'bread', revenue: '11.25' },
        { label: 'cheese', revenue: '70.00' },
        { label: 'dates', revenue: '0.00' },
      ]);
    });

    it('filters and orders by an annotation (inlined, not by alias)', async () => {
      const qs = items.annotate({ left: F('stock').sub(F('sold')) }).filter({ left__lt: 1 } as never).orderBy('left' as never, 'label');
      expect((await qs).map((r) => r.label)).to.deep.equal(['cheese', 'bread', 'dates']);
      expect(qs.toSQL().sql).to.match(/where \(.*stock.* - .*sold.*\) < \?/i);
    });

    it('F() may refer to an earlier annotation', async () => {
      const rows = await items
        .annotate({ left: F('stock').sub(F('sold')) })
        .annotate({ twice: F('left').mul(2) })
        .values('label', 'twice' as never)
        .orderBy('label');
      expect(rows.map((r) => (r as unknown as { twice: number }).twice)).to.deep.equal([14, 0, -4, 0]);
    });

    it('multiplies floats as floats', async () => {
      const rows = await items.annotate({ load: F('weight').mul(F('stock')) }).orderBy('label');
      expect(rows.map((r) => r.load)).to.deep.equal([2, 2.5, 10, 0]);
      expect(typeof rows[0]!.load).to.equal('number');
    });

    it('divides integers as integers on every dialect', async () => {
      const rows = await items.filter({ sold__gt: 0 }).annotate({ ratio: F('stock').div(F('sold')) }).orderBy('label');
      expect(rows.map((r) => r.ratio)).to.deep.equal([3, 1, 0]);
      if (dialect === 'mysql') expect(items.annotate({ ratio: F('stock').div(F('sold')) }).toSQL().sql).to.match(/ DIV /);
    });

    it('divides floats as floats', async () => {
      const rows = await items.filter({ label: 'bread' }).annotate({ half: F('weight').div(2) });
      expect(rows[0]!.half).to.equal(0.25);
    });
  });
});
