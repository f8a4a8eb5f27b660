import { expect } from 'chai';
import {
  captureQueries, CharField, Collector, connect, database, disconnect, deleteCollected, ForeignKey, Model, NotSupportedError, preDelete, QuerySet, SchemaEditor, ValidationError, WrenError,
  type CapturedQuery, type FieldValues, type ModelClass,
} from '../lib/index.js';
import { ACTIVE_DIALECTS, DIALECT_URLS, forEachDialect, truncate } from './support/dialects.js';

// onDelete 'SET_DEFAULT' with a null default sets NULL (Django's get_default() is None), and rows of
// a model pointing at themselves in a cycle delete on every dialect, MariaDB included.

class MpdTarget extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'mpd_targets', ordering: ['name'] };
  static objects = this.manager();
}
interface MpdTarget extends FieldValues<typeof MpdTarget> {}

class MpdPet extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    noDefault: new ForeignKey(() => MpdTarget, { onDelete: 'SET_DEFAULT', null: true, relatedName: 'pets' }),
    nullDefault: new ForeignKey(() => MpdTarget, { onDelete: 'SET_DEFAULT', null: true, default: null, relatedName: 'nullPets' }),
  };
  static meta = { tableName: 'mpd_pets', ordering: ['name'] };
  static objects = this.manager();
}
interface MpdPet extends FieldValues<typeof MpdPet> {}

/** A default its key cannot hold: deleting a target must fail with Wren's error, not a plain Error. */
class MpdOddTarget extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'mpd_odd_targets' };
  static objects = this.manager();
}
class MpdOddPet extends Model {
  static fields = { odd: new ForeignKey(() => MpdOddTarget, { onDelete: 'SET_DEFAULT', null: true, default: (() => 'abc') as never, relatedName: 'pets' }) };
  static meta = { tableName: 'mpd_odd_pets' };
  static objects = this.manager();
}

class MpdNode extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    parent: new ForeignKey((): ModelClass => MpdNode, { onDelete: 'CASCADE', null: true, relatedName: 'children' }),
  };
  static meta = { tableName: 'mpd_nodes', ordering: ['name'] };
  static objects = this.manager();
}
interface MpdNode extends FieldValues<typeof MpdNode> {}

/** A NOT NULL key to itself: a cycle through it alone cannot be broken by setting NULL. */
class MpdStrict extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    parent: new ForeignKey((): ModelClass => MpdStrict, { onDelete: 'CASCADE', relatedName: 'children' }),
  };
  static meta = { tableName: 'mpd_stricts', ordering: ['name'] };
  static objects = this.manager();
}
interface MpdStrict extends FieldValues<typeof MpdStrict> {}

/** Two models pointing at each other (CASCADE both ways): a nullable key one way, a NOT NULL or nullable key back. */
class MpdLeft extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    right: new ForeignKey((): ModelClass => MpdRight, { onDelete: 'CASCADE', null: true, relatedName: 'lefts' }),
  };
  static meta = { tableName: 'mpd_lefts' };
  static objects = this.manager();
}
interface MpdLeft extends FieldValues<typeof MpdLeft> {}
class MpdRight extends Model {
  static fields = {
    name: new CharField({ maxLength: 20 }),
    left: new ForeignKey((): ModelClass => MpdLeft, { onDelete: 'CASCADE', null: true, relatedName: 'rights' }),
    alsoLeft: new ForeignKey((): ModelClass => MpdLeft, { onDelete: 'CASCADE', null: true, relatedName: 'alsoRights' }),
  };
  static meta = { tableName: 'mpd_rights' };
  static objects = this.manager();
}
interface MpdRight extends FieldValues<typeof MpdRight> {}

