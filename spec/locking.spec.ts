import { expect } from 'chai';
import {
  atomic,
  BooleanField,
  captureQueries,
  CharField,
  database,
  FieldError,
  ForeignKey,
  IntegerField,
  Model,
  NotSupportedError,
  OperationalError,
  TransactionManagementError,
  WrenTypeError,
  type FieldValues,
} from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { pause, signal } from './support/turns.js';
import { forEachDialect, truncate } from './support/dialects.js';

class LockAccount extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    balance: new IntegerField(),
  };
  static meta = { tableName: 'lock_accounts' };
  static objects = this.manager();
}
interface LockAccount extends FieldValues<typeof LockAccount> {}

class LockTransfer extends Model {
  static fields = {
    fromId: new IntegerField(),
    toId: new IntegerField(),
    amount: new IntegerField(),
  };
  static meta = { tableName: 'lock_transfers' };
  static objects = this.manager();
}
interface LockTransfer extends FieldValues<typeof LockTransfer> {}

class LockJob extends Model {
  static fields = {
    label: new CharField({ maxLength: 20 }),
    worker: new IntegerField({ null: true }),
    done: new BooleanField({ default: false }),
  };
  static meta = { tableName: 'lock_jobs' };
  static objects = this.manager();
}
interface LockJob extends FieldValues<typeof LockJob> {}

class LockAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'lock_authors' };
  static objects = this.manager();
}
interface LockAuthor extends FieldValues<typeof LockAuthor> {}

class LockBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 20 }),
    author: new ForeignKey(() => LockAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
  };
  static meta = { tableName: 'lock_books' };
  static objects = this.manager();
}
interface LockBook extends FieldValues<typeof LockBook> {}

const MODELS = [LockAccount, LockTransfer, LockJob, LockAuthor, LockBook];
const ACCOUNTS = 10;
const START_BALANCE = 1_000;

const lockingSql = (sql: string[]) => sql.filter((s) => /^select/i.test(s)).map((s) => /(for (no key )?update.*)$/i.exec(s)?.[1] ?? '');

