import { expect } from 'chai';
import { atomic, captureQueries, Collector, deleteCollected, IntegrityError, ProtectedError, QuerySet, RestrictedError, type ModelClass } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import {
  DELETE_MODELS,
  DelAlbum,
  DelArtist,
  DelCascade,
  DelDoNothing,
  DelGuard,
  DelLeaf,
  DelLeafNote,
  DelNode,
  DelOwner,
  DelProtect,
  DelSetDefault,
  DelSetNull,
  DelSong,
  DelUniqueDefault,
  DelTag,
} from './models/manager-relation-models.js';

// The join model Wren made for DelOwner.tags.
const ownerTags = () => DelOwner._meta.manyToMany[0]!.through as unknown as ModelClass;
const create = <C extends ModelClass>(model: C, values: Record<string, unknown>) => (model as unknown as { objects: { create(v: unknown): Promise<InstanceType<C>> } }).objects.create(values);
const names = async (model: ModelClass) => ((await (model as unknown as { objects: PromiseLike<{ name: string }[]> }).objects) as { name: string }[]).map((row) => row.name);
const pk = (row: object) => (row as { pk: number }).pk;

/** An owner with `children` DelCascade rows, each with `leaves` DelLeaf rows, each with one note. */
async function tree(name: string, children: number, leaves: number) {
  const owner = await create(DelOwner, { name });
  for (let c = 0; c < children; c++) {
    const child = await create(DelCascade, { name: `${name}-c${c}`, owner });
    for (let l = 0; l < leaves; l++) {
      const leaf = await create(DelLeaf, { name: `${name}-c${c}-l${l}`, parent: child });
      await create(DelLeafNote, { name: `${name}-c${c}-l${l}-n`, leaf });
    }
  }
  return owner;
}