const MODELS: ModelClass[] = [MpdTarget, MpdPet, MpdOddTarget, MpdOddPet, MpdNode, MpdStrict];
const verbs = (queries: readonly CapturedQuery[]) => queries.map((q) => q.sql.trim().split(/\s+/)[0]!.toUpperCase()).filter((verb) => verb !== 'SAVEPOINT' && verb !== 'RELEASE');
const names = async (model: ModelClass) => (await new QuerySet(model).orderBy('name' as never).valuesList('name' as never, { flat: true })) as string[];
const deferred = () => database().dialect.supportsDeferrableForeignKeys;

forEachDialect('onDelete SET_DEFAULT with a null default', MODELS, () => {
  beforeEach(() => truncate(MODELS));

  it('deletes a target nothing points at (it raised "null value must be an integer")', async () => {
    const t = await MpdTarget.objects.create({ name: 't' });
    expect(await t.delete()).to.equal(1);
    await MpdTarget.objects.create({ name: 'u' });
    expect(await MpdTarget.objects.all().delete()).to.equal(1);
    expect(await MpdTarget.objects.count()).to.equal(0);
  });

  it('sets the keys pointing at a deleted target to NULL, for no default and for default: null', async () => {
    const [t, keep] = [await MpdTarget.objects.create({ name: 't' }), await MpdTarget.objects.create({ name: 'keep' })];
    await MpdPet.objects.create({ name: 'p1', noDefault: t, nullDefault: t });
    await MpdPet.objects.create({ name: 'p2', noDefault: keep, nullDefault: t });
    expect(await t.delete()).to.equal(1);
    const rows = await MpdPet.objects.values('name', 'noDefault', 'nullDefault');
    expect(rows).to.deep.equal([
      { name: 'p1', noDefault: null, nullDefault: null },
      { name: 'p2', noDefault: keep.pk, nullDefault: null },
    ]);
    const { total, perModel } = await deleteCollected(MpdTarget.objects.all());
    expect([total, perModel]).to.deep.equal([1, { MpdTarget: 1 }]);
    expect(await MpdPet.objects.filter({ noDefault__isnull: false }).count()).to.equal(0);
  });

  it('a default the key cannot hold raises ValidationError naming the field (as Django\'s UPDATE would fail), and deletes nothing', async () => {
    const odd = await MpdOddTarget.objects.create({ name: 'o' });
    let caught: unknown;
    try {
      await odd.delete();
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ValidationError);
    expect(caught).to.be.instanceOf(WrenError);
    expect((caught as ValidationError).errors).to.have.property('odd');
    expect(await MpdOddTarget.objects.count()).to.equal(1);
    const db = database();
    await db.run(db.knex.raw('delete from mpd_odd_targets')); // no delete through Wren can remove it: that is the point
  });
});

