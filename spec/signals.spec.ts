import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  atomic, captureQueries, CharField, Collector, classPrepared, database, m2mChanged, migrations, Model, postDelete, postInit, postMigrate, postSave, preDelete, preInit,
  preMigrate, preSave, QuerySet, receiver, Signal, WrenError, type ModelClass, type ModelMetaConfig,
} from '../lib/index.js';
import { tempProject, LIB } from './migrations/helpers.js';
import { writeFixtureObjects } from '../lib/cli/fixture-loader.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { bookTags, SIGNAL_MODELS, SigAuthor, SigBook, SigNote, SigReview, SigTag } from './models/signal-models.js';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const loose = (instance: object) => instance as Loose;
const sorted = (keys: ReadonlySet<unknown> | null) => (keys === null ? null : [...keys].map(Number).sort((a, b) => a - b));

/** Receivers a test connected: disconnected after it, so they never leak into the next test (or into truncate()). */
const connected: (() => boolean)[] = [];
const track = (disconnect: () => boolean) => connected.push(disconnect);
function disconnectAfterEach(): void {
  afterEach(() => {
    for (const disconnect of connected.splice(0)) disconnect();
  });
}

describe('Signal: connect, send, disconnect', () => {
  class Order {}
  class Refund {}

  it('calls receivers in the order they connected and returns [receiver, result] pairs', async () => {
    const paid = new Signal<{ amount: number }, object>('paid');
    const first = (_sender: object, { amount }: { amount: number }) => amount * 2;
    const second = () => 'second';
    paid.connect(first);
    paid.connect(second);
    expect(await paid.send(Order, { amount: 5 })).to.deep.equal([[first, 10], [second, 'second']]);
  });

  it('awaits async receivers one after another, in order', async () => {
    const paid = new Signal<{ log: string[] }, object>('paid');
    const slow = async (_: object, { log }: { log: string[] }) => {
      log.push('slow:start');
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push('slow:end');
      return 'slow';
    };
    const quick = (_: object, { log }: { log: string[] }) => {
      log.push('quick');
      return 'quick';
    };
    paid.connect(slow);
    paid.connect(quick);
    const log: string[] = [];
    const results = await paid.send(Order, { log });
    expect(log).to.deep.equal(['slow:start', 'slow:end', 'quick']);
    expect(results.map(([, result]) => result)).to.deep.equal(['slow', 'quick']);
  });

  it('filters by sender; a receiver without one hears every sender', async () => {
    const paid = new Signal<Record<never, never>, object>('paid');
    const heard: string[] = [];
    paid.connect(() => heard.push('orders'), { sender: Order });
    paid.connect((sender) => heard.push(`any:${(sender as { name: string }).name}`));
    await paid.send(Order, {});
    await paid.send(Refund, {});
    expect(heard).to.deep.equal(['orders', 'any:Order', 'any:Refund']);
    expect(paid.hasListeners(Order)).to.equal(true);
    expect(new Signal('idle').hasListeners(Order)).to.equal(false);
  });

  it('dispatchUid (or the same receiver again) registers once', async () => {
    const paid = new Signal<Record<never, never>, object>('paid');
    let calls = 0;
    paid.connect(() => calls++, { dispatchUid: 'count' });
    paid.connect(() => calls++, { dispatchUid: 'count' });
    const same = () => calls++;
    paid.connect(same);
    paid.connect(same);
    paid.connect(same, { sender: Order }); // another sender: another registration
    await paid.send(Order, {});
    expect(calls).to.equal(3);
    expect(paid.disconnect(undefined, { dispatchUid: 'count' })).to.equal(true);
    await paid.send(Refund, {});
    expect(calls).to.equal(4);
  });

  it('disconnect() removes the receiver (per sender); connect() returns a disconnecting function', async () => {
    const paid = new Signal<Record<never, never>, object>('paid');
    const heard: string[] = [];
    const a = () => heard.push('a');
    const b = () => heard.push('b');
    paid.connect(a);
    paid.connect(a, { sender: Order });
    const offB = paid.connect(b);
    expect(paid.disconnect(a)).to.equal(true);
    expect(paid.disconnect(a)).to.equal(false);
    await paid.send(Order, {});
    expect(heard).to.deep.equal(['a', 'b']); // a for Order only now
    expect(offB()).to.equal(true);
    expect(paid.disconnect(a, { sender: Order })).to.equal(true);
    await paid.send(Order, {});
    expect(heard).to.deep.equal(['a', 'b']);
    expect(paid.hasListeners(Order)).to.equal(false);
  });

  it('a receiver connecting during a send is called from the next send on', async () => {
    const paid = new Signal<Record<never, never>, object>('paid');
    const heard: string[] = [];
    paid.connect(() => {
      heard.push('first');
      paid.connect(() => heard.push('late'), { dispatchUid: 'late' });
    });
    await paid.send(Order, {});
    await paid.send(Order, {});
    expect(heard).to.deep.equal(['first', 'first', 'late']);
  });

  it('send() stops at a throwing receiver; sendRobust() returns the error and runs the rest', async () => {
    const paid = new Signal<Record<never, never>, object>('paid');
    const heard: string[] = [];
    const fails = async () => {
      throw new Error('card declined');
    };
    paid.connect(fails);
    paid.connect(() => heard.push('after'));
    expect(((await rejection(paid.send(Order, {}))) as Error).message).to.equal('card declined');
    expect(heard).to.deep.equal([]);
    const results = await paid.sendRobust(Order, {});
    expect(results[0]![0]).to.equal(fails);
    expect((results[0]![1] as Error).message).to.equal('card declined');
    expect(heard).to.deep.equal(['after']);
  });

  it('sendSync() refuses an async receiver', () => {
    const built = new Signal<Record<never, never>, object>('built');
    built.connect(async function stamp() {});
    expect(() => built.sendSync(Order, {})).to.throw(WrenError, /built is sent synchronously.*stamp returned a promise/);
  });

  it('weak: true does not keep the receiver alive', async function () {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const paid = new Signal<Record<never, never>, object>('paid');
    const kept = () => 'kept';
    paid.connect(kept, { weak: true });
    (() => paid.connect(() => 'dropped', { weak: true }))();
    // A WeakRef's target survives the job that made it; collect after this turn.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const results = await paid.send(Order, {});
    expect(results).to.deep.equal([[kept, 'kept']]);
  });

  it('checks its arguments', () => {
    const paid = new Signal('paid');
    expect(() => paid.connect('nope' as never)).to.throw(/paid.connect\(\): receiver must be a function/);
    expect(() => paid.connect(() => 1, { dispatchUID: 'x' } as never)).to.throw(/unknown option 'dispatchUID'/);
    expect(() => paid.disconnect()).to.throw(/needs the receiver or its dispatchUid/);
  });

  it('receiver() connects the function and returns it', async () => {
    const paid = new Signal<{ amount: number }, object>('paid');
    const double = receiver(paid, { sender: Order })((_sender, { amount }) => amount * 2);
    expect(await paid.send(Order, { amount: 4 })).to.deep.equal([[double, 8]]);
    expect(await paid.send(Refund, { amount: 4 })).to.deep.equal([]);
    expect(paid.disconnect(double, { sender: Order })).to.equal(true);
  });
});

