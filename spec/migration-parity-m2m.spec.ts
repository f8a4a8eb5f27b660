// Django parity for many-to-many fields in migrations: adding one to an existing model asks for
// nothing (it has no column), renaming one renames its join table, and removing one is reported
// as dropping the join table. Through makeMigrations/migrate, and the CLI for --noinput.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CharField, database, ManyToManyField, migrations, Model, type FieldValues, type ModelClass } from '../lib/index.js';
import { configSource, DIALECTS, freshDatabase, tempProject as cliProject, wren, type RunResult } from './cli/support.js';
import { dropTables, LIB, rows, tables, tempProject } from './migrations/helpers.js';
import { forEachDialect } from './support/dialects.js';

const TABLES = ['mp_products_tags', 'mp_products_labels', 'mp_products', 'mp_tags', 'wren_migrations'];

function tag() {
  return class MpTag extends Model {
    static fields = { label: new CharField({ maxLength: 30 }) };
    static meta = { tableName: 'mp_tags' };
    static objects = this.manager();
  };
}

/**
 * Product without a many-to-many field, with `tags`, and with it renamed to `labels`. (Class
 * expressions cannot merge a `FieldValues` interface, so the specs cast rows to reach the managers.)
 */
function catalog(m2m: 'none'): { MpTag: ReturnType<typeof tag>; MpProduct: ReturnType<typeof plainProduct>; models: ModelClass[] };
function catalog(m2m: 'tags'): { MpTag: ReturnType<typeof tag>; MpProduct: ReturnType<typeof taggedProduct>; models: ModelClass[] };
function catalog(m2m: 'labels'): { MpTag: ReturnType<typeof tag>; MpProduct: ReturnType<typeof labelledProduct>; models: ModelClass[] };
function catalog(m2m: 'none' | 'tags' | 'labels'): { MpTag: ReturnType<typeof tag>; MpProduct: ModelClass; models: ModelClass[] };
function catalog(m2m: 'none' | 'tags' | 'labels') {
  const MpTag = tag();
  const MpProduct = m2m === 'none' ? plainProduct() : m2m === 'tags' ? taggedProduct(MpTag) : labelledProduct(MpTag);
  return { MpTag, MpProduct, models: [MpTag, MpProduct] as ModelClass[] };
}

function plainProduct() {
  return class MpProduct extends Model {
    static fields = { name: new CharField({ maxLength: 100 }) };
    static meta = { tableName: 'mp_products' };
    static objects = this.manager();
  };
}

function taggedProduct(MpTag: ReturnType<typeof tag>) {
  return class MpProduct extends Model {
    static fields = { name: new CharField({ maxLength: 100 }), tags: new ManyToManyField(() => MpTag) };
    static meta = { tableName: 'mp_products' };
    static objects = this.manager();
  };
}

function labelledProduct(MpTag: ReturnType<typeof tag>) {
  return class MpProduct extends Model {
    static fields = { name: new CharField({ maxLength: 100 }), labels: new ManyToManyField(() => MpTag) };
    static meta = { tableName: 'mp_products' };
    static objects = this.manager();
  };
}

