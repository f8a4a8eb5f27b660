import { expect } from 'chai';
import {
  atomic, captureQueries, CharField, connect, database, disconnect, ForeignKey, migrations, Model, PrimaryReplicaRouter, prefetchRelatedObjects,
  SchemaEditor, WrenError, WrenTypeError, type CapturedQuery, type FieldValues, type Router,
} from '../lib/index.js';
import { ACTIVE_DIALECTS, DIALECT_URLS } from './support/dialects.js';
import { catalog } from '../lib/migrations/schema/introspection.js';
import { LIB, tempProject } from './migrations/helpers.js';

class RtAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'rt_authors', ordering: ['name'] };
  static objects = this.manager();
}
interface RtAuthor extends FieldValues<typeof RtAuthor, { books: typeof RtBook }> {}

class RtBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    author: new ForeignKey(() => RtAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
  };
  static meta = { tableName: 'rt_books', ordering: ['title'] };
  static objects = this.manager();
}
interface RtBook extends FieldValues<typeof RtBook> {}

const ALIASES = ['default', 'replica', 'replica2'] as const;
const MODELS = [RtAuthor, RtBook];

/** The routers each test installs: connect() is called once per suite (SQLite's :memory: databases live as long as their connection). */
let current: Router = {};
const switchboard: Router = {
  dbForRead: (model, hints) => current.dbForRead?.(model, hints),
  dbForWrite: (model, hints) => current.dbForWrite?.(model, hints),
  allowRelation: (a, b, databases) => current.allowRelation?.(a, b, databases),
  allowMigrate: (alias, app, name) => current.allowMigrate?.(alias, app, name),
};
const primaryReplica = () => new PrimaryReplicaRouter({ primary: 'default', replicas: ['replica'] });

const aliasesOf = (queries: readonly CapturedQuery[]) => [...new Set(queries.map((q) => q.alias))];