describe('classPrepared, preInit, postInit', () => {
  disconnectAfterEach();
  it('classPrepared is sent once, when a concrete model is first used', () => {
    const seen: ModelClass[] = [];
    track(classPrepared.connect((sender) => void seen.push(sender)));
    class SigLateBase extends Model {
      static fields = { name: new CharField({ maxLength: 5 }) };
      static meta: ModelMetaConfig = { abstract: true };
    }
    class SigLate extends SigLateBase {
      static override meta: ModelMetaConfig = { tableName: 'sig_late' };
    }
    expect(seen).to.deep.equal([]);
    void SigLateBase._meta; // abstract: not prepared
    void SigLate._meta;
    void SigLate._meta;
    expect(seen).to.deep.equal([SigLate]);
  });

  it('the constructor sends preInit with its values, then postInit with the instance', () => {
    const events: string[] = [];
    track(preInit.connect((sender, { args }) => void events.push(`pre ${sender.name} ${JSON.stringify(args)}`), { sender: SigAuthor }));
    track(postInit.connect((author) => void events.push(`post ${author.name}`), { sender: SigAuthor }));
    const ann = new SigAuthor({ name: 'Ann' });
    new SigTag({ name: 'other model' });
    expect(ann.name).to.equal('Ann');
    expect(events).to.deep.equal(['pre SigAuthor {"name":"Ann"}', 'post Ann']);
  });

  it('postInit receivers must be synchronous', () => {
    track(postInit.connect(async () => {}, { sender: SigAuthor }));
    expect(() => new SigAuthor({ name: 'x' })).to.throw(WrenError, /postInit is sent synchronously/);
  });
});