forEachDialect('selectForUpdate() and row locks', MODELS, (dialect) => {
  const server = dialect !== 'sqlite';

  beforeEach(async () => {
    await truncate(MODELS);
    await LockAccount.objects.bulkCreate(Array.from({ length: ACCOUNTS }, (_, i) => ({ name: `a${i}`, balance: START_BALANCE })));
  });

  it('adds the locking clause the dialect has (none on SQLite) and still returns the rows', async () => {
    let rows: LockAccount[] = [];
    const queries = await captureQueries(() => atomic(async () => {
      rows = await LockAccount.objects.filter({ balance__gte: 0 }).orderBy('pk').selectForUpdate();
      await LockAccount.objects.orderBy('pk').selectForUpdate({ skipLocked: true }).slice(0, 2);
      await LockAccount.objects.orderBy('pk').selectForUpdate({ nowait: true }).first();
    }));
    expect(rows).to.have.length(ACCOUNTS);
    const clauses = lockingSql(queries.map((q) => q.sql));
    if (server) expect(clauses).to.deep.equal(['FOR UPDATE', 'FOR UPDATE SKIP LOCKED', 'FOR UPDATE NOWAIT']);
    else expect(clauses).to.deep.equal(['', '', '']);
    // The LIMIT comes before the lock, where both servers expect it.
    if (server) expect(queries[1]!.sql).to.match(/limit 2 FOR UPDATE SKIP LOCKED$/);
  });

  it('refuses to lock outside atomic(), on every dialect, before any SQL', async () => {
    const locked = LockAccount.objects.selectForUpdate();
    const queries = await captureQueries(async () => {
      for (const run of [() => locked.fetch(), () => locked.get({ name: 'a1' }), () => locked.first(), () => locked.count(), () => LockAccount.objects.selectForUpdate().get({ pk: 1 })]) {
        const error = await rejection(run());
        expect(error).to.be.instanceOf(TransactionManagementError);
        expect((error as Error).message).to.match(/selectForUpdate\(\) cannot be used outside of a transaction/);
      }
    });
    expect(queries).to.deep.equal([]);
  });

  it('get({ pk }) with a lock never takes the cached by-key statement', async () => {
    const [first] = await LockAccount.objects.orderBy('pk').valuesList('pk', { flat: true });
    await LockAccount.objects.get({ pk: first! });
    await LockAccount.objects.get({ pk: first! });
    const queries = await captureQueries(() => atomic(() => LockAccount.objects.selectForUpdate().get({ pk: first! })));
    expect(lockingSql(queries.map((q) => q.sql))).to.deep.equal([server ? 'FOR UPDATE' : '']);
  });

  it('checks its options: unknown ones, non-booleans, nowait with skipLocked, and of paths not followed', async () => {
    expect(() => LockAccount.objects.selectForUpdate({ nowait: true, skipLocked: true })).to.throw(WrenTypeError, /nowait and skipLocked cannot be used together/);
    expect(() => LockAccount.objects.selectForUpdate({ wait: false } as never)).to.throw(WrenTypeError, /unknown option 'wait'. Choices are: nowait, skipLocked, of, noKey/);
    expect(() => LockAccount.objects.selectForUpdate({ nowait: 'yes' } as never)).to.throw(WrenTypeError, /nowait must be true or false/);
    expect(() => LockAccount.objects.selectForUpdate({ of: 'self' } as never)).to.throw(WrenTypeError, /of must be an array/);
    const author = await LockAuthor.objects.create({ name: 'ann' });
    await LockBook.objects.create({ title: 't', author });
    const error = await rejection(atomic(() => LockBook.objects.selectRelated('author').selectForUpdate({ of: ['publisher'] }).fetch()));
    expect(error).to.be.instanceOf(FieldError);
    expect((error as Error).message).to.match(/'publisher'.*Choices are: self, author/);
  });

  if (dialect === 'postgres') {
    it('PostgreSQL: of names the tables of self and followed relations; noKey takes the weaker lock', async () => {
      const author = await LockAuthor.objects.create({ name: 'ann' });
      await LockBook.objects.create({ title: 't', author });
      const queries = await captureQueries(() => atomic(async () => {
        const books = await LockBook.objects.selectRelated('author').selectForUpdate({ of: ['self', 'author'] });
        expect(books[0]!.author.name).to.equal('ann');
        await LockBook.objects.selectForUpdate({ of: ['self'], skipLocked: true });
        await LockBook.objects.selectForUpdate({ noKey: true, nowait: true });
      }));
      expect(lockingSql(queries.map((q) => q.sql))).to.deep.equal(['FOR UPDATE OF "lock_books", "lock_authors"', 'FOR UPDATE OF "lock_books" SKIP LOCKED', 'FOR NO KEY UPDATE NOWAIT']);
    });
  }

  if (dialect === 'mysql') {
    it('MySQL/MariaDB: noKey is refused, and of on MariaDB, naming the dialect, before any SQL', async () => {
      const db = database();
      const version = String(Object.values((await db.run(db.knex.raw('SELECT VERSION() AS v'))).rows[0]!)[0]);
      const queries = await captureQueries(() => atomic(async () => {
        const noKey = await rejection(LockAccount.objects.selectForUpdate({ noKey: true }).fetch());
        expect(noKey).to.be.instanceOf(NotSupportedError);
        expect((noKey as Error).message).to.match(/noKey.*MySQL\/MariaDB.*FOR NO KEY UPDATE exists only on PostgreSQL/);
        const of = LockAccount.objects.selectForUpdate({ of: ['self'] }).fetch();
        if (/mariadb/i.test(version)) expect(await rejection(of)).to.be.instanceOf(NotSupportedError);
        else expect(await of).to.have.length(ACCOUNTS);
      }));
      expect(queries.filter((q) => /for update/i.test(q.sql))).to.deep.equal([]);
    });
  }

  if (dialect === 'sqlite') {
    it('SQLite: every option is accepted and adds nothing; the block holds the only connection, so others wait for it', async () => {
      const order: string[] = [];
      const held = signal();
      const release = signal();
      const first = atomic(async () => {
        await LockAccount.objects.selectForUpdate({ nowait: true, of: ['self'], noKey: true }).filter({ name: 'a0' }).fetch();
        held.fire();
        await release.promise;
        await LockAccount.objects.filter({ name: 'a0' }).update({ balance: 1 });
        order.push('first committed');
      });
      await held.promise;
      const second = atomic(async () => {
        const [row] = await LockAccount.objects.selectForUpdate({ skipLocked: true }).filter({ name: 'a0' });
        order.push(`second read ${row!.balance}`);
      });
      await pause(30);
      release.fire();
      await Promise.all([first, second]);
      expect(order).to.deep.equal(['first committed', 'second read 1']);
    });
  }

  if (server) {
    it('a locked row: nowait fails at once (not retryable), skipLocked passes it by, a plain lock waits for the commit', async () => {
      const locked = signal();
      const release = signal();
      const holder = atomic(async () => {
        const row = await LockAccount.objects.selectForUpdate().get({ name: 'a0' });
        locked.fire();
        await release.promise;
        row.balance = 5;
        await row.save();
      });
      let waiter: Promise<LockAccount> | undefined;
      try {
        await locked.promise;
        const nowait = await rejection(atomic(() => LockAccount.objects.selectForUpdate({ nowait: true }).get({ name: 'a0' })));
        expect(nowait).to.be.instanceOf(OperationalError);
        expect((nowait as OperationalError).retryable).to.equal(false);
        const free = await atomic(() => LockAccount.objects.orderBy('name').selectForUpdate({ skipLocked: true }).valuesList('name', { flat: true }).fetch());
        expect(free).to.have.length(ACCOUNTS - 1);
        expect(free).not.to.include('a0');
        waiter = atomic(() => LockAccount.objects.selectForUpdate().get({ name: 'a0' }));
        await pause(100);
      } finally {
        // Whatever failed above, the holder's transaction must end, or the next test waits on its lock.
        release.fire();
        await holder;
      }
      expect((await waiter!).balance, 'the waiting read sees the committed change').to.equal(5);
    });
  }

  it('20 concurrent workers make 500 transfers between 10 accounts: the total never changes and none is lost', async function () {
    this.timeout(120_000);
    const ids = await LockAccount.objects.orderBy('pk').valuesList('pk', { flat: true });
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const plans = Array.from({ length: 500 }, () => {
      const from = ids[random(ids.length)]!;
      let to = ids[random(ids.length)]!;
      if (to === from) to = ids[(ids.indexOf(from) + 1) % ids.length]!;
      return { from, to, amount: 1 + random(50) };
    });
    let next = 0;
    const worker = async () => {
      for (let plan = plans[next++]; plan; plan = plans[next++]) {
        const { from, to, amount } = plan;
        await atomic(async () => {
          // Both rows locked in key order, so two transfers never wait for each other in a cycle.
          const rows = await LockAccount.objects.filter({ pk__in: [from, to] }).orderBy('pk').selectForUpdate();
          const source = rows.find((row) => row.pk === from)!;
          const target = rows.find((row) => row.pk === to)!;
          source.balance -= amount;
          target.balance += amount;
          await source.save({ updateFields: ['balance'] });
          await target.save({ updateFields: ['balance'] });
          await LockTransfer.objects.create({ fromId: from, toId: to, amount });
        });
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const accounts = await LockAccount.objects.orderBy('pk');
    expect(accounts.reduce((sum, account) => sum + account.balance, 0)).to.equal(ACCOUNTS * START_BALANCE);
    const transfers = await LockTransfer.objects.all();
    expect(transfers).to.have.length(500);
    for (const account of accounts) {
      const net = transfers.reduce((sum, t) => sum + (t.toId === account.pk ? t.amount : 0) - (t.fromId === account.pk ? t.amount : 0), 0);
      expect(account.balance, `account ${account.name}`).to.equal(START_BALANCE + net);
    }
  });

  it('a job queue with skipLocked hands each of 1,000 jobs to exactly one of 10 workers', async function () {
    this.timeout(120_000);
    await LockJob.objects.bulkCreate(Array.from({ length: 1000 }, (_, i) => ({ label: `job${i}` })));
    const claimed = new Map<number, number[]>();
    const worker = async (id: number) => {
      const mine: number[] = [];
      claimed.set(id, mine);
      for (;;) {
        const job = await atomic(async () => {
          const next = await LockJob.objects.filter({ worker: null }).orderBy('pk').selectForUpdate({ skipLocked: true }).first();
          if (!next) return undefined;
          next.worker = id;
          await next.save({ updateFields: ['worker'] });
          return next;
        });
        if (!job) return;
        mine.push(job.pk);
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => worker(i + 1)));
    const all = [...claimed.values()].flat();
    expect(all).to.have.length(1000);
    expect(new Set(all).size, 'no job handed out twice').to.equal(1000);
    expect(await LockJob.objects.filter({ worker: null }).count()).to.equal(0);
    const stored = await LockJob.objects.valuesList('pk', 'worker');
    for (const [pk, worker] of stored) expect(claimed.get(worker!), `job ${pk}`).to.include(pk);
    // On a server the workers really run side by side; SQLite's one connection serialises them.
    if (server) expect([...claimed.values()].filter((jobs) => jobs.length > 0).length).to.be.greaterThan(1);
  });
});