forEachDialect('migration parity: many-to-many fields', [], () => {
  const q = (n: string) => database().dialect.quoteName(n);
  beforeEach(async () => {
    await dropTables(...TABLES);
  });
  after(async () => {
    await dropTables(...TABLES);
  });

  it('adds a ManyToManyField to an existing model without asking for a default, and creates its join table', async () => {
    const dir = tempProject('mp-add');
    const apps = (m2m: 'none' | 'tags') => [{ label: 'mp', models: catalog(m2m).models, migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps('none'), importFrom: LIB });
    await migrations.migrate({ apps: apps('none') });
    await rows(`INSERT INTO ${q('mp_products')} (${q('name')}) VALUES ('lamp')`);

    // The default questioner answers nothing: a field that needed a one-off default would fail here.
    const added = await migrations.makeMigrations({ apps: apps('tags'), importFrom: LIB });
    expect(added.migrations[0]!.operations).to.deep.equal(['Add field tags to MpProduct']);
    expect(added.migrations[0]!.source).to.contain("      field: new fields.ManyToManyField('MpTag', {}),\n    }),").and.not.contain('oneOffDefault');
    expect(added.dataLoss).to.deep.equal([]);
    await migrations.migrate({ apps: apps('tags') });
    expect(await tables()).to.include('mp_products_tags');

    const { MpProduct, MpTag } = catalog('tags');
    const lamp = (await MpProduct.objects.get({ name: 'lamp' })) as unknown as FieldValues<typeof MpProduct>;
    await lamp.tags.add(await MpTag.objects.create({ label: 'light' }));
    expect(await MpProduct.objects.filter({ tags__label: 'light' }).count()).to.equal(1);
    expect((await migrations.makeMigrations({ apps: apps('tags'), check: true })).changed).to.equal(false);
  });

  it('renames a ManyToManyField by renaming its join table (not a column), both ways, keeping the links', async () => {
    const dir = tempProject('mp-rename');
    const apps = (m2m: 'tags' | 'labels') => [{ label: 'mp', models: catalog(m2m).models, migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps('tags'), importFrom: LIB });
    await migrations.migrate({ apps: apps('tags') });
    const { MpProduct, MpTag } = catalog('tags');
    const lamp = (await MpProduct.objects.create({ name: 'lamp' })) as unknown as FieldValues<typeof MpProduct>;
    await lamp.tags.add(await MpTag.objects.create({ label: 'light' }));

    const renamed = await migrations.makeMigrations({ apps: apps('labels'), importFrom: LIB, renames: { 'MpProduct.tags': 'labels' } });
    expect(renamed.migrations[0]!.operations).to.deep.equal(['Rename field tags on MpProduct to labels']);
    const sql = await migrations.sqlMigrate({ apps: apps('labels'), name: renamed.migrations[0]!.name });
    expect(sql).to.deep.equal([`ALTER TABLE ${q('mp_products_tags')} RENAME TO ${q('mp_products_labels')}`]);
    await migrations.migrate({ apps: apps('labels') });
    expect(await tables()).to.include('mp_products_labels').and.not.include('mp_products_tags');
    expect((await migrations.makeMigrations({ apps: apps('labels'), check: true })).changed).to.equal(false);

    const after = catalog('labels');
    expect(await after.MpProduct.objects.filter({ labels__label: 'light' }).count()).to.equal(1);
    const product = (await after.MpProduct.objects.get({ name: 'lamp' })) as unknown as FieldValues<typeof after.MpProduct>;
    expect(await product.labels.all().valuesList('label', { flat: true })).to.deep.equal(['light']);

    await migrations.migrate({ apps: apps('labels'), target: '0001' });
    expect(await tables()).to.include('mp_products_tags').and.not.include('mp_products_labels');
    expect(await MpProduct.objects.filter({ tags__label: 'light' }).count()).to.equal(1);
  });

  it('reports removing a ManyToManyField as dropping its join table, not a column', async () => {
    const dir = tempProject('mp-remove');
    const apps = (m2m: 'none' | 'tags') => [{ label: 'mp', models: catalog(m2m).models, migrationsDir: dir }];
    await migrations.makeMigrations({ apps: apps('tags'), importFrom: LIB });
    await migrations.migrate({ apps: apps('tags') });
    const removed = await migrations.makeMigrations({ apps: apps('none'), importFrom: LIB });
    expect(removed.migrations[0]!.operations).to.deep.equal(['Remove field tags from MpProduct']);
    expect(removed.dataLoss).to.have.length(1);
    expect(removed.dataLoss[0]).to.match(/Remove field tags from MpProduct \(drops join table mp_products_tags and its rows\)/).and.not.match(/column/);
    expect(removed.migrations[0]!.source).to.contain('// DATA LOSS: Remove field tags from MpProduct drops join table mp_products_tags');
    await migrations.migrate({ apps: apps('none') });
    expect(await tables()).to.include('mp_products').and.not.include('mp_products_tags');
  });
});

const CLI_MODELS = (m2m: boolean) => `import { CharField, ManyToManyField, Model } from 'wren';
export class Tag extends Model {
  static fields = { label: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'mpc_tags' };
  static objects = this.manager();
}
export class Product extends Model {
  static fields = { name: new CharField({ maxLength: 100 })${m2m ? ', tags: new ManyToManyField(() => Tag)' : ''} };
  static meta = { tableName: 'mpc_products' };
  static objects = this.manager();
}
`;

function ok(result: RunResult): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).to.equal(0);
  return result.stdout;
}

for (const dialect of DIALECTS) {
  describe(`migration parity: wren makemigrations --noinput adds a ManyToManyField [${dialect}]`, function () {
    this.timeout(120_000);

    it('writes AddField without a one-off default and migrate creates the join table', async function () {
      const dir = cliProject(`mpc-${dialect}`, { 'models.ts': CLI_MODELS(false) });
      writeFileSync(path.join(dir, 'wren.config.ts'), configSource(await freshDatabase(dialect, dir, 'mig_parity_m2m'), { label: 'shop', models: './models.ts', migrations: './migrations' }));
      ok(wren(dir, ['makemigrations', '--noinput']));
      ok(wren(dir, ['migrate']));
      ok(wren(dir, ['shell', '-c', "await Product.objects.create({ name: 'lamp' })"]));
      writeFileSync(path.join(dir, 'models.ts'), CLI_MODELS(true));
      const out = ok(wren(dir, ['makemigrations', '--noinput']));
      expect(out).to.include('migrations/0002_add_product_tags.ts').and.include('- Add field tags to Product');
      expect(readFileSync(path.join(dir, 'migrations', '0002_add_product_tags.ts'), 'utf8')).to.not.contain('oneOffDefault');
      expect(ok(wren(dir, ['migrate']))).to.match(/Applying shop\.0002_add_product_tags\.\.\. OK/);
      const linked = ok(wren(dir, ['shell', '-c', "const p = await Product.objects.get({ name: 'lamp' }); await p.tags.add(await Tag.objects.create({ label: 'x' })); console.log(await Product.objects.filter({ tags__label: 'x' }).count())"]));
      expect(linked.trim()).to.equal('1');
    });
  });
}