/** The suite, on three databases of one server standing in for a primary and two replicas, each seeded so a row tells where it came from. */
function routingSuite(title: string, urls: () => Record<(typeof ALIASES)[number], string>): void {
  describe(title, function () {
    before(async function () {
      current = {};
      connect(urls(), { routers: [switchboard] });
      for (const alias of ALIASES) {
        const editor = new SchemaEditor(database(alias));
        for (const model of [...MODELS].reverse()) await editor.deleteModel(model, { ifExists: true });
        for (const model of MODELS) await editor.createModel(model);
      }
    });
    after(async function () {
      current = {};
      for (const alias of ALIASES) {
        const editor = new SchemaEditor(database(alias));
        for (const model of [...MODELS].reverse()) await editor.deleteModel(model, { ifExists: true });
      }
      await disconnect();
    });
    beforeEach(async function () {
      current = {};
      for (const alias of ALIASES) {
        await RtBook.objects.using(alias).delete();
        await RtAuthor.objects.using(alias).delete();
        const ann = await RtAuthor.objects.using(alias).create({ id: 100, name: `Ann (${alias})` });
        await RtBook.objects.using(alias).create({ id: 100, title: `Dune (${alias})`, author: ann });
      }
    });

    it('sends reads outside atomic() to the replica and writes to the primary', async function () {
      current = primaryReplica();
      const reads = await captureQueries(async () => {
        expect(await RtAuthor.objects.valuesList('name', { flat: true })).to.deep.equal(['Ann (replica)']);
        expect(await RtAuthor.objects.count()).to.equal(1);
        expect((await RtAuthor.objects.get({ id: 100 })).name).to.equal('Ann (replica)');
      });
      expect(aliasesOf(reads)).to.deep.equal(['replica']);
      const writes = await captureQueries(async () => {
        await RtAuthor.objects.create({ name: 'Bea' });
        await RtAuthor.objects.bulkCreate([{ name: 'Cy' }, { name: 'Di' }]);
        await RtAuthor.objects.filter({ name: 'Cy' }).update({ name: 'Cyd' });
        await RtAuthor.objects.filter({ name: 'Di' }).delete();
        await RtAuthor.objects.getOrCreate({ name: 'Ed' });
      });
      expect(aliasesOf(writes)).to.deep.equal(['default']);
      expect(await RtAuthor.objects.using('default').valuesList('name', { flat: true })).to.deep.equal(['Ann (default)', 'Bea', 'Cyd', 'Ed']);
      expect(await RtAuthor.objects.using('replica').count()).to.equal(1);
    });

    it('keeps reads inside atomic() on the write database, where the block sees its own writes', async function () {
      current = primaryReplica();
      const queries = await captureQueries(() =>
        atomic(async () => {
          await RtAuthor.objects.create({ name: 'Bea' });
          expect(await RtAuthor.objects.valuesList('name', { flat: true })).to.deep.equal(['Ann (default)', 'Bea']);
        }),
      );
      expect(aliasesOf(queries)).to.deep.equal(['default']);
      // A block on another database leaves the routing alone.
      await atomic(async () => {
        expect(RtAuthor.objects.db.alias).to.equal('replica');
      }, { using: 'replica2' });
    });

    it('saves an instance where the router sends writes, else back to the database it came from', async function () {
      current = primaryReplica();
      const ann = await RtAuthor.objects.get({ id: 100 });
      ann.name = 'Ann, edited';
      const saved = await captureQueries(() => ann.save());
      expect(aliasesOf(saved)).to.deep.equal(['default']);
      expect((await RtAuthor.objects.using('default').get({ id: 100 })).name).to.equal('Ann, edited');
      expect((await RtAuthor.objects.using('replica').get({ id: 100 })).name).to.equal('Ann (replica)');

      // A router that only routes reads: the instance goes back where it was read from.
      current = { dbForRead: () => 'replica2' };
      const bea = await RtAuthor.objects.get({ id: 100 });
      expect(bea.name).to.equal('Ann (replica2)');
      bea.name = 'Bea';
      expect(aliasesOf(await captureQueries(() => bea.save()))).to.deep.equal(['replica2']);
      expect(aliasesOf(await captureQueries(() => bea.delete()))).to.deep.equal(['replica2']);
      expect(await RtAuthor.objects.using('replica2').count()).to.equal(0);
      expect(await RtBook.objects.using('replica2').count()).to.equal(0);
    });

    it('lets using() override the routers', async function () {
      current = primaryReplica();
      const queries = await captureQueries(async () => {
        expect(await RtAuthor.objects.using('replica2').valuesList('name', { flat: true })).to.deep.equal(['Ann (replica2)']);
        await RtAuthor.objects.using('replica2').create({ name: 'Bea' });
        await atomic(() => RtAuthor.objects.using('replica2').filter({ name: 'Bea' }).update({ name: 'Bo' }));
      });
      expect(aliasesOf(queries)).to.deep.equal(['replica2']);
      const ann = await RtAuthor.objects.get({ id: 100 });
      expect(aliasesOf(await captureQueries(() => ann.save({ using: 'replica2' })))).to.deep.equal(['replica2']);
    });

    it("reads related managers and prefetches on the instance's database, and writes through them to the write database", async function () {
      current = primaryReplica();
      const ann = await RtAuthor.objects.get({ id: 100 });
      const reads = await captureQueries(async () => {
        expect((await ann.books).map((b) => b.title)).to.deep.equal(['Dune (replica)']);
        expect(await ann.books.count()).to.equal(1);
      });
      expect(aliasesOf(reads)).to.deep.equal(['replica']);
      const created = await captureQueries(() => ann.books.create({ title: 'Emma' }));
      expect(aliasesOf(created)).to.deep.equal(['default']);
      expect(await RtBook.objects.using('default').filter({ author: 100 }).valuesList('title', { flat: true })).to.deep.equal(['Dune (default)', 'Emma']);

      const prefetched = await captureQueries(async () => {
        const [author] = await RtAuthor.objects.prefetchRelated('books');
        expect((await author!.books.all()).map((b) => b.title)).to.deep.equal(['Dune (replica)']);
      });
      expect(prefetched).to.have.length(2);
      expect(aliasesOf(prefetched)).to.deep.equal(['replica']);

      const fromPrimary = await RtAuthor.objects.using('default').get({ id: 100 });
      const own = await captureQueries(async () => {
        await prefetchRelatedObjects([fromPrimary], ['books']);
        await fromPrimary.books.filter({ title: 'Emma' }).count();
      });
      expect(aliasesOf(own)).to.deep.equal(['default']);
    });

    it('refuses a relation the routers do not allow', async function () {
      const book = await RtBook.objects.using('default').get({ id: 100 });
      const stranger = await RtAuthor.objects.using('replica').get({ id: 100 });
      // No router decides: as in Django, both must come from the same database.
      expect(() => {
        book.author = stranger;
      }).to.throw(WrenError, /Cannot assign RtAuthor from database 'replica' to RtBook.author of a RtBook from database 'default'.*routers prevent/);
      current = primaryReplica();
      book.author = stranger;
      expect(book.authorId).to.equal(100);
      current = { allowRelation: () => false };
      const own = await RtAuthor.objects.using('default').get({ id: 100 });
      expect(() => {
        book.author = own;
      }).to.throw(WrenError, /routers prevent this relation/);
    });

    it('PrimaryReplicaRouter takes the replicas in turn, and the primary inside its atomic() block', async function () {
      current = new PrimaryReplicaRouter({ primary: 'default', replicas: ['replica', 'replica2'] });
      const outside = await captureQueries(async () => {
        for (let i = 0; i < 4; i++) await RtAuthor.objects.count();
      });
      expect(outside.map((q) => q.alias)).to.deep.equal(['replica', 'replica2', 'replica', 'replica2']);
      const names = [];
      for (let i = 0; i < 2; i++) names.push(...(await RtAuthor.objects.valuesList('name', { flat: true })));
      expect(names).to.have.members(['Ann (replica)', 'Ann (replica2)']);
      const inside = await captureQueries(() => atomic(() => RtAuthor.objects.count()));
      expect(aliasesOf(inside)).to.deep.equal(['default']);
      expect(current.allowMigrate!('default', 'app', 'RtAuthor')).to.equal(true);
      expect(current.allowMigrate!('replica', 'app', 'RtAuthor')).to.equal(false);
    });
  });
}