forEachDialect('Signals', SIGNAL_MODELS, () => {
  disconnectAfterEach();
  beforeEach(() => truncate([...SIGNAL_MODELS, bookTags()]));

  async function library() {
    const ann = await SigAuthor.objects.create({ name: 'Ann' });
    const dune = await SigBook.objects.create({ title: 'Dune', author: ann });
    const emma = await SigBook.objects.create({ title: 'Emma', author: ann });
    for (const [book, text] of [[dune, 'r1'], [dune, 'r2'], [emma, 'r3']] as const) await SigReview.objects.create({ text, book });
    return { ann, dune, emma };
  }

  describe('postInit for loaded rows', () => {
    it('is sent for each loaded instance when a receiver listens for the model, and only then', async () => {
      await SigAuthor.objects.bulkCreate([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
      const seen: string[] = [];
      track(postInit.connect((author) => void seen.push(`${author.name}:${author.isAdding}`), { sender: SigAuthor }));
      const loaded = await SigAuthor.objects.all();
      expect(seen).to.deep.equal(['a:false', 'b:false', 'c:false']);
      expect(loaded.map((a) => a.name)).to.deep.equal(['a', 'b', 'c']);
      await SigAuthor.objects.values('name');
      await SigBook.objects.all();
      expect(seen).to.have.length(3);
    });
  });

  describe('preSave / postSave', () => {
    it('save() sends preSave then postSave: created true for the INSERT, false for the UPDATE', async () => {
      const events: unknown[] = [];
      track(preSave.connect((author, { sender, raw, using, updateFields }) => void events.push(['pre', sender, author.pk, raw, using, updateFields]), { sender: SigAuthor }));
      track(postSave.connect((author, { created, updateFields }) => void events.push(['post', author.pk, created, updateFields]), { sender: SigAuthor }));
      const ann = new SigAuthor({ name: 'Ann' });
      await ann.save();
      expect(events).to.deep.equal([
        ['pre', SigAuthor, null, false, 'default', null],
        ['post', ann.pk, true, null],
      ]);
      events.length = 0;
      ann.name = 'Anne';
      await ann.save();
      expect(events).to.deep.equal([
        ['pre', SigAuthor, ann.pk, false, 'default', null],
        ['post', ann.pk, false, null],
      ]);
    });

    it('passes updateFields, and create() sends both', async () => {
      const ann = await SigAuthor.objects.create({ name: 'Ann' });
      const events: unknown[] = [];
      track(preSave.connect((_book, { updateFields }) => void events.push(['pre', updateFields]), { sender: SigBook }));
      track(postSave.connect((book, { created, updateFields }) => void events.push(['post', book.title, created, updateFields]), { sender: SigBook }));
      const dune = await SigBook.objects.create({ title: 'Dune', author: ann });
      dune.pages = 412;
      await dune.save({ updateFields: ['pages'] });
      expect(events).to.deep.equal([
        ['pre', null],
        ['post', 'Dune', true, null],
        ['pre', ['pages']],
        ['post', 'Dune', false, ['pages']],
      ]);
    });

    it('fixture loading sends raw saves: created for new rows (loaded in bulk), not for existing ones', async () => {
      const events: unknown[] = [];
      track(preSave.connect((author, { raw }) => void events.push(['pre', author.name, raw]), { sender: SigAuthor }));
      track(postSave.connect((author, { raw, created }) => void events.push(['post', author.name, raw, created]), { sender: SigAuthor }));
      const existing = await SigAuthor.objects.create({ name: 'Old' });
      events.length = 0;
      const apps = [{ label: 'sig', models: SIGNAL_MODELS }];
      await writeFixtureObjects(apps, [
        { model: 'sig.SigAuthor', pk: existing.pk, fields: { name: 'Renamed' } },
        { model: 'sig.SigAuthor', pk: Number(existing.pk) + 100, fields: { name: 'New' } },
      ], { db: database() });
      // New rows go in first (one INSERT per model), so an updated row may point at one of them.
      expect(events).to.deep.equal([
        ['pre', 'New', true],
        ['post', 'New', true, true],
        ['pre', 'Renamed', true],
        ['post', 'Renamed', true, false],
      ]);
      expect(await SigAuthor.objects.valuesList('name', { flat: true })).to.have.members(['Renamed', 'New']);
    });

    it('what a preSave receiver changes on the instance is saved (connected with receiver())', async () => {
      const countPages = receiver(preSave, { sender: SigBook })((book) => void (book.pages = book.title.length * 100));
      track(() => preSave.disconnect(countPages, { sender: SigBook }));
      const ann = await SigAuthor.objects.create({ name: 'Ann' });
      const dune = await SigBook.objects.create({ title: 'Dune', author: ann });
      expect((await SigBook.objects.get({ pk: dune.pk })).pages).to.equal(400);
    });

    it('filters by sender: a Book receiver does not hear Author saves', async () => {
      const heard: string[] = [];
      track(postSave.connect(() => void heard.push('book'), { sender: SigBook }));
      track(postSave.connect((instance) => void heard.push(`any ${instance.constructor.name}`)));
      const ann = await SigAuthor.objects.create({ name: 'Ann' });
      await SigBook.objects.create({ title: 'Dune', author: ann });
      expect(heard).to.deep.equal(['any SigAuthor', 'book', 'any SigBook']);
    });

    it('awaits async receivers, in order, before save() resolves', async () => {
      const log: string[] = [];
      track(postSave.connect(async (author) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`first ${author.name}`);
      }, { sender: SigAuthor }));
      track(postSave.connect((author) => void log.push(`second ${author.name}`), { sender: SigAuthor }));
      await SigAuthor.objects.create({ name: 'Ann' });
      expect(log).to.deep.equal(['first Ann', 'second Ann']);
    });

    it('bulkCreate() and update() send no save signals', async () => {
      const heard: string[] = [];
      track(preSave.connect(() => void heard.push('pre')));
      track(postSave.connect(() => void heard.push('post')));
      await SigAuthor.objects.bulkCreate([{ name: 'a' }, new SigAuthor({ name: 'b' })]);
      expect(await SigAuthor.objects.filter({ name: 'a' }).update({ name: 'z' })).to.equal(1);
      expect(heard).to.deep.equal([]);
      expect(await SigAuthor.objects.count()).to.equal(2);
    });

    it('a throwing preSave receiver stops the save: nothing is written', async () => {
      track(preSave.connect(() => {
        throw new Error('refused');
      }, { sender: SigAuthor }));
      expect(((await rejection(SigAuthor.objects.create({ name: 'Ann' }))) as Error).message).to.equal('refused');
      expect(await SigAuthor.objects.count()).to.equal(0);
    });

    it('a throwing postSave receiver propagates; inside atomic() the INSERT rolls back', async () => {
      track(postSave.connect((author) => {
        if (author.name !== 'ok') throw new Error(`no ${author.name}`);
      }, { sender: SigAuthor }));
      // Outside a transaction the row is written before the receiver runs (as in Django).
      expect(((await rejection(SigAuthor.objects.create({ name: 'Ann' }))) as Error).message).to.equal('no Ann');
      expect(await SigAuthor.objects.valuesList('name', { flat: true })).to.deep.equal(['Ann']);
      const inBlock = atomic(async () => {
        await SigAuthor.objects.create({ name: 'ok' });
        await SigAuthor.objects.create({ name: 'Bob' });
      });
      expect(((await rejection(inBlock)) as Error).message).to.equal('no Bob');
      expect(await SigAuthor.objects.valuesList('name', { flat: true })).to.deep.equal(['Ann']);
    });
  });

  describe('preDelete / postDelete', () => {
    function recordDeletes(options: { sender?: ModelClass } = {}) {
      const events: string[] = [];
      const describe = (instance: object) => {
        const row = instance as Loose;
        return `${instance.constructor.name} ${row.name ?? row.title ?? row.text}`;
      };
      track(preDelete.connect((instance, { sender, using }) => {
        expect(instance.constructor).to.equal(sender);
        expect(using).to.equal('default');
        events.push(`pre ${describe(instance)}`);
      }, options));
      track(postDelete.connect((instance) => {
        expect(loose(instance).pk).not.to.equal(null); // the key is cleared only once every receiver ran
        events.push(`post ${describe(instance)}`);
      }, options));
      return events;
    }

    it('instance.delete() sends them for the instance and each cascaded object, in Django\'s order', async () => {
      const { ann, dune } = await library();
      const [scifi] = await SigTag.objects.bulkCreate([{ name: 'scifi' }]);
      await dune.tags.add(scifi!);
      const events = recordDeletes();
      const origins = new Set<unknown>();
      track(preDelete.connect((_instance, { origin }) => void origins.add(origin)));
      expect(await ann.delete()).to.equal(1 + 2 + 3 + 1);
      // Every preDelete first, dependents before what they point at; then each model's postDelete
      // once its rows are gone. The automatic join rows (Book.tags) send none.
      expect(events).to.deep.equal([
        'pre SigReview r1', 'pre SigReview r2', 'pre SigReview r3', 'pre SigBook Dune', 'pre SigBook Emma', 'pre SigAuthor Ann',
        'post SigReview r1', 'post SigReview r2', 'post SigReview r3', 'post SigBook Dune', 'post SigBook Emma', 'post SigAuthor Ann',
      ]);
      expect([...origins]).to.deep.equal([ann]);
      expect(ann.pk).to.equal(null);
      expect(await SigReview.objects.count()).to.equal(0);
      expect(await new QuerySet(bookTags()).count()).to.equal(0);
    });

    it('a receiver for a cascaded model alone still gets each of its objects, loaded whole', async () => {
      const { ann } = await library();
      const pages: unknown[] = [];
      track(preDelete.connect((book) => void pages.push([book.title, book.pages]), { sender: SigBook }));
      await ann.delete();
      expect(pages).to.deep.equal([['Dune', 0], ['Emma', 0]]);
    });

    it('QuerySet.delete() with receivers sends per-object signals; without, it stays one DELETE', async () => {
      await SigNote.objects.bulkCreate([{ text: 'a1' }, { text: 'a2' }, { text: 'b1' }]);
      const quiet = await captureQueries(() => SigNote.objects.filter({ text__startswith: 'a' }).delete());
      expect(quiet.map((q) => q.sql.trim().split(/\s+/)[0]!.toUpperCase())).to.deep.equal(['DELETE']);
      await SigNote.objects.bulkCreate([{ text: 'a1' }, { text: 'a2' }]);
      const events = recordDeletes({ sender: SigNote });
      const origins: unknown[] = [];
      track(postDelete.connect((_note, { origin }) => void origins.push(origin), { sender: SigNote }));
      const qs = SigNote.objects.filter({ text__startswith: 'a' });
      let deleted = 0;
      const heard = await captureQueries(async () => {
        deleted = await qs.delete();
      });
      expect(deleted).to.equal(2);
      expect(events).to.deep.equal(['pre SigNote a1', 'pre SigNote a2', 'post SigNote a1', 'post SigNote a2']);
      expect(origins).to.deep.equal([qs, qs]);
      expect(heard.filter((q) => /^\s*SELECT/i.test(q.sql))).to.have.length(1);
      expect(heard.filter((q) => /^\s*DELETE/i.test(q.sql))).to.have.length(1);
      expect(await SigNote.objects.valuesList('text', { flat: true })).to.deep.equal(['b1']);
    });

    it('a receiver of another model leaves the fast path alone', async () => {
      await SigNote.objects.bulkCreate([{ text: 'a1' }]);
      const events = recordDeletes({ sender: SigBook });
      const queries = await captureQueries(() => SigNote.objects.all().delete());
      expect(queries).to.have.length(1);
      expect(events).to.deep.equal([]);
    });

    it('a throwing receiver undoes the whole delete, cascades included', async () => {
      const { ann } = await library();
      track(postDelete.connect(() => {
        throw new Error('keep it');
      }, { sender: SigAuthor }));
      expect(((await rejection(ann.delete())) as Error).message).to.equal('keep it');
      expect(ann.pk).not.to.equal(null);
      expect(await SigBook.objects.count()).to.equal(2);
      expect(await SigReview.objects.count()).to.equal(3);
    });

    it('a Collector used directly also runs a single DELETE in a transaction when receivers listen', async () => {
      const [note] = await SigNote.objects.bulkCreate([{ text: 'n1' }]);
      track(postDelete.connect(() => {
        throw new Error('keep the note');
      }, { sender: SigNote }));
      const collector = new Collector({ origin: note! });
      await collector.collect([note!]);
      expect(((await rejection(collector.delete())) as Error).message).to.equal('keep the note');
      expect(await SigNote.objects.count()).to.equal(1);
    });
  });

  describe('m2mChanged', () => {
    it('add(), remove() and clear() send pre_ and post_ actions with the keys, from either side', async () => {
      const { dune } = await library();
      const [scifi, classic, long] = await SigTag.objects.bulkCreate([{ name: 'scifi' }, { name: 'classic' }, { name: 'long' }]);
      const events: unknown[] = [];
      track(m2mChanged.connect((sender, { action, instance, reverse, model, pkSet, using }) => {
        expect(sender).to.equal(bookTags());
        expect(using).to.equal('default');
        events.push([action, instance.constructor.name, reverse, model.name, sorted(pkSet)]);
      }, { sender: bookTags() }));
      await dune.tags.add(scifi!, classic!);
      await dune.tags.add(classic!, long!.pk); // classic is linked already: only long is new
      await dune.tags.remove(scifi!);
      await dune.tags.clear();
      await loose(scifi!).books.add(dune);
      const [s, c, l] = [scifi!.pk, classic!.pk, long!.pk];
      expect(events).to.deep.equal([
        ['pre_add', 'SigBook', false, 'SigTag', sorted(new Set([s, c]))],
        ['post_add', 'SigBook', false, 'SigTag', sorted(new Set([s, c]))],
        ['pre_add', 'SigBook', false, 'SigTag', [l]],
        ['post_add', 'SigBook', false, 'SigTag', [l]],
        ['pre_remove', 'SigBook', false, 'SigTag', [s]],
        ['post_remove', 'SigBook', false, 'SigTag', [s]],
        ['pre_clear', 'SigBook', false, 'SigTag', null],
        ['post_clear', 'SigBook', false, 'SigTag', null],
        ['pre_add', 'SigTag', true, 'SigBook', [dune.pk]],
        ['post_add', 'SigTag', true, 'SigBook', [dune.pk]],
      ]);
    });

    it('pre_add runs before the join rows exist, post_add after; a throwing receiver undoes the add', async () => {
      const { dune } = await library();
      const [scifi] = await SigTag.objects.bulkCreate([{ name: 'scifi' }]);
      const counts: unknown[] = [];
      track(m2mChanged.connect(async (through, { action }) => {
        counts.push([action, await new QuerySet(through).count()]);
        if (action === 'post_add') throw new Error('no tags today');
      }));
      expect(((await rejection(dune.tags.add(scifi!))) as Error).message).to.equal('no tags today');
      expect(counts).to.deep.equal([['pre_add', 0], ['post_add', 1]]);
      expect(await dune.tags.count()).to.equal(0);
    });

    it('set() sends the remove and add it makes', async () => {
      const { dune } = await library();
      const [scifi, classic] = await SigTag.objects.bulkCreate([{ name: 'scifi' }, { name: 'classic' }]);
      await dune.tags.add(scifi!);
      const actions: unknown[] = [];
      track(m2mChanged.connect((_through, { action, pkSet }) => void actions.push([action, sorted(pkSet)])));
      await dune.tags.set([classic!]);
      expect(actions).to.deep.equal([['pre_remove', [scifi!.pk]], ['post_remove', [scifi!.pk]], ['pre_add', [classic!.pk]], ['post_add', [classic!.pk]]]);
    });
  });

  describe('preMigrate / postMigrate', () => {
    it('migrate() sends them for each app around the run, with the plan; not for plan: true', async () => {
      const dir = tempProject('signals');
      const label = 'sigapp';
      const apps = [{ label, models: [], migrationsDir: dir }];
      await migrations.makeMigrations({ apps, appLabels: [label], empty: true, name: 'nothing', importFrom: LIB });
      const events: unknown[] = [];
      track(preMigrate.connect((sender, { appConfig, plan, using }) => void events.push(['pre', sender, appConfig === apps[0], plan.map((s) => `${s.migration.name}:${s.backwards}`), using]), { sender: label }));
      track(postMigrate.connect((sender, { plan }) => void events.push(['post', sender, plan.length])));
      try {
        await migrations.migrate({ apps, plan: true });
        expect(events).to.deep.equal([]);
        await migrations.migrate({ apps });
        expect(events).to.deep.equal([
          ['pre', label, true, ['0001_nothing:false'], 'default'],
          ['post', label, 1],
        ]);
      } finally {
        await migrations.migrate({ apps, target: 'zero' });
      }
      expect(events.slice(2)).to.deep.equal([
        ['pre', label, true, ['0001_nothing:true'], 'default'],
        ['post', label, 1],
      ]);
    });
  });
});
