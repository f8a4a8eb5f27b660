import { expect } from 'chai';
import { captureQueries, QuerySet, RelatedObjectNotLoaded, WrenError, WrenTypeError, type ModelClass } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { MANAGER_MODELS, MgrAuthor, MgrBook, MgrGroup, MgrMembership, MgrNote, MgrPerson, MgrProfile, MgrTag } from './models/manager-relation-models.js';

// Until the relation types land, the accessors are reached through this loose view.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const loose = (instance: object) => instance as Loose;
const bookTags = () => MgrBook._meta.manyToMany[0]!.through as unknown as ModelClass;
const titles = async (qs: PromiseLike<unknown[]>) => ((await qs) as { title: string }[]).map((b) => b.title);
const namesOf = async (qs: PromiseLike<unknown[]>) => ((await qs) as { name: string }[]).map((b) => b.name);
/** Expects `write` to reject with WrenError matching `message`. */
const refused = (write: PromiseLike<unknown>, message: RegExp) =>
  write.then(() => expect.fail(`expected ${String(message)}`), (e: Error) => {
    expect(e).to.be.instanceOf(WrenError);
    expect(e.message).to.match(message);
  });

async function seed() {
  const ann = await MgrAuthor.objects.create({ name: 'Ann' });
  const bob = await MgrAuthor.objects.create({ name: 'Bob' });
  const dune = await MgrBook.objects.create({ title: 'Dune', author: ann } as never);
  const emma = await MgrBook.objects.create({ title: 'Emma', author: ann, editor: bob } as never);
  const odyssey = await MgrBook.objects.create({ title: 'Odyssey', author: bob, editor: bob } as never);
  return { ann, bob, dune, emma, odyssey };
}

