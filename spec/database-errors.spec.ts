import { expect } from 'chai';
import {
  atomic,
  CharField,
  connect,
  database,
  DatabaseError,
  DataError,
  disconnect,
  ImproperlyConfigured,
  IntegrityError,
  Model,
  OperationalError,
  ProgrammingError,
  SchemaEditor,
  SmallIntegerField,
  WrenError,
  type FieldValues,
} from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

class ErrProbe extends Model {
  static fields = {
    code: new CharField({ maxLength: 5, unique: true }),
    note: new CharField({ maxLength: 10 }),
    n: new SmallIntegerField({ null: true }),
  };
  static meta = { tableName: 'err_probes' };
  static objects = this.manager();
}
interface ErrProbe extends FieldValues<typeof ErrProbe> {}

/** What each dialect's driver reports for each failure: the class Wren raises and its codes. */
interface Expected {
  readonly code?: string;
  readonly sqlState?: string;
  readonly errno?: number;
  readonly message: RegExp;
}

const EXPECTED: Record<string, Record<'unique' | 'notNull' | 'syntax' | 'noTable', Expected>> = {
  sqlite: {
    unique: { code: 'SQLITE_CONSTRAINT_UNIQUE', message: /^UNIQUE constraint failed: err_probes\.code/ },
    notNull: { code: 'SQLITE_CONSTRAINT_NOTNULL', message: /^NOT NULL constraint failed: err_probes\.note/ },
    syntax: { code: 'SQLITE_ERROR', message: /syntax error/ },
    noTable: { code: 'SQLITE_ERROR', message: /no such table: err_no_such_table/ },
  },
  postgres: {
    unique: { code: '23505', sqlState: '23505', message: /^duplicate key value violates unique constraint/ },
    notNull: { code: '23502', sqlState: '23502', message: /^null value in column "note"/ },
    syntax: { code: '42601', sqlState: '42601', message: /^syntax error at or near "SELEC"/ },
    noTable: { code: '42P01', sqlState: '42P01', message: /^relation "err_no_such_table" does not exist/ },
  },
  mysql: {
    unique: { code: 'ER_DUP_ENTRY', sqlState: '23000', errno: 1062, message: /^Duplicate entry 'dup'/ },
    notNull: { code: 'ER_BAD_NULL_ERROR', sqlState: '23000', errno: 1048, message: /^Column 'note' cannot be null/ },
    syntax: { code: 'ER_PARSE_ERROR', sqlState: '42000', errno: 1064, message: /^You have an error in your SQL syntax/ },
    noTable: { code: 'ER_NO_SUCH_TABLE', sqlState: '42S02', errno: 1146, message: /err_no_such_table' doesn't exist/ },
  },
};

/** Too long / out of range, written with raw SQL so that no field check runs first. */
const DATA_ERRORS: Record<string, { tooLong: Expected; outOfRange: Expected } | undefined> = {
  postgres: {
    tooLong: { code: '22001', sqlState: '22001', message: /^value too long for type character varying\(10\)/ },
    outOfRange: { code: '22003', sqlState: '22003', message: /^smallint out of range/ },
  },
  mysql: {
    tooLong: { code: 'ER_DATA_TOO_LONG', sqlState: '22001', errno: 1406, message: /^Data too long for column 'note'/ },
    outOfRange: { code: 'ER_WARN_DATA_OUT_OF_RANGE', sqlState: '22003', errno: 1264, message: /^Out of range value for column 'n'/ },
  },
  // SQLite does not enforce varchar(n) or smallint ranges: the column takes what it is given.
  // Wren's field conversion enforces them on writes made through Wren instead.
  sqlite: undefined,
};

/** A server address where nothing listens, and a SQLite file that cannot be opened. */
const UNREACHABLE: Record<string, { url: string; code: string }> = {
  // A directory is not a database file.
  sqlite: { url: 'sqlite:///tmp', code: 'SQLITE_CANTOPEN' },
  postgres: { url: 'postgres://postgres@127.0.0.1:1/x', code: 'ECONNREFUSED' },
  mysql: { url: 'mysql://root@127.0.0.1:1/x', code: 'ECONNREFUSED' },
};

function expectCodes(error: DatabaseError, expected: Expected): void {
  expect(error.code, 'code').to.equal(expected.code);
  expect(error.sqlState, 'sqlState').to.equal(expected.sqlState);
  expect(error.errno, 'errno').to.equal(expected.errno);
  expect(error.message).to.match(expected.message);
  expect(error.cause, 'the driver error is the cause').to.be.instanceOf(Error);
  expect(error).to.be.instanceOf(WrenError);
}

async function rawInsert(sql: string): Promise<void> {
  await new SchemaEditor().execute([sql]);
}

