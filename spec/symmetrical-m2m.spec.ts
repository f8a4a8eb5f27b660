// Django's symmetrical self-referential many-to-many: ManyToManyField('self') stores each link both
// ways (a mirror join row), in one transaction, and has no reverse accessor; symmetrical: false is
// one-way with one. m2mChanged is sent once per change, for the owner's side, as Django does.
import { expect } from 'chai';
import {
  captureQueries, CharField, ForeignKey, ImproperlyConfigured, m2mChanged, ManyToManyField, migrations, Model, QuerySet,
  type FieldValues, type ModelClass,
} from '../lib/index.js';
import { describeField } from '../lib/migrations/index.js';
import { dropTables, LIB, tables, tempProject } from './migrations/helpers.js';
import { forEachDialect, truncate } from './support/dialects.js';

export class SymPerson extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    friends: new ManyToManyField('self'),
    following: new ManyToManyField('self', { symmetrical: false, relatedName: 'followers' }),
  };
  static meta = { tableName: 'sym_people', ordering: ['name'] };
  static objects = this.manager();
}
export interface SymPerson extends FieldValues<typeof SymPerson, { followers: typeof SymPerson }> {}

/** Symmetrical through a custom model (Django 3.0+): throughDefaults fill both rows. */
export class SymPeer extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    peers: new ManyToManyField('self', { through: () => SymPeering }),
  };
  static meta = { tableName: 'sym_peers', ordering: ['name'] };
  static objects = this.manager();
}
export interface SymPeer extends FieldValues<typeof SymPeer> {}

export class SymPeering extends Model {
  static fields = {
    fromPeer: new ForeignKey(() => SymPeer, { onDelete: 'CASCADE', relatedName: '+' }),
    toPeer: new ForeignKey(() => SymPeer, { onDelete: 'CASCADE', relatedName: '+' }),
    since: new CharField({ maxLength: 10 }),
  };
  static meta = { tableName: 'sym_peerings' };
  static objects = this.manager();
}
export interface SymPeering extends FieldValues<typeof SymPeering> {}

const MODELS: ModelClass[] = [SymPerson, SymPeer, SymPeering];
const throughOf = (model: ModelClass, name: string) => model._meta.manyToMany.find((f) => f.name === name)!.through as unknown as ModelClass;
const friendships = () => throughOf(SymPerson, 'friends');
const namesOf = async (rows: PromiseLike<unknown[]>) => ((await rows) as { name: string }[]).map((p) => p.name);

/** The join rows as [from, to] names, sorted. */
async function links(through: ModelClass, from: string, to: string): Promise<string[]> {
  const rows = (await new QuerySet(through).valuesList(`${from}__name` as never, `${to}__name` as never)) as [string, string][];
  return rows.map(([a, b]) => `${a}-${b}`).sort();
}
const friendLinks = () => links(friendships(), 'fromSymPerson', 'toSymPerson');

async function people() {
  const [ann, bob, cid, dee] = (await SymPerson.objects.bulkCreate(['ann', 'bob', 'cid', 'dee'].map((name) => ({ name })))) as SymPerson[];
  return { ann: ann!, bob: bob!, cid: cid!, dee: dee! };
}

