import { expect } from 'chai';
import {
  Avg, captureQueries, CharField, Count, DecimalField, F, IntegerField, Max, Min, Model, Sum, Value, Window, WrenTypeError, type FieldValues,
} from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

class EdgeItem extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    team: new CharField({ maxLength: 10 }),
    rank: new IntegerField({ null: true }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
  };
  static meta = { tableName: 'edge_items', ordering: ['name'], getLatestBy: ['-rank', 'name'] };
  static objects = this.manager();
}
interface EdgeItem extends FieldValues<typeof EdgeItem> {}

const names = (rows: readonly EdgeItem[]) => rows.map((row) => row.name);

async function seed(): Promise<void> {
  await EdgeItem.objects.bulkCreate([
    { name: 'ann', team: 'red', rank: 1, price: '1.10' },
    { name: 'bob', team: 'red', rank: 1, price: '2.20' },
    { name: 'cy', team: 'blue', rank: 2, price: '3.30' },
    { name: 'dee', team: 'blue', rank: null, price: '4.40' },
  ]);
}

forEachDialect('QuerySet edges as Django has them', [EdgeItem], () => {
  beforeEach(async () => {
    await truncate([EdgeItem]);
    await seed();
  });

  it('exists() on an empty slice is false, without a query', async () => {
    const queries = await captureQueries(async () => {
      expect(await EdgeItem.objects.slice(0, 0).exists()).to.equal(false);
      expect(await EdgeItem.objects.slice(1, 3).slice(2).exists()).to.equal(false);
    });
    expect(queries).to.have.length(0);
    expect(await EdgeItem.objects.slice(3, 4).exists()).to.equal(true);
    expect(await EdgeItem.objects.slice(4, 9).exists()).to.equal(false);
  });

  it('union() leaves out none() parts, intersection() with one is empty, difference() subtracts nothing for it', async () => {
    const red = EdgeItem.objects.filter({ team: 'red' });
    const none = EdgeItem.objects.none();
    expect(names(await red.union(none))).to.deep.equal(['ann', 'bob']);
    expect(names(await none.union(red))).to.deep.equal(['ann', 'bob']);
    expect(names(await none.union(red, EdgeItem.objects.filter({ name: 'cy' })).orderBy('name'))).to.deep.equal(['ann', 'bob', 'cy']);
    expect(names(await red.intersection(none))).to.deep.equal([]);
    expect(names(await none.intersection(red))).to.deep.equal([]);
    expect(names(await red.difference(none))).to.deep.equal(['ann', 'bob']);
    expect(names(await none.difference(red))).to.deep.equal([]);
    expect(names(await red.union(none, none))).to.deep.equal(['ann', 'bob']);
  });

  it('first()/last() refuse an unordered grouped query (ordering by pk would regroup it), as Django 5', async () => {
    const grouped = EdgeItem.objects.values('team').annotate({ n: Count('pk') });
    for (const call of [() => grouped.first(), () => grouped.last()]) {
      const error = await rejection(call());
      expect(error).to.be.instanceOf(WrenTypeError);
      expect((error as Error).message).to.match(/Cannot use QuerySet\.(first|last)\(\) on an unordered queryset performing aggregation/);
    }
    expect(await grouped.orderBy('team').first()).to.deep.equal({ team: 'blue', n: 2 });
    expect(await grouped.orderBy('team').last()).to.deep.equal({ team: 'red', n: 2 });
    // Grouped by the primary key (aggregates over instances) stays answerable.
    const [first] = [await EdgeItem.objects.annotate({ n: Count('pk') }).first()];
    expect(first?.name).to.equal('ann');
    // orderBy() with no terms orders nothing, so first() orders by the primary key, as Django's.
    expect((await EdgeItem.objects.orderBy('-name').orderBy().last())?.name).to.equal('dee');
  });

  it('update({}) changes nothing and sends no statement', async () => {
    const queries = await captureQueries(async () => expect(await EdgeItem.objects.filter({ team: 'red' }).update({})).to.equal(0));
    expect(queries).to.have.length(0);
  });

  it('inBulk() refuses values()/valuesList() and slices instead of keying by undefined', async () => {
    for (const call of [
      () => EdgeItem.objects.values('name').inBulk([1]),
      () => EdgeItem.objects.valuesList('name').inBulk(),
      () => EdgeItem.objects.slice(0, 2).inBulk(),
    ]) {
      expect(await rejection(call())).to.be.instanceOf(WrenTypeError);
    }
  });

  it('meta.getLatestBy may list several fields, as Django', async () => {
    expect((await EdgeItem.objects.filter({ rank__isnull: false }).latest()).name).to.equal('bob');
    expect((await EdgeItem.objects.filter({ rank__isnull: false }).earliest()).name).to.equal('cy');
  });

  it('bulkUpdate() takes expressions per object (Django 4.1), computed by the database for that row', async () => {
    const [ann, bob, cy] = await EdgeItem.objects.filter({ rank__isnull: false }).orderBy('name');
    (ann as unknown as { rank: unknown }).rank = F('rank').add(10);
    bob!.rank = 5;
    (cy as unknown as { rank: unknown }).rank = F('rank').mul(F('rank'));
    expect(await EdgeItem.objects.bulkUpdate([ann!, bob!, cy!], ['rank'])).to.equal(3);
    expect(await EdgeItem.objects.orderBy('name').valuesList('rank', { flat: true })).to.deep.equal([11, 5, 4, null]);
  });

  describe('aggregates with a default (Django 4.0)', () => {
    it('a default replaces the null of no rows, converted as the aggregate; rows are unchanged', async () => {
      const none = EdgeItem.objects.filter({ team: 'green' });
      expect(await none.aggregate({ s: Sum('rank', { default: 0 }), p: Sum('price', { default: '0.00' }), a: Avg('rank', { default: 0 }), top: Max('price', { default: Value('9.5') }), low: Min('name', { default: Value('-') }), n: Count('pk') }))
        .to.deep.equal({ s: 0, p: '0.00', a: 0, top: '9.50', low: '-', n: 0 });
      expect(await EdgeItem.objects.aggregate({ s: Sum('rank', { default: 0 }), p: Sum('price', { default: '0.00' }), none: Sum('rank', { default: -1, filter: { team: 'green' } }) }))
        .to.deep.equal({ s: 4, p: '11.00', none: -1 });
    });

    it('per group in annotate(), and under a window (the window goes on the aggregate, inside the default)', async () => {
      const perTeam = await EdgeItem.objects.values('team').annotate({ ranks: Sum('rank', { default: 0, filter: { rank__gt: 1 } }) }).orderBy('team');
      expect(perTeam).to.deep.equal([{ team: 'blue', ranks: 2 }, { team: 'red', ranks: 0 }]);
      const running = await EdgeItem.objects.annotate({ run: Window(Sum(F('rank'), { default: 0 }), { orderBy: ['-name'] }) }).orderBy('-name').valuesList('run', { flat: true });
      expect(running).to.deep.equal([0, 2, 3, 4]);
    });

    it('Count() takes none (it is 0); a default of another kind is refused before any SQL', async () => {
      expect(() => Count('pk', { default: 1 } as never)).to.throw(WrenTypeError, /Count\(\) takes no default/);
      expect(() => Sum('rank', { default: {} })).to.throw(WrenTypeError, /default must be a number, string, bigint, boolean, Date or expression/);
      const queries = await captureQueries(async () => expect(await rejection(EdgeItem.objects.aggregate({ p: Sum('price', { default: 'abc' }) }))).to.be.instanceOf(Error));
      expect(queries).to.have.length(0);
    });
  });
});