forEachDialect('Deleting rows of a model that point at each other', MODELS, () => {
  beforeEach(async () => {
    await MpdNode.objects.update({ parent: null });
    await truncate(MODELS.filter((model) => model !== MpdOddTarget && model !== MpdStrict));
  });

  async function cycle(...labels: string[]): Promise<MpdNode[]> {
    const rows: MpdNode[] = [];
    for (const name of labels) rows.push(await MpdNode.objects.create({ name }));
    // Each row points at the next, the last at the first; the instances keep their stale null parents.
    for (const [i, row] of rows.entries()) await MpdNode.objects.filter({ pk: row.pk }).update({ parent: rows[(i + 1) % rows.length]!.pk as never });
    return rows;
  }

  it('deletes a row whose parent is itself, from an instance that does not know it', async () => {
    const [loop] = await cycle('loop');
    await MpdNode.objects.create({ name: 'other' });
    expect(loop!.parentId).to.equal(null);
    expect(await loop!.delete()).to.equal(1);
    expect(await names(MpdNode)).to.deep.equal(['other']);
    expect(loop!.pk).to.equal(null);
  });

  it('deletes a two-row cycle and a three-row cycle, from an instance or a QuerySet', async () => {
    const [a] = await cycle('a', 'b');
    expect(await a!.delete()).to.equal(2);
    await cycle('x', 'y', 'z');
    await MpdNode.objects.create({ name: 'other' });
    expect(await MpdNode.objects.filter({ name: 'y' }).delete()).to.equal(3);
    expect(await names(MpdNode)).to.deep.equal(['other']);
  });

  it('deletes a cycle with a tree hanging off it, leaves first; sets NULL only where foreign keys are checked row by row', async () => {
    const [a, b] = await cycle('a', 'b');
    const c = await MpdNode.objects.create({ name: 'c', parent: a! });
    await MpdNode.objects.create({ name: 'd', parent: c });
    await MpdNode.objects.create({ name: 'e', parent: b! });
    const queries = await captureQueries(async () => expect(await a!.delete()).to.equal(5));
    expect(await MpdNode.objects.count()).to.equal(0);
    const writes = verbs(queries).filter((verb) => verb === 'UPDATE' || verb === 'DELETE');
    // Leaves (d, e), then c, then the cycle: with deferred checks in one DELETE, else after an UPDATE.
    expect(writes).to.deep.equal(deferred() ? ['DELETE', 'DELETE', 'DELETE'] : ['DELETE', 'DELETE', 'UPDATE', 'DELETE']);
  });

  it('a tree without a cycle needs no UPDATE on any dialect', async () => {
    const root = await MpdNode.objects.create({ name: 'root' });
    const kid = await MpdNode.objects.create({ name: 'kid', parent: root });
    await MpdNode.objects.create({ name: 'grandkid', parent: kid });
    const queries = await captureQueries(async () => expect(await root.delete()).to.equal(3));
    expect(verbs(queries).filter((verb) => verb === 'UPDATE')).to.deep.equal([]);
  });

  it('sends preDelete for every row of the cycle and a Collector lists them', async () => {
    const [a, b] = await cycle('a', 'b');
    const seen: string[] = [];
    const receiver = (instance: MpdNode) => void seen.push(instance.name);
    preDelete.connect(receiver as never, { sender: MpdNode });
    try {
      const collector = new Collector();
      await collector.collect([a!]);
      expect([...(collector.collected.get('MpdNode') ?? [])].map((row) => (row as MpdNode).pk).sort()).to.deep.equal([a!.pk, b!.pk].sort());
      expect((await collector.delete()).total).to.equal(2);
    } finally {
      preDelete.disconnect(receiver as never, { sender: MpdNode });
    }
    expect(seen.sort()).to.deep.equal(['a', 'b']);
    expect(await MpdNode.objects.count()).to.equal(0);
  });

  it('a cycle through a NOT NULL key: deleted where checks are deferred, else NotSupportedError before any write', async () => {
    const db = database();
    // Two rows pointing at each other, inserted with their keys (foreign key checks allow it only this way round on MariaDB).
    const a = await MpdStrict.objects.create({ id: 1, name: 'a', parent: 1 as never } as never);
    const b = await MpdStrict.objects.create({ id: 2, name: 'b', parent: 1 as never } as never);
    await MpdStrict.objects.filter({ pk: a.pk }).update({ parent: b.pk as never });
    if (db.dialect.supportsDeferrableForeignKeys) {
      expect(await a.delete()).to.equal(2);
      expect(await MpdStrict.objects.count()).to.equal(0);
      return;
    }
    let caught: unknown;
    const queries = await captureQueries(async () => {
      try {
        await a.delete();
      } catch (error) {
        caught = error;
      }
    });
    expect(caught).to.be.instanceOf(NotSupportedError);
    expect((caught as Error).message).to.match(/MpdStrict 1, MpdStrict 2.*NOT NULL foreign key MpdStrict\.parent.*MySQL\/MariaDB checks foreign keys row by row/);
    expect(verbs(queries).filter((verb) => verb === 'UPDATE' || verb === 'DELETE')).to.deep.equal([]);
    expect(await MpdStrict.objects.count()).to.equal(2); // the suite drops the table, rows and all
  });
});

