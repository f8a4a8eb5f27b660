import { expect } from 'chai';
import { connect, database, disconnect, ImproperlyConfigured, NotSupportedError, OperationalError } from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { ACTIVE_DIALECTS, DIALECT_URLS } from './support/dialects.js';
import { pause } from './support/turns.js';

const ALIAS = 'options';

/** Raw SQL on the `options` database, as an application's raw query would run. */
async function sql(text: string): Promise<unknown[]> {
  const db = database(ALIAS);
  return (await db.run(db.knex.raw(text))).rows;
}

/** A statement that takes about `seconds` on the server. */
const SLEEP: Record<string, (seconds: number) => string> = {
  postgres: (s) => `SELECT pg_sleep(${s})`,
  mysql: (s) => `SELECT SLEEP(${s})`,
  sqlite: () => 'SELECT 1',
};

/** knex's pool (tarn), to count open connections. */
const pool = () => (database(ALIAS).knex.client as unknown as { pool: { numFree(): number; numUsed(): number } }).pool;

describe('connection options: pool size, timeouts, disconnect()', () => {
  afterEach(async () => {
    await disconnect(ALIAS).catch(() => undefined);
  });

  it('checks the options when connect() is called, naming the bad one', () => {
    const url = DIALECT_URLS[ACTIVE_DIALECTS[0]!]!;
    expect(() => connect({ [ALIAS]: { url, pool: { idleTimeout: 5 } as never } })).to.throw(ImproperlyConfigured, /unknown option 'idleTimeout'. Choices are: min, max, acquireTimeoutMillis, idleTimeoutMillis/);
    expect(() => connect({ [ALIAS]: { url, pool: { idleTimeoutMillis: 0 } } })).to.throw(ImproperlyConfigured, /pool.idleTimeoutMillis must be a whole number of milliseconds > 0/);
    expect(() => connect({ [ALIAS]: { url, statementTimeoutMillis: 1.5 } })).to.throw(ImproperlyConfigured, /statementTimeoutMillis must be a whole number of milliseconds > 0, not the number 1.5/);
  });

  if (ACTIVE_DIALECTS.includes('sqlite')) {
    it('SQLite: a statement timeout is refused, naming the dialect; it cannot interrupt a statement', () => {
      expect(() => connect({ [ALIAS]: { url: 'sqlite::memory:', statementTimeoutMillis: 100 } })).to.throw(NotSupportedError, /statementTimeoutMillis is not supported on SQLite \(better-sqlite3\)/);
    });
  }

  for (const dialect of ACTIVE_DIALECTS) {
    describe(`[${dialect}]`, () => {
      it('disconnect() lets running and waiting queries finish before it closes the pool', async () => {
        connect({ [ALIAS]: { url: DIALECT_URLS[dialect]!, pool: { max: 2 } } });
        const queries = Array.from({ length: 10 }, () => sql(SLEEP[dialect]!(0.05)));
        await pause(10);
        await disconnect(ALIAS);
        const results = await Promise.allSettled(queries);
        expect(results.map((r) => r.status)).to.deep.equal(Array(10).fill('fulfilled'));
      });

      if (dialect !== 'sqlite') {
        it('statementTimeoutMillis cancels a longer statement with an OperationalError; shorter ones run', async () => {
          connect({ [ALIAS]: { url: DIALECT_URLS[dialect]!, statementTimeoutMillis: 300 } });
          expect(await sql(SLEEP[dialect]!(0.01))).to.have.length(1);
          const started = Date.now();
          const error = await rejection(sql(SLEEP[dialect]!(3)));
          expect(Date.now() - started, 'cancelled well before the statement would end').to.be.lessThan(2500);
          expect(error).to.be.instanceOf(OperationalError);
          if (dialect === 'postgres') expect((error as OperationalError).sqlState).to.equal('57014');
          // The connection stays usable.
          expect(await sql(SLEEP[dialect]!(0.01))).to.have.length(1);
        });

        it('idleTimeoutMillis closes connections left unused; pool.max bounds how many open', async function () {
          this.timeout(10_000);
          connect({ [ALIAS]: { url: DIALECT_URLS[dialect]!, pool: { min: 0, max: 3, idleTimeoutMillis: 100 } } });
          await Promise.all(Array.from({ length: 6 }, () => sql(SLEEP[dialect]!(0.05))));
          await pause(20);
          expect(pool().numFree(), 'the pool kept its connections for a moment').to.equal(3);
          // The pool looks for idle connections once a second.
          await pause(1_500);
          expect(pool().numFree() + pool().numUsed()).to.equal(0);
        });
      }
    });
  }
});