routingSuite('Routers [sqlite: three :memory: databases]', () => ({ default: 'sqlite::memory:', replica: 'sqlite::memory:', replica2: 'sqlite::memory:' }));

describe('Routers [postgres: three databases on one server]', function () {
  const base = DIALECT_URLS.postgres!;
  const replicaUrl = (name: string) => base.replace(/\/[^/]*$/, `/${name}`);
  before(async function () {
    if (!ACTIVE_DIALECTS.includes('postgres')) {
      console.log('    (skipped: PostgreSQL is not in WREN_DIALECTS)');
      this.skip();
    }
    connect({ admin: base });
    for (const name of ['wren_replica_test', 'wren_replica2_test']) {
      await database('admin').run({ sql: `DROP DATABASE IF EXISTS ${name}`, bindings: [] }, false);
      await database('admin').run({ sql: `CREATE DATABASE ${name}`, bindings: [] }, false);
    }
  });
  after(async function () {
    if (!ACTIVE_DIALECTS.includes('postgres')) return;
    connect({ admin: base });
    for (const name of ['wren_replica_test', 'wren_replica2_test']) {
      await database('admin').run({ sql: `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, bindings: [] }, false);
    }
    await disconnect();
  });
  routingSuite('on PostgreSQL', () => ({ default: base, replica: replicaUrl('wren_replica_test'), replica2: replicaUrl('wren_replica2_test') }));
});

describe('connect() with routers', function () {
  afterEach(async () => {
    await disconnect();
  });

  it('checks the routers option', function () {
    expect(() => connect('sqlite::memory:', { routers: 'primary' as never })).to.throw(WrenTypeError, /routers/);
    expect(() => connect('sqlite::memory:', { routers: [null as never] })).to.throw(WrenTypeError, /each router/);
    expect(() => connect('sqlite::memory:', { rooters: [] } as never)).to.throw(WrenTypeError, /routers/);
  });

  it('forgets the routers once every database is disconnected', async function () {
    connect({ default: 'sqlite::memory:', replica: 'sqlite::memory:' }, { routers: [{ dbForRead: () => 'replica' }] });
    expect(RtAuthor.objects.db.alias).to.equal('replica');
    await disconnect('replica');
    connect({ replica: 'sqlite::memory:' });
    expect(RtAuthor.objects.db.alias, 'one database closed: the routers stay').to.equal('replica');
    await disconnect();
    connect('sqlite::memory:');
    expect(RtAuthor.objects.db.alias).to.equal('default');
  });

  it('PrimaryReplicaRouter checks its options', function () {
    expect(() => new PrimaryReplicaRouter({ primary: 'default', replicas: [] })).to.throw(WrenTypeError, /replicas/);
    expect(() => new PrimaryReplicaRouter({ primary: 'default', replicas: ['r'], extra: 1 } as never)).to.throw(WrenTypeError);
  });
});

describe('migrate() with routers [sqlite]', function () {
  afterEach(async () => {
    await disconnect();
  });
  const tablesOf = async (alias: string) => (await catalog(database(alias).dialect).tables(database(alias))).filter((t) => t.startsWith('rt_')).sort();

  it("runs only the operations allowMigrate allows on the database, and records the migration as applied", async function () {
    const onlyBooksOnReplica: Router = { allowMigrate: (alias, _app, modelName) => alias === 'default' || modelName === 'RtBook' };
    connect({ default: 'sqlite::memory:', replica: 'sqlite::memory:' }, { routers: [onlyBooksOnReplica] });
    const apps = [{ label: 'rt', models: [RtAuthor, RtBook], migrationsDir: tempProject('routers') }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    await migrations.migrate({ apps, using: 'replica' });
    expect(await tablesOf('replica')).to.deep.equal(['rt_books']);
    expect((await migrations.showMigrations({ apps, using: 'replica' })).map((m) => m.applied)).to.deep.equal([true]);
    await migrations.migrate({ apps });
    expect(await tablesOf('default')).to.deep.equal(['rt_authors', 'rt_books']);
  });

  it('PrimaryReplicaRouter migrates the primary only', async function () {
    connect({ default: 'sqlite::memory:', replica: 'sqlite::memory:' }, { routers: [primaryReplica()] });
    const apps = [{ label: 'rt', models: [RtAuthor, RtBook], migrationsDir: tempProject('routers') }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    await migrations.migrate({ apps, using: 'replica' });
    await migrations.migrate({ apps });
    expect(await tablesOf('replica')).to.deep.equal([]);
    expect(await tablesOf('default')).to.deep.equal(['rt_authors', 'rt_books']);
  });
});
