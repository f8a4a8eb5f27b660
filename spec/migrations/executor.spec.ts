import { expect } from 'chai';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CharField, database, fields, JSONField, migrations, Model } from '../../lib/index.js';
import { forEachDialect } from '../support/dialects.js';
import { libraryV1, libraryV2, MigBook, MigRack } from '../models/migration-models.js';
import { chain, columns, dropTables, LIB, migrateTo, rows, tables, tempProject } from './helpers.js';

const TABLES = ['mig_books', 'mig_shelves', 'mig_racks', 'exf_items', 'mig_legacy', 'mig_odds', 'wren_migrations'];

forEachDialect('migrations executor and API', [], (dialect) => {
  const q = (n: string) => database().dialect.quoteName(n);
  beforeEach(async () => {
    await dropTables(...TABLES);
  });
  after(async () => {
    await dropTables(...TABLES);
  });

  it('makemigrations -> migrate -> change models -> makemigrations -> migrate keeps the data; back to 0001, zero, and forward again', async () => {
    const dir = tempProject('exec');
    const v1 = libraryV1();
    const apps1 = [{ label: 'lib', models: v1, migrationsDir: dir }];
    const first = await migrations.makeMigrations({ apps: apps1, importFrom: LIB });
    expect(first.written.map((p) => p.slice(dir.length + 1))).to.deep.equal(['0001_initial.ts']);
    const progress: string[] = [];
    const result = await migrations.migrate({ apps: apps1, onProgress: (e) => progress.push(`${e.kind} ${e.name}`) });
    expect(result.applied.map((m) => m.name)).to.deep.equal(['0001_initial']);
    expect(progress).to.deep.equal(['start 0001_initial', 'done 0001_initial']);
    await rows(`INSERT INTO ${q('mig_books')} (${q('title')}, ${q('pages')}, ${q('blurb')}) VALUES ('Dune', 412, 'sand'), ('Emma', NULL, NULL)`);
    await rows(`INSERT INTO ${q('mig_shelves')} (${q('label')}) VALUES ('A1')`);

    const apps2 = [{ label: 'lib', models: libraryV2(), migrationsDir: dir }];
    expect((await migrations.makeMigrations({ apps: apps2, check: true, renames: { 'MigBook.pages': 'pageCount', MigShelf: 'MigRack' } })).changed).to.equal(true);
    const second = await migrations.makeMigrations({ apps: apps2, importFrom: LIB, renames: { 'MigBook.pages': 'pageCount', MigShelf: 'MigRack' } });
    expect(second.migrations[0]!.operations).to.deep.equal([
      // MigShelf's table had the default name (mig_shelves), so it follows the rename: mig_racks.
      'Rename model MigShelf to MigRack',
      'Rename field pages on MigBook to pageCount',
      'Remove field blurb from MigBook',
      'Add field inPrint to MigBook',
      'Alter field title on MigBook',
      'Alter uniqueTogether for MigBook (1 constraint(s))',
    ]);
    expect(second.dataLoss).to.have.length(1);
    expect(second.dataLoss[0]).to.match(/Remove field blurb from MigBook/);
    expect(second.migrations[0]!.source).to.contain('// DATA LOSS: Remove field blurb from MigBook');
    expect((await migrations.makeMigrations({ apps: apps2, check: true })).changed).to.equal(false);

    await migrations.migrate({ apps: apps2 });
    const books = await MigBook.objects.orderBy('title').values('title', 'pageCount', 'inPrint');
    expect(books).to.deep.equal([{ title: 'Dune', pageCount: 412, inPrint: true }, { title: 'Emma', pageCount: null, inPrint: true }]);
    expect(await MigRack.objects.valuesList('label', { flat: true })).to.deep.equal(['A1']);

    const shown = await migrations.showMigrations({ apps: apps2 });
    expect(shown.map((m) => `${m.applied ? '[X]' : '[ ]'} ${m.name}`)).to.deep.equal(['[X] 0001_initial', `[X] ${second.migrations[0]!.name}`]);

    const back = await migrations.migrate({ apps: apps2, target: '0001' });
    expect(back.unapplied.map((m) => m.name)).to.deep.equal([second.migrations[0]!.name]);
    expect(await tables()).to.include('mig_shelves').and.not.include('mig_racks');
    expect((await rows(`SELECT ${q('title')} AS t, ${q('pages')} AS p FROM ${q('mig_books')} ORDER BY ${q('title')}`)).map((r) => [r.t, r.p === null ? null : Number(r.p)])).to.deep.equal([['Dune', 412], ['Emma', null]]);

    await migrations.migrate({ apps: apps2 });
    expect(await MigBook.objects.count()).to.equal(2);
    const planned = await migrations.migrate({ apps: apps2, target: 'zero', plan: true });
    expect(planned.plan.map((s) => [s.name, s.backwards])).to.deep.equal([[second.migrations[0]!.name, true], ['0001_initial', true]]);
    expect(await tables()).to.include('mig_books');
    await migrations.migrate({ apps: apps2, target: 'zero' });
    expect(await tables()).not.to.include('mig_books');
    expect((await migrations.showMigrations({ apps: apps2 })).every((m) => !m.applied)).to.equal(true);
  });

  it('fake records without running; fakeInitial fakes an initial migration whose tables exist', async () => {
    const dir = tempProject('fake');
    const apps = [{ label: 'lib', models: libraryV1(), migrationsDir: dir }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    const faked = await migrations.migrate({ apps, fake: true });
    expect(faked.applied).to.deep.equal([{ app: 'lib', name: '0001_initial', faked: true }]);
    expect(await tables()).not.to.include('mig_books');
    await migrations.migrate({ apps, target: 'zero', fake: true });
    await migrations.migrate({ apps });
    await migrations.migrate({ apps, target: 'zero', fake: true });
    expect(await tables()).to.include('mig_books');
    const initial = await migrations.migrate({ apps, fakeInitial: true });
    expect(initial.applied).to.deep.equal([{ app: 'lib', name: '0001_initial', faked: true }]);
    expect((await migrations.showMigrations({ apps }))[0]!.applied).to.equal(true);
  });

  it('sqlMigrate prints the SQL of a migration for this database, forwards and backwards', async () => {
    const dir = tempProject('sql');
    const apps = [{ label: 'lib', models: libraryV1(), migrationsDir: dir }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    const sql = await migrations.sqlMigrate({ apps, name: '0001' });
    expect(sql[0]).to.match(new RegExp(`^CREATE TABLE ${q('mig_books').replace(/"/g, '"')}`));
    expect(sql.some((s) => s.startsWith(`CREATE TABLE ${q('mig_shelves')}`))).to.equal(true);
    expect(await migrations.sqlMigrate({ apps, name: 'lib:0001_initial', backwards: true })).to.deep.equal([`DROP TABLE ${q('mig_shelves')}`, `DROP TABLE ${q('mig_books')}`]);
    expect(await tables()).not.to.include('mig_books');
    let error: unknown;
    try {
      await migrations.sqlMigrate({ apps, name: '0009' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(migrations.NodeNotFoundError);
    expect(String(error)).to.match(/No migration '0009' in app 'lib'.*0001_initial/s);
  });

  it(`a failing migration reports what ran${dialect === 'mysql' ? ' (MySQL: partially applied, listed)' : ' (rolled back as a whole)'}`, async () => {
    const graph = chain(
      'exf',
      [new migrations.CreateModel({ name: 'ExfItem', fields: { id: new fields.AutoField({ primaryKey: true }), name: new CharField({ maxLength: 10 }) }, options: { tableName: 'exf_items' } })],
      [
        new migrations.AddField({ model: 'ExfItem', name: 'size', field: new fields.IntegerField({ null: true }) }),
        new migrations.AddField({ model: 'ExfItem', name: 'color', field: new CharField({ maxLength: 10, null: true }) }),
        new migrations.RunSQL({ sql: [`UPDATE ${q('exf_items')} SET ${q('name')} = ${q('name')}`, 'SELECT * FROM exf_no_such_table'] }),
      ],
    );
    await migrateTo(graph, 'exf', '0001_step');
    let error: unknown;
    try {
      await migrateTo(graph, 'exf', '0002_step');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(migrations.MigrationError);
    const failure = error as migrations.MigrationError;
    expect(failure.failedOperation).to.equal('Raw SQL operation');
    expect(failure.completedOperations).to.deep.equal(['Add field size to ExfItem', 'Add field color to ExfItem']);
    const cols = [...(await columns('exf_items')).keys()].sort();
    const recorded = (await rows(`SELECT ${q('name')} AS n FROM ${q('wren_migrations')} WHERE ${q('app')} = 'exf'`)).map((r) => r.n);
    expect(recorded).to.deep.equal(['0001_step']);
    if (database().dialect.supportsTransactionalDdl) {
      expect(failure.rolledBack).to.equal(true);
      expect(cols).to.deep.equal(['id', 'name']);
      expect(failure.message).to.match(/rolled back as a whole/);
    } else {
      expect(failure.rolledBack).to.equal(false);
      expect(cols).to.deep.equal(['color', 'id', 'name', 'size']);
      expect(failure.message).to.match(/PARTIALLY applied[\s\S]*- Add field size to ExfItem\n\s+- Add field color to ExfItem/);
      expect(failure.failedOperationStatements).to.deep.equal([`UPDATE ${q('exf_items')} SET ${q('name')} = ${q('name')}`]);
      expect(failure.message).to.contain('Of the failed operation, these statements ran:');
    }
  });

  it('migration files are stable, named from their operations, and load back to the same state', async () => {
    const one = tempProject('w1');
    const two = tempProject('w2');
    for (const dir of [one, two]) await migrations.makeMigrations({ apps: [{ label: 'lib', models: libraryV1(), migrationsDir: dir }], importFrom: LIB });
    for (const dir of [one, two]) {
      await migrations.makeMigrations({ apps: [{ label: 'lib', models: libraryV2(), migrationsDir: dir }], importFrom: LIB, renames: { 'MigBook.pages': 'pageCount' } });
    }
    const files = readdirSync(one).filter((f) => f.endsWith('.ts')).sort();
    expect(files).to.have.length(2);
    expect(files[0]).to.equal('0001_initial.ts');
    expect(files[1]).to.match(/^0002_\w+_and_more\.ts$/);
    for (const file of files) expect(readFileSync(join(one, file), 'utf8')).to.equal(readFileSync(join(two, file), 'utf8'));
    expect((await migrations.makeMigrations({ apps: [{ label: 'lib', models: libraryV2(), migrationsDir: one }], check: true })).changed).to.equal(false);
  });

  it('names and empty migrations; unknown apps and inconsistent history are reported clearly', async () => {
    const dir = tempProject('named');
    const apps = [{ label: 'lib', models: libraryV1(), migrationsDir: dir }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    const empty = await migrations.makeMigrations({ apps, importFrom: LIB, appLabels: ['lib'], empty: true, name: 'fill data' });
    expect(empty.migrations.map((m) => m.name)).to.deep.equal(['0002_fill_data']);
    expect(empty.migrations[0]!.source).to.contain("dependencies: [['lib', '0001_initial']],");
    let error: unknown;
    try {
      await migrations.makeMigrations({ apps, appLabels: ['lbi'] });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/No app labelled 'lbi'. Did you mean 'lib'\? Choices are: lib/);
    await migrations.migrate({ apps });
    await rows(`DELETE FROM ${q('wren_migrations')} WHERE ${q('name')} = '0001_initial'`);
    error = undefined;
    try {
      await migrations.migrate({ apps });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(migrations.InconsistentHistoryError);
    expect(String(error)).to.match(/lib.0002_fill_data is applied before its dependency lib.0001_initial/);
  });

  it('squashMigrations writes one migration standing for several, whatever each database has applied', async () => {
    const dir = tempProject('squash');
    const renames = { 'MigBook.pages': 'pageCount', MigShelf: 'MigRack' };
    await migrations.makeMigrations({ apps: [{ label: 'lib', models: libraryV1(), migrationsDir: dir }], importFrom: LIB });
    const apps = [{ label: 'lib', models: libraryV2(), migrationsDir: dir }];
    const second = (await migrations.makeMigrations({ apps, importFrom: LIB, renames })).migrations[0]!.name;
    await migrations.migrate({ apps, target: '0001' });
    await rows(`INSERT INTO ${q('mig_books')} (${q('title')}, ${q('pages')}) VALUES ('Dune', 412)`);

    const squash = await migrations.squashMigrations({ apps, app: 'lib', to: '0002', importFrom: LIB });
    expect(squash.name).to.equal(`0001_squashed_${second}`);
    expect(squash.replaces).to.deep.equal(['0001_initial', second]);
    // The optimizer folds the renames, field changes and the unique constraint into the two CreateModels.
    expect(squash.operations).to.deep.equal(['Create model MigBook', 'Create model MigRack']);
    expect(squash.source).to.contain("options: { tableName: 'mig_books', ordering: ['title'], uniqueTogether: [['title', 'pageCount']] },");
    expect(squash.source).to.contain(`replaces: [['lib', '0001_initial'], ['lib', '${second}']],`);
    expect((await migrations.makeMigrations({ apps, check: true })).changed).to.equal(false);

    // Partly applied (0001 only): the originals run, then the squash counts as applied too.
    const partial = await migrations.migrate({ apps });
    expect(partial.applied.map((m) => m.name)).to.deep.equal([second]);
    expect((await migrations.showMigrations({ apps })).map((m) => [m.name, m.applied])).to.deep.equal([[squash.name, true]]);
    expect((await migrations.migrate({ apps })).plan).to.deep.equal([]);

    // Unapplying the squash unrecords everything it stands for.
    const undone = await migrations.migrate({ apps, target: 'zero' });
    expect(undone.unapplied.map((m) => m.name)).to.deep.equal([squash.name]);
    expect(await rows(`SELECT * FROM ${q('wren_migrations')}`)).to.deep.equal([]);
    expect(await tables()).not.to.include('mig_books');

    // A fresh database runs the squash alone and records the replaced names with it.
    const fresh = await migrations.migrate({ apps });
    expect(fresh.applied.map((m) => m.name)).to.deep.equal([squash.name]);
    const recorded = (await rows(`SELECT ${q('name')} AS n FROM ${q('wren_migrations')} ORDER BY ${q('name')}`)).map((r) => r.n);
    expect(recorded).to.deep.equal(['0001_initial', squash.name, second].sort());
    expect([...(await columns('mig_books')).keys()].sort()).to.deep.equal(['id', 'in_print', 'page_count', 'title']);
  });

  it('odd literals (quotes, backslashes, newlines, JSON defaults) survive the round trip through a file', async () => {
    class MigOdd extends Model {
      static fields = {
        label: new CharField({ maxLength: 20, default: `it's "odd" \\ \n`, choices: [["it's", 'a'], ['x\\y', 'b"c']] }),
        data: new JSONField({ default: { 'a-b': [1, null, 'q\'s'] } }),
      };
      static meta = { tableName: 'mig_odds' };
    }
    const dir = tempProject('odd');
    const apps = [{ label: 'odd', models: [MigOdd], migrationsDir: dir }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    expect((await migrations.makeMigrations({ apps, check: true })).changed).to.equal(false);
  });

  it('an unmanaged model (meta.managed: false) is tracked in the migrations but its table is never touched', async () => {
    await rows(`CREATE TABLE ${q('mig_legacy')} (${q('id')} integer PRIMARY KEY, ${q('code')} varchar(5))`);
    await rows(`INSERT INTO ${q('mig_legacy')} VALUES (1, 'x')`);
    const legacy = (managed: boolean, extra: Record<string, CharField> = {}) => {
      class MigLegacy extends Model {
        static fields = { code: new CharField({ maxLength: 5, null: true }), ...extra };
        static meta = { tableName: 'mig_legacy', managed };
      }
      return MigLegacy;
    };
    const dir = tempProject('legacy');
    const made = await migrations.makeMigrations({ apps: [{ label: 'leg', models: [legacy(false)], migrationsDir: dir }], importFrom: LIB });
    expect(made.migrations[0]!.source).to.contain("options: { tableName: 'mig_legacy', managed: false },");
    const apps = [{ label: 'leg', models: [legacy(false, { note: new CharField({ maxLength: 5, null: true }) })], migrationsDir: dir }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    expect(await migrations.sqlMigrate({ apps, name: '0002' })).to.deep.equal([]);
    await migrations.migrate({ apps });
    expect([...(await columns('mig_legacy')).keys()].sort()).to.deep.equal(['code', 'id']);
    await migrations.migrate({ apps, target: 'zero' });
    expect(await rows(`SELECT ${q('code')} AS code FROM ${q('mig_legacy')}`)).to.deep.equal([{ code: 'x' }]);
  });

  it('a forked history is refused until a merge migration joins it', async () => {
    const dir = tempProject('fork');
    const apps = [{ label: 'lib', models: libraryV1(), migrationsDir: dir }];
    await migrations.makeMigrations({ apps, importFrom: LIB });
    const first = await migrations.makeMigrations({ apps, importFrom: LIB, empty: true, name: 'mine' });
    // A teammate's migration with the same parent.
    writeFileSync(join(dir, '0002_theirs.ts'), first.migrations[0]!.source);
    let error: unknown;
    try {
      await migrations.makeMigrations({ apps: [{ label: 'lib', models: libraryV2(), migrationsDir: dir }], renames: { 'MigBook.pages': 'pageCount' } });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/Conflicting migrations in app 'lib': 0002_mine, 0002_theirs are both latest[\s\S]*merge: true/);
    const merged = await migrations.makeMigrations({ apps, importFrom: LIB, merge: true });
    expect(merged.migrations.map((m) => m.name)).to.deep.equal(['0003_merge_0002_mine_0002_theirs']);
    expect(merged.migrations[0]!.source).to.contain("dependencies: [['lib', '0002_mine'], ['lib', '0002_theirs']],");
    const applied = await migrations.migrate({ apps });
    expect(applied.applied.map((m) => m.name)).to.deep.equal(['0001_initial', '0002_mine', '0002_theirs', '0003_merge_0002_mine_0002_theirs']);
    expect((await migrations.makeMigrations({ apps, check: true })).changed).to.equal(false);
  });
});
