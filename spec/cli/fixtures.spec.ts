import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configSource, DIALECTS, freshDatabase, tempProject, wren } from './support.js';

const MODELS = `import { BinaryField, BooleanField, CharField, DateTimeField, DecimalField, ForeignKey, JSONField, ManyToManyField, Model, type FieldValues } from 'wren';
export class FixtureTag extends Model {
  static fields = { label: new CharField({ maxLength: 20, unique: true }) };
  static meta = { tableName: 'fixture_tags' };
  static objects = this.manager();
}
export class FixtureAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), born: new DateTimeField({ null: true }), active: new BooleanField({ default: true }) };
  static meta = { tableName: 'fixture_authors' };
  static objects = this.manager();
}
export class FixtureBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    price: new DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
    author: new ForeignKey(() => FixtureAuthor, { onDelete: 'CASCADE' }),
    tags: new ManyToManyField(() => FixtureTag),
    extra: new JSONField({ null: true }),
    blob: new BinaryField({ null: true }),
  };
  static meta = { tableName: 'fixture_books' };
  static objects = this.manager();
}
export interface FixtureTag extends FieldValues<typeof FixtureTag> {}
export interface FixtureAuthor extends FieldValues<typeof FixtureAuthor> {}
export interface FixtureBook extends FieldValues<typeof FixtureBook> {}
`;

const SETUP = `
const editor = new SchemaEditor();
for (const model of [FixtureBook, FixtureAuthor, FixtureTag]) await editor.deleteModel(model, { ifExists: true }).catch(() => {});
for (const model of [FixtureTag, FixtureAuthor, FixtureBook]) await editor.createModel(model);
const ann = await FixtureAuthor.objects.create({ name: 'Ann', born: new Date('1970-05-06T07:08:09.123Z') });
const bob = await FixtureAuthor.objects.create({ name: 'Bob', active: false });
const [x, y] = [await FixtureTag.objects.create({ label: 'x' }), await FixtureTag.objects.create({ label: "y'z" })];
const b1 = await FixtureBook.objects.create({ title: 'Émile', price: '12.50', author: ann, extra: { k: [1, 2], s: 'ü' }, blob: Buffer.from([0, 1, 255]) });
await FixtureBook.objects.create({ title: 'Plain', price: '0.99', author: bob });
await b1.tags.add(x, y);
`;

const WIPE = 'await FixtureBook.objects.delete(); await FixtureAuthor.objects.delete(); await FixtureTag.objects.delete();';

