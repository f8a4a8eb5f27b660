import { expect } from 'chai';
import { CharField, database, fields, ForeignKey, IntegrityError, ManyToManyField, migrations } from '../../lib/index.js';
import { forEachDialect } from '../support/dialects.js';
import { crossAppModels, relationsV1, relationsV2, relationsV3 } from '../models/migration-models.js';
import { chain, columns, dropTables, indexes, LIB, migrateTo, rows, tables, tempProject } from './helpers.js';

const TABLES = ['migrel_books_tags', 'migrel_books', 'migrel_tags', 'migrel_authors', 'chn_children', 'chn_parents', 'chn_mothers', 'migx_books', 'migx_authors', 'fkc_books', 'fkc_authors', 'jt_books_tags', 'jt_volumes_tags', 'jt_books', 'jt_volumes', 'jt_tags', 'jt_labels', 'rk_children', 'rk_firsts', 'rk_seconds', 'pnd_children', 'pnd_parents', 'wren_migrations'];

forEachDialect('migrations with relations', [], () => {
  const q = (n: string) => database().dialect.quoteName(n);
  beforeEach(async () => {
    await dropTables(...TABLES);
  });
  after(async () => {
    await dropTables(...TABLES);
  });

  async function rejected(sql: string, bindings: unknown[] = []): Promise<boolean> {
    try {
      await rows(sql, bindings);
      return false;
    } catch (error) {
      return error instanceof IntegrityError;
    }
  }

  it('adds a model with a ForeignKey and a ManyToManyField (join table), enforces them, and rolls back', async () => {
    const dir = tempProject('rel');
    const apps = (models: ReturnType<typeof relationsV1>) => [{ label: 'rel', models, migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps(relationsV1()), importFrom: LIB });
    await migrations.migrate({ apps: apps(relationsV1()) });
    await rows(`INSERT INTO ${q('migrel_authors')} (${q('name')}) VALUES ('Ann')`);

    const second = await migrations.makeMigrations({ apps: apps(relationsV2()), importFrom: LIB });
    // The tag model comes before the book that points at it.
    expect(second.migrations[0]!.operations).to.deep.equal(['Create model MigRelTag', 'Create model MigRelBook']);
    expect(second.migrations[0]!.source).to.contain("author: new fields.ForeignKey('MigRelAuthor', { onDelete: 'CASCADE' }),");
    expect(second.migrations[0]!.source).to.contain("tags: new fields.ManyToManyField('MigRelTag'");
    await migrations.migrate({ apps: apps(relationsV2()) });
    expect(await tables()).to.include.members(['migrel_books', 'migrel_tags', 'migrel_books_tags']);
    // Named as the models layer names its automatic join model's keys, so queries and migrations agree.
    const joinColumns = [...(await columns('migrel_books_tags')).keys()].sort();
    expect(joinColumns).to.deep.equal(['id', 'mig_rel_book_id', 'mig_rel_tag_id']);
    expect((await indexes('migrel_books')).some((i) => i.columns.join() === 'author_id')).to.equal(true);

    const authorId = Number((await rows(`SELECT ${q('id')} AS id FROM ${q('migrel_authors')}`))[0]!.id);
    await rows(`INSERT INTO ${q('migrel_books')} (${q('title')}, ${q('author_id')}) VALUES ('Dune', ?)`, [authorId]);
    expect(await rejected(`INSERT INTO ${q('migrel_books')} (${q('title')}, ${q('author_id')}) VALUES ('Nope', 999)`)).to.equal(true);
    await rows(`INSERT INTO ${q('migrel_tags')} (${q('word')}) VALUES ('scifi')`);
    const [bookCol, tagCol] = ['mig_rel_book_id', 'mig_rel_tag_id'];
    await rows(`INSERT INTO ${q('migrel_books_tags')} (${q(bookCol!)}, ${q(tagCol!)}) SELECT b.${q('id')}, t.${q('id')} FROM ${q('migrel_books')} b, ${q('migrel_tags')} t`);
    expect(await rejected(`INSERT INTO ${q('migrel_books_tags')} (${q(bookCol!)}, ${q(tagCol!)}) SELECT b.${q('id')}, t.${q('id')} FROM ${q('migrel_books')} b, ${q('migrel_tags')} t`)).to.equal(true);

    // Swap the author key for a nullable editor key (RemoveField + AddField of ForeignKeys).
    const third = await migrations.makeMigrations({ apps: apps(relationsV3()), importFrom: LIB });
    expect(third.migrations[0]!.operations).to.deep.equal(['Remove field author from MigRelBook', 'Add field editor to MigRelBook']);
    await migrations.migrate({ apps: apps(relationsV3()) });
    const cols = await columns('migrel_books');
    expect(cols.has('author_id')).to.equal(false);
    expect(cols.get('editor_id')?.nullable).to.equal(true);
    expect(await rejected(`UPDATE ${q('migrel_books')} SET ${q('editor_id')} = 999`)).to.equal(true);
    expect((await rows(`SELECT COUNT(*) AS n FROM ${q('migrel_books_tags')}`))[0]!.n).to.satisfy((n: unknown) => Number(n) === 1);

    // Unapplying 0003 re-adds the NOT NULL author key: the rows must go first (their authors were dropped with the column).
    await rows(`DELETE FROM ${q('migrel_books_tags')}`);
    await rows(`DELETE FROM ${q('migrel_books')}`);
    await migrations.migrate({ apps: apps(relationsV3()), target: '0001' });
    expect(await tables()).not.to.include.members(['migrel_books', 'migrel_books_tags']);
    expect(await tables()).to.include('migrel_authors');
    await migrations.migrate({ apps: apps(relationsV3()) });
    expect(await tables()).to.include.members(['migrel_books', 'migrel_tags', 'migrel_books_tags']);
    expect((await migrations.makeMigrations({ apps: apps(relationsV3()), check: true })).changed).to.equal(false);
  });

  it('changing or renaming a referenced table keeps the rows pointing at it (SQLite rebuild included), and the key still holds', async () => {
    const graph = chain(
      'chn',
      [
        new migrations.CreateModel({ name: 'ChnParent', fields: { id: new fields.AutoField({ primaryKey: true }), name: new CharField({ maxLength: 10 }) } }),
        new migrations.CreateModel({
          name: 'ChnChild',
          fields: { id: new fields.AutoField({ primaryKey: true }), parent: new ForeignKey('ChnParent', { onDelete: 'CASCADE' }), label: new CharField({ maxLength: 10 }) },
          options: { tableName: 'chn_children' },
        }),
      ],
      [new migrations.AlterField({ model: 'ChnParent', name: 'name', field: new CharField({ maxLength: 30, unique: true }) })],
      [new migrations.RenameModel({ oldName: 'ChnParent', newName: 'ChnMother' })],
      [new migrations.RunSQL({ sql: `INSERT INTO ${q('chn_children')} (${q('parent_id')}, ${q('label')}) VALUES (999, 'dangling')` })],
    );
    await migrateTo(graph, 'chn', '0001_step');
    await rows(`INSERT INTO ${q('chn_parents')} (${q('name')}) VALUES ('P')`);
    const parentId = Number((await rows(`SELECT ${q('id')} AS id FROM ${q('chn_parents')}`))[0]!.id);
    await rows(`INSERT INTO ${q('chn_children')} (${q('parent_id')}, ${q('label')}) VALUES (?, 'a'), (?, 'b')`, [parentId, parentId]);
    const children = async () => Number((await rows(`SELECT COUNT(*) AS n FROM ${q('chn_children')}`))[0]!.n);

    await migrateTo(graph, 'chn', '0002_step');
    expect(await children()).to.equal(2);
    expect(await rejected(`INSERT INTO ${q('chn_children')} (${q('parent_id')}, ${q('label')}) VALUES (999, 'x')`)).to.equal(true);
    await migrateTo(graph, 'chn', '0003_step');
    expect(await tables()).to.include('chn_mothers').and.not.include('chn_parents');
    expect(await rejected(`INSERT INTO ${q('chn_children')} (${q('parent_id')}, ${q('label')}) VALUES (999, 'x')`)).to.equal(true);
    await rows(`INSERT INTO ${q('chn_children')} (${q('parent_id')}, ${q('label')}) VALUES (?, 'c')`, [parentId]);
    // A migration leaving a dangling key fails (SQLite: checked before commit, as enforcement is paused during migrations).
    let error: unknown;
    try {
      await migrateTo(graph, 'chn', '0004_step');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(migrations.MigrationError);
    expect(await children()).to.equal(3);
    await migrateTo(graph, 'chn', '0001_step');
    expect(await children()).to.equal(3);
    expect(await rejected(`INSERT INTO ${q('chn_children')} (${q('parent_id')}, ${q('label')}) VALUES (999, 'x')`)).to.equal(true);
  });

  it('orders apps by their relations: the dependent app depends on the other, and unapplying the other unapplies it first', async () => {
    const { people, catalog } = crossAppModels();
    const apps = [
      { label: 'catalog', models: catalog, migrationsDir: tempProject('catalog') },
      { label: 'people', models: people, migrationsDir: tempProject('people') },
    ];
    const made = await migrations.makeMigrations({ apps, importFrom: LIB });
    expect(made.migrations.map((m) => `${m.app}.${m.name}`)).to.deep.equal(['catalog.0001_initial', 'people.0001_initial']);
    expect(made.migrations[0]!.source).to.contain("dependencies: [['people', '0001_initial']],");
    const applied = await migrations.migrate({ apps });
    expect(applied.applied.map((m) => m.app)).to.deep.equal(['people', 'catalog']);
    const undone = await migrations.migrate({ apps, app: 'people', target: 'zero' });
    expect(undone.unapplied.map((m) => m.app)).to.deep.equal(['catalog', 'people']);
    expect(await tables()).not.to.include.members(['migx_books', 'migx_authors']);
    let error: unknown;
    try {
      await migrations.migrate({ apps, target: '0001' });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/ambiguous with several apps \(catalog, people\): write it as app:0001/);
    await migrations.migrate({ apps, target: 'catalog:0001' });
    expect((await migrations.showMigrations({ apps })).map((m) => `${m.app}.${m.applied}`)).to.deep.equal(['catalog.true', 'people.true']);
  });

  it('a data migration follows relations between historical models', async () => {
    const graph = chain(
      'fkc',
      [
        new migrations.CreateModel({ name: 'FkcAuthor', fields: { id: new fields.AutoField({ primaryKey: true }), name: new CharField({ maxLength: 10 }) } }),
        new migrations.CreateModel({
          name: 'FkcBook',
          fields: { id: new fields.AutoField({ primaryKey: true }), author: new ForeignKey('FkcAuthor', { onDelete: 'CASCADE' }), note: new CharField({ maxLength: 20, null: true }) },
        }),
      ],
      [
        new migrations.RunCode({
          code: async ({ apps }) => {
            const author = await apps.get('fkc', 'FkcAuthor').objects.create({ name: 'Ann' });
            const Book = apps.get('fkc', 'FkcBook');
            await new Book({ author, note: 'first' }).save();
            await Book.objects.filter({ author__name: 'Ann' }).update({ note: 'by Ann' });
          },
          // Historical models carry no reverse relations, so deletes do not cascade: children first.
          reverseCode: async ({ apps }) => {
            await apps.get('fkc', 'FkcBook').objects.filter({ author__name: 'Ann' }).delete();
            await apps.get('fkc', 'FkcAuthor').objects.filter({ name: 'Ann' }).delete();
          },
        }),
      ],
    );
    await migrateTo(graph, 'fkc', '0002_step');
    const found = await rows(`SELECT b.${q('note')} AS note, a.${q('name')} AS name FROM ${q('fkc_books')} b JOIN ${q('fkc_authors')} a ON a.${q('id')} = b.${q('author_id')}`);
    expect(found).to.deep.equal([{ note: 'by Ann', name: 'Ann' }]);
    await migrateTo(graph, 'fkc', '0001_step');
    expect(await rows(`SELECT * FROM ${q('fkc_books')}`)).to.deep.equal([]);
  });

  it('renaming either side of a many-to-many renames its join table and key columns, keeping the links', async () => {
    const graph = chain(
      'jt',
      [
        new migrations.CreateModel({ name: 'JtTag', fields: { id: new fields.AutoField({ primaryKey: true }), word: new CharField({ maxLength: 10 }) } }),
        new migrations.CreateModel({ name: 'JtBook', fields: { id: new fields.AutoField({ primaryKey: true }), tags: new ManyToManyField('JtTag') } }),
      ],
      [new migrations.RenameModel({ oldName: 'JtTag', newName: 'JtLabel' })],
      [new migrations.RenameModel({ oldName: 'JtBook', newName: 'JtVolume' })],
    );
    await migrateTo(graph, 'jt', '0001_step');
    expect([...(await columns('jt_books_tags')).keys()].sort()).to.deep.equal(['id', 'jt_book_id', 'jt_tag_id']);
    await rows(`INSERT INTO ${q('jt_tags')} (${q('word')}) VALUES ('x')`);
    await rows(`INSERT INTO ${q('jt_books')} DEFAULT VALUES`.replace('DEFAULT VALUES', database().dialect.vendor === 'mysql' ? '() VALUES ()' : 'DEFAULT VALUES'));
    await rows(`INSERT INTO ${q('jt_books_tags')} (${q('jt_book_id')}, ${q('jt_tag_id')}) SELECT b.${q('id')}, t.${q('id')} FROM ${q('jt_books')} b, ${q('jt_tags')} t`);
    await migrateTo(graph, 'jt', '0002_step');
    expect([...(await columns('jt_books_tags')).keys()].sort()).to.deep.equal(['id', 'jt_book_id', 'jt_label_id']);
    await migrateTo(graph, 'jt', '0003_step');
    expect(await tables()).to.include.members(['jt_volumes', 'jt_labels', 'jt_volumes_tags']);
    expect([...(await columns('jt_volumes_tags')).keys()].sort()).to.deep.equal(['id', 'jt_label_id', 'jt_volume_id']);
    expect(await rows(`SELECT COUNT(*) AS n FROM ${q('jt_volumes_tags')} j JOIN ${q('jt_labels')} l ON l.${q('id')} = j.${q('jt_label_id')}`)).to.satisfy((r: { n: unknown }[]) => Number(r[0]!.n) === 1);
    expect(await rejected(`INSERT INTO ${q('jt_volumes_tags')} (${q('jt_volume_id')}, ${q('jt_label_id')}) VALUES (1, 999)`)).to.equal(true);
    await migrateTo(graph, 'jt', '0001_step');
    expect([...(await columns('jt_books_tags')).keys()].sort()).to.deep.equal(['id', 'jt_book_id', 'jt_tag_id']);
    expect(await rows(`SELECT COUNT(*) AS n FROM ${q('jt_books_tags')}`)).to.satisfy((r: { n: unknown }[]) => Number(r[0]!.n) === 1);
  });

  it('AlterField pointing a key at another model moves its REFERENCES constraint, both ways', async () => {
    const pk = () => new fields.AutoField({ primaryKey: true });
    const graph = chain(
      'rk',
      [
        new migrations.CreateModel({ name: 'RkFirst', fields: { id: pk(), name: new CharField({ maxLength: 5 }) } }),
        new migrations.CreateModel({ name: 'RkSecond', fields: { id: pk(), name: new CharField({ maxLength: 5 }) } }),
        new migrations.CreateModel({ name: 'RkChild', fields: { id: pk(), owner: new ForeignKey('RkFirst', { onDelete: 'CASCADE', null: true }) }, options: { tableName: 'rk_children' } }),
      ],
      [new migrations.AlterField({ model: 'RkChild', name: 'owner', field: new ForeignKey('RkSecond', { onDelete: 'CASCADE', null: true }) })],
    );
    await migrateTo(graph, 'rk', '0001_step');
    await rows(`INSERT INTO ${q('rk_firsts')} (${q('id')}, ${q('name')}) VALUES (1, 'f')`);
    await rows(`INSERT INTO ${q('rk_seconds')} (${q('id')}, ${q('name')}) VALUES (2, 's')`);
    const insert = (id: number) => `INSERT INTO ${q('rk_children')} (${q('owner_id')}) VALUES (${id})`;
    expect(await rejected(insert(2))).to.equal(true);
    await migrateTo(graph, 'rk', '0002_step');
    expect(await rejected(insert(1))).to.equal(true);
    expect(await rejected(insert(2))).to.equal(false);
    await rows(`DELETE FROM ${q('rk_children')}`);
    await migrateTo(graph, 'rk', '0001_step');
    expect(await rejected(insert(2))).to.equal(true);
    expect(await rejected(insert(1))).to.equal(false);
  });

  it('a data operation then a schema change on the same table run in one migration (pending key checks first)', async () => {
    const pk = () => new fields.AutoField({ primaryKey: true });
    const graph = chain(
      'pnd',
      [
        new migrations.CreateModel({ name: 'PndParent', fields: { id: pk(), name: new CharField({ maxLength: 10 }) } }),
        new migrations.CreateModel({ name: 'PndChild', fields: { id: pk(), parent: new ForeignKey('PndParent', { onDelete: 'CASCADE' }), label: new CharField({ maxLength: 10 }) }, options: { tableName: 'pnd_children' } }),
      ],
      [
        new migrations.RunSQL({ sql: [`INSERT INTO ${q('pnd_parents')} (${q('id')}, ${q('name')}) VALUES (1, 'p')`, `INSERT INTO ${q('pnd_children')} (${q('parent_id')}, ${q('label')}) VALUES (1, 'c')`], reverseSql: [] }),
        new migrations.AlterField({ model: 'PndChild', name: 'label', field: new CharField({ maxLength: 40 }) }),
      ],
    );
    await migrateTo(graph, 'pnd', '0002_step');
    expect((await columns('pnd_children')).get('label')!.type).to.match(/40/);
    expect(await rows(`SELECT ${q('label')} AS label FROM ${q('pnd_children')}`)).to.deep.equal([{ label: 'c' }]);
  });
});
