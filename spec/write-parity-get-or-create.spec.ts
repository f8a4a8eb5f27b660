import { expect } from 'chai';
import { captureQueries, CharField, DateTimeField, ForeignKey, IntegerField, Model, postSave, preSave, type FieldValues } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

// getOrCreate()/updateOrCreate() as Django's: callables in `defaults` are called only when they are
// used, and the update writes only the defaults' fields (Django 4.2's update_fields).

class WpgShelf extends Model {
  static fields = { label: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'wpg_shelves' };
  static objects = this.manager();
}
interface WpgShelf extends FieldValues<typeof WpgShelf> {}

class WpgItem extends Model {
  static fields = {
    name: new CharField({ maxLength: 20, unique: true }),
    n: new IntegerField({ default: 0 }),
    m: new IntegerField({ default: 0 }),
    shelf: new ForeignKey(() => WpgShelf, { onDelete: 'CASCADE', null: true, relatedName: 'items' }),
    touched: new DateTimeField({ autoNow: true }),
  };
  static meta = { tableName: 'wpg_items' };
  static objects = this.manager();
}
interface WpgItem extends FieldValues<typeof WpgItem> {}

/** No field that fills itself on save: an update with no defaults has nothing to write. */
class WpgCounter extends Model {
  static fields = { name: new CharField({ maxLength: 20, unique: true }), n: new IntegerField({ default: 0 }) };
  static meta = { tableName: 'wpg_counters' };
  static objects = this.manager();
}
interface WpgCounter extends FieldValues<typeof WpgCounter> {}

