import { expect } from 'chai';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DIALECTS, freshDatabase, tempDir, wren, type RunResult } from './support.js';

// The "done when": a project from startproject taken through two rounds of model changes,
// migrated forwards, back to 0001 and forwards again, on every dialect, with the data kept.
const MODELS_V1 = `import { CharField, Model, type FieldValues } from 'wren';
export class FlowAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    email: new CharField({ maxLength: 100, null: true }),
    nickname: new CharField({ maxLength: 30, null: true }),
  };
  static meta = { tableName: 'flow_authors' };
  static objects = this.manager();
}
export interface FlowAuthor extends FieldValues<typeof FlowAuthor> {}
export class FlowPublisher extends Model {
  static fields = { name: new CharField({ maxLength: 80 }) };
  static objects = this.manager();
}
export interface FlowPublisher extends FieldValues<typeof FlowPublisher> {}
`;

// Renamed field (name -> fullName), altered field (email longer), removed field (nickname), added
// field (age), renamed model (FlowPublisher -> FlowPress), new models with a ForeignKey and a many-to-many.
const MODELS_V2 = `import { CharField, ForeignKey, IntegerField, ManyToManyField, Model, type FieldValues } from 'wren';
export class FlowAuthor extends Model {
  static fields = {
    fullName: new CharField({ maxLength: 50 }),
    email: new CharField({ maxLength: 200, null: true }),
    age: new IntegerField({ default: 0 }),
  };
  static meta = { tableName: 'flow_authors' };
  static objects = this.manager();
}
export interface FlowAuthor extends FieldValues<typeof FlowAuthor> {}
export class FlowPress extends Model {
  static fields = { name: new CharField({ maxLength: 80 }) };
  static objects = this.manager();
}
export interface FlowPress extends FieldValues<typeof FlowPress> {}
export class FlowTag extends Model {
  static fields = { label: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'flow_tags' };
  static objects = this.manager();
}
export interface FlowTag extends FieldValues<typeof FlowTag> {}
export class FlowBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    author: new ForeignKey(() => FlowAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    tags: new ManyToManyField(() => FlowTag, { relatedName: 'books' }),
  };
  static meta = { tableName: 'flow_books' };
  static objects = this.manager();
}
export interface FlowBook extends FieldValues<typeof FlowBook> {}
`;

/** Columns of a table, straight from the database (the models may be ahead of it). */
const columnsOf = (table: string) =>
  `const rows = db.dialect.rawRows(await db.knex.raw(db.dialect.vendor === 'sqlite' ? "SELECT name FROM pragma_table_info('${table}')" : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' AND table_schema = " + (db.dialect.vendor === 'postgres' ? 'current_schema()' : 'DATABASE()')));
console.log(JSON.stringify(rows.map((r) => r.name ?? r.NAME).sort()));`;
const rowsOf = (sql: string) => `console.log(JSON.stringify(db.dialect.rawRows(await db.knex.raw(${JSON.stringify(sql)}))));`;

function ok(result: RunResult): string {
  expect(result.stderr, result.stdout).to.equal('');
  expect(result.status).to.equal(0);
  return result.stdout;
}

