import { expect } from 'chai';
import { CharField, database, fields, IntegerField, IntegrityError, migrations, TextField } from '../../lib/index.js';
import { forEachDialect } from '../support/dialects.js';
import { chain, columns, dropTables, indexes, migrateTo, rows, tables } from './helpers.js';

const { CreateModel, AddField, RemoveField, AlterField, RenameField, RenameModel, AlterModelTable, AddIndex, RemoveIndex, AddConstraint, RemoveConstraint, AlterUniqueTogether, RunSQL, RunCode, DeleteModel } = migrations;

const TABLES = ['opx_notes', 'opx_memos', 'opx_renamed', 'opx_extra', 'wren_migrations'];

/** The base model every test starts from: notes with a title and a body, and three rows. */
function createNotes() {
  return new CreateModel({
    name: 'OpxNote',
    fields: {
      id: new fields.AutoField({ primaryKey: true }),
      title: new CharField({ maxLength: 20 }),
      body: new TextField({ null: true }),
      score: new IntegerField({ null: true }),
    },
    options: { tableName: 'opx_notes' },
  });
}

async function seed(): Promise<void> {
  const q = (n: string) => database().dialect.quoteName(n);
  await rows(`INSERT INTO ${q('opx_notes')} (${q('title')}, ${q('body')}, ${q('score')}) VALUES ('alpha', 'first', 1), ('beta', NULL, 2), ('gamma', 'third', NULL)`);
}

async function titles(table = 'opx_notes', column = 'title'): Promise<string[]> {
  const q = (n: string) => database().dialect.quoteName(n);
  return (await rows(`SELECT ${q(column)} AS v FROM ${q(table)} ORDER BY ${q('id')}`)).map((r) => String(r.v));
}