const MODELS = [WpgShelf, WpgItem, WpgCounter];
/** The defaults type admits neither functions (yet) nor `pk`, which getOrCreate takes: such defaults go through `never`. */
const loose = (defaults: Record<string, unknown>) => defaults as never;
const updates = (queries: readonly { sql: string }[]) => queries.map((q) => q.sql.replace(/[`"]/g, '')).filter((sql) => /^\s*update/i.test(sql));

forEachDialect('getOrCreate()/updateOrCreate(): callable defaults and the fields the update writes', MODELS, () => {
  const events: unknown[] = [];
  const connected: (() => boolean)[] = [];
  beforeEach(async () => {
    await truncate(MODELS);
    events.length = 0;
  });
  afterEach(() => {
    for (const disconnect of connected.splice(0)) disconnect();
  });
  const listen = (model: typeof WpgItem | typeof WpgCounter) => {
    connected.push(preSave.connect((_instance: object, { updateFields }) => void events.push(['pre', updateFields]), { sender: model as typeof WpgItem }));
    connected.push(postSave.connect((_instance: object, { created, updateFields }) => void events.push(['post', created, updateFields]), { sender: model as typeof WpgItem }));
  };

  describe('callable defaults', () => {
    it('getOrCreate() calls a function given as a default when it creates, and not when it finds the row', async () => {
      let calls = 0;
      const seven = () => ++calls && 7;
      const [made, created] = await WpgItem.objects.getOrCreate({ name: 'cal' }, loose({ n: seven, m: 2 }));
      expect([created, made.n, made.m, calls]).to.deep.equal([true, 7, 2, 1]);
      expect(await WpgItem.objects.filter({ name: 'cal' }).valuesList('n', { flat: true })).to.deep.equal([7]);
      const [found, again] = await WpgItem.objects.getOrCreate({ name: 'cal' }, loose({ n: seven }));
      expect([again, found.pk, calls]).to.deep.equal([false, made.pk, 1]);
    });

    it('updateOrCreate() calls each function once, for the INSERT or for the UPDATE', async () => {
      let calls = 0;
      const next = () => ++calls * 10;
      const [made, created] = await WpgItem.objects.updateOrCreate({ name: 'cd' }, loose({ m: next }));
      expect([created, made.m, calls]).to.deep.equal([true, 10, 1]);
      const [updated, again] = await WpgItem.objects.updateOrCreate({ name: 'cd' }, loose({ m: next }));
      expect([again, updated.pk, updated.m, calls]).to.deep.equal([false, made.pk, 20, 2]);
      expect((await WpgItem.objects.get({ name: 'cd' })).m).to.equal(20);
    });

    it('a function may give a related instance, and the defaults object is left as given', async () => {
      const shelf = await WpgShelf.objects.create({ label: 'top' });
      const defaults = { shelf: () => shelf };
      const [item] = await WpgItem.objects.getOrCreate({ name: 'rel' }, loose(defaults));
      expect((await WpgItem.objects.get({ pk: item.pk })).shelfId).to.equal(shelf.pk);
      expect(defaults.shelf).to.be.a('function');
    });

    it('a function whose value a field refuses raises that field\'s ValidationError, and no row is made', async () => {
      const failure = await WpgItem.objects.getOrCreate({ name: 'bad' }, loose({ n: () => 'seven' })).catch((error: Error) => error);
      expect(failure).to.be.instanceOf(Error).with.property('message').match(/WpgItem\.n/);
      expect(await WpgItem.objects.count()).to.equal(0);
    });
  });

  describe("updateOrCreate()'s UPDATE", () => {
    it('sets only the defaults and the fields that fill themselves on save, and sends them as updateFields', async () => {
      const before = await WpgItem.objects.create({ name: 'a', n: 1, m: 1 });
      listen(WpgItem);
      const queries = await captureQueries(() => WpgItem.objects.updateOrCreate({ name: 'a' }, { m: 9 }));
      expect(updates(queries)).to.have.length(1);
      expect(updates(queries)[0]).to.match(/set m = \?, touched = \? where/);
      expect(events).to.deep.equal([
        ['pre', ['m', 'touched']],
        ['post', false, ['m', 'touched']],
      ]);
      const after = await WpgItem.objects.get({ pk: before.pk });
      expect([after.n, after.m]).to.deep.equal([1, 9]);
      expect(after.touched.getTime()).to.be.at.least(before.touched.getTime());
    });

    it('leaves a change another writer made to the other columns in place', async () => {
      const item = await WpgItem.objects.create({ name: 'a', n: 1, m: 1 });
      // Another writer changes n between the read and the write of updateOrCreate.
      connected.push(preSave.connect(async () => void (await WpgItem.objects.filter({ pk: item.pk }).update({ n: 50 })), { sender: WpgItem }));
      const [returned] = await WpgItem.objects.updateOrCreate({ name: 'a' }, { m: 9 });
      expect(returned.n).to.equal(1);
      const stored = await WpgItem.objects.get({ pk: item.pk });
      expect([stored.n, stored.m]).to.deep.equal([50, 9]);
    });

    it('names a ForeignKey default as given, by relation or by key', async () => {
      const shelf = await WpgShelf.objects.create({ label: 'top' });
      await WpgItem.objects.create({ name: 'a' });
      listen(WpgItem);
      await WpgItem.objects.updateOrCreate({ name: 'a' }, { shelf });
      await WpgItem.objects.updateOrCreate({ name: 'a' }, { shelfId: null });
      expect(events.filter((e) => (e as unknown[])[0] === 'pre')).to.deep.equal([
        ['pre', ['shelf', 'touched']],
        ['pre', ['shelfId', 'touched']],
      ]);
      expect((await WpgItem.objects.get({ name: 'a' })).shelfId).to.equal(null);
    });

    it('saves every field when a default is the primary key, as Django does', async () => {
      const item = await WpgItem.objects.create({ name: 'a' });
      listen(WpgItem);
      const queries = await captureQueries(() => WpgItem.objects.updateOrCreate({ name: 'a' }, loose({ pk: item.pk, m: 3 })));
      expect(updates(queries)[0]).to.match(/set name = \?, n = \?, m = \?, shelf_id = \?, touched = \? where/);
      expect(events).to.deep.equal([
        ['pre', null],
        ['post', false, null],
      ]);
    });

    it('with no defaults and no field to fill on save, writes nothing and sends no signal (Django\'s empty update_fields)', async () => {
      await WpgCounter.objects.create({ name: 'a', n: 4 });
      listen(WpgCounter);
      const queries = await captureQueries(() => WpgCounter.objects.updateOrCreate({ name: 'a' }));
      expect(updates(queries)).to.deep.equal([]);
      expect(events).to.deep.equal([]);
      expect((await WpgCounter.objects.get({ name: 'a' })).n).to.equal(4);
    });

    it('through a QuerySet with only(), writes the defaults into the loaded row', async () => {
      await WpgCounter.objects.create({ name: 'a', n: 4 });
      const [counter, created] = await WpgCounter.objects.only('name').updateOrCreate({ name: 'a' }, { n: 5 });
      expect([created, counter.n]).to.deep.equal([false, 5]);
      expect((await WpgCounter.objects.get({ name: 'a' })).n).to.equal(5);
    });
  });

  describe('createDefaults (Django 5\'s create_defaults)', () => {
    it('creates with createDefaults, updates with defaults', async () => {
      const [made, created] = await WpgCounter.objects.updateOrCreate({ name: 'c' }, { n: 5 }, { n: 100 });
      expect([created, made.n]).to.deep.equal([true, 100]);
      const [again, createdAgain] = await WpgCounter.objects.updateOrCreate({ name: 'c' }, { n: 5 }, { n: 100 });
      expect([createdAgain, again.pk, again.n]).to.deep.equal([false, made.pk, 5]);
      expect(await WpgCounter.objects.valuesList('n', { flat: true })).to.deep.equal([5]);
    });

    it('checks its names before any SQL', async () => {
      const queries = await captureQueries(async () => {
        const error = await WpgCounter.objects.updateOrCreate({ name: 'd' }, { n: 1 }, { nn: 2 } as never).then(() => null, (e: unknown) => e);
        expect((error as Error).name).to.equal('FieldError');
        expect((error as Error).message).to.match(/createDefaults.*'nn'/);
      });
      expect(queries).to.deep.equal([]);
    });

    it('through a related manager the created row belongs to the owner', async () => {
      const shelf = await WpgShelf.objects.create({ label: 's' });
      const items = (shelf as unknown as { items: { updateOrCreate: typeof WpgItem.objects.updateOrCreate } }).items;
      const [made, created] = await items.updateOrCreate({ name: 'x' }, { m: 1 }, { m: 9 });
      expect([created, made.m, made.shelfId]).to.deep.equal([true, 9, shelf.pk]);
      const [again] = await items.updateOrCreate({ name: 'x' }, { m: 1 }, { m: 9 });
      expect([again.pk, again.m, again.shelfId]).to.deep.equal([made.pk, 1, shelf.pk]);
    });
  });
});