forEachDialect('onDelete, carried out by Wren', DELETE_MODELS, () => {
  beforeEach(() => truncate([...DELETE_MODELS, ownerTags()]));

  it('CASCADE: deletes nested rows three levels down and returns the total', async () => {
    const ann = await tree('ann', 2, 2);
    await tree('bob', 1, 1);
    const deleted = await ann.delete();
    expect(deleted).to.equal(1 + 2 + 4 + 4);
    expect(ann.pk).to.equal(null);
    expect(await names(DelOwner)).to.deep.equal(['bob']);
    expect(await names(DelCascade)).to.deep.equal(['bob-c0']);
    expect(await names(DelLeaf)).to.deep.equal(['bob-c0-l0']);
    expect(await names(DelLeafNote)).to.deep.equal(['bob-c0-l0-n']);
  });

  it('CASCADE from QuerySet.delete(), with the count per model from deleteCollected()', async () => {
    await tree('ann', 2, 1);
    await tree('amy', 1, 1);
    await tree('bob', 1, 1);
    expect(await DelOwner.objects.filter({ name__startswith: 'a' } as never).delete()).to.equal(2 + 3 + 3 + 3);
    expect(await names(DelOwner)).to.deep.equal(['bob']);
    const summary = await deleteCollected(DelOwner.objects.all());
    expect(summary).to.deep.equal({ total: 4, perModel: { DelOwner: 1, DelCascade: 1, DelLeaf: 1, DelLeafNote: 1 } });
  });

  it('costs the same number of queries for 1 or 30 related rows (fk IN batches)', async () => {
    const small = await tree('small', 1, 1);
    const large = await tree('large', 6, 5);
    const few = await captureQueries(() => small.delete());
    const many = await captureQueries(() => large.delete());
    expect(many.length).to.equal(few.length);
    expect(many.length).to.be.lessThan(15); // one per relation and level, whatever the row count
  });

  it('deletes a model nothing depends on with one DELETE', async () => {
    await create(DelArtist, { name: 'x' });
    await create(DelTag, { name: 'a' });
    const queries = await captureQueries(() => DelLeafNote.objects.filter({ name: 'nope' } as never).delete());
    expect(queries).to.have.length(1);
    expect(queries[0]!.sql.toLowerCase()).to.match(/^delete/);
    const loner = await create(DelDoNothing, { name: 'loner', ownerId: 12345 });
    const single = await captureQueries(async () => expect(await loner.delete()).to.equal(1));
    expect(single.map((q) => q.sql.toLowerCase().slice(0, 6))).to.deep.equal(['delete']);
  });

  it('PROTECT: raises ProtectedError naming the blocking objects, and deletes nothing', async () => {
    const ann = await tree('ann', 1, 1);
    const guard = await create(DelProtect, { name: 'p1', owner: ann });
    const error = await ann.delete().then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(ProtectedError);
    expect((error as ProtectedError).message).to.include("'DelProtect.owner'").and.include(`DelProtect ${pk(guard)}`);
    expect((error as ProtectedError).protectedObjects.map(pk)).to.deep.equal([pk(guard)]);
    expect(ann.pk).to.not.equal(null);
    expect(await names(DelOwner)).to.deep.equal(['ann']);
    expect(await names(DelCascade)).to.deep.equal(['ann-c0']);
    await DelProtect.objects.all().delete();
    expect(await ann.delete()).to.equal(4);
  });

  it('PROTECT across two levels: a protected row under a CASCADE blocks the whole delete', async () => {
    const ann = await tree('ann', 2, 1);
    const child = await DelCascade.objects.get({ name: 'ann-c1' } as never);
    const guards = [await create(DelGuard, { name: 'g1', cascade: child }), await create(DelGuard, { name: 'g2', cascade: child })];
    const error = await DelOwner.objects.all().delete().then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(ProtectedError);
    expect((error as Error).message).to.include("model 'DelOwner'").and.include("'DelGuard.cascade'");
    expect((error as ProtectedError).protectedObjects.map(pk).sort()).to.deep.equal(guards.map(pk).sort());
    expect(await DelLeaf.objects.count()).to.equal(2);
    expect(await names(DelOwner)).to.deep.equal(['ann']);
    await DelGuard.objects.update({ cascade: null } as never);
    expect(await ann.delete()).to.equal(1 + 2 + 2 + 2);
    expect(await names(DelGuard)).to.deep.equal(['g1', 'g2']);
  });

  it("RESTRICT: Django's example (deletable through a CASCADE path only)", async () => {
    const one = await create(DelArtist, { name: 'artist one' });
    const two = await create(DelArtist, { name: 'artist two' });
    const albumOne = await create(DelAlbum, { name: 'album one', artist: one });
    const albumTwo = await create(DelAlbum, { name: 'album two', artist: two });
    const songOne = await create(DelSong, { name: 'song one', artist: one, album: albumOne });
    const songTwo = await create(DelSong, { name: 'song two', artist: one, album: albumTwo });
    const blocked = async (target: { delete(): Promise<number> }) => target.delete().then(() => null, (e: unknown) => e as RestrictedError);
    const albumError = await blocked(albumOne);
    expect(albumError).to.be.instanceOf(RestrictedError);
    expect(albumError!.restrictedObjects.map(pk)).to.deep.equal([pk(songOne)]);
    expect(albumError!.message).to.include("'DelSong.album'");
    const artistError = await blocked(two);
    expect(artistError).to.be.instanceOf(RestrictedError);
    expect(artistError!.restrictedObjects.map(pk)).to.deep.equal([pk(songTwo)]);
    expect(await names(DelAlbum)).to.deep.equal(['album one', 'album two']);
    const summary = await deleteCollected([one]);
    expect(summary).to.deep.equal({ total: 4, perModel: { DelSong: 2, DelAlbum: 1, DelArtist: 1 } });
    expect(await names(DelArtist)).to.deep.equal(['artist two']);
    expect(await names(DelSong)).to.deep.equal([]);
  });

  it('SET_NULL and SET_DEFAULT update the rows pointing at the deleted one', async () => {
    const fallback = await create(DelOwner, { id: 999, name: 'fallback' });
    const ann = await create(DelOwner, { name: 'ann' });
    const bob = await create(DelOwner, { name: 'bob' });
    await create(DelSetNull, { name: 'n1', owner: ann });
    await create(DelSetNull, { name: 'n2', owner: bob });
    await create(DelSetDefault, { name: 'd1', owner: ann });
    expect(await ann.delete()).to.equal(1);
    const nulls = (await DelSetNull.objects.all()) as unknown as { name: string; ownerId: number | null }[];
    expect(nulls.map((r) => [r.name, r.ownerId])).to.deep.equal([['n1', null], ['n2', pk(bob)]]);
    const defaults = (await DelSetDefault.objects.all()) as unknown as { ownerId: number }[];
    expect(defaults.map((r) => r.ownerId)).to.deep.equal([pk(fallback)]);
  });

  it('DO_NOTHING leaves the pointing row alone (its key now dangles)', async () => {
    const ann = await create(DelOwner, { name: 'ann' });
    const annPk = pk(ann);
    await create(DelDoNothing, { name: 'x', owner: ann });
    expect(await ann.delete()).to.equal(1);
    const rows = (await DelDoNothing.objects.all()) as unknown as { ownerId: number }[];
    expect(rows.map((r) => r.ownerId)).to.deep.equal([annPk]);
  });

  it('runs in one transaction: a statement the database refuses undoes the earlier ones', async () => {
    await create(DelOwner, { id: 999, name: 'fallback' });
    await create(DelUniqueDefault, { name: 'first', owner: 999 });
    const ann = await tree('ann', 2, 1);
    await create(DelUniqueDefault, { name: 'second', owner: ann });
    // The leaf notes go first (a fast delete), then the SET_DEFAULT update breaks the unique key.
    const error = await ann.delete().then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(IntegrityError);
    expect(ann.pk).to.not.equal(null);
    expect(await DelLeafNote.objects.count()).to.equal(2);
    expect(await DelCascade.objects.count()).to.equal(2);
    // Inside the caller's atomic() the delete joins that transaction and rolls back with it.
    await DelUniqueDefault.objects.filter({ name: 'second' } as never).delete();
    await atomic(async () => {
      expect(await ann.delete()).to.equal(7);
      throw new Error('undo');
    }).catch(() => undefined);
    expect(await names(DelOwner)).to.deep.equal(['ann', 'fallback']);
    expect(await DelLeaf.objects.count()).to.equal(2);
  });

  it('removes many-to-many join rows when either side is deleted', async () => {
    const Through = ownerTags();
    const ann = await create(DelOwner, { name: 'ann' });
    const bob = await create(DelOwner, { name: 'bob' });
    const red = await create(DelTag, { name: 'red' });
    const blue = await create(DelTag, { name: 'blue' });
    for (const [owner, tag] of [[ann, red], [ann, blue], [bob, red], [bob, blue]] as const) {
      await (new Through({ delOwnerId: pk(owner), delTagId: pk(tag) }) as { save(): Promise<void> }).save();
    }
    const links = () => rowsOf(Through);
    expect(await links()).to.have.length(4);
    expect(await ann.delete()).to.equal(1 + 2);
    expect((await links()).map((r) => r.delOwnerId)).to.deep.equal([pk(bob), pk(bob)]);
    expect(await red.delete()).to.equal(1 + 1);
    expect((await links()).map((r) => [r.delOwnerId, r.delTagId])).to.deep.equal([[pk(bob), pk(blue)]]);
    expect(await names(DelTag)).to.deep.equal(['blue']);
  });

  it('deletes a tree in one table deepest rows first', async () => {
    const root = await create(DelNode, { name: 'root' });
    const other = await create(DelNode, { name: 'other' });
    const a = await create(DelNode, { name: 'a', parent: root });
    const b = await create(DelNode, { name: 'b', parent: root });
    const a1 = await create(DelNode, { name: 'a1', parent: a });
    await create(DelNode, { name: 'a1x', parent: a1 });
    await create(DelNode, { name: 'b1', parent: b });
    await create(DelNode, { name: 'o1', parent: other });
    expect(await root.delete()).to.equal(6);
    expect(await names(DelNode)).to.deep.equal(['o1', 'other']);
    // Parent and child in one QuerySet: still the child first.
    expect(await DelNode.objects.all().delete()).to.equal(2);
  });

  it('lets a Collector show what a delete would remove before running it', async () => {
    await tree('ann', 2, 1);
    const collector = new Collector();
    await collector.collect(DelOwner.objects.filter({ name: 'ann' } as never));
    const collected = collector.collected;
    expect(collected.get('DelOwner')).to.have.length(1);
    expect(collected.get('DelCascade')).to.have.length(2);
    expect(collected.get('DelLeaf')).to.have.length(2);
    expect(await DelLeafNote.objects.count()).to.equal(2);
    const summary = await collector.delete();
    expect(summary.total).to.equal(7);
    expect(summary.perModel.DelLeafNote).to.equal(2);
  });
});

async function rowsOf(model: ModelClass): Promise<Record<string, number>[]> {
  return (await new QuerySet(model).orderBy('delOwnerId' as never, 'delTagId' as never)) as unknown as Record<string, number>[];
}
