import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { atomic, IntegerField, Model, OperationalError, type FieldValues } from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { ACTIVE_DIALECTS, forEachDialect, truncate } from './support/dialects.js';

// Restarts PostgreSQL and MariaDB in the middle of writes, the way .ci/run starts them. Set
// WREN_FAULT_TESTS=0 to leave the servers alone (the restarts disturb other test runs sharing them).

class FaultRow extends Model {
  static fields = { n: new IntegerField({ unique: true }) };
  static meta = { tableName: 'fault_rows' };
  static objects = this.manager();
}
interface FaultRow extends FieldValues<typeof FaultRow> {}

const run = promisify(execFile);
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How to stop, start and ping each server; all commands as in .ci/run. */
interface ServerControl {
  readonly available: () => string | undefined;
  readonly stop: () => Promise<unknown>;
  readonly start: () => Promise<unknown>;
  readonly answers: () => Promise<boolean>;
  /** The server process exists (it may still be starting or shutting down). */
  readonly running: () => Promise<boolean>;
}

const succeeds = (command: string, args: string[]) => run(command, args, { timeout: 10_000 }).then(() => true, () => false);
const pgVersion = () => (existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql')[0] : undefined);
const pgctl = (action: string) => run('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion()!, 'main', action], { timeout: 60_000 });

const SERVERS: Record<string, ServerControl> = {
  postgres: {
    available: () => (pgVersion() && existsSync('/usr/bin/pg_ctlcluster') ? undefined : 'pg_ctlcluster or /etc/postgresql is missing'),
    stop: () => pgctl('stop'),
    start: () => pgctl('start'),
    answers: () => succeeds('pg_isready', ['-h', '127.0.0.1', '-p', '5432']),
    running: () => succeeds('pg_ctlcluster', [pgVersion()!, 'main', 'status']),
  },
  mysql: {
    available: () => (existsSync('/usr/sbin/mariadbd') ? undefined : '/usr/sbin/mariadbd is missing'),
    stop: () => run('mysqladmin', ['-h', '127.0.0.1', '-u', 'root', 'shutdown'], { timeout: 60_000 }),
    start: () => run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd'], { timeout: 10_000 }),
    answers: () => succeeds('mysqladmin', ['-h', '127.0.0.1', '-u', 'root', 'ping']),
    running: () => succeeds('start-stop-daemon', ['--status', '--exec', '/usr/sbin/mariadbd']),
  },
};

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await condition()) return;
    await pause(250);
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Stops the server and waits for its process to exit (mysqladmin returns before mariadbd has). */
async function stopServer(server: ServerControl): Promise<void> {
  await server.stop();
  await waitUntil(async () => !(await server.running()), 'the server process exited');
}

/** Starts the server unless it runs, then waits until it answers; safe to call at any time. */
async function ensureRunning(server: ServerControl): Promise<void> {
  await waitUntil(async () => {
    if (await server.answers()) return true;
    // Starting one that is still shutting down does nothing (--oknodo), so look again each time.
    if (!(await server.running())) await server.start().catch(() => undefined);
    return false;
  }, 'the server answers');
}

/** Runs `fn` with process.stdout.write captured (nothing reaches the terminal); returns what was written. */
async function capturingStdout(fn: () => Promise<void>): Promise<string> {
  const original = process.stdout.write;
  let written = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = original;
  }
  return written;
}

const SERVER_DIALECTS = ACTIVE_DIALECTS.filter((dialect) => dialect in SERVERS);

