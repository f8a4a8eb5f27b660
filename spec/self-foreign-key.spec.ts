// ForeignKey('self') / OneToOneField('self'): Django's recursive relationship, a key to the model
// declaring it, written by name as ManyToManyField('self') is. Trees (categories, comment threads,
// employees and managers) are the usual use.
import { expect } from 'chai';
import {
  CharField, ForeignKey, ImproperlyConfigured, migrations, Model, OneToOneField,
  type FieldValues, type ModelClass,
} from '../lib/index.js';
import { describeField } from '../lib/migrations/index.js';
import { dropTables, LIB, tables, tempProject } from './migrations/helpers.js';
import { forEachDialect, truncate } from './support/dialects.js';

export class SelfCategory extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    parent: new ForeignKey('self', { onDelete: 'CASCADE', null: true, relatedName: 'children' }),
    successor: new OneToOneField('self', { onDelete: 'SET_NULL', null: true, relatedName: 'predecessor' }),
  };
  static meta = { tableName: 'self_categories', ordering: ['name'] };
  static objects = this.manager();
}
export interface SelfCategory extends FieldValues<typeof SelfCategory> {
  parent: SelfCategory | null;
  successor: SelfCategory | null;
}

const MODELS: ModelClass[] = [SelfCategory];
type Tree = { children: { all(): PromiseLike<SelfCategory[]> } };

forEachDialect("ForeignKey('self')", MODELS, () => {
  beforeEach(() => truncate(MODELS));

  it('points at the declaring model: a tree saved, queried across levels and loaded both ways', async () => {
    const root = await SelfCategory.objects.create({ name: 'root' });
    const books = await SelfCategory.objects.create({ name: 'books', parent: root });
    await SelfCategory.objects.create({ name: 'novels', parent: books });
    await SelfCategory.objects.create({ name: 'music', parent: root });
    expect(SelfCategory._meta.field('parent')).to.have.property('relatedModel', SelfCategory);
    const underRoot = (await SelfCategory.objects.filter({ parent__name: 'root' } as never)) as SelfCategory[];
    expect(underRoot.map((c) => c.name)).to.deep.equal(['books', 'music']);
    const grandchildren = (await SelfCategory.objects.filter({ parent__parent__name: 'root' } as never)) as SelfCategory[];
    expect(grandchildren.map((c) => c.name)).to.deep.equal(['novels']);
    const [novels] = (await SelfCategory.objects.filter({ name: 'novels' }).selectRelated('parent__parent' as never)) as SelfCategory[];
    expect(novels!.parent!.name).to.equal('books');
    expect(novels!.parent!.parent!.name).to.equal('root');
    const children = await (root as unknown as Tree).children.all();
    expect(children.map((c) => c.name)).to.deep.equal(['books', 'music']);
    const roots = (await SelfCategory.objects.filter({ parent: null } as never).prefetchRelated('children' as never)) as (SelfCategory & Tree)[];
    expect(roots.map((c) => c.name)).to.deep.equal(['root']);
    expect((await roots[0]!.children.all()).map((c) => c.name)).to.deep.equal(['books', 'music']);
  });

  it('deleting a parent cascades down the tree; a one-to-one to self sets null', async () => {
    const root = await SelfCategory.objects.create({ name: 'root' });
    const old = await SelfCategory.objects.create({ name: 'old', parent: root });
    await SelfCategory.objects.create({ name: 'leaf', parent: old });
    const next = await SelfCategory.objects.create({ name: 'next' });
    old.successor = next;
    await old.save();
    const loaded = (await SelfCategory.objects.get({ name: 'next' })) as SelfCategory;
    expect(((await loaded.related('predecessor' as never)) as unknown as SelfCategory).name).to.equal('old');
    await next.delete();
    expect(((await SelfCategory.objects.get({ name: 'old' })) as SelfCategory).successorId).to.equal(null);
    await root.delete();
    expect(await SelfCategory.objects.valuesList('name', { flat: true })).to.deep.equal([]);
  });

  it("migrations write 'self' by the model's name, so either spelling is the same field", () => {
    const parent = SelfCategory._meta.field('parent');
    expect(describeField(parent)).to.deep.include({ type: 'ForeignKey', to: 'SelfCategory' });
    const spelled = new ForeignKey('SelfCategory', { onDelete: 'CASCADE', null: true, relatedName: 'children' });
    expect(describeField(spelled as never)).to.deep.equal(describeField(parent));
  });

  it("a 'self' key not attached to a model says so", () => {
    const loose = new ForeignKey('self', { onDelete: 'CASCADE' });
    expect(() => loose.relatedModel).to.throw(ImproperlyConfigured, /'self' names the declaring model/);
  });
});

forEachDialect("ForeignKey('self'): makemigrations and migrate", [], () => {
  const TABLES = ['sfk_nodes', 'wren_migrations'];
  beforeEach(() => dropTables(...TABLES));
  after(() => dropTables(...TABLES));

  it('creates the table with its key to itself, and finds no changes after migrate', async () => {
    const SfkNode = class SfkNode extends Model {
      static fields = { name: new CharField({ maxLength: 50 }), parent: new ForeignKey('self', { onDelete: 'CASCADE', null: true }) };
      static meta = { tableName: 'sfk_nodes' };
    } as unknown as ModelClass;
    const dir = tempProject('self-fk');
    const apps = [{ label: 'sfk', models: [SfkNode], migrationsDir: dir }];
    const made = await migrations.makeMigrations({ apps, importFrom: LIB });
    expect(made.migrations[0]!.source).to.contain("parent: new fields.ForeignKey('SfkNode', { null: true, onDelete: 'CASCADE' }),");
    await migrations.migrate({ apps });
    expect(await tables()).to.include('sfk_nodes');
    expect((await migrations.makeMigrations({ apps, importFrom: LIB, dryRun: true })).changed).to.equal(false);
  });
});