for (const dialect of DIALECTS) {
  describe(`wren dumpdata / loaddata [${dialect}]`, function () {
    this.timeout(120_000);
    let dir: string;
    let dumped: string;

    before(async function () {
      dir = tempProject(`fixtures-${dialect}`, { 'models.ts': MODELS });
      writeFileSync(path.join(dir, 'wren.config.ts'), configSource(await freshDatabase(dialect, dir, 'cli_fixtures')));
      const setup = wren(dir, ['shell', '-c', SETUP]);
      expect(setup.stderr).to.equal('');
    });

    it('dumps every model as Django-style objects, referenced models first', function () {
      const result = wren(dir, ['dumpdata', '--indent', '2']);
      expect(result.status).to.equal(0);
      dumped = result.stdout;
      const objects = JSON.parse(dumped) as { model: string; pk: number; fields: Record<string, unknown> }[];
      expect(objects.map((o) => o.model)).to.deep.equal(['app.FixtureAuthor', 'app.FixtureAuthor', 'app.FixtureTag', 'app.FixtureTag', 'app.FixtureBook', 'app.FixtureBook']);
      const book = objects.find((o) => o.fields.title === 'Émile')!;
      expect(book.fields).to.deep.equal({ title: 'Émile', price: '12.50', author: objects[0]!.pk, extra: { k: [1, 2], s: 'ü' }, blob: 'AAH/', tags: [objects[2]!.pk, objects[3]!.pk] });
      expect(objects[0]!.fields).to.deep.equal({ name: 'Ann', born: '1970-05-06T07:08:09.123Z', active: true });
      expect(dumped).to.match(/\n {2}\{\n {4}"model"/);
    });

    it('dumps one model, or an app, and writes to --output', function () {
      const one = JSON.parse(wren(dir, ['dumpdata', 'app.FixtureAuthor']).stdout) as { model: string }[];
      expect(one.map((o) => o.model)).to.deep.equal(['app.FixtureAuthor', 'app.FixtureAuthor']);
      const excluded = JSON.parse(wren(dir, ['dumpdata', 'app', '--exclude', 'app.FixtureBook']).stdout) as { model: string }[];
      expect(excluded.map((o) => o.model)).to.not.include('app.FixtureBook');
      const written = wren(dir, ['dumpdata', '-o', 'all.json']);
      expect(written.stdout).to.equal('');
      expect(written.stderr).to.include('Dumped 6 objects to all.json');
      expect(JSON.parse(readFileSync(path.join(dir, 'all.json'), 'utf8'))).to.deep.equal(JSON.parse(dumped));
    });

    it('loads a dump into empty tables, giving back the same data (round trip), and again idempotently', function () {
      writeFileSync(path.join(dir, 'dump.json'), dumped);
      expect(wren(dir, ['shell', '-c', WIPE]).status).to.equal(0);
      expect(wren(dir, ['dumpdata']).stdout.trim()).to.equal('[]');
      const loaded = wren(dir, ['loaddata', 'dump.json']);
      expect(loaded.stderr).to.equal('');
      expect(loaded.stdout.trim()).to.equal('Installed 6 objects from 1 fixture');
      expect(wren(dir, ['dumpdata', '--indent', '2']).stdout).to.equal(dumped);
      expect(wren(dir, ['loaddata', 'dump.json']).status).to.equal(0);
      expect(wren(dir, ['dumpdata', '--indent', '2']).stdout).to.equal(dumped);
    });

    it('keeps the sequences ahead of loaded keys, so new rows get fresh ones', function () {
      const result = wren(dir, ['shell', '-c', "const a = await FixtureAuthor.objects.create({ name: 'New' }); console.log(a.id > 2);"]);
      expect(result.stderr).to.equal('');
      expect(result.stdout.trim()).to.equal('true');
    });

    it('loads atomically: a bad object leaves the database as it was', function () {
      const before = wren(dir, ['dumpdata']).stdout;
      writeFileSync(path.join(dir, 'bad-field.json'), JSON.stringify([{ model: 'app.FixtureTag', pk: 50, fields: { label: 'new' } }, { model: 'app.FixtureBook', pk: 9, fields: { title: 't', price: '1', author: 1, nope: 1 } }]));
      const badField = wren(dir, ['loaddata', 'bad-field.json']);
      expect(badField.status).to.equal(1);
      expect(badField.stderr).to.match(/app\.FixtureBook \(pk 9\) has no field 'nope'.*Choices are: author, /);
      writeFileSync(path.join(dir, 'bad-key.json'), JSON.stringify([{ model: 'app.FixtureTag', pk: 51, fields: { label: 'newer' } }, { model: 'app.FixtureBook', pk: 9, fields: { title: 't', price: '1', author: 999 } }]));
      const badKey = wren(dir, ['loaddata', 'bad-key.json']);
      expect(badKey.status).to.equal(1);
      expect(badKey.stderr).to.match(/^Error: Nothing was loaded: .*(foreign key|FOREIGN KEY)/i);
      expect(wren(dir, ['dumpdata']).stdout).to.equal(before);
    });

    it('names the problem in a bad fixture file', function () {
      writeFileSync(path.join(dir, 'not-json.json'), '[{ "model": ');
      expect(wren(dir, ['loaddata', 'not-json.json']).stderr).to.match(/not-json\.json is not valid JSON/);
      writeFileSync(path.join(dir, 'shape.json'), '{"model": "app.FixtureTag"}');
      expect(wren(dir, ['loaddata', 'shape.json']).stderr).to.include('a fixture is a JSON array of { model, pk, fields } objects');
      writeFileSync(path.join(dir, 'model.json'), '[{"model": "app.FixtureTga", "pk": 1, "fields": {}}]');
      expect(wren(dir, ['loaddata', 'model.json']).stderr).to.include("Unknown model 'app.FixtureTga'. Did you mean 'app.FixtureTag'?");
      expect(wren(dir, ['loaddata', 'missing.json']).stderr).to.include("No fixture named 'missing.json'");
    });
  });
}
