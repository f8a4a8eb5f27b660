import { expect } from 'chai';
import {
  atomic,
  CharField,
  DatabaseError,
  IntegerField,
  IntegrityError,
  Model,
  OperationalError,
  retry,
  TransactionManagementError,
  WrenTypeError,
  type FieldValues,
} from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { signal } from './support/turns.js';
import { forEachDialect, truncate } from './support/dialects.js';

class TxCounter extends Model {
  static fields = {
    name: new CharField({ maxLength: 20, unique: true }),
    value: new IntegerField(),
  };
  static meta = { tableName: 'tx_counters' };
  static objects = this.manager();
}
interface TxCounter extends FieldValues<typeof TxCounter> {}

const valueOf = async (name: string) => (await TxCounter.objects.get({ name })).value;

forEachDialect('atomic() options and retry()', [TxCounter], (dialect) => {
  const server = dialect !== 'sqlite';

  beforeEach(async () => {
    await truncate([TxCounter]);
    await TxCounter.objects.bulkCreate([{ name: 'a', value: 0 }, { name: 'b', value: 0 }]);
  });

  it('durable: commits as an outermost block, and refuses to be nested, leaving the outer block to roll back', async () => {
    await atomic(() => TxCounter.objects.filter({ name: 'a' }).update({ value: 1 }), { durable: true });
    expect(await valueOf('a')).to.equal(1);
    const error = await rejection(atomic(async () => {
      await TxCounter.objects.filter({ name: 'a' }).update({ value: 2 });
      await atomic(() => TxCounter.objects.filter({ name: 'b' }).update({ value: 2 }), { durable: true });
    }));
    expect(error).to.be.instanceOf(TransactionManagementError);
    expect((error as Error).message).to.match(/durable atomic\(\) block cannot be nested/);
    expect([await valueOf('a'), await valueOf('b')]).to.deep.equal([1, 0]);
  });

  it('isolation: checked, and only on the outermost block', async () => {
    const bad = await rejection(atomic(async () => undefined, { isolation: 'snapshot' as never }));
    expect(bad).to.be.instanceOf(WrenTypeError);
    expect((bad as Error).message).to.contain("one of 'serializable', 'repeatable read', 'read committed'");
    const nested = await rejection(atomic(() => atomic(async () => undefined, { isolation: 'serializable' })));
    expect(nested).to.be.instanceOf(TransactionManagementError);
    for (const isolation of ['serializable', 'repeatable read', 'read committed'] as const) {
      await atomic(() => TxCounter.objects.filter({ name: 'a' }).update({ value: 7 }), { isolation });
    }
    expect(await valueOf('a')).to.equal(7);
  });

  if (server) {
    for (const [isolation, seesCommit] of [['read committed', true], ['repeatable read', false]] as const) {
      it(`isolation '${isolation}': a second read ${seesCommit ? 'sees' : 'does not see'} a change committed in between`, async () => {
        const firstRead = signal();
        const committed = signal();
        const reads = atomic(async () => {
          const before = await valueOf('a');
          firstRead.fire();
          await committed.promise;
          return [before, await valueOf('a')];
        }, { isolation });
        await firstRead.promise;
        await TxCounter.objects.filter({ name: 'a' }).update({ value: 42 });
        committed.fire();
        expect(await reads).to.deep.equal([0, seesCommit ? 42 : 0]);
      });
    }

    it('a deadlock raises a retryable OperationalError, and retry() runs the losing block again until it commits', async function () {
      this.timeout(30_000);
      const bothLocked = { a: signal(), b: signal() };
      let attempts = 0;
      const lockBoth = (first: 'a' | 'b', second: 'a' | 'b') => retry(() => atomic(async () => {
        attempts++;
        const mine = await TxCounter.objects.selectForUpdate().get({ name: first });
        bothLocked[first].fire();
        await bothLocked[second].promise;
        const theirs = await TxCounter.objects.selectForUpdate().get({ name: second });
        mine.value += 1;
        theirs.value += 1;
        await mine.save();
        await theirs.save();
      }), { attempts: 5 });
      await Promise.all([lockBoth('a', 'b'), lockBoth('b', 'a')]);
      expect(attempts, 'one block lost the deadlock and ran again').to.be.greaterThan(2);
      expect([await valueOf('a'), await valueOf('b')]).to.deep.equal([2, 2]);
    });

    it('the deadlock error itself: OperationalError, retryable, with the database code', async function () {
      this.timeout(30_000);
      const bothLocked = { a: signal(), b: signal() };
      const lockBoth = (first: 'a' | 'b', second: 'a' | 'b') => atomic(async () => {
        await TxCounter.objects.selectForUpdate().get({ name: first });
        bothLocked[first].fire();
        await bothLocked[second].promise;
        await TxCounter.objects.selectForUpdate().get({ name: second });
      });
      const results = await Promise.allSettled([lockBoth('a', 'b'), lockBoth('b', 'a')]);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      expect(failures).to.have.length(1);
      expect(failures[0]).to.be.instanceOf(OperationalError);
      expect((failures[0] as OperationalError).retryable).to.equal(true);
      expect(dialect === 'postgres' ? (failures[0] as DatabaseError).sqlState : (failures[0] as DatabaseError).errno).to.equal(dialect === 'postgres' ? '40P01' : 1213);
    });
  }

  if (dialect === 'postgres') {
    it('PostgreSQL serializable: write skew fails one block with a retryable error (40001), and retry() completes both', async function () {
      this.timeout(30_000);
      const bothRead = { a: signal(), b: signal() };
      let attempts = 0;
      // Each block reads both counters, then raises its own only if the sum is still even: serially, only one could.
      const raiseIfEven = (name: 'a' | 'b', other: 'a' | 'b') => retry(() => atomic(async () => {
        attempts++;
        const sum = (await TxCounter.objects.valuesList('value', { flat: true })).reduce((x, y) => x + y, 0);
        bothRead[name].fire();
        await bothRead[other].promise;
        if (sum % 2 === 0) await TxCounter.objects.filter({ name }).update({ value: 1 });
      }, { isolation: 'serializable' }), { attempts: 5, delayMs: 20 });
      await Promise.all([raiseIfEven('a', 'b'), raiseIfEven('b', 'a')]);
      // At least one block failed and ran again (a retry that starts before the winner commits may fail once more).
      expect(attempts).to.be.at.least(3);
      const values = [await valueOf('a'), await valueOf('b')];
      expect(values.reduce((x, y) => x + y, 0), 'only one block raised its counter').to.equal(1);
    });
  }

  it('retry() does not rerun other errors, gives up after its attempts, and refuses to run inside atomic()', async () => {
    let calls = 0;
    const duplicate = await rejection(retry(async () => {
      calls++;
      await TxCounter.objects.create({ name: 'a', value: 9 });
    }));
    expect(duplicate).to.be.instanceOf(IntegrityError);
    expect(calls).to.equal(1);
    expect(await rejection(retry(async () => undefined, { attempts: 0 }))).to.be.instanceOf(WrenTypeError);
    const inside = await rejection(atomic(() => retry(async () => undefined)));
    expect(inside).to.be.instanceOf(TransactionManagementError);
    expect(await retry(async () => 'done')).to.equal('done');
  });
});