forEachDialect('Related managers: reverse ForeignKey', MANAGER_MODELS, () => {
  beforeEach(() => truncate([...MANAGER_MODELS, bookTags()]));

  it('author.books is a QuerySet of that author\'s books', async () => {
    const { ann, bob } = await seed();
    expect(await titles(loose(ann).books)).to.deep.equal(['Dune', 'Emma']);
    expect(await titles(loose(ann).books.all())).to.deep.equal(['Dune', 'Emma']);
    expect(await titles(loose(ann).books.filter({ title__startswith: 'E' }))).to.deep.equal(['Emma']);
    expect(await loose(bob).books.count()).to.equal(1);
    expect(await titles(loose(bob).edited)).to.deep.equal(['Emma', 'Odyssey']);
    expect(loose(ann).books).to.be.instanceOf(QuerySet);
  });

  it('create() sets the key to the owner; getOrCreate() too', async () => {
    const { ann } = await seed();
    const book = await loose(ann).books.create({ title: 'Persuasion' });
    expect(book.authorId).to.equal(ann.pk);
    expect(book.author).to.equal(ann);
    const [again, created] = await loose(ann).books.getOrCreate({ title: 'Persuasion' });
    expect(created).to.equal(false);
    expect(again.pk).to.equal(book.pk);
    const [fresh, made] = await loose(ann).books.getOrCreate({ title: 'Sanditon' });
    expect(made).to.equal(true);
    expect(fresh.authorId).to.equal(ann.pk);
    expect(await titles(loose(ann).books)).to.deep.equal(['Dune', 'Emma', 'Persuasion', 'Sanditon']);
  });

  it('add() moves saved objects with one UPDATE; { bulk: false } saves each, unsaved ones too', async () => {
    const { ann, bob, odyssey } = await seed();
    const queries = await captureQueries(() => loose(ann).books.add(odyssey));
    expect(queries).to.have.length(1);
    expect(queries[0]!.sql.toLowerCase()).to.match(/^update/);
    expect(odyssey.authorId).to.equal(ann.pk);
    expect(await titles(loose(ann).books)).to.deep.equal(['Dune', 'Emma', 'Odyssey']);
    const unsaved = new MgrBook({ title: 'Iliad', authorId: bob.pk } as never);
    await loose(ann).books.add(unsaved).then(() => expect.fail('expected an error'), (e: Error) => expect(e.message).to.match(/isn't saved.*bulk: false/));
    await loose(ann).books.add(unsaved, { bulk: false });
    expect(unsaved.pk).to.not.equal(null);
    expect(await titles(loose(ann).books)).to.deep.equal(['Dune', 'Emma', 'Iliad', 'Odyssey']);
    await loose(ann).books.add(new MgrAuthor({ name: 'x' })).then(() => expect.fail('expected an error'), (e: Error) => expect(e.message).to.include('MgrBook instances'));
  });

  it('remove() and clear() set a nullable key to NULL, and refuse a required key', async () => {
    const { ann, bob, emma, odyssey, dune } = await seed();
    await loose(bob).edited.remove(emma);
    expect(emma.editorId).to.equal(null);
    expect(await titles(loose(bob).edited)).to.deep.equal(['Odyssey']);
    await loose(bob).edited.remove(dune).then(() => expect.fail('expected an error'), (e: Error) => expect(e).to.be.instanceOf(MgrAuthor.DoesNotExist));
    await loose(bob).edited.clear();
    expect(await titles(loose(bob).edited)).to.deep.equal([]);
    expect(await MgrBook.objects.count()).to.equal(3);
    await loose(ann).books.remove(dune).then(() => expect.fail('expected an error'), (e: Error) => expect(e.message).to.include('not null: true'));
    await loose(ann).books.clear().then(() => expect.fail('expected an error'), (e: Error) => expect(e).to.be.instanceOf(WrenError));
    await loose(ann).edited.add(odyssey, { bulk: false });
    await loose(ann).edited.clear({ bulk: false });
    expect(await MgrBook.objects.filter({ editor__isnull: false } as never).count()).to.equal(0);
  });

  it('set() makes exactly these the related objects (nullable), or only adds (required key)', async () => {
    const { ann, bob, dune, emma, odyssey } = await seed();
    await loose(bob).edited.set([dune, emma]);
    expect(await titles(loose(bob).edited)).to.deep.equal(['Dune', 'Emma']);
    await loose(bob).edited.set([odyssey], { clear: true });
    expect(await titles(loose(bob).edited)).to.deep.equal(['Odyssey']);
    await loose(bob).books.set([dune]);
    expect(await titles(loose(bob).books)).to.deep.equal(['Dune', 'Odyssey']);
    expect(await titles(loose(ann).books)).to.deep.equal(['Emma']);
  });

  it('serves a prefetched relation without a query, and forgets it on writes', async () => {
    await seed();
    const [ann] = (await MgrAuthor.objects.prefetchRelated('books').filter({ name: 'Ann' } as never)) as MgrAuthor[];
    const queries = await captureQueries(async () => {
      expect(await titles(loose(ann!).books.all())).to.deep.equal(['Dune', 'Emma']);
      expect(await titles(loose(ann!).books)).to.deep.equal(['Dune', 'Emma']);
      expect(await loose(ann!).books.count()).to.equal(2);
    });
    expect(queries).to.have.length(0);
    expect(await titles(loose(ann!).books.filter({ title: 'Emma' }))).to.deep.equal(['Emma']); // a new query
    await loose(ann!).books.create({ title: 'Zed' });
    expect(await titles(loose(ann!).books.all())).to.deep.equal(['Dune', 'Emma', 'Zed']);
  });

  it('a filtered (narrowed) manager refuses add/remove/clear/set; using(), all(), ordering and selectRelated() keep them', async () => {
    const { ann, bob, dune, emma, odyssey } = await seed();
    const whole = /^MgrAuthor\.edited: clear\(\) acts on the whole relation, not on a filtered QuerySet of it; call it on mgrAuthor\.edited$/;
    await refused(loose(bob).edited.filter({ title: 'Emma' }).clear(), whole);
    await refused(loose(bob).edited.exclude({ title: 'Emma' }).remove(odyssey), /edited: remove\(\) acts on the whole relation/);
    await refused(loose(bob).edited.slice(0, 1).set([emma]), /edited: set\(\) acts on the whole relation/);
    await refused(loose(bob).edited.none().add(dune), /edited: add\(\) acts on the whole relation/);
    await refused(loose(bob).edited.distinct().all().clear(), /edited: clear\(\)/);
    await refused(loose(ann).books.filter({ title: 'Dune' }).add(odyssey), /MgrAuthor\.books: add\(\)/);
    expect(await titles(loose(bob).edited)).to.deep.equal(['Emma', 'Odyssey']);
    expect(await titles(loose(ann).books)).to.deep.equal(['Dune', 'Emma']);
    // Chaining that reads the same rows differently is harmless.
    await loose(bob).edited.using('default').all().orderBy('-title').selectRelated('author').remove(emma);
    expect(await titles(loose(bob).edited)).to.deep.equal(['Odyssey']);
    await loose(bob).edited.all().add(dune);
    await loose(bob).edited.orderBy('title').set([dune, emma]);
    expect(await titles(loose(bob).edited)).to.deep.equal(['Dune', 'Emma']);
    await loose(bob).edited.using('default').clear();
    expect(await titles(loose(bob).edited)).to.deep.equal([]);
  });

  it('every write through the manager forgets the prefetched rows', async () => {
    const { ann } = await seed();
    const prefetched = async () => loose((await MgrAuthor.objects.prefetchRelated('books').filter({ name: 'Ann' } as never))[0]!);
    let owner = await prefetched();
    await owner.books.getOrCreate({ title: 'Zed' });
    expect(await titles(owner.books.all())).to.deep.equal(['Dune', 'Emma', 'Zed']);
    owner = await prefetched();
    await owner.books.updateOrCreate({ title: 'Yak' }, {});
    expect(await titles(owner.books.all())).to.deep.equal(['Dune', 'Emma', 'Yak', 'Zed']);
    owner = await prefetched();
    await owner.books.updateOrCreate({ title: 'Zed' }, { title: 'Zola' });
    expect(await titles(owner.books.all())).to.deep.equal(['Dune', 'Emma', 'Yak', 'Zola']);
    owner = await prefetched();
    await owner.books.update({ title: 'Same' });
    expect(await titles(owner.books.all())).to.deep.equal(['Same', 'Same', 'Same', 'Same']);
    owner = await prefetched();
    await owner.books.filter({ pk: -1 }).update({ title: 'Nothing' }); // a filtered write forgets too
    expect(owner.books.prefetched).to.equal(undefined);
    owner = await prefetched();
    await owner.books.bulkCreate([{ title: 'Bulk', author: ann }]);
    expect(await titles(owner.books.all())).to.deep.equal(['Bulk', 'Same', 'Same', 'Same', 'Same']);
    owner = await prefetched();
    const manager = owner.books;
    await manager.delete();
    expect(await titles(owner.books.all())).to.deep.equal([]);
    expect(await titles(manager.all())).to.deep.equal([]);
  });

  it('refuses direct assignment and an unsaved owner', () => {
    const ann = new MgrAuthor({ name: 'Ann' });
    expect(() => loose(ann).books).to.throw(WrenError, /save it first/);
    expect(() => {
      loose(ann).books = [];
    }).to.throw(WrenError, /books\.set\(\)/);
  });
});

forEachDialect('Related managers: reverse OneToOne', MANAGER_MODELS, () => {
  beforeEach(() => truncate([...MANAGER_MODELS, bookTags()]));

  it('raises RelatedObjectNotLoaded unloaded, loads with related(), DoesNotExist when missing', async () => {
    const { ann, bob } = await seed();
    await MgrProfile.objects.create({ author: ann, bio: 'writes' } as never);
    const fresh = await MgrAuthor.objects.get({ name: 'Ann' });
    expect(() => loose(fresh).mgrProfile).to.throw(RelatedObjectNotLoaded, /related\('mgrProfile'\)/);
    const queries = await captureQueries(async () => {
      const profile = (await loose(fresh).related('mgrProfile')) as MgrProfile;
      expect(profile.bio).to.equal('writes');
    });
    expect(queries).to.have.length(1);
    expect(loose(fresh).mgrProfile.bio).to.equal('writes');
    const other = await MgrAuthor.objects.get({ pk: bob.pk });
    await loose(other).related('mgrProfile').then(() => expect.fail('expected DoesNotExist'), (e: Error) => expect(e).to.be.instanceOf(MgrProfile.DoesNotExist));
  });

  it('assigning sets the other side\'s key', async () => {
    const { ann } = await seed();
    const profile = new MgrProfile({ bio: 'new' });
    loose(ann).mgrProfile = profile;
    expect(loose(profile).authorId).to.equal(ann.pk);
    await profile.save();
    expect(((await MgrProfile.objects.get({ bio: 'new' })) as unknown as { authorId: number }).authorId).to.equal(ann.pk);
  });

  it('assigning another model\'s instance raises; assigning null unpoints the held object and forgets the cache, as Django', async () => {
    const { ann, bob } = await seed();
    expect(() => (loose(ann).mgrProfile = bob)).to.throw(WrenTypeError, /MgrAuthor\.mgrProfile must be a MgrProfile instance/);
    await MgrProfile.objects.create({ author: ann, bio: 'held' } as never);
    const fresh = await MgrAuthor.objects.get({ pk: ann.pk });
    const held = (await loose(fresh).related('mgrProfile')) as MgrProfile;
    loose(fresh).mgrProfile = null;
    expect(loose(held).author).to.equal(null);
    // Not "known to have none": the row is still there until the profile is saved or deleted.
    expect(() => loose(fresh).mgrProfile).to.throw(RelatedObjectNotLoaded);
    expect(((await loose(fresh).related('mgrProfile')) as MgrProfile).bio).to.equal('held');
  });
});

forEachDialect('Related managers: many-to-many', MANAGER_MODELS, () => {
  beforeEach(() => truncate([...MANAGER_MODELS, bookTags()]));

  it('book.tags: add (instances or keys, no duplicates), remove, set, clear, create', async () => {
    const { dune, emma } = await seed();
    const [scifi, classic, long] = await Promise.all(['sci-fi', 'classic', 'long'].map((name) => MgrTag.objects.create({ name })));
    await loose(dune).tags.add(scifi, classic.pk);
    await loose(dune).tags.add(scifi); // already linked: left alone
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['classic', 'sci-fi']);
    expect(await new QuerySet(bookTags()).count()).to.equal(2);
    await loose(dune).tags.remove(classic);
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['sci-fi']);
    await loose(dune).tags.set([classic, long.pk]);
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['classic', 'long']);
    const made = await loose(dune).tags.create({ name: 'new' });
    expect(made.pk).to.not.equal(null);
    expect(await namesOf(loose(dune).tags.filter({ name__startswith: 'n' }))).to.deep.equal(['new']);
    await loose(emma).tags.add(long);
    await loose(dune).tags.clear();
    expect(await namesOf(loose(dune).tags)).to.deep.equal([]);
    expect(await namesOf(loose(emma).tags)).to.deep.equal(['long']);
    expect(await MgrTag.objects.count()).to.equal(4); // only join rows went
  });

  it('tag.books: the same methods from the other side', async () => {
    const { dune, emma, odyssey } = await seed();
    const classic = await MgrTag.objects.create({ name: 'classic' });
    await loose(classic).books.add(emma, odyssey.pk);
    expect(await titles(loose(classic).books)).to.deep.equal(['Emma', 'Odyssey']);
    expect(await namesOf(loose(emma).tags)).to.deep.equal(['classic']);
    await loose(classic).books.set([dune, emma]);
    expect(await titles(loose(classic).books)).to.deep.equal(['Dune', 'Emma']);
    await loose(classic).books.remove(dune.pk);
    expect(await titles(loose(classic).books)).to.deep.equal(['Emma']);
    const created = await loose(classic).books.create({ title: 'New', author: dune.authorId } as never);
    expect(await titles(loose(classic).books)).to.deep.equal(['Emma', 'New']);
    expect(created.authorId).to.equal(dune.authorId);
    await loose(classic).books.clear();
    expect(await titles(loose(classic).books)).to.deep.equal([]);
    expect(await MgrBook.objects.count()).to.equal(4);
  });

  it('a custom through model takes throughDefaults on both sides', async () => {
    const admins = await MgrGroup.objects.create({ name: 'admins' });
    const [ann, bob, cy] = await Promise.all(['ann', 'bob', 'cy'].map((name) => MgrPerson.objects.create({ name })));
    await loose(admins).members.add(ann, bob, { throughDefaults: { role: 'owner', level: 3 } });
    const rows = async () =>
      ((await MgrMembership.objects.orderBy('person__name' as never)) as unknown as { personId: number; role: string; level: number }[]).map((m) => [m.personId, m.role, m.level]);
    expect(await rows()).to.deep.equal([[ann!.pk, 'owner', 3], [bob!.pk, 'owner', 3]]);
    expect(await namesOf(loose(admins).members)).to.deep.equal(['ann', 'bob']);
    await loose(admins).members.set([bob, cy], { throughDefaults: { role: () => 'member' } }); // a function is called per row
    expect(await rows()).to.deep.equal([[bob!.pk, 'owner', 3], [cy!.pk, 'member', 1]]);
    // From the person's side.
    const devs = await MgrGroup.objects.create({ name: 'devs' });
    await loose(ann).groups.add(devs, { throughDefaults: { role: 'lead' } });
    expect(await namesOf(loose(ann).groups)).to.deep.equal(['devs']);
    const made = await loose(ann).groups.create({ name: 'ops' }, { throughDefaults: { role: 'oncall' } });
    expect(await namesOf(loose(ann).groups)).to.deep.equal(['devs', 'ops']);
    expect(((await MgrMembership.objects.get({ group: made.pk } as never)) as unknown as { role: string }).role).to.equal('oncall');
    await loose(ann).groups.set([made], { throughDefaults: { role: 'x' } });
    expect(await namesOf(loose(ann).groups)).to.deep.equal(['ops']);
    await loose(cy).groups.remove(admins);
    await loose(bob).groups.clear();
    expect(await namesOf(loose(admins).members)).to.deep.equal([]);
  });

  it('getOrCreate() and updateOrCreate() link what they create (with throughDefaults); an unlinked object is not found', async () => {
    const { dune, emma } = await seed();
    const [made, created] = await loose(dune).tags.getOrCreate({ name: 'epic' });
    expect(created).to.equal(true);
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['epic']);
    const [again, createdAgain] = await loose(dune).tags.getOrCreate({ name: 'epic' });
    expect([again.pk, createdAgain]).to.deep.equal([made.pk, false]);
    const [updated, createdByUpdate] = await loose(dune).tags.updateOrCreate({ name: 'epic' }, { name: 'saga' });
    expect([updated.pk, createdByUpdate]).to.deep.equal([made.pk, false]);
    const [fresh, createdFresh] = await loose(emma).tags.updateOrCreate({ name: 'romance' }, {});
    expect(createdFresh).to.equal(true);
    expect(await namesOf(loose(emma).tags)).to.deep.equal(['romance']);
    // 'saga' exists, linked to dune only: from emma's side it is not found, so another is created and linked.
    const [other, createdOther] = await loose(emma).tags.updateOrCreate({ name: 'saga' }, {});
    expect(createdOther).to.equal(true);
    expect(other.pk).to.not.equal(made.pk);
    expect(await namesOf(loose(emma).tags)).to.deep.equal(['romance', 'saga']);
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['saga']);
    expect(fresh.pk).to.not.equal(null);
    // A custom through model's extra columns, from both methods.
    const ann = await MgrPerson.objects.create({ name: 'ann' });
    const [ops] = await loose(ann).groups.getOrCreate({ name: 'ops' }, {}, { throughDefaults: { role: 'oncall' } });
    const [devs] = await loose(ann).groups.updateOrCreate({ name: 'devs' }, {}, undefined, { throughDefaults: { role: 'lead', level: 2 } });
    const roleOf = async (group: { pk: unknown }) => {
      const membership = (await MgrMembership.objects.get({ group: group.pk, person: ann.pk } as never)) as unknown as { role: string; level: number };
      return [membership.role, membership.level];
    };
    expect([await roleOf(ops), await roleOf(devs)]).to.deep.equal([['oncall', 1], ['lead', 2]]);
  });

  it('serves prefetched rows without a query; refuses assignment and unsaved owners', async () => {
    const { dune } = await seed();
    await loose(dune).tags.create({ name: 'a' });
    const [book] = (await MgrBook.objects.prefetchRelated('tags').filter({ title: 'Dune' } as never)) as MgrBook[];
    const queries = await captureQueries(async () => expect(await namesOf(loose(book!).tags.all())).to.deep.equal(['a']));
    expect(queries).to.have.length(0);
    expect(() => {
      loose(book!).tags = [];
    }).to.throw(WrenError, /tags\.set\(\)/);
    expect(() => loose(new MgrBook({ title: 'x' })).tags).to.throw(WrenError, /save it first/);
  });
});

