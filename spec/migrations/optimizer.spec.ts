import { expect } from 'chai';
import { CharField, fields, ForeignKey, IntegerField, migrations } from '../../lib/index.js';
import { optimize } from '../../lib/migrations/optimizer.js';

// The optimizer works on operations alone (no database), so it runs once, not per dialect.
const { CreateModel, DeleteModel, AddField, AlterField, RemoveField, RenameField, RenameModel, AlterUniqueTogether } = migrations;

const pk = () => new fields.AutoField({ primaryKey: true });
const create = (name: string, options: Partial<migrations.ModelStateOptions> = {}) =>
  new CreateModel({ name, fields: { id: pk(), title: new CharField({ maxLength: 10 }) }, options });
const described = (ops: migrations.Operation[]) => ops.map((op) => op.describe());

describe('migrations optimizer (squash)', () => {
  it('a model created then deleted leaves nothing; a field added then removed too', () => {
    expect(optimize([create('OptA'), new DeleteModel({ name: 'OptA' })])).to.deep.equal([]);
    const add = new AddField({ model: 'OptA', name: 'n', field: new IntegerField({ null: true }) });
    expect(optimize([add, new RemoveField({ model: 'OptA', name: 'n' })])).to.deep.equal([]);
  });

  it('folds field operations and renames into CreateModel', () => {
    const ops = optimize([
      create('OptA'),
      new AddField({ model: 'OptA', name: 'pages', field: new IntegerField({ null: true }) }),
      new AlterField({ model: 'OptA', name: 'title', field: new CharField({ maxLength: 40 }) }),
      new RenameField({ model: 'OptA', oldName: 'pages', newName: 'pageCount' }),
      new RenameModel({ oldName: 'OptA', newName: 'OptB' }),
      new AlterUniqueTogether({ name: 'OptB', uniqueTogether: [['title', 'pageCount']] }),
    ]);
    expect(described(ops)).to.deep.equal(['Create model OptB']);
    const only = ops[0] as InstanceType<typeof CreateModel>;
    expect(Object.keys(only.fields)).to.deep.equal(['id', 'title', 'pageCount']);
    expect(only.fields.title!.options).to.include({ maxLength: 40 });
    expect(only.options).to.deep.equal({ tableName: 'opt_bs', uniqueTogether: [['title', 'pageCount']] });
  });

  it('an AlterField after AddField becomes the AddField; two AlterFields become the last', () => {
    const ops = optimize([
      new AddField({ model: 'OptA', name: 'n', field: new IntegerField({ null: true }) }),
      new AlterField({ model: 'OptA', name: 'n', field: new IntegerField({ default: 1 }) }),
      new AlterField({ model: 'OptA', name: 'title', field: new CharField({ maxLength: 20 }) }),
      new AlterField({ model: 'OptA', name: 'title', field: new CharField({ maxLength: 30 }) }),
    ]);
    expect(described(ops)).to.deep.equal(['Add field n to OptA', 'Alter field title on OptA']);
    expect((ops[0] as InstanceType<typeof AddField>).field.options).to.include({ default: 1 });
    expect((ops[1] as InstanceType<typeof AlterField>).field.options).to.include({ maxLength: 30 });
  });

  it('does not merge across an operation that points at the model, nor drop a field its options need', () => {
    const blocked = optimize([
      create('OptA'),
      new CreateModel({ name: 'OptC', fields: { id: pk(), a: new ForeignKey('OptA', { onDelete: 'CASCADE' }) } }),
      new AddField({ model: 'OptA', name: 'n', field: new IntegerField({ null: true }) }),
    ]);
    expect(described(blocked)).to.deep.equal(['Create model OptA', 'Create model OptC', 'Add field n to OptA']);
    const kept = optimize([create('OptA', { uniqueTogether: [['id', 'title']] }), new RemoveField({ model: 'OptA', name: 'title' })]);
    expect(described(kept)).to.deep.equal(['Create model OptA', 'Remove field title from OptA']);
  });
});