for (const dialect of DIALECTS) {
  describe(`wren workflow: startproject -> makemigrations -> migrate -> change -> back and forth [${dialect}]`, function () {
    this.timeout(300_000);
    let dir: string;
    let env: Record<string, string>;
    const run = (...args: string[]) => wren(dir, args, { env });
    const shell = (code: string) => JSON.parse(ok(run('shell', '-c', code)).trim()) as unknown;

    before(async function () {
      const parent = tempDir(`flow-${dialect}`);
      ok(wren(parent, ['startproject', 'flow']));
      dir = path.join(parent, 'flow');
      env = { DATABASE_URL: await freshDatabase(dialect, dir, 'cli_flow') };
      writeFileSync(path.join(dir, 'models.ts'), MODELS_V1);
    });

    it('makemigrations --check fails while migrations are missing, then writes 0001_initial', function () {
      const check = run('makemigrations', '--check');
      expect(check.status).to.equal(1);
      expect(check.stdout).to.include('Create model FlowAuthor');
      expect(readdirSync(dir)).to.not.include('migrations');
      const out = ok(run('makemigrations'));
      expect(out).to.match(/Migrations for 'flow':\n {2}migrations\/0001_initial\.ts\n/);
      expect(out).to.include('- Create model FlowAuthor');
      expect(ok(run('makemigrations', '--check'))).to.include('No changes detected');
    });

    it('migrates, shows the plan and the applied state, and prints the SQL', function () {
      expect(ok(run('migrate', '--plan'))).to.match(/Apply flow\.0001_initial\n {4}Create model FlowAuthor/);
      expect(ok(run('showmigrations'))).to.equal('flow\n [ ] 0001_initial\n');
      expect(ok(run('migrate'))).to.match(/Applying flow\.0001_initial\.\.\. OK/);
      expect(ok(run('showmigrations'))).to.equal('flow\n [X] 0001_initial\n');
      const nothing = ok(run('migrate'));
      expect(nothing).to.include('No migrations to apply.');
      expect(nothing).not.to.include('have changes that are not yet reflected');
      expect(ok(run('sqlmigrate', '0001'))).to.match(/CREATE TABLE [`"]?flow_authors[`"]?/);
      expect(ok(run('sqlmigrate', 'flow', '0001', '--backwards'))).to.match(/DROP TABLE [`"]?flow_authors[`"]?/);
      shell(`await FlowAuthor.objects.create({ name: 'Ann', email: 'ann@example.com', nickname: 'A' });
await FlowAuthor.objects.create({ name: 'Bob' });
await FlowPublisher.objects.create({ name: 'Penguin' });
console.log(1);`);
    });

    it('detects the second round of changes, with renames answered by --rename, and flags data loss', function () {
      writeFileSync(path.join(dir, 'models.ts'), MODELS_V2);
      // As Django's migrate: changed models without a migration are pointed out, and nothing is applied.
      expect(ok(run('migrate'))).to.match(/No migrations to apply\.\n.*Your models in app\(s\): 'flow' have changes that are not yet reflected in a migration, and so won't be applied\.\n.*Run 'wren makemigrations'/);
      expect(run('makemigrations', '--check').status).to.equal(1);
      const out = ok(run('makemigrations', '--noinput', '--name', 'second_round', '--rename', 'FlowAuthor.name=fullName', '--rename', 'FlowPublisher=FlowPress'));
      expect(out).to.include('migrations/0002_second_round.ts');
      expect(out).to.match(/Rename field name on FlowAuthor to fullName/i);
      expect(out).to.match(/Rename model FlowPublisher to FlowPress/i);
      expect(out).to.match(/Remove field nickname from FlowAuthor/i);
      expect(out).to.match(/Create model FlowBook/);
      expect(out).to.match(/! .*nickname/);
      const source = readFileSync(path.join(dir, 'migrations', '0002_second_round.ts'), 'utf8');
      expect(source).to.match(/RenameField/);
      expect(ok(run('makemigrations', '--check'))).to.include('No changes detected');
    });

    it('applies the changes keeping the data: renamed column, altered, added with default, renamed table', function () {
      expect(ok(run('migrate'))).to.match(/Applying flow\.0002_second_round\.\.\. OK/);
      const data = shell(`const ann = await FlowAuthor.objects.get({ fullName: 'Ann' });
const book = await FlowBook.objects.create({ title: 'T', author: ann });
const tag = await FlowTag.objects.create({ label: 'x' });
await book.tags.add(tag);
await FlowAuthor.objects.filter({ fullName: 'Bob' }).update({ email: '${'b'.repeat(150)}@x.org' });
console.log(JSON.stringify({
  authors: await FlowAuthor.objects.orderBy('fullName').valuesList('fullName', 'email', 'age'),
  presses: await FlowPress.objects.valuesList('name', { flat: true }),
  tagged: await FlowBook.objects.filter({ tags__label: 'x', author__fullName: 'Ann' }).count(),
}));`) as { authors: unknown[][]; presses: string[]; tagged: number };
      expect(data.authors).to.deep.equal([['Ann', 'ann@example.com', 0], ['Bob', `${'b'.repeat(150)}@x.org`, 0]]);
      expect(data.presses).to.deep.equal(['Penguin']);
      expect(data.tagged).to.equal(1);
      expect(ok(run('showmigrations'))).to.equal('flow\n [X] 0001_initial\n [X] 0002_second_round\n');
    });

    it('migrates back to 0001: the old columns and tables return, the rows keep their values', function () {
      // Bob's long email does not fit the old varchar(100): shorten it first so every dialect can narrow the column.
      shell(`await FlowAuthor.objects.filter({ fullName: 'Bob' }).update({ email: 'bob@x.org' }); console.log(1);`);
      const out = ok(run('migrate', '0001'));
      expect(out).to.match(/Unapplying flow\.0002_second_round\.\.\. OK/);
      expect(ok(run('showmigrations'))).to.equal('flow\n [X] 0001_initial\n [ ] 0002_second_round\n');
      expect(shell(columnsOf('flow_authors'))).to.deep.equal(['email', 'id', 'name', 'nickname']);
      expect(shell(rowsOf('SELECT name, email FROM flow_authors ORDER BY name'))).to.deep.equal([{ name: 'Ann', email: 'ann@example.com' }, { name: 'Bob', email: 'bob@x.org' }]);
      expect(shell(rowsOf('SELECT name FROM flow_publishers'))).to.deep.equal([{ name: 'Penguin' }]);
      const tables = shell(columnsOf('flow_books')) as string[];
      expect(tables).to.deep.equal([]);
    });

    it('migrates forwards again, and --check stays clean', function () {
      expect(ok(run('migrate', 'flow'))).to.match(/Applying flow\.0002_second_round\.\.\. OK/);
      const names = shell(`console.log(JSON.stringify(await FlowAuthor.objects.orderBy('fullName').valuesList('fullName', { flat: true })));`);
      expect(names).to.deep.equal(['Ann', 'Bob']);
      expect(ok(run('makemigrations', '--check'))).to.include('No changes detected');
    });

    it('fakes migrations with --fake, and zero unapplies everything', function () {
      expect(ok(run('migrate', '0001', '--fake'))).to.match(/Unapplying flow\.0002_second_round\.\.\. FAKED/);
      expect(ok(run('showmigrations'))).to.include(' [ ] 0002_second_round');
      expect(ok(run('migrate', '--fake'))).to.match(/Applying flow\.0002_second_round\.\.\. FAKED/);
      expect(ok(run('migrate', 'zero'))).to.match(/Unapplying flow\.0001_initial\.\.\. OK/);
      expect(shell(columnsOf('flow_authors'))).to.deep.equal([]);
      expect(ok(run('migrate'))).to.match(/Applying flow\.0002_second_round\.\.\. OK/);
    });

    it('reports an unknown migration target with the choices', function () {
      const result = run('migrate', '0009');
      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(/0009/);
      expect(result.stderr).to.match(/0001_initial/);
    });
  });
}
