import { expect } from 'chai';
import { AssertionError } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { atomic, CharField, connect, database, disconnect, ForeignKey, ImproperlyConfigured, inAtomicBlock, IntegrityError, migrations, Model, onCommit, retry, SchemaEditor, TransactionManagementError, type FieldValues } from '../lib/index.js';
import { Database } from '../lib/connection/index.js';
import { assertNumQueries, captureOnCommitCallbacks, loadFixtures, useTestDatabase, useTestTransactions, wrenTestHooks } from '../lib/testing/index.js';
import { databaseNameOf, defaultTestName, withDatabaseName } from '../lib/testing/database-names.js';
import { beginTestTransaction, rollBackTestTransaction } from '../lib/testing/test-transaction.js';
import { rejection } from './support/assertions.js';
import { ACTIVE_DIALECTS, DIALECT_URLS, forEachDialect } from './support/dialects.js';

class TestingAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 50, unique: true }) };
  static meta = { tableName: 'testing_authors', ordering: ['name'] };
  static objects = this.manager();
}
interface TestingAuthor extends FieldValues<typeof TestingAuthor> {}

class TestingBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    author: new ForeignKey(() => TestingAuthor, { onDelete: 'CASCADE' }),
  };
  static meta = { tableName: 'testing_books', ordering: ['title'] };
  static objects = this.manager();
}
interface TestingBook extends FieldValues<typeof TestingBook> {}

const MODELS = [TestingAuthor, TestingBook];
const REPO = fileURLToPath(new URL('../', import.meta.url));
const LIB = path.join(REPO, 'lib');