forEachDialect('Database errors are typed', [ErrProbe], (dialect) => {
  const expected = EXPECTED[dialect]!;

  beforeEach(async () => {
    await truncate([ErrProbe]);
  });

  it('a unique violation is an IntegrityError with the driver code, the SQL and the values', async () => {
    await ErrProbe.objects.create({ code: 'dup', note: 'first' });
    const error = await rejection(ErrProbe.objects.create({ code: 'dup', note: 'second' }));
    expect(error).to.be.instanceOf(IntegrityError);
    const integrity = error as IntegrityError;
    expectCodes(integrity, expected.unique);
    expect(integrity.sql).to.match(/^insert into/i);
    expect(integrity.bindings).to.include('dup').and.to.include('second');
    // The SQL is on its own line with the values apart, not spliced into the driver's message.
    expect(integrity.message).to.include(`SQL: ${integrity.sql}`);
    expect(integrity.message).to.match(/params: \[.*'dup'/);
  });

  it('NOT NULL violated by raw SQL is an IntegrityError', async () => {
    const sql = "INSERT INTO err_probes (code, note) VALUES ('x', NULL)";
    const error = await rejection(rawInsert(sql));
    expect(error).to.be.instanceOf(IntegrityError);
    expectCodes(error as IntegrityError, expected.notNull);
    expect((error as IntegrityError).sql).to.equal(sql);
  });

  it('a value too long or out of range for its column is a DataError', async function () {
    const data = DATA_ERRORS[dialect];
    if (!data) {
      await rawInsert("INSERT INTO err_probes (code, note, n) VALUES ('long', 'eleven chars', 99999)");
      const stored = await ErrProbe.objects.raw('SELECT * FROM err_probes');
      // Documented: SQLite keeps what it is given; Wren's fields check lengths and ranges instead.
      expect(stored.map((row) => [row.note, row.n])).to.deep.equal([['eleven chars', 99999]]);
      console.error('      (SQLite enforces neither varchar(n) nor smallint ranges: no DataError to provoke)');
      return;
    }
    const tooLong = await rejection(rawInsert("INSERT INTO err_probes (code, note) VALUES ('long', 'eleven chars')"));
    expect(tooLong).to.be.instanceOf(DataError);
    expectCodes(tooLong as DataError, data.tooLong);
    const outOfRange = await rejection(rawInsert("INSERT INTO err_probes (code, note, n) VALUES ('big', 'x', 99999)"));
    expect(outOfRange).to.be.instanceOf(DataError);
    expectCodes(outOfRange as DataError, data.outOfRange);
    expect(await ErrProbe.objects.count()).to.equal(0);
  });

  it('a syntax error in raw() is a ProgrammingError', async () => {
    const error = await rejection(ErrProbe.objects.raw('SELEC * FROM err_probes').fetch());
    expect(error).to.be.instanceOf(ProgrammingError);
    expectCodes(error as ProgrammingError, expected.syntax);
    expect((error as ProgrammingError).sql).to.equal('SELEC * FROM err_probes');
  });

  it('a missing table is a ProgrammingError', async () => {
    const error = await rejection(ErrProbe.objects.raw('SELECT * FROM err_no_such_table WHERE id = ?', [1]).fetch());
    expect(error).to.be.instanceOf(ProgrammingError);
    expectCodes(error as ProgrammingError, expected.noTable);
    expect((error as ProgrammingError).bindings).to.deep.equal([1]);
  });

  it('a value knex cannot bind (undefined) is a ProgrammingError, not knex’s Error', async () => {
    const error = await rejection(ErrProbe.objects.raw('SELECT * FROM err_probes WHERE id = ?', [undefined]).fetch());
    expect(error).to.be.instanceOf(ProgrammingError);
    expect((error as Error).message).to.match(/undefined/i);
  });

  it('a database that cannot be reached is an OperationalError, quickly', async function () {
    const { url, code } = UNREACHABLE[dialect]!;
    const warnings: string[] = [];
    connect({ unreachable: { url, pool: { acquireTimeoutMillis: 3000 }, log: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) } } });
    try {
      const started = Date.now();
      const error = await rejection(ErrProbe.objects.using('unreachable').count());
      expect(error).to.be.instanceOf(OperationalError);
      expect((error as OperationalError).code).to.equal(code);
      expect((error as OperationalError).cause).to.be.instanceOf(Error);
      expect((error as Error).message).to.include("database: 'unreachable'");
      expect(Date.now() - started).to.be.below(3500);
      // BEGIN never ran: the block's function is not called, and the error is typed too.
      let ran = false;
      const blockError = await rejection(atomic(async () => void (ran = true), { using: 'unreachable' }));
      expect(blockError).to.be.instanceOf(OperationalError);
      expect((blockError as OperationalError).sql).to.equal('BEGIN');
      expect(ran).to.equal(false);
      if (dialect !== 'sqlite') expect(warnings.join('\n'), 'knex warnings go to the logger').to.match(/ECONNREFUSED/);
    } finally {
      await disconnect('unreachable');
    }
  });

  it('pool and driver warnings go to stderr with WREN_DEBUG set, and never to stdout', async function () {
    if (dialect === 'sqlite') {
      console.error('      (better-sqlite3 and its pool emit no warnings to route)');
      this.skip();
    }
    const { url } = UNREACHABLE[dialect]!;
    const previous = process.env.WREN_DEBUG;
    const written = { stdout: '', stderr: '' };
    const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
    const capture = (stream: 'stdout' | 'stderr') =>
      ((chunk: string | Uint8Array) => ((written[stream] += String(chunk)), true)) as typeof process.stdout.write;
    process.env.WREN_DEBUG = '1';
    try {
      connect({ debugged: { url, pool: { acquireTimeoutMillis: 2000 } } });
      process.stdout.write = capture('stdout');
      process.stderr.write = capture('stderr');
      const error = await rejection(ErrProbe.objects.using('debugged').count());
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      expect(error).to.be.instanceOf(OperationalError);
      expect(written.stdout).to.equal('');
      expect(written.stderr).to.match(/^\[wren warn\] .*ECONNREFUSED/m);
    } finally {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      if (previous === undefined) delete process.env.WREN_DEBUG;
      else process.env.WREN_DEBUG = previous;
      await disconnect('debugged');
    }
  });

  it('waiting too long for a pooled connection is an OperationalError', async function () {
    connect({ busy: { url: currentUrl(), pool: { max: 1, acquireTimeoutMillis: 200 } } });
    try {
      let entered!: () => void;
      let leave!: () => void;
      const inBlock = new Promise<void>((resolve) => (entered = resolve));
      const held = new Promise<void>((resolve) => (leave = resolve));
      // The block holds the pool's only connection until told to leave.
      const block = atomic(async () => {
        await ErrProbe.objects.using('busy').raw('SELECT 1 AS id').fetch();
        entered();
        await held;
      }, { using: 'busy' });
      await inBlock;
      const error = await rejection(ErrProbe.objects.using('busy').raw('SELECT 1 AS id').fetch());
      leave();
      await block;
      expect(error).to.be.instanceOf(OperationalError);
      expect((error as Error).message).to.match(/Timeout acquiring a connection/);
      expect(await ErrProbe.objects.using('busy').raw('SELECT 1 AS id').fetch()).to.have.length(1);
    } finally {
      await disconnect('busy');
    }
  });

  if (dialect !== 'sqlite') {
    it('a deadlock is an OperationalError with the server’s code', async function () {
      this.timeout(20_000);
      const [a, b] = [await ErrProbe.objects.create({ code: 'a', note: 'a' }), await ErrProbe.objects.create({ code: 'b', note: 'b' })];
      const firstLocked = barrier(2);
      const lockInOrder = (first: ErrProbe, second: ErrProbe) =>
        atomic(async () => {
          await ErrProbe.objects.filter({ pk: first.pk }).update({ n: 1 });
          await firstLocked();
          await ErrProbe.objects.filter({ pk: second.pk }).update({ n: 2 });
        });
      const results = await Promise.allSettled([lockInOrder(a, b), lockInOrder(b, a)]);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      expect(failures).to.have.length(1);
      expect(failures[0]).to.be.instanceOf(OperationalError);
      const deadlock = failures[0] as OperationalError;
      if (dialect === 'postgres') expect(deadlock.sqlState).to.equal('40P01');
      else expect([deadlock.errno, deadlock.sqlState]).to.deep.equal([1213, '40001']);
    });
  }

  if (dialect === 'mysql') {
    it('MariaDB/MySQL sessions are strict and READ COMMITTED', async () => {
      const [row] = await ErrProbe.objects.raw('SELECT 1 AS id, @@SESSION.sql_mode AS note, @@SESSION.tx_isolation AS code');
      const modes = String(row!.note).split(',');
      expect(modes).to.include.members(['STRICT_ALL_TABLES', 'STRICT_TRANS_TABLES', 'NO_ZERO_DATE', 'NO_ZERO_IN_DATE', 'ERROR_FOR_DIVISION_BY_ZERO']);
      expect(modes).not.to.include.members(['ANSI_QUOTES']);
      expect(row!.code).to.equal('READ-COMMITTED');
    });
  }

  it('a `log` that is not a logger, or a bad acquire timeout, is ImproperlyConfigured', () => {
    expect(() => connect({ badLog: { url: currentUrl(), log: 'console' as never } })).to.throw(ImproperlyConfigured, /'log' must be an object with warn\(message\) and error\(message\)/);
    expect(() => connect({ badTimeout: { url: currentUrl(), pool: { acquireTimeoutMillis: -1 } } })).to.throw(ImproperlyConfigured, /acquireTimeoutMillis must be a whole number of milliseconds > 0/);
  });
});

/** The URL the default connection of this dialect's suite uses (set by forEachDialect). */
function currentUrl(): string {
  const dialect = database().dialect.vendor;
  const env = { sqlite: process.env.WREN_TEST_SQLITE_URL, postgres: process.env.WREN_TEST_POSTGRES_URL, mysql: process.env.WREN_TEST_MYSQL_URL }[dialect];
  const defaults = { sqlite: 'sqlite::memory:', postgres: 'postgres://postgres@127.0.0.1:5432/test', mysql: 'mysql://root@127.0.0.1:3306/test' };
  return env ?? defaults[dialect];
}

/** Resolves once `count` callers have arrived. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === count) release();
    return all;
  };
}