// The two tables reference each other, so they are set up here rather than by forEachDialect: one
// constraint is added once both tables exist, and dropped before them.
for (const dialect of ACTIVE_DIALECTS) {
  describe(`Deleting rows of two models that point at each other [${dialect}]`, () => {
    const leftKey = () => MpdLeft._meta.field('right') as ForeignKey;
    const clear = async () => {
      await MpdRight.objects.update({ left: null, alsoLeft: null });
      await MpdLeft.objects.update({ right: null });
      await MpdRight.objects.all().delete();
      await MpdLeft.objects.all().delete();
    };
    const dropConstraint = async (editor: SchemaEditor) => {
      if (dialect === 'sqlite') return;
      const name = /CONSTRAINT (\S+) FOREIGN KEY/.exec(editor.foreignKeyConstraint('mpd_lefts', leftKey()))![1]!;
      await editor.execute([`ALTER TABLE ${editor.dialect.quoteName('mpd_lefts')} DROP ${dialect === 'mysql' ? 'FOREIGN KEY' : 'CONSTRAINT'} ${name}`]);
    };
    before(async () => {
      connect(DIALECT_URLS[dialect]!);
      const editor = new SchemaEditor();
      await dropConstraint(editor).catch(() => undefined); // left by an interrupted run
      for (const model of [MpdRight, MpdLeft]) await editor.deleteModel(model, { ifExists: true });
      if (dialect === 'sqlite') {
        for (const model of [MpdLeft, MpdRight]) await editor.createModel(model);
        return;
      }
      const constraint = editor.foreignKeyConstraint('mpd_lefts', leftKey());
      const [create, ...rest] = editor.createModelSql(MpdLeft);
      await editor.execute([create!.replace(`, ${constraint}`, ''), ...rest]);
      await editor.createModel(MpdRight);
      await editor.execute([`ALTER TABLE ${editor.dialect.quoteName('mpd_lefts')} ADD ${constraint}`]);
    });
    beforeEach(clear);
    after(async () => {
      await clear();
      const editor = new SchemaEditor();
      await dropConstraint(editor);
      for (const model of [MpdRight, MpdLeft]) await editor.deleteModel(model, { ifExists: true });
      await disconnect();
    });

    it('deletes a left and a right row pointing at each other, setting NULL first where keys are checked row by row', async () => {
      const left = await MpdLeft.objects.create({ name: 'l' });
      const right = await MpdRight.objects.create({ name: 'r', left });
      await MpdLeft.objects.filter({ pk: left.pk }).update({ right: right.pk as never });
      const other = await MpdLeft.objects.create({ name: 'other' });
      const queries = await captureQueries(async () => expect(await left.delete()).to.equal(2));
      expect(await MpdLeft.objects.valuesList('name', { flat: true })).to.deep.equal(['other']);
      expect(await MpdRight.objects.count()).to.equal(0);
      const updates = verbs(queries).filter((verb) => verb === 'UPDATE').length;
      expect(updates).to.equal(deferred() ? 0 : 2); // each model's nullable key into the cycle
      expect(other.pk).to.not.equal(null);
    });

    it('a QuerySet delete of several such pairs, from the other side', async () => {
      for (const n of [1, 2, 3]) {
        const left = await MpdLeft.objects.create({ name: `l${n}` });
        const right = await MpdRight.objects.create({ name: `r${n}`, left, alsoLeft: left });
        await MpdLeft.objects.filter({ pk: left.pk }).update({ right: right.pk as never });
      }
      const { total, perModel } = await deleteCollected(MpdRight.objects.filter({ name__in: ['r1', 'r3'] }));
      expect([total, perModel.MpdLeft, perModel.MpdRight]).to.deep.equal([4, 2, 2]);
      expect(await MpdLeft.objects.valuesList('name', { flat: true })).to.deep.equal(['l2']);
      expect(await MpdRight.objects.valuesList('name', { flat: true })).to.deep.equal(['r2']);
    });
  });
}