const workDir = mkdtempSync(path.join(os.tmpdir(), 'wren-testing-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
writeFileSync(path.join(workDir, 'package.json'), '{ "type": "module" }\n');
const migrationsDir = path.join(workDir, 'migrations');
const fixtureFile = path.join(workDir, 'library.json');
writeFileSync(
  fixtureFile,
  JSON.stringify([
    { model: 'testing.TestingBook', pk: 10, fields: { title: 'Emma', author: 1 } },
    { model: 'testing.TestingAuthor', pk: 1, fields: { name: 'Austen' } },
  ]),
);

/** The name of the database `default` is connected to ('' for SQLite in memory). */
const CURRENT_DATABASE_SQL: Record<string, string> = {
  sqlite: "SELECT file AS name FROM pragma_database_list WHERE name = 'main'",
  postgres: 'SELECT current_database() AS name',
  mysql: 'SELECT DATABASE() AS name',
};

async function names(): Promise<string[]> {
  return TestingAuthor.objects.valuesList('name', { flat: true });
}

/** onCommit() callbacks that ran after a test ended: there must never be any. */
const lateCallbacks: string[] = [];

/** A test that checks that nothing the tests before it wrote is left. */
function itFindsNothingLeftBehind(): void {
  it('finds nothing the previous test wrote: its transaction was rolled back', async () => {
    expect(await TestingAuthor.objects.count()).to.equal(0);
    expect(await TestingBook.objects.count()).to.equal(0);
    expect(lateCallbacks).to.deep.equal([]);
  });
}

for (const dialect of ACTIVE_DIALECTS) {
  describe(`wren/testing: useTestDatabase() [${dialect}]`, function () {
    this.timeout(60_000);
    const source = DIALECT_URLS[dialect]!;

    // Registered before useTestDatabase(), so its migrations exist when the test database is built.
    before(async () => {
      await migrations.makeMigrations({ apps: [{ label: 'testing', models: MODELS, migrationsDir }], importFrom: path.join(LIB, 'index.ts') });
    });
    useTestDatabase({ url: source, apps: [{ label: 'testing', models: MODELS, migrationsDir }] });

    it('builds the test database beside the configured one, from the migrations', async () => {
      const db = database();
      const [current] = (await db.run({ sql: CURRENT_DATABASE_SQL[db.dialect.vendor]!, bindings: [] })).rows;
      expect(current!.name).to.equal(dialect === 'sqlite' ? '' : `test_${databaseNameOf(source)}`);
      const applied = (await db.run({ sql: 'SELECT app, name FROM wren_migrations', bindings: [] })).rows;
      expect(applied.map((row) => `${row.app}.${row.name}`)).to.deep.equal(['testing.0001_initial']);
    });

    it('runs each test inside a transaction', async () => {
      expect(inAtomicBlock()).to.equal(true);
      const austen = await TestingAuthor.objects.create({ name: 'Austen' });
      await TestingBook.objects.create({ title: 'Emma', author: austen });
      await onCommit(() => lateCallbacks.push('registered by a test'));
      expect(await names()).to.deep.equal(['Austen']);
      expect(lateCallbacks).to.deep.equal([]);
    });

    itFindsNothingLeftBehind();

    it('makes a nested atomic() a savepoint: it rolls back alone, even after an IntegrityError', async () => {
      expect(inAtomicBlock()).to.equal(true);
      await TestingAuthor.objects.create({ name: 'Ann' });
      const duplicate = await rejection(atomic(() => TestingAuthor.objects.create({ name: 'Ann' })));
      expect(duplicate).to.be.instanceOf(IntegrityError);
      const failed = await rejection(
        atomic(async () => {
          await TestingAuthor.objects.create({ name: 'Bob' });
          throw new Error('undo Bob');
        }),
      );
      expect((failed as Error).message).to.equal('undo Bob');
      await atomic(() => TestingAuthor.objects.create({ name: 'Cy' }));
      expect(await names()).to.deep.equal(['Ann', 'Cy']);
    });

    itFindsNothingLeftBehind();

    it('a durable block and retry() work inside the test transaction, as outermost ones; isolation cannot be set there', async () => {
      await atomic(() => TestingAuthor.objects.create({ name: 'Dur' }), { durable: true });
      let attempts = 0;
      expect(await retry(async () => ++attempts)).to.equal(1);
      expect(await names()).to.deep.equal(['Dur']);
      const nestedDurable = await rejection(atomic(() => atomic(async () => undefined, { durable: true })));
      expect(nestedDurable).to.be.instanceOf(TransactionManagementError);
      const isolation = await rejection(atomic(async () => undefined, { isolation: 'serializable' }));
      expect(isolation).to.be.instanceOf(TransactionManagementError);
    });

    itFindsNothingLeftBehind();

    it('assertNumQueries() passes when the count matches and returns the value', async () => {
      expect(await assertNumQueries(1, () => TestingAuthor.objects.count())).to.equal(0);
      expect(await assertNumQueries(0, async () => 'no query')).to.equal('no query');
      // SAVEPOINT and RELEASE are not the code's queries.
      await assertNumQueries(1, () => atomic(() => TestingAuthor.objects.filter({ name: 'x' }).update({ name: 'y' })));
    });

    it('assertNumQueries() fails with the SQL that ran', async () => {
      const error = await rejection(
        assertNumQueries(1, async () => {
          await TestingAuthor.objects.filter({ name: 'Zed' }).exists();
          await TestingAuthor.objects.count();
        }),
      );
      expect(error).to.be.instanceOf(AssertionError);
      const message = (error as AssertionError).message;
      expect(message).to.match(/^Expected 1 query on 'default', 2 ran:\n {2}1\. SELECT .*testing_authors.* -- \["Zed"\]\n {2}2\. SELECT COUNT\(\*\)/i);
      expect((error as AssertionError).actual).to.equal(2);
      const none = await rejection(assertNumQueries(2, async () => undefined));
      expect((none as AssertionError).message).to.equal("Expected 2 queries on 'default', 0 ran");
    });

    it('loadFixtures() loads fixture files, referenced rows first, into the test transaction', async () => {
      await loadFixtures(fixtureFile);
      const book = await TestingBook.objects.selectRelated('author').get({ pk: 10 });
      expect(book.title).to.equal('Emma');
      expect(book.author.name).to.equal('Austen');
      // Loading again updates by primary key (a URL works as well as a path).
      await loadFixtures(pathToFileURL(fixtureFile));
      expect(await TestingBook.objects.count()).to.equal(1);
    });

    itFindsNothingLeftBehind();

    it('loadFixtures() names a file that does not exist', async () => {
      const error = await rejection(loadFixtures('no-such-fixture.json'));
      expect((error as Error).message).to.match(/^No fixture named 'no-such-fixture\.json' \(looked for .*no-such-fixture\.json\)/);
    });

    it('captureOnCommitCallbacks() returns the callbacks the test registered, without running them', async () => {
      const ran: string[] = [];
      const callbacks = await captureOnCommitCallbacks(async () => {
        await onCommit(() => ran.push('direct'));
        await atomic(async () => {
          await onCommit(() => ran.push('in a savepoint that was released'));
        });
        await rejection(
          atomic(async () => {
            await onCommit(() => ran.push('in a savepoint rolled back'));
            throw new Error('roll back');
          }),
        );
      });
      expect(callbacks).to.have.length(2);
      expect(ran).to.deep.equal([]);
      for (const callback of callbacks) await callback();
      expect(ran).to.deep.equal(['direct', 'in a savepoint that was released']);
    });

    it('captureOnCommitCallbacks({ execute: true }) runs them, and those they register', async () => {
      const ran: string[] = [];
      const callbacks = await captureOnCommitCallbacks(
        async () => {
          await TestingAuthor.objects.create({ name: 'Ann' });
          await onCommit(async () => {
            ran.push(`first saw ${await TestingAuthor.objects.count()} author`);
            await onCommit(() => ran.push('registered by the first'));
          });
        },
        { execute: true },
      );
      expect(ran).to.deep.equal(['first saw 1 author', 'registered by the first']);
      expect(callbacks).to.have.length(2);
    });

    // A suite's own tests run before its child suites, so these come last.
    describe('with useTestTransactions() registered again in a child suite', () => {
      beforeEach(() => TestingAuthor.objects.create({ name: 'from a beforeEach' }));
      useTestTransactions();

      it('joins the open transaction: what the hooks before it wrote stays visible', async () => {
        expect(await names()).to.deep.equal(['from a beforeEach']);
      });
    });

    describe('a later suite', () => {
      itFindsNothingLeftBehind();
    });
  });

  describe(`wren/testing: a root hook plugin run by mocha [${dialect}]`, function () {
    this.timeout(120_000);
    // A database that does not exist: the admin connection must not need it.
    const source = dialect === 'sqlite' ? DIALECT_URLS.sqlite! : withDatabaseName(DIALECT_URLS[dialect]!, 'wren_plugin') as string;

    it("rolls back the rows of a failing test or hook, and drops the test database after the run", async () => {
      const dir = pluginProject();
      const result = spawnSync(path.join(REPO, 'node_modules', '.bin', 'mocha'), ['--no-config', '--node-option', 'import=tsx', '--require', 'hooks.ts', '--timeout', '60000', 'plugin.spec.ts'], {
        cwd: dir,
        env: { ...process.env, NODE_OPTIONS: '', PLUGIN_SOURCE_URL: source },
        encoding: 'utf8',
      });
      expect(result.stderr).to.equal('');
      expect(result.stdout).to.include('deliberate failure');
      expect(result.stdout).to.match(/IntegrityError|UNIQUE|duplicate/i);
      expect(result.stdout).to.include('deliberate hook failure');
      expect(result.stdout).to.match(/ 2 passing/);
      expect(result.stdout).to.match(/ 3 failing/);
      expect(result.status).to.equal(3);
      if (dialect !== 'sqlite') expect(await serverHasDatabase(source, 'test_wren_plugin')).to.equal(false);
    });
  });
}

forEachDialect('wren/testing: useTestTransactions() on tables made by the suite', MODELS, () => {
  useTestTransactions();

  it('runs each test inside a transaction', async () => {
    expect(inAtomicBlock()).to.equal(true);
    await TestingAuthor.objects.create({ name: 'Ann' });
    expect(await TestingAuthor.objects.count()).to.equal(1);
  });

  itFindsNothingLeftBehind();
});

describe('wren/testing: misuse and names', () => {
  it('names the test database test_<name> on the same server, with the mocha worker in parallel mode', () => {
    expect(defaultTestName('postgres://u:p@db:5433/shop?sslmode=disable')).to.equal('test_shop');
    expect(withDatabaseName('postgres://u:p@db:5433/shop?sslmode=disable', 'test_shop')).to.equal('postgres://u:p@db:5433/test_shop?sslmode=disable');
    expect(withDatabaseName({ url: 'mysql://root@h/shop', pool: { max: 2 } }, 'test_shop')).to.deep.equal({ url: 'mysql://root@h/test_shop', pool: { max: 2 } });
    expect(withDatabaseName({ dialect: 'postgres', connection: { host: 'h', database: 'shop' } }, 'test_shop')).to.deep.equal({ dialect: 'postgres', connection: { host: 'h', database: 'test_shop' } });
    expect(withDatabaseName('sqlite+sqlite3:db.sqlite3', ':memory:')).to.equal('sqlite+sqlite3::memory:');
    const worker = process.env.MOCHA_WORKER_ID;
    process.env.MOCHA_WORKER_ID = '3';
    try {
      expect(defaultTestName({ dialect: 'mysql', connection: { database: 'shop' } })).to.equal('test_shop_3');
    } finally {
      if (worker === undefined) delete process.env.MOCHA_WORKER_ID;
      else process.env.MOCHA_WORKER_ID = worker;
    }
    expect(() => defaultTestName('mysql://root@h')).to.throw(ImproperlyConfigured, /names none: add the database to the URL, or pass useTestDatabase\(\{ name \}\)/);
  });

  it('refuses helpers that need a test transaction or a test database outside one', async () => {
    const capture = await rejection(captureOnCommitCallbacks(async () => undefined));
    expect(capture).to.be.instanceOf(TransactionManagementError);
    expect((capture as Error).message).to.match(/^captureOnCommitCallbacks\(\) outside a transaction on 'default'/);
    const fixtures = await rejection(loadFixtures('x.json'));
    expect(fixtures).to.be.instanceOf(ImproperlyConfigured);
    expect((fixtures as Error).message).to.match(/set one up with wrenTestHooks\(\)/);
  });

  it('keeps a named SQLite test database with keep: true, and removes it otherwise', async () => {
    const file = path.join(workDir, 'kept.sqlite3');
    const options = { url: 'sqlite::memory:', models: [TestingAuthor], name: file };
    const first = wrenTestHooks({ ...options, keep: true });
    await first.beforeAll();
    await TestingAuthor.objects.create({ name: 'written outside any test' });
    await first.afterAll();
    expect(existsSync(file)).to.equal(true);
    const second = wrenTestHooks({ ...options, keep: true });
    await second.beforeAll();
    expect(await names()).to.deep.equal(['written outside any test']);
    await second.afterAll();
    const fresh = wrenTestHooks(options);
    await fresh.beforeAll();
    expect(await TestingAuthor.objects.count()).to.equal(0);
    await fresh.afterAll();
    expect(existsSync(file)).to.equal(false);
  });

  it('rolls back a transaction left open for an earlier test before opening the next', async () => {
    connect('sqlite::memory:');
    try {
      await new SchemaEditor().createModel(TestingAuthor);
      const [first, second] = [{ title: 'first' }, { title: 'second' }];
      await beginTestTransaction(['default'], first);
      await TestingAuthor.objects.create({ name: 'left open' });
      await beginTestTransaction(['default'], first);
      await rollBackTestTransaction();
      expect(await names(), 'joined: the same test, the same transaction').to.deep.equal(['left open']);
      // The afterEach that would end the first test's transaction never comes.
      await beginTestTransaction(['default'], second);
      expect(await names()).to.deep.equal([]);
      await rollBackTestTransaction();
    } finally {
      await disconnect();
    }
  });

  it('checks its options before touching any database', async () => {
    const hooks = wrenTestHooks({ modles: [TestingAuthor] } as never);
    const error = await rejection(hooks.beforeAll());
    expect((error as Error).message).to.equal("useTestDatabase() options: unknown option 'modles'. Choices are: url, name, keep, apps, models, config");
    const both = await rejection(wrenTestHooks({ models: MODELS, apps: [] }).beforeAll());
    expect((both as Error).message).to.match(/pass apps \(with migrations\) or models/);
  });
});

/** A project whose mocha run uses wrenTestHooks() as a root hook plugin; one of its tests fails on purpose. */
function pluginProject(): string {
  const dir = mkdtempSync(path.join(workDir, 'plugin-'));
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    path.join(dir, 'models.ts'),
    `import { CharField, Model } from ${JSON.stringify(path.join(LIB, 'index.ts'))};
export class PluginItem extends Model {
  static fields = { name: new CharField({ maxLength: 20, unique: true }) };
  static meta = { tableName: 'plugin_items' };
  static objects = this.manager();
}
`,
  );
  writeFileSync(
    path.join(dir, 'hooks.ts'),
    `import { wrenTestHooks } from ${JSON.stringify(path.join(LIB, 'testing', 'index.ts'))};
import { PluginItem } from './models.ts';
export const mochaHooks = wrenTestHooks({ url: process.env.PLUGIN_SOURCE_URL, models: [PluginItem] });
`,
  );
  writeFileSync(
    path.join(dir, 'plugin.spec.ts'),
    `import { PluginItem } from './models.ts';
describe('a project', () => {
  it('fails after writing a row', async () => {
    await PluginItem.objects.create({ name: 'a' });
    throw new Error('deliberate failure');
  });
  it('fails in the database after writing a row', async () => {
    await PluginItem.objects.create({ name: 'b' });
    await PluginItem.objects.create({ name: 'b' });
  });
  it('sees none of the rows of the failed tests', async () => {
    const rows = await PluginItem.objects.count();
    if (rows !== 0) throw new Error(\`saw \${rows} rows\`);
  });
});
describe('a suite whose beforeEach fails after writing a row', () => {
  beforeEach(async () => {
    await PluginItem.objects.create({ name: 'c' });
    throw new Error('deliberate hook failure');
  });
  it('never runs', () => undefined);
});
describe('a later suite', () => {
  it('sees none of the rows of the failed hook', async () => {
    const rows = await PluginItem.objects.count();
    if (rows !== 0) throw new Error(\`saw \${rows} rows\`);
  });
});
`,
  );
  return dir;
}

async function serverHasDatabase(source: string, name: string): Promise<boolean> {
  const admin = new Database('spec_admin', withDatabaseName(source, dialectAdminDatabase(source)));
  try {
    const sql = admin.dialect.vendor === 'postgres' ? 'SELECT 1 FROM pg_database WHERE datname = ?' : 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?';
    return (await admin.run({ sql, bindings: [name] })).rows.length > 0;
  } finally {
    await admin.close();
  }
}

function dialectAdminDatabase(source: string): string {
  return source.startsWith('postgres') ? 'postgres' : '';
}