if (process.env.WREN_FAULT_TESTS === '0') {
  describe('Server restarts (fault spec)', () => {
    it('is switched off', function () {
      console.error('      (WREN_FAULT_TESTS=0: the servers are not restarted)');
      this.skip();
    });
  });
} else {
  after(async function () {
    this.timeout(120_000);
    // Whatever happened above, leave every server running for the specs that follow.
    for (const dialect of SERVER_DIALECTS) if (!SERVERS[dialect]!.available()) await ensureRunning(SERVERS[dialect]!);
  });

  forEachDialect('Server restarts', [FaultRow], (dialect) => {
    const server = SERVERS[dialect];

    before(function () {
      const missing = server ? server.available() : 'SQLite has no server to restart';
      if (missing) {
        console.error(`      (fault spec skipped on ${dialect}: ${missing})`);
        this.skip();
      }
    });

    beforeEach(async () => {
      await truncate([FaultRow]);
    });

    it('a restart during a loop of writes: acknowledged writes kept, failures typed, recovery without help', async function () {
      this.timeout(180_000);
      const acknowledged: number[] = [];
      const failures: unknown[] = [];
      let failuresAfterRestart = 0;
      const output = await capturingStdout(async () => {
        let restart: Promise<void> | undefined;
        let back = false;
        let writesAfterBack = 0;
        const deadline = Date.now() + 120_000;
        try {
          for (let n = 0; writesAfterBack < 20 && Date.now() < deadline; n++) {
            if (acknowledged.length === 20 && !restart) {
              // Settled here so that a failed restart is reported by `await restart` below, not as unhandled.
              restart = stopServer(server!).finally(() => ensureRunning(server!)).then(() => void (back = true));
              restart.catch(() => undefined);
            }
            const wasBack = back;
            try {
              await FaultRow.objects.create({ n });
              acknowledged.push(n);
              if (wasBack) writesAfterBack += 1;
            } catch (error) {
              failures.push(error);
              if (wasBack) failuresAfterRestart += 1;
              await pause(25);
            }
          }
          await restart;
        } finally {
          await ensureRunning(server!);
        }
      });
      expect(output, 'nothing is printed to stdout').to.equal('');
      expect(failures.length, 'the restart interrupted some writes').to.be.above(0);
      for (const failure of failures) expect(failure, String(failure)).to.be.instanceOf(OperationalError);
      expect(failuresAfterRestart, 'writes succeed once the server is back').to.equal(0);
      const stored = await FaultRow.objects.orderBy('n').valuesList('n', { flat: true });
      expect(stored).to.include.members(acknowledged);
      expect(acknowledged.length).to.be.at.least(40);
    });

    it('a restart inside atomic(): the block rejects with OperationalError and leaves nothing', async function () {
      this.timeout(180_000);
      const outcomes: unknown[] = [];
      const output = await capturingStdout(async () => {
        let stopped!: () => void;
        const serverStopped = new Promise<void>((resolve) => (stopped = resolve));
        const wrote: Promise<void>[] = [];
        const block = (first: number, afterStop: () => Promise<unknown>) => {
          let signal!: () => void;
          wrote.push(new Promise<void>((resolve) => (signal = resolve)));
          return atomic(async () => {
            await FaultRow.objects.create({ n: first });
            await FaultRow.objects.create({ n: first + 1 });
            signal();
            await serverStopped;
            await afterStop();
          });
        };
        // One block queries after the server went away, the other only has its COMMIT left.
        const blocks = [block(1000, () => FaultRow.objects.create({ n: 1002 })), block(2000, async () => undefined)];
        try {
          await Promise.all(wrote);
          await stopServer(server!);
          stopped();
          for (const outcome of await Promise.allSettled(blocks)) outcomes.push(outcome.status === 'rejected' ? outcome.reason : 'committed');
        } finally {
          stopped();
          await ensureRunning(server!);
        }
        // No reconnect, no reset: the pool drops the dead connections by itself.
        await FaultRow.objects.create({ n: 1 });
        await atomic(() => FaultRow.objects.create({ n: 2 }));
      });
      expect(output, 'nothing is printed to stdout').to.equal('');
      expect(outcomes).to.have.length(2);
      for (const outcome of outcomes) expect(outcome, String(outcome)).to.be.instanceOf(OperationalError);
      expect((outcomes[1] as OperationalError).sql, 'the second block failed at COMMIT').to.equal('COMMIT');
      expect(await FaultRow.objects.orderBy('n').valuesList('n', { flat: true })).to.deep.equal([1, 2]);
    });
  });
}