forEachDialect('Related managers: many-to-many writes and chaining', MANAGER_MODELS, () => {
  beforeEach(() => truncate([...MANAGER_MODELS, bookTags()]));

  it('a filtered (narrowed) manager refuses add/remove/clear/set, on both sides', async () => {
    const { dune, emma } = await seed();
    const [t1, t2] = await Promise.all(['t1', 't2'].map((name) => MgrTag.objects.create({ name })));
    await loose(dune).tags.add(t1, t2);
    await refused(loose(dune).tags.filter({ name: 't1' }).clear(), /^MgrBook\.tags: clear\(\) acts on the whole relation, not on a filtered QuerySet of it; call it on mgrBook\.tags$/);
    await refused(loose(dune).tags.filter({ name: 'zzz' }).set([t2]), /MgrBook\.tags: set\(\)/);
    await refused(loose(dune).tags.filter({ name: 't1' }).remove(t2), /MgrBook\.tags: remove\(\)/);
    await refused(loose(t1).books.exclude({ title: 'Dune' }).add(emma), /^MgrTag\.books: add\(\) .*call it on mgrTag\.books$/);
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['t1', 't2']);
    expect(await titles(loose(t1).books)).to.deep.equal(['Dune']);
    await loose(dune).tags.using('default').orderBy('-name').remove(t2);
    await loose(t1).books.all().add(emma);
    expect(await namesOf(loose(dune).tags)).to.deep.equal(['t1']);
    expect(await titles(loose(t1).books)).to.deep.equal(['Dune', 'Emma']);
  });

  it('every write through the manager forgets the prefetched rows', async () => {
    const { dune } = await seed();
    await loose(dune).tags.create({ name: 'a' });
    const prefetched = async () => loose((await MgrBook.objects.prefetchRelated('tags').filter({ title: 'Dune' } as never))[0]!);
    let book = await prefetched();
    await book.tags.getOrCreate({ name: 'b' });
    expect(await namesOf(book.tags.all())).to.deep.equal(['a', 'b']);
    book = await prefetched();
    await book.tags.updateOrCreate({ name: 'b' }, { name: 'c' });
    expect(await namesOf(book.tags.all())).to.deep.equal(['a', 'c']);
    book = await prefetched();
    await book.tags.update({ name: 'z' });
    expect(await namesOf(book.tags.all())).to.deep.equal(['z', 'z']);
    book = await prefetched();
    await book.tags.delete();
    expect(await namesOf(book.tags.all())).to.deep.equal([]);
  });

  it("relatedName '+' hides only the reverse accessor: the forward manager works fully", async () => {
    const note = await MgrNote.objects.create({ text: 'n' });
    const [red, blue, green] = await Promise.all(['red', 'blue', 'green'].map((name) => MgrTag.objects.create({ name })));
    await loose(note).labels.add(red, blue.pk);
    expect(await namesOf(loose(note).labels)).to.deep.equal(['blue', 'red']);
    expect(await namesOf(loose(note).labels.filter({ name__startswith: 'r' }))).to.deep.equal(['red']);
    expect(await loose(note).labels.count()).to.equal(2);
    await loose(note).labels.remove(red);
    await loose(note).labels.set([blue, green]);
    expect(await namesOf(loose(note).labels)).to.deep.equal(['blue', 'green']);
    const [made, created] = await loose(note).labels.getOrCreate({ name: 'new' });
    expect([created, await namesOf(loose(note).labels)]).to.deep.equal([true, ['blue', 'green', 'new']]);
    const other = await MgrNote.objects.create({ text: 'other' });
    await loose(other).labels.add(made);
    const [served] = (await MgrNote.objects.prefetchRelated('labels').filter({ text: 'n' } as never)) as MgrNote[];
    const queries = await captureQueries(async () => expect(await namesOf(loose(served!).labels.all())).to.deep.equal(['blue', 'green', 'new']));
    expect(queries).to.have.length(0);
    await loose(served!).labels.clear();
    expect(await namesOf(loose(served!).labels.all())).to.deep.equal([]);
    expect(await namesOf(loose(other).labels)).to.deep.equal(['new']);
    expect(Object.getOwnPropertyNames(MgrTag.prototype).filter((name) => /note/i.test(name))).to.deep.equal([]);
  });
});
