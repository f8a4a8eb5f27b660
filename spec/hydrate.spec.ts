import { expect } from 'chai';
import { inspect } from 'node:util';
import { BooleanField, CharField, Count, DateTimeField, FieldError, IntegerField, Model, type FieldValues } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

/** Column names that must be quoted in SQL and escaped in the generated row loops. */
class HydrateOddRow extends Model {
  static fields = {
    label: new CharField({ maxLength: 20, dbColumn: 'la"bel \\ x' }),
    flag: new BooleanField({ dbColumn: "it's" }),
    seen: new DateTimeField({ null: true }),
    rank: new IntegerField({ null: true }),
  };
  static meta = { tableName: 'hydrate_odd_rows', ordering: ['label'] };
  static objects = this.manager();
}
interface HydrateOddRow extends FieldValues<typeof HydrateOddRow> {}

/** Same column and attribute names as HydrateOddRow, but `flag` holds a datetime. */
class HydrateOddTwin extends Model {
  static fields = {
    label: new CharField({ maxLength: 20, dbColumn: 'la"bel \\ x' }),
    flag: new DateTimeField({ dbColumn: "it's" }),
  };
  static meta = { tableName: 'hydrate_odd_twins' };
  static objects = this.manager();
}
interface HydrateOddTwin extends FieldValues<typeof HydrateOddTwin> {}

const SEEN = new Date(Date.UTC(2024, 2, 31, 1, 30, 0, 250));

forEachDialect('Hydration', [HydrateOddRow, HydrateOddTwin], () => {
  beforeEach(async () => {
    await truncate([HydrateOddRow, HydrateOddTwin]);
    await HydrateOddTwin.objects.create({ label: 't', flag: SEEN });
    await HydrateOddRow.objects.bulkCreate([
      { label: 'a', flag: true, seen: SEEN, rank: 1 },
      { label: 'b', flag: false, seen: null, rank: null },
    ]);
  });

  it('builds instances from columns whose names need escaping, converting each value', async () => {
    const [a, b] = await HydrateOddRow.objects.all();
    expect(a).to.be.instanceOf(HydrateOddRow);
    expect(a!.constructor).to.equal(HydrateOddRow);
    expect([a!.label, a!.flag, a!.seen?.getTime(), a!.rank]).to.deep.equal(['a', true, SEEN.getTime(), 1]);
    expect([b!.label, b!.flag, b!.seen, b!.rank]).to.deep.equal(['b', false, null, null]);
    expect(Object.keys(a!)).to.deep.equal(['id', 'label', 'flag', 'seen', 'rank']);
  });

  it('hydrated instances save back as updates', async () => {
    const [a] = await HydrateOddRow.objects.all();
    a!.rank = 5;
    await a!.save();
    expect(await HydrateOddRow.objects.count()).to.equal(2);
    expect((await HydrateOddRow.objects.get({ label: 'a' })).rank).to.equal(5);
  });

  it('builds values() objects and valuesList() tuples, with annotations (names must be identifiers)', async () => {
    const rows = await HydrateOddRow.objects.values('label', 'flag');
    expect(rows).to.deep.equal([{ label: 'a', flag: true }, { label: 'b', flag: false }]);
    const counted = await HydrateOddRow.objects.annotate({ n_x: Count('pk') }).values('flag', 'n_x' as never).orderBy('flag');
    expect(counted).to.deep.equal([{ flag: false, n_x: 1 }, { flag: true, n_x: 1 }]);
    // A name that is not an identifier could break the generated row loop or the SQL: refused up front.
    expect(() => HydrateOddRow.objects.annotate({ 'n "x"': Count('pk') })).to.throw(FieldError, /not a valid annotation name/);
    expect(await HydrateOddRow.objects.valuesList('label', 'rank')).to.deep.equal([['a', 1], ['b', null]]);
  });

  it('two plans of the same shape share a row loop but keep their own converters', async () => {
    const rows = await HydrateOddRow.objects.values('label', 'flag');
    const twins = await HydrateOddTwin.objects.values('label', 'flag');
    expect(rows.map((r) => r.flag)).to.deep.equal([true, false]);
    expect(twins.map((r) => (r.flag as Date).getTime())).to.deep.equal([SEEN.getTime()]);
  });

  it('models loaded in the same shape share a row loop but each builds its own instances', async () => {
    // only('label') reads id and the same escaped column from both tables: one generated loop.
    const rows = await HydrateOddRow.objects.only('label');
    const [twin] = await HydrateOddTwin.objects.only('label');
    expect(rows.map((r) => r.label)).to.deep.equal(['a', 'b']);
    expect(Object.getPrototypeOf(rows[0])).to.equal(HydrateOddRow.prototype);
    expect(Object.getPrototypeOf(twin)).to.equal(HydrateOddTwin.prototype);
    expect(twin).to.be.instanceOf(HydrateOddTwin).and.not.instanceOf(HydrateOddRow);
    expect(twin!.constructor).to.equal(HydrateOddTwin);
    expect(inspect(twin)).to.match(/^HydrateOddTwin \{/);
    expect(Object.keys(twin!)).to.deep.equal(['id', 'label']);
    // A deferred field loads on first read and becomes one more property of that instance.
    expect((await twin!.refreshFromDb({ fields: ['flag'] }), twin!.flag.getTime())).to.equal(SEEN.getTime());
    expect(Object.keys(twin!)).to.deep.equal(['id', 'label', 'flag']);
    twin!.label = 'u';
    await twin!.save();
    expect((await HydrateOddTwin.objects.get({ pk: twin!.pk })).label).to.equal('u');
  });
});
