import { expect } from 'chai';
import {
  CharField, DateTimeField, FieldError, ForeignKey, IntegerField, ManyToManyField, Model, postSave, preSave, ValidationError, WrenError,
  type FieldValues,
} from '../lib/index.js';
import { failureOf } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';

// save() and QuerySet.update() as Django's: a deferred instance saves as update_fields naming its
// loaded fields; updateFields refuses the primary key and many-to-many fields; update() refuses an
// unsaved related instance as save() does.

class WpsOwner extends Model {
  static fields = { name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'wps_owners' };
  static objects = this.manager();
}
interface WpsOwner extends FieldValues<typeof WpsOwner> {}

class WpsNote extends Model {
  static fields = {
    title: new CharField({ maxLength: 20 }),
    n: new IntegerField({ default: 0 }),
    owner: new ForeignKey(() => WpsOwner, { onDelete: 'CASCADE', null: true }),
    edited: new DateTimeField({ autoNow: true }),
    readers: new ManyToManyField(() => WpsOwner, { relatedName: 'readNotes' }),
  };
  static meta = { tableName: 'wps_notes' };
  static objects = this.manager();
}
interface WpsNote extends FieldValues<typeof WpsNote> {}

const MODELS = [WpsOwner, WpsNote];
const readers = () => WpsNote._meta.manyToMany[0]!.through as unknown as typeof WpsNote;
const updates = (sql: readonly string[]) => sql.map((s) => s.replace(/[`"]/g, '')).filter((s) => /^\s*update/i.test(s));
const inserts = (sql: readonly string[]) => sql.filter((s) => /^\s*insert/i.test(s));

forEachDialect('save() of deferred instances, updateFields names, update() with related instances', MODELS, () => {
  const events: unknown[] = [];
  const connected: (() => boolean)[] = [];
  beforeEach(async () => {
    await truncate([...MODELS, readers()]);
    events.length = 0;
  });
  afterEach(() => {
    for (const disconnect of connected.splice(0)) disconnect();
  });
  const listen = () => {
    connected.push(preSave.connect((_note, { updateFields }) => void events.push(['pre', updateFields]), { sender: WpsNote }));
    connected.push(postSave.connect((_note, { created, updateFields }) => void events.push(['post', created, updateFields]), { sender: WpsNote }));
  };

  describe('an instance loaded with only() / defer()', () => {
    it('is saved as updateFields naming its loaded fields (not the key), which preSave and postSave get', async () => {
      const note = await WpsNote.objects.create({ title: 'a', n: 1 });
      listen();
      const partial = await WpsNote.objects.only('title').get({ pk: note.pk });
      partial.title = 'b';
      const { sql } = await failureOf(() => partial.save());
      expect(updates(sql)).to.have.length(1);
      expect(updates(sql)[0]).to.match(/set title = \? where/);
      expect(events).to.deep.equal([
        ['pre', ['title']],
        ['post', false, ['title']],
      ]);
      const stored = await WpsNote.objects.get({ pk: note.pk });
      expect([stored.title, stored.n]).to.deep.equal(['b', 1]);
    });

    it('names a loaded ForeignKey by its field name, and a whole instance still sends null', async () => {
      const owner = await WpsOwner.objects.create({ name: 'o' });
      const note = await WpsNote.objects.create({ title: 'a', owner });
      listen();
      const partial = await WpsNote.objects.defer('title', 'edited').get({ pk: note.pk });
      await partial.save();
      const whole = await WpsNote.objects.get({ pk: note.pk });
      await whole.save();
      expect(events).to.deep.equal([
        ['pre', ['n', 'owner']],
        ['post', false, ['n', 'owner']],
        ['pre', null],
        ['post', false, null],
      ]);
    });

    it('raises, rather than INSERT a row made up of the loaded fields, when its row is gone (with or without receivers)', async () => {
      for (const withReceivers of [false, true]) {
        if (withReceivers) listen();
        const note = await WpsNote.objects.create({ title: 'gone', n: 7 });
        const partial = await WpsNote.objects.only('title').get({ pk: note.pk });
        await WpsNote.objects.filter({ pk: note.pk }).delete();
        events.length = 0;
        const { error, sql } = await failureOf(() => partial.save());
        expect(error).to.be.instanceOf(WrenError);
        expect((error as Error).message).to.equal(`WpsNote.save(): the instance was loaded with only()/defer(), so only its loaded fields are saved (as with updateFields), and no row has id = ${note.pk}`);
        expect(inserts(sql)).to.deep.equal([]);
        expect(await WpsNote.objects.count()).to.equal(0);
        expect(events).to.deep.equal(withReceivers ? [['pre', ['title']]] : []);
      }
    });

    it('forceInsert still INSERTs it, with updateFields null', async () => {
      const note = await WpsNote.objects.create({ title: 'a', n: 3 });
      const partial = await WpsNote.objects.only('title', 'n', 'edited').get({ pk: note.pk });
      await WpsNote.objects.filter({ pk: note.pk }).delete();
      listen();
      await partial.save({ forceInsert: true });
      expect(events).to.deep.equal([
        ['pre', null],
        ['post', true, null],
      ]);
      expect(await WpsNote.objects.filter({ pk: note.pk }).valuesList('title', 'n')).to.deep.equal([['a', 3]]);
    });
  });

  describe('save({ updateFields })', () => {
    it('refuses the primary key, by name or as pk, with FieldError before any SQL or receiver', async () => {
      const note = await WpsNote.objects.create({ title: 'a' });
      listen();
      for (const name of ['id', 'pk']) {
        const { error, sql } = await failureOf(() => note.save({ updateFields: ['title', name] }));
        expect(error).to.be.instanceOf(FieldError);
        expect((error as Error).message).to.equal("WpsNote.save(): updateFields cannot name the primary key 'id': save() finds the row by it. Choices are: edited, n, owner, title");
        expect(sql).to.deep.equal([]);
      }
      expect(events).to.deep.equal([]);
    });

    it('refuses a many-to-many field, which has no column, with FieldError before any SQL', async () => {
      const note = await WpsNote.objects.create({ title: 'a' });
      const { error, sql } = await failureOf(() => note.save({ updateFields: ['readers'] }));
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.match(/WpsNote\.save\(\): updateFields cannot name the many-to-many field 'readers'/);
      expect(sql).to.deep.equal([]);
    });

    it('still takes fields by name or attribute, and names an unknown one with the choices', async () => {
      const owner = await WpsOwner.objects.create({ name: 'o' });
      const note = await WpsNote.objects.create({ title: 'a' });
      note.ownerId = owner.pk as number;
      await note.save({ updateFields: ['ownerId'] });
      note.owner = null;
      await note.save({ updateFields: ['owner'] });
      expect((await WpsNote.objects.get({ pk: note.pk })).ownerId).to.equal(null);
      const { error } = await failureOf(() => note.save({ updateFields: ['titel'] }));
      expect(error).to.be.instanceOf(FieldError);
      expect((error as Error).message).to.match(/unknown field 'titel'\. Did you mean 'title'\?/);
    });
  });

  describe('QuerySet.update() with a related instance', () => {
    it('refuses an unsaved one, by relation or by key, with the message save() gives, before any SQL', async () => {
      await WpsNote.objects.create({ title: 'a' });
      for (const values of [{ owner: new WpsOwner({ name: 'z' }) }, { ownerId: new WpsOwner({ name: 'z' }) as never }]) {
        const { error, sql } = await failureOf(() => WpsNote.objects.update(values));
        expect(error).to.be.instanceOf(WrenError).and.not.instanceOf(ValidationError);
        expect((error as Error).message).to.equal("WpsNote.update() prohibited to prevent data loss due to unsaved related object 'owner'; save the WpsOwner first");
        expect(sql).to.deep.equal([]);
      }
      // save() says the same, with its own name.
      const note = new WpsNote({ title: 'b', owner: new WpsOwner({ name: 'y' }) });
      expect((await failureOf(() => note.save())).error).to.have.property('message', "WpsNote.save() prohibited to prevent data loss due to unsaved related object 'owner'; save the WpsOwner first");
    });

    it('writes a saved one as its key', async () => {
      const note = await WpsNote.objects.create({ title: 'a' });
      const owner = await WpsOwner.objects.create({ name: 'o' });
      expect(await WpsNote.objects.filter({ pk: note.pk }).update({ owner })).to.equal(1);
      expect((await WpsNote.objects.get({ pk: note.pk })).ownerId).to.equal(owner.pk);
      expect(await WpsNote.objects.update({ owner: null })).to.equal(1);
      expect((await WpsNote.objects.get({ pk: note.pk })).ownerId).to.equal(null);
    });

    it('still refuses an instance of another model as a value the key cannot hold', async () => {
      const other = await WpsNote.objects.create({ title: 'a' });
      const { error } = await failureOf(() => WpsNote.objects.update({ owner: other as never }));
      expect(error).to.be.instanceOf(ValidationError);
    });
  });
});