forEachDialect('migration operations', [], (dialect) => {
  beforeEach(async () => {
    await dropTables(...TABLES);
  });
  after(async () => {
    await dropTables(...TABLES);
  });

  /** Applies 0001 (create + seed) then 0002 (the ops under test), checks, rolls 0002 back. */
  async function roundTrip(ops: migrations.Operation[], checkForwards: () => Promise<unknown>, checkBackwards: () => Promise<unknown>): Promise<void> {
    const graph = chain('opx', [createNotes()], ops);
    await migrateTo(graph, 'opx', '0001_step');
    await seed();
    await migrateTo(graph, 'opx', '0002_step');
    await checkForwards();
    await migrateTo(graph, 'opx', '0001_step');
    await checkBackwards();
    expect(await titles()).to.deep.equal(['alpha', 'beta', 'gamma']);
  }

  it('CreateModel and DeleteModel create and drop the table, both ways', async () => {
    const graph = chain('opx', [createNotes()], [new DeleteModel({ name: 'OpxNote' })]);
    await migrateTo(graph, 'opx', '0001_step');
    expect(await tables()).to.include('opx_notes');
    await migrateTo(graph, 'opx', '0002_step');
    expect(await tables()).not.to.include('opx_notes');
    await migrateTo(graph, 'opx', '0001_step');
    expect([...(await columns('opx_notes')).keys()].sort()).to.deep.equal(['body', 'id', 'score', 'title']);
    await migrateTo(graph, 'opx', null);
    expect(await tables()).not.to.include('opx_notes');
  });

  it('AddField (nullable) adds the column and keeps the rows; backwards drops it', async () => {
    await roundTrip(
      [new AddField({ model: 'OpxNote', name: 'rating', field: new IntegerField({ null: true }) })],
      async () => {
        expect((await columns('opx_notes')).get('rating')?.nullable).to.equal(true);
        expect(await titles()).to.deep.equal(['alpha', 'beta', 'gamma']);
      },
      async () => expect((await columns('opx_notes')).has('rating')).to.equal(false),
    );
  });

  it('AddField NOT NULL with a one-off default fills existing rows; a unique field is added too', async () => {
    await roundTrip(
      [
        new AddField({ model: 'OpxNote', name: 'kind', field: new CharField({ maxLength: 10 }), oneOffDefault: 'memo' }),
        new AddField({ model: 'OpxNote', name: 'code', field: new CharField({ maxLength: 10, unique: true, null: true }) }),
        new AddField({ model: 'OpxNote', name: 'notes', field: new TextField({ default: 'n/a' }) }),
      ],
      async () => {
        expect(await titles('opx_notes', 'kind')).to.deep.equal(['memo', 'memo', 'memo']);
        // A TEXT default (which MySQL columns cannot declare) still reaches the existing rows.
        expect(await titles('opx_notes', 'notes')).to.deep.equal(['n/a', 'n/a', 'n/a']);
        expect((await columns('opx_notes')).get('kind')?.nullable).to.equal(false);
        expect((await indexes('opx_notes')).some((i) => i.unique && i.columns.join() === 'code')).to.equal(true);
      },
      async () => {
        const cols = await columns('opx_notes');
        expect(cols.has('kind') || cols.has('code') || cols.has('notes')).to.equal(false);
      },
    );
  });

  it('RemoveField drops the column and keeps the other data; backwards restores the column', async () => {
    await roundTrip(
      [new RemoveField({ model: 'OpxNote', name: 'body' })],
      async () => {
        expect((await columns('opx_notes')).has('body')).to.equal(false);
        expect(await titles()).to.deep.equal(['alpha', 'beta', 'gamma']);
      },
      async () => expect((await columns('opx_notes')).get('body')?.nullable).to.equal(true),
    );
  });

  it('AlterField widens, makes NOT NULL (filling NULLs from the default), adds unique and index; backwards undoes it', async () => {
    await roundTrip(
      [
        new AlterField({ model: 'OpxNote', name: 'title', field: new CharField({ maxLength: 80, unique: true }) }),
        new AlterField({ model: 'OpxNote', name: 'score', field: new IntegerField({ default: 0, dbIndex: true }) }),
      ],
      async () => {
        const cols = await columns('opx_notes');
        expect(cols.get('title')!.type).to.match(/80/);
        expect(cols.get('score')!.nullable).to.equal(false);
        expect(await titles('opx_notes', 'score')).to.deep.equal(['1', '2', '0']);
        const idx = await indexes('opx_notes');
        expect(idx.some((i) => i.unique && i.columns.join() === 'title')).to.equal(true);
        expect(idx.some((i) => !i.unique && i.columns.join() === 'score')).to.equal(true);
        const q = (n: string) => database().dialect.quoteName(n);
        let error: unknown;
        try {
          await rows(`INSERT INTO ${q('opx_notes')} (${q('title')}, ${q('score')}) VALUES ('alpha', 5)`);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(IntegrityError);
      },
      async () => {
        const cols = await columns('opx_notes');
        expect(cols.get('title')!.type).to.match(/20/);
        expect(cols.get('score')!.nullable).to.equal(true);
        const idx = await indexes('opx_notes');
        expect(idx.some((i) => !i.primary && i.columns.join() === 'title')).to.equal(false);
        expect(idx.some((i) => i.columns.join() === 'score')).to.equal(false);
      },
    );
  });

  it('AlterField to NOT NULL with a one-off default replaces the NULLs; backwards makes it nullable again', async () => {
    await roundTrip(
      [new AlterField({ model: 'OpxNote', name: 'body', field: new TextField(), oneOffDefault: 'none' })],
      async () => {
        expect(await titles('opx_notes', 'body')).to.deep.equal(['first', 'none', 'third']);
        expect((await columns('opx_notes')).get('body')!.nullable).to.equal(false);
      },
      async () => expect((await columns('opx_notes')).get('body')!.nullable).to.equal(true),
    );
  });

  it('AlterField changes column types (integer to text to bigint), converting the values both ways', async () => {
    await roundTrip(
      [
        new AlterField({ model: 'OpxNote', name: 'score', field: new CharField({ maxLength: 10, null: true }) }),
        new AlterField({ model: 'OpxNote', name: 'title', field: new TextField() }),
      ],
      async () => {
        expect(await titles('opx_notes', 'score')).to.deep.equal(['1', '2', 'null']);
        expect((await columns('opx_notes')).get('score')!.type).to.match(/char/i);
        expect((await columns('opx_notes')).get('title')!.type).to.match(/text/i);
      },
      async () => {
        expect((await columns('opx_notes')).get('score')!.type).to.match(/int/i);
        const q = (n: string) => database().dialect.quoteName(n);
        const sum = await rows(`SELECT SUM(${q('score')}) AS s FROM ${q('opx_notes')}`);
        expect(Number(sum[0]!.s)).to.equal(3);
      },
    );
  });

  it('RenameField renames the column, keeping its data', async () => {
    await roundTrip(
      [new RenameField({ model: 'OpxNote', oldName: 'title', newName: 'heading' })],
      async () => expect(await titles('opx_notes', 'heading')).to.deep.equal(['alpha', 'beta', 'gamma']),
      async () => expect((await columns('opx_notes')).has('heading')).to.equal(false),
    );
  });

  it('RenameModel and AlterModelTable rename the table, keeping its rows', async () => {
    await roundTrip(
      [new RenameModel({ oldName: 'OpxNote', newName: 'OpxMemo' }), new AlterModelTable({ name: 'OpxMemo', table: 'opx_renamed' })],
      async () => {
        expect(await tables()).to.include('opx_renamed').and.not.include('opx_notes');
        expect(await titles('opx_renamed')).to.deep.equal(['alpha', 'beta', 'gamma']);
      },
      async () => expect(await tables()).not.to.include('opx_renamed'),
    );
  });

  it('AddIndex and RemoveIndex', async () => {
    const index = { fields: ['title', 'score'], name: 'opx_title_score' };
    await roundTrip(
      [new AddIndex({ model: 'OpxNote', index })],
      async () => expect((await indexes('opx_notes')).map((i) => i.name)).to.include('opx_title_score'),
      async () => expect((await indexes('opx_notes')).map((i) => i.name)).not.to.include('opx_title_score'),
    );
    const graph = chain('opx', [createNotes(), new AddIndex({ model: 'OpxNote', index: { fields: ['score'] } })], [new RemoveIndex({ model: 'OpxNote', index: { fields: ['score'] } })]);
    await dropTables(...TABLES);
    await migrateTo(graph, 'opx', '0002_step');
    expect((await indexes('opx_notes')).some((i) => i.columns.join() === 'score')).to.equal(false);
    await migrateTo(graph, 'opx', '0001_step');
    expect((await indexes('opx_notes')).some((i) => i.columns.join() === 'score')).to.equal(true);
  });

  it('AddConstraint / RemoveConstraint (unique and check) are enforced, then lifted', async () => {
    const q = (n: string) => database().dialect.quoteName(n);
    const insert = async (title: string, score: number) => {
      try {
        await rows(`INSERT INTO ${q('opx_notes')} (${q('title')}, ${q('score')}) VALUES (?, ?)`, [title, score]);
        return 'ok';
      } catch (error) {
        return error instanceof IntegrityError || /check|constraint/i.test(String(error)) ? 'rejected' : String(error);
      }
    };
    const unique = { kind: 'unique' as const, name: 'opx_uniq_title', fields: ['title'] };
    const check = { kind: 'check' as const, name: 'opx_score_positive', check: `${q('score')} >= 0` };
    await roundTrip(
      [new AddConstraint({ model: 'OpxNote', constraint: unique }), new AddConstraint({ model: 'OpxNote', constraint: check })],
      async () => {
        expect(await insert('alpha', 3)).to.equal('rejected');
        expect(await insert('delta', -1)).to.equal('rejected');
        expect(await titles()).to.deep.equal(['alpha', 'beta', 'gamma']);
      },
      async () => {
        expect(await insert('delta', -1)).to.equal('ok');
        await rows(`DELETE FROM ${q('opx_notes')} WHERE ${q('title')} = 'delta'`);
      },
    );
    await dropTables(...TABLES);
    const graph = chain('opx', [createNotes(), new AddConstraint({ model: 'OpxNote', constraint: unique })], [new RemoveConstraint({ model: 'OpxNote', name: 'opx_uniq_title' })]);
    await migrateTo(graph, 'opx', '0002_step');
    expect(await insert('same', 1)).to.equal('ok');
    expect(await insert('same', 2)).to.equal('ok');
    await rows(`DELETE FROM ${q('opx_notes')} WHERE ${q('title')} = 'same' AND ${q('score')} = 2`);
    await migrateTo(graph, 'opx', '0001_step');
    expect(await insert('same', 3)).to.equal('rejected');
  });

  it('AlterUniqueTogether adds and drops the constraint', async () => {
    await roundTrip(
      [new AlterUniqueTogether({ name: 'OpxNote', uniqueTogether: [['title', 'score']] })],
      async () => expect((await indexes('opx_notes')).some((i) => i.unique && i.columns.join() === 'title,score')).to.equal(true),
      async () => expect((await indexes('opx_notes')).some((i) => i.columns.join() === 'title,score')).to.equal(false),
    );
  });

  it('RunSQL runs its SQL forwards and its reverse SQL backwards', async () => {
    const q = (n: string) => database().dialect.quoteName(n);
    await roundTrip(
      [new RunSQL({ sql: [`CREATE TABLE ${q('opx_extra')} (${q('id')} integer)`, `INSERT INTO ${q('opx_extra')} VALUES (7)`], reverseSql: `DROP TABLE ${q('opx_extra')}` })],
      async () => expect((await rows(`SELECT ${q('id')} AS id FROM ${q('opx_extra')}`)).map((r) => Number(r.id))).to.deep.equal([7]),
      async () => expect(await tables()).not.to.include('opx_extra'),
    );
  });

  it('RunCode runs a data migration with historical models (the state of that point, not the live class)', async () => {
    let seenFields: string[] = [];
    await roundTrip(
      [
        new AddField({ model: 'OpxNote', name: 'shout', field: new CharField({ maxLength: 40, null: true }) }),
        new RunCode({
          code: async ({ apps }) => {
            const Note = apps.get('opx', 'OpxNote');
            seenFields = Note._meta.fieldNames();
            for (const note of await Note.objects.all()) {
              note.shout = `${String(note.title).toUpperCase()}!`;
              await note.save();
            }
          },
          reverseCode: async ({ apps }) => {
            await apps.get('opx', 'OpxNote').objects.update({ shout: null });
          },
        }),
      ],
      async () => {
        expect(seenFields).to.deep.equal(['id', 'title', 'body', 'score', 'shout']);
        expect(await titles('opx_notes', 'shout')).to.deep.equal(['ALPHA!', 'BETA!', 'GAMMA!']);
      },
      async () => expect((await columns('opx_notes')).has('shout')).to.equal(false),
    );
  });

  it('an irreversible operation stops the plan before anything is unapplied', async () => {
    const graph = chain('opx', [createNotes()], [new AddField({ model: 'OpxNote', name: 'n', field: new IntegerField({ null: true }) })], [new RunSQL({ sql: 'SELECT 1' })]);
    await migrateTo(graph, 'opx', '0003_step');
    let error: unknown;
    try {
      await migrateTo(graph, 'opx', '0001_step');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(migrations.IrreversibleError);
    expect(String(error)).to.match(/opx.0003_step cannot be unapplied: its operation "Raw SQL operation" is not reversible/);
    expect((await columns('opx_notes')).has('n')).to.equal(true);
  });

  it('sqlMigrate-style collection shows the SQL without running it', async () => {
    const graph = chain('opx', [createNotes()], [new RemoveField({ model: 'OpxNote', name: 'body' })]);
    const { MigrationExecutor } = await import('../../lib/migrations/executor.js');
    const executor = new MigrationExecutor(database(), graph);
    const sql = await executor.collectSql(graph.node('opx.0002_step'), false);
    if (dialect === 'sqlite') expect(sql.join('\n')).to.match(/CREATE TABLE "new__opx_notes"[\s\S]*INSERT INTO "new__opx_notes"[\s\S]*DROP TABLE "opx_notes"/);
    else expect(sql.join('\n')).to.match(/ALTER TABLE .opx_notes. DROP COLUMN .body./);
    expect(await tables()).not.to.include('opx_notes');
    const back = await executor.collectSql(graph.node('opx.0001_step'), true);
    expect(back).to.deep.equal([`DROP TABLE ${database().dialect.quoteName('opx_notes')}`]);
  });
});
