import { expect } from 'chai';
import { atomic, connect, database, disconnect, Model, OperationalError, TextField, type FieldValues } from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { DIALECT_URLS, forEachDialect } from './support/dialects.js';
import { pause } from './support/turns.js';

class DeadNote extends Model {
  static fields = { text: new TextField() };
  static meta = { tableName: 'dead_notes' };
  static objects = this.manager();
}
interface DeadNote extends FieldValues<typeof DeadNote> {}

/** A second client on the same database, to end the default pool's connections from outside. */
const KILLER = 'killer';

/** What each server calls its session id, how to end a session, and a statement that waits. */
const SERVER: Record<string, { id: string; kill: (id: number) => string; sleep: string; running: string } | undefined> = {
  postgres: {
    id: 'SELECT pg_backend_pid() AS id',
    kill: (id) => `SELECT pg_terminate_backend(${id})`,
    sleep: 'SELECT pg_sleep(10)',
    running: "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE pid = ? AND query LIKE 'SELECT pg_sleep%'",
  },
  mysql: {
    id: 'SELECT CONNECTION_ID() AS id',
    kill: (id) => `KILL ${id}`,
    sleep: 'SELECT SLEEP(10)',
    running: "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ? AND info LIKE 'SELECT SLEEP%'",
  },
  sqlite: undefined,
};

/** Raw SQL as an application's raw query runs it: on the default pool unless `alias` says otherwise. */
async function firstValue(sql: string, bindings: unknown[] = [], alias?: string): Promise<number> {
  const { rows } = await database(alias).run({ sql, bindings });
  return Number(Object.values(rows[0]!)[0]);
}

forEachDialect('A connection that died is never handed out again', [DeadNote], (dialect) => {
  const server = SERVER[dialect];

  before(function () {
    if (!server) {
      console.error('      (SQLite has no server: its one connection cannot be killed or lost)');
      this.skip();
    }
    connect({ [KILLER]: DIALECT_URLS[dialect]! });
  });
  after(async () => {
    await disconnect(KILLER).catch(() => undefined);
  });
  beforeEach(async () => {
    await DeadNote.objects.all().delete();
  });

  /** Starts the server's sleep on a pooled connection, kills that session once it runs, and returns the sleep's failure. */
  async function killWhileSleeping(sleep: () => Promise<unknown>): Promise<{ victim: number; error: unknown }> {
    let victim = 0;
    const sleeping = rejection((async () => {
      victim = await firstValue(server!.id);
      await sleep();
    })());
    // Only once the sleep runs: the kill must land on a connection busy with a statement.
    for (let tries = 0; victim === 0 || (await firstValue(server!.running, [victim], KILLER)) === 0; tries++) {
      if (tries > 200) throw new Error('the sleep never started');
      await pause(10);
    }
    await database(KILLER).run({ sql: server!.kill(victim), bindings: [] });
    return { victim, error: await sleeping };
  }

  /** The queries right after a failure, back to back with no timer or I/O turn between them: each must succeed. */
  async function backToBack(): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      expect(await DeadNote.objects.count(), `query ${i} after the failure`).to.equal(0);
      ids.push(await firstValue(server!.id));
    }
    return ids;
  }

  it('a session killed while it runs a statement: that statement fails, the very next one runs on a new connection', async function () {
    const { victim, error } = await killWhileSleeping(() => database().run({ sql: server!.sleep, bindings: [] }));
    expect(error).to.be.instanceOf(OperationalError);
    const ids = await backToBack();
    expect(ids, 'the killed session is not used again').not.to.include(victim);
  });

  it('a session killed inside atomic(): the block rejects, nothing in it is saved, the next query succeeds', async function () {
    const { victim, error } = await killWhileSleeping(() =>
      atomic(async () => {
        await DeadNote.objects.create({ text: 'lost with the session' });
        await database().run({ sql: server!.sleep, bindings: [] });
      }),
    );
    expect(error).to.be.instanceOf(OperationalError);
    expect(await backToBack()).not.to.include(victim);
  });

  it('a session killed while idle in the pool is dropped once the client sees its socket close', async function () {
    const victim = await firstValue(server!.id);
    await pause(10); // back in knex's pool
    await database(KILLER).run({ sql: server!.kill(victim), bindings: [] });
    await pause(200); // the server's hang-up reaches the client
    expect(await backToBack()).not.to.include(victim);
  });

  it('MariaDB/MySQL: a value over max_allowed_packet fails with the server’s error, saves nothing, and the next query succeeds at once', async function () {
    if (dialect !== 'mysql') {
      console.error(`      (${dialect} has no packet limit below its 1 GB value limit)`);
      this.skip();
    }
    const limit = await firstValue('SELECT @@max_allowed_packet');
    if (limit > 64 * 1024 * 1024) {
      console.error(`      (max_allowed_packet is ${limit} bytes: too large to exceed quickly)`);
      this.skip();
    }
    const tooBig = 'x'.repeat(limit + 1024);
    const victim = await firstValue(server!.id);
    const error = await rejection(DeadNote.objects.create({ text: tooBig }));
    expect(error).to.be.instanceOf(OperationalError).with.property('errno', 1153);
    expect((error as Error).message).to.match(/^Got a packet bigger than 'max_allowed_packet' bytes/);
    expect(await backToBack()).not.to.include(victim);

    // The same inside atomic(): the block's first row goes with the session.
    const inBlock = await rejection(
      atomic(async () => {
        await DeadNote.objects.create({ text: 'lost with the session' });
        await DeadNote.objects.create({ text: tooBig });
      }),
    );
    expect(inBlock).to.be.instanceOf(OperationalError).with.property('errno', 1153);
    await backToBack();
  });
});