forEachDialect('symmetrical ManyToManyField("self")', MODELS, () => {
  const disconnects: (() => boolean)[] = [];
  beforeEach(() => truncate([...MODELS, friendships(), throughOf(SymPerson, 'following')]));
  afterEach(() => {
    for (const disconnect of disconnects.splice(0)) disconnect();
  });

  it('add() writes the link both ways, from either side, without doubling a link or a link to oneself', async () => {
    const { ann, bob, cid } = await people();
    await ann.friends.add(bob, cid.pk);
    expect(await friendLinks()).to.deep.equal(['ann-bob', 'ann-cid', 'bob-ann', 'cid-ann']);
    expect(await namesOf(bob.friends)).to.deep.equal(['ann']);
    expect(await namesOf(cid.friends.all())).to.deep.equal(['ann']);
    await bob.friends.add(ann);
    await ann.friends.add(bob, ann);
    await ann.friends.add(ann);
    expect(await friendLinks()).to.deep.equal(['ann-ann', 'ann-bob', 'ann-cid', 'bob-ann', 'cid-ann']);
    expect(await namesOf(ann.friends)).to.deep.equal(['ann', 'bob', 'cid']);
  });

  it('create() and getOrCreate() link the new object both ways', async () => {
    const { ann } = await people();
    const eve = (await ann.friends.create({ name: 'eve' })) as SymPerson;
    const [fay, created] = (await ann.friends.getOrCreate({ name: 'fay' })) as [SymPerson, boolean];
    expect(created).to.equal(true);
    expect(await namesOf(eve.friends)).to.deep.equal(['ann']);
    expect(await namesOf(fay.friends)).to.deep.equal(['ann']);
    expect(await friendLinks()).to.deep.equal(['ann-eve', 'ann-fay', 'eve-ann', 'fay-ann']);
  });

  it('remove() and clear() delete both directions, from either side, with one DELETE each', async () => {
    const { ann, bob, cid, dee } = await people();
    await ann.friends.add(bob, cid, dee);
    const removing = await captureQueries(() => bob.friends.remove(ann));
    expect(removing).to.have.length(1);
    expect(removing[0]!.sql.replace(/[`"]/g, '')).to.match(/^delete from sym_people_friends where \(\(\S+\.from_sym_person_id = .*\) OR \(\(\S+\.to_sym_person_id = /i);
    expect(await friendLinks()).to.deep.equal(['ann-cid', 'ann-dee', 'cid-ann', 'dee-ann']);
    await cid.friends.add(dee);
    await ann.friends.clear();
    expect(await friendLinks()).to.deep.equal(['cid-dee', 'dee-cid']);
    expect(await namesOf(dee.friends)).to.deep.equal(['cid']);
    await dee.friends.clear();
    expect(await friendLinks()).to.deep.equal([]);
  });

  it('set() adjusts both directions; { clear: true } clears both first', async () => {
    const { ann, bob, cid, dee } = await people();
    await ann.friends.add(bob, cid);
    await ann.friends.set([cid, dee]);
    expect(await friendLinks()).to.deep.equal(['ann-cid', 'ann-dee', 'cid-ann', 'dee-ann']);
    await dee.friends.set([bob], { clear: true });
    expect(await friendLinks()).to.deep.equal(['ann-cid', 'bob-dee', 'cid-ann', 'dee-bob']);
    expect(await namesOf(ann.friends)).to.deep.equal(['cid']);
  });

  it('a symmetrical relation has no reverse accessor; symmetrical: false is one-way, with its reverse accessor', async () => {
    const { ann, bob } = await people();
    expect(Object.getOwnPropertyNames(SymPerson.prototype).filter((name) => name !== 'constructor').sort()).to.deep.equal(['followers', 'following', 'friends']);
    expect(SymPerson._meta.manyToMany.map((f) => [f.name, f.symmetrical, f.relatedName])).to.deep.equal([['friends', true, 'friends_rel_+'], ['following', false, 'followers']]);
    await ann.following.add(bob);
    expect(await namesOf(ann.following)).to.deep.equal(['bob']);
    expect(await namesOf(bob.following)).to.deep.equal([]);
    expect(await namesOf(bob.followers)).to.deep.equal(['ann']);
    expect(await links(throughOf(SymPerson, 'following'), 'fromSymPerson', 'toSymPerson')).to.deep.equal(['ann-bob']);
    await bob.followers.remove(ann);
    expect(await namesOf(ann.following)).to.deep.equal([]);
  });

  it('m2mChanged is sent once per change for the owner\'s side (the mirror rows are silent, as in Django); post_add sees both rows', async () => {
    const { ann, bob, cid } = await people();
    const events: unknown[] = [];
    disconnects.push(m2mChanged.connect(async (through, { action, instance, reverse, pkSet }) => {
      const rows = await new QuerySet(through).count();
      events.push([action, (instance as SymPerson).name, reverse, pkSet && [...pkSet].map(Number).sort(), rows]);
    }, { sender: friendships() }));
    await ann.friends.add(bob, cid);
    await bob.friends.add(ann); // linked already, both ways: nothing new
    await cid.friends.remove(ann);
    await bob.friends.clear();
    expect(events).to.deep.equal([
      ['pre_add', 'ann', false, [bob.pk, cid.pk].map(Number).sort(), 0],
      ['post_add', 'ann', false, [bob.pk, cid.pk].map(Number).sort(), 4],
      ['pre_add', 'bob', false, [], 4],
      ['post_add', 'bob', false, [], 4],
      ['pre_remove', 'cid', false, [Number(ann.pk)], 4],
      ['post_remove', 'cid', false, [Number(ann.pk)], 2],
      ['pre_clear', 'bob', false, null, 2],
      ['post_clear', 'bob', false, null, 0],
    ]);
  });

  it('a failing post_add receiver undoes the link both ways (one transaction)', async () => {
    const { ann, bob } = await people();
    const seen: string[][] = [];
    disconnects.push(m2mChanged.connect(async (_through, { action }) => {
      if (action !== 'post_add') return;
      seen.push(await friendLinks());
      throw new Error('no friends today');
    }, { sender: friendships() }));
    await ann.friends.add(bob).then(() => expect.fail('expected the receiver to throw'), (e: Error) => expect(e.message).to.equal('no friends today'));
    expect(seen).to.deep.equal([['ann-bob', 'bob-ann']]);
    expect(await friendLinks()).to.deep.equal([]);
  });

  it('prefetchRelated("friends") and filters across friends__ see links made from either side', async () => {
    const { ann, bob, cid } = await people();
    await ann.friends.add(bob);
    await cid.friends.add(bob);
    const loaded = (await SymPerson.objects.prefetchRelated('friends')) as SymPerson[];
    const friendsOf = Object.fromEntries(await Promise.all(loaded.map(async (p) => [p.name, await namesOf(p.friends.all())])));
    expect(friendsOf).to.deep.equal({ ann: ['bob'], bob: ['ann', 'cid'], cid: ['bob'], dee: [] });
    expect(await SymPerson.objects.filter({ friends__name: 'bob' }).valuesList('name', { flat: true })).to.deep.equal(['ann', 'cid']);
    expect(await SymPerson.objects.filter({ friends__name: 'ann' }).valuesList('name', { flat: true })).to.deep.equal(['bob']);
  });

  it('symmetrical through a custom model: throughDefaults fill both rows, remove() deletes both', async () => {
    const [ann, bob, cid] = (await SymPeer.objects.bulkCreate([{ name: 'ann' }, { name: 'bob' }, { name: 'cid' }])) as SymPeer[];
    await ann!.peers.add(bob!, cid!, { throughDefaults: { since: '2020' } });
    const rows = (await SymPeering.objects.valuesList('fromPeer__name', 'toPeer__name', 'since')) as string[][];
    expect(rows.map((r) => r.join('-')).sort()).to.deep.equal(['ann-bob-2020', 'ann-cid-2020', 'bob-ann-2020', 'cid-ann-2020']);
    expect(await namesOf(cid!.peers)).to.deep.equal(['ann']);
    await bob!.peers.remove(ann!);
    expect(await links(SymPeering, 'fromPeer', 'toPeer')).to.deep.equal(['ann-cid', 'cid-ann']);
  });
});

describe('symmetrical ManyToManyField: options', () => {
  it("'self' defaults to symmetrical; a reference to the model by function or name defaults to one-way", () => {
    expect(new ManyToManyField('self').symmetrical).to.equal(true);
    expect(new ManyToManyField('self', { symmetrical: false }).symmetrical).to.equal(false);
    expect(new ManyToManyField('SymPerson').symmetrical).to.equal(false);
    expect(new ManyToManyField((): ModelClass => SymPerson).symmetrical).to.equal(false);
    expect(new ManyToManyField((): ModelClass => SymPerson, { symmetrical: true }).symmetrical).to.equal(true);
  });

  it('refuses symmetrical: true to another model, and a relatedName that a symmetrical relation would ignore', () => {
    class SymTag extends Model {
      static fields = { name: new CharField({ maxLength: 20 }) };
      static meta = { tableName: 'sym_tags' };
    }
    class SymPost extends Model {
      static fields = { tags: new ManyToManyField(() => SymTag, { symmetrical: true }) };
      static meta = { tableName: 'sym_posts' };
    }
    void SymTag._meta;
    expect(() => SymPost._meta).to.throw(ImproperlyConfigured, /SymPost\.tags: symmetrical: true needs a relation from SymPost to itself, but it points at SymTag/);
    expect(() => new ManyToManyField('self', { relatedName: 'pals' })).to.throw(ImproperlyConfigured, /relatedName 'pals' has no effect on a symmetrical relation.*symmetrical: false/);
    expect(new ManyToManyField('self', { relatedName: 'pals+' }).symmetrical).to.equal(true);
  });

  it("migrations write 'self' by the model's name with symmetrical: true, which any spelling of it matches", () => {
    const [friends, following] = SymPerson._meta.manyToMany;
    expect(describeField(friends!)).to.deep.equal({ type: 'ManyToManyField', to: 'SymPerson', options: { symmetrical: true } });
    expect(describeField(following!)).to.deep.equal({ type: 'ManyToManyField', to: 'SymPerson', options: { relatedName: 'followers' } });
    // (A field with an options literal is cast: describeField takes any Field.)
    expect(describeField(new ManyToManyField('SymPerson', { symmetrical: true }) as never)).to.deep.equal(describeField(friends!));
    expect(describeField(new ManyToManyField('SymPerson', { symmetrical: false }) as never)).to.deep.equal({ type: 'ManyToManyField', to: 'SymPerson', options: {} });
  });
});

forEachDialect('symmetrical ManyToManyField: makemigrations and migrate', [], () => {
  const TABLES = ['smg_people_friends', 'smg_people', 'wren_migrations'];
  beforeEach(() => dropTables(...TABLES));
  after(() => dropTables(...TABLES));

  const person = (friends: () => ManyToManyField) => {
    const SmgPerson = class SmgPerson extends Model {
      static fields = { name: new CharField({ maxLength: 50 }), friends: friends() };
      static meta = { tableName: 'smg_people' };
    };
    return SmgPerson as unknown as ModelClass;
  };

  it('round-trips symmetrical: no changes after migrate, whichever spelling; turning it off is an alteration', async () => {
    const dir = tempProject('symmetrical');
    const apps = (model: ModelClass) => [{ label: 'smg', models: [model], migrationsDir: dir }];
    const self = person(() => new ManyToManyField('self'));
    const made = await migrations.makeMigrations({ apps: apps(self), importFrom: LIB });
    expect(made.migrations[0]!.source).to.contain("friends: new fields.ManyToManyField('SmgPerson', { symmetrical: true }),");
    await migrations.migrate({ apps: apps(self) });
    expect(await tables()).to.include.members(['smg_people', 'smg_people_friends']);
    expect((await migrations.makeMigrations({ apps: apps(self), importFrom: LIB, dryRun: true })).changed).to.equal(false);
    const spelledOut = person(() => new ManyToManyField((): ModelClass => spelledOut, { symmetrical: true }));
    expect((await migrations.makeMigrations({ apps: apps(spelledOut), importFrom: LIB, dryRun: true })).changed).to.equal(false);
    const oneWay = person(() => new ManyToManyField('self', { symmetrical: false }));
    const altered = await migrations.makeMigrations({ apps: apps(oneWay), importFrom: LIB, dryRun: true });
    expect(altered.migrations[0]!.operations).to.deep.equal(['Alter field friends on SmgPerson']);
    expect(altered.migrations[0]!.source).to.contain("field: new fields.ManyToManyField('SmgPerson', {}),");
  });
});
