// Django parity: a field made NOT NULL fills its NULLs with the field's default first, for every
// kind of column (MariaDB's TEXT and JSON columns cannot hold a DEFAULT, yet their NULLs are
// filled too), and a migration that fails halfway says what stayed applied.
import { expect } from 'chai';
import { CharField, database, IntegerField, JSONField, migrations, Model, TextField } from '../lib/index.js';
import { columns, dropTables, LIB, rows, tempProject } from './migrations/helpers.js';
import { forEachDialect } from './support/dialects.js';

const TABLES = ['nnf_notes', 'nnf_codes', 'wren_migrations'];

function notes(nullable: boolean) {
  return class NnfNote extends Model {
    static fields = {
      title: new CharField({ maxLength: 20, default: 'untitled', null: nullable }),
      body: new TextField({ default: 'hi', null: nullable }),
      data: new JSONField({ default: { a: 1 }, null: nullable }),
    };
    static meta = { tableName: 'nnf_notes' };
    static objects = this.manager();
  };
}

function codes(version: 1 | 2) {
  return class NnfCode extends Model {
    static fields = {
      code: version === 1 ? new CharField({ maxLength: 10, null: true }) : new CharField({ maxLength: 10, default: 'x', unique: true }),
      ...(version === 2 ? { extra: new IntegerField({ null: true }) } : {}),
    };
    static meta = { tableName: 'nnf_codes' };
    static objects = this.manager();
  };
}

forEachDialect('migration parity: NULLs filled when a field becomes NOT NULL', [], (dialect) => {
  const q = (n: string) => database().dialect.quoteName(n);
  beforeEach(async () => {
    await dropTables(...TABLES);
  });
  after(async () => {
    await dropTables(...TABLES);
  });

  it('fills char, text and JSON columns with their defaults, then makes them NOT NULL, and back', async () => {
    const dir = tempProject('nnf');
    const apps = (nullable: boolean) => [{ label: 'nnf', models: [notes(nullable)], migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps(true), importFrom: LIB });
    await migrations.migrate({ apps: apps(true) });
    await rows(`INSERT INTO ${q('nnf_notes')} (${q('title')}, ${q('body')}, ${q('data')}) VALUES (NULL, NULL, NULL), ('kept', 'kept', '{"b": 2}')`);

    const made = await migrations.makeMigrations({ apps: apps(false), importFrom: LIB });
    expect(made.migrations[0]!.operations).to.deep.equal(['Alter field title on NnfNote', 'Alter field body on NnfNote', 'Alter field data on NnfNote']);
    const sql = (await migrations.sqlMigrate({ apps: apps(false), name: made.migrations[0]!.name })).join('\n');
    if (dialect === 'sqlite') {
      expect(sql).to.contain(`COALESCE(${q('body')}, 'hi')`).and.contain(`COALESCE(${q('data')}, '{"a":1}')`);
    } else {
      for (const [column, value] of [['title', "'untitled'"], ['body', "'hi'"], ['data', `'{"a":1}'`]]) {
        expect(sql).to.contain(`UPDATE ${q('nnf_notes')} SET ${q(column!)} = ${value} WHERE ${q(column!)} IS NULL`);
      }
    }

    await migrations.migrate({ apps: apps(false) });
    const NnfNote = notes(false);
    const found = await NnfNote.objects.orderBy('id').valuesList('title', 'body', 'data');
    expect(found).to.deep.equal([['untitled', 'hi', { a: 1 }], ['kept', 'kept', { b: 2 }]]);
    const cols = await columns('nnf_notes');
    expect(['title', 'body', 'data'].map((c) => cols.get(c)!.nullable)).to.deep.equal([false, false, false]);

    await migrations.migrate({ apps: apps(false), target: '0001' });
    const back = await columns('nnf_notes');
    expect(['title', 'body', 'data'].map((c) => back.get(c)!.nullable)).to.deep.equal([true, true, true]);
    expect(Number((await rows(`SELECT COUNT(*) AS n FROM ${q('nnf_notes')} WHERE ${q('body')} = 'hi'`))[0]!.n)).to.equal(1);
  });

  it('a migration failing after the fill is rolled back, or (MySQL/MariaDB) reports what ran and stays unrecorded', async () => {
    const dir = tempProject('nnf-fail');
    const apps = (version: 1 | 2) => [{ label: 'nnf', models: [codes(version)], migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps(1), importFrom: LIB });
    await migrations.migrate({ apps: apps(1) });
    await rows(`INSERT INTO ${q('nnf_codes')} (${q('code')}) VALUES (NULL), (NULL)`);

    const made = await migrations.makeMigrations({ apps: apps(2), importFrom: LIB });
    expect(made.migrations[0]!.operations).to.deep.equal(['Add field extra to NnfCode', 'Alter field code on NnfCode']);
    // Both NULLs become 'x', so the unique constraint cannot be added.
    let error: unknown;
    try {
      await migrations.migrate({ apps: apps(2) });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(migrations.MigrationError);
    const failure = error as InstanceType<typeof migrations.MigrationError>;
    expect(failure.failedOperation).to.equal('Alter field code on NnfCode');
    expect((await migrations.showMigrations({ apps: apps(2) })).map((m) => m.applied)).to.deep.equal([true, false]);
    if (database().dialect.supportsTransactionalDdl) {
      expect(failure.rolledBack).to.equal(true);
      expect(failure.message).to.contain('rolled back as a whole');
      expect([...(await columns('nnf_codes')).keys()]).to.not.include('extra');
      expect((await rows(`SELECT ${q('code')} AS code FROM ${q('nnf_codes')}`)).map((r) => r.code)).to.deep.equal([null, null]);
    } else {
      expect(failure.rolledBack).to.equal(false);
      expect(failure.completedOperations).to.deep.equal(['Add field extra to NnfCode']);
      expect(failure.failedOperationStatements[0]).to.equal(`UPDATE ${q('nnf_codes')} SET ${q('code')} = 'x' WHERE ${q('code')} IS NULL`);
      expect(failure.message).to.contain('PARTIALLY applied and not recorded').and.contain('- Add field extra to NnfCode').and.contain(`UPDATE ${q('nnf_codes')}`);
    }
  });
});
