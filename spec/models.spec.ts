import { expect } from 'chai';
import {
  captureQueries, CharField, FieldError, ImproperlyConfigured, Model, MultipleObjectsReturned, ObjectDoesNotExist,
  getModel, QuerySet, ValidationError, WrenError, type CapturedQuery,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { MdlBlogEntry, MdlCountry, MdlMemo, MdlNote, MdlStamped, MdlToken } from './models/model-models.js';
import { rejection } from './support/assertions.js';

const MODELS = [MdlBlogEntry, MdlCountry, MdlToken, MdlNote, MdlMemo];

const verbs = (queries: readonly CapturedQuery[]): string[] => queries.map((q) => q.sql.trim().split(/\s+/)[0]!.toUpperCase());

describe('Model metadata', () => {
  it('defaults tableName to the pluralized snake_case class name, and honours an override', () => {
    expect(MdlBlogEntry._meta.tableName).to.equal('mdl_blog_entries');
    expect(MdlNote._meta.tableName).to.equal('mdl_notes');
    expect(MdlCountry._meta.tableName).to.equal('mdl_countries_custom');
    expect(MdlMemo._meta.tableName).to.equal('mdl_memo_rows');
  });

  it('adds an implicit AutoField id first, unless a field is the primary key', () => {
    expect(MdlBlogEntry._meta.fieldNames()).to.deep.equal(['id', 'headline', 'body', 'rating', 'edited', 'created']);
    expect(MdlBlogEntry._meta.pk.name).to.equal('id');
    expect(MdlBlogEntry._meta.pk.isAuto).to.equal(true);
    expect(MdlCountry._meta.fieldNames()).to.deep.equal(['code', 'name']);
    expect(MdlCountry._meta.pk.name).to.equal('code');
    expect(MdlToken._meta.pk.name).to.equal('key');
  });

  it('rejects an unknown field in meta with the choices', () => {
    class MdlBadOrdering extends Model {
      static fields = { title: new CharField({ maxLength: 5 }) };
      static meta = { ordering: ['titel'] };
    }
    expect(() => MdlBadOrdering._meta).to.throw(FieldError, /Cannot resolve keyword 'titel'.*Did you mean 'title'\?.*Choices are: id, title/);
  });

  it('rejects two primary keys and a non-primary-key field named id', () => {
    class MdlTwoPks extends Model {
      static fields = { a: new CharField({ maxLength: 5, primaryKey: true }), b: new CharField({ maxLength: 5, primaryKey: true }) };
    }
    expect(() => MdlTwoPks._meta).to.throw(ImproperlyConfigured, /more than one primary key: a, b/);
    class MdlPlainId extends Model {
      static fields = { id: new CharField({ maxLength: 5 }) };
    }
    expect(() => MdlPlainId._meta).to.throw(ImproperlyConfigured, /MdlPlainId\.id is not a primary key/);
  });

  it('refuses two different models with the same class name', () => {
    const first = class MdlTwin extends Model {
      static fields = { a: new CharField({ maxLength: 5 }) };
      static meta = { tableName: 'mdl_twin_one' };
    };
    const second = class MdlTwin extends Model {
      static fields = { a: new CharField({ maxLength: 5 }) };
      static meta = { tableName: 'mdl_twin_two' };
    };
    expect(first._meta.tableName).to.equal('mdl_twin_one');
    expect(() => second._meta).to.throw(ImproperlyConfigured, /Conflicting models named 'MdlTwin': tables 'mdl_twin_one' and 'mdl_twin_two'/);
    expect(() => second._meta).to.throw(ImproperlyConfigured, /Conflicting models named 'MdlTwin'/);
    expect(getModel('MdlTwin')).to.equal(first);
  });

  it('honours a meta declared after a manager, as Django does whatever the order', () => {
    class MdlLateMeta extends Model {
      static fields = { a: new CharField({ maxLength: 5 }) };
      static objects = this.manager();
      static meta = { tableName: 'mdl_late' };
    }
    expect((new MdlLateMeta({ a: 'x' }) as unknown as { a: string }).a).to.equal('x');
    expect(MdlLateMeta._meta.tableName).to.equal('mdl_late');
    expect(MdlLateMeta.objects.all().toSQL().sql).to.match(/from "mdl_late"/);
  });

  it('refuses multi-table inheritance (a concrete parent)', () => {
    class MdlChildOfConcrete extends MdlCountry {}
    expect(() => MdlChildOfConcrete._meta).to.throw(ImproperlyConfigured, /extends MdlCountry, which is not abstract.*abstract: true/);
  });
});

describe('Model errors', () => {
  it('gives each model its own DoesNotExist and MultipleObjectsReturned subclasses', () => {
    expect(MdlBlogEntry.DoesNotExist).to.equal(MdlBlogEntry.DoesNotExist);
    expect(MdlBlogEntry.DoesNotExist).to.not.equal(MdlCountry.DoesNotExist);
    expect(MdlBlogEntry.MultipleObjectsReturned).to.not.equal(MdlCountry.MultipleObjectsReturned);
    const error = new MdlBlogEntry.DoesNotExist('gone');
    expect(error).to.be.instanceOf(ObjectDoesNotExist);
    expect(error).to.be.instanceOf(WrenError);
    expect(error).to.not.be.instanceOf(MdlCountry.DoesNotExist);
    expect(error.name).to.equal('MdlBlogEntry.DoesNotExist');
    expect(new MdlCountry.MultipleObjectsReturned('two')).to.be.instanceOf(MultipleObjectsReturned);
    expect(MdlCountry.MultipleObjectsReturned.name).to.equal('MdlCountry.MultipleObjectsReturned');
  });

  it('raises FieldError with the choices for an unknown constructor key', () => {
    expect(() => new MdlBlogEntry({ headlin: 'x' } as never)).to.throw(FieldError, /MdlBlogEntry has no field named 'headlin'\. Did you mean 'headline'\? Choices are: body, created, edited, headline, id, rating/);
  });

  it('fills defaults in the constructor and accepts pk as a key', () => {
    const entry = new MdlBlogEntry({ headline: 'h', pk: 7 });
    expect(entry.id).to.equal(7);
    expect(entry.body).to.equal('');
    expect(entry.rating).to.equal(0);
    expect(entry.isAdding).to.equal(true);
    const token = new MdlToken({ label: 't' });
    expect(token.key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new MdlToken({ label: 'u' }).key).to.not.equal(token.key);
  });
});

describe('Abstract models', () => {
  it('are not registered, not instantiable and not queryable, with clear errors', () => {
    expect(MdlStamped._meta.abstract).to.equal(true);
    expect(() => new MdlStamped({ title: 'x' })).to.throw(ImproperlyConfigured, /MdlStamped is abstract/);
    expect(() => new QuerySet(MdlStamped)).to.throw(ImproperlyConfigured, /MdlStamped is abstract .*no table; query one of its concrete subclasses/);
    expect(() => MdlStamped.manager()).to.throw(ImproperlyConfigured, /declare static objects = this\.manager\(\) on each concrete subclass/);
    expect(() => getModel('MdlStamped')).to.throw(ImproperlyConfigured, /No model named 'MdlStamped' has been loaded\. Known: .*MdlBlogEntry/);
    expect(getModel('MdlNote')).to.equal(MdlNote);
  });

  it('pass their fields and meta (ordering) to subclasses, which are concrete', () => {
    expect(MdlNote._meta.abstract).to.equal(false);
    expect(MdlNote._meta.fieldNames()).to.deep.equal(['id', 'title', 'created', 'text']);
    expect(MdlNote._meta.ordering).to.deep.equal(['title']);
    expect(MdlMemo._meta.fieldNames()).to.deep.equal(['id', 'title', 'created', 'urgent']);
    expect(MdlMemo._meta.ordering).to.deep.equal(['-title']);
    // Each subclass owns its own copy of an inherited field.
    const noteTitle = MdlNote._meta.field('title');
    const memoTitle = MdlMemo._meta.field('title');
    expect(noteTitle).to.not.equal(memoTitle);
    expect(noteTitle.owner?.name).to.equal('MdlNote');
    expect(memoTitle.owner?.name).to.equal('MdlMemo');
  });

  it('inherit fields at runtime even when the subclass does not spread them', () => {
    class MdlBareChild extends MdlStamped {
      static override meta = { tableName: 'mdl_bare_children' };
    }
    expect(MdlBareChild._meta.fieldNames()).to.deep.equal(['id', 'title', 'created']);
    expect(MdlBareChild._meta.ordering).to.deep.equal(['title']);
  });
});

forEachDialect('Models', MODELS, () => {
  beforeEach(async () => {
    await truncate(MODELS);
  });

  it('orders by meta.ordering by default, and orderBy() replaces it', async () => {
    await MdlBlogEntry.objects.bulkCreate([
      { headline: 'b', rating: 1 },
      { headline: 'a', rating: 1 },
      { headline: 'c', rating: 5 },
    ]);
    const sql = MdlBlogEntry.objects.all().toSQL().sql;
    expect(sql).to.match(/ORDER BY .*rating.* DESC, .*headline.* ASC/i);
    expect((await MdlBlogEntry.objects.all()).map((e) => e.headline)).to.deep.equal(['c', 'a', 'b']);
    expect((await MdlBlogEntry.objects.orderBy('headline')).map((e) => e.headline)).to.deep.equal(['a', 'b', 'c']);
    await MdlNote.objects.bulkCreate([{ title: 'y' }, { title: 'x' }]);
    expect((await MdlNote.objects.all()).map((n) => n.title)).to.deep.equal(['x', 'y']);
    await MdlMemo.objects.bulkCreate([{ title: 'y' }, { title: 'x' }]);
    expect((await MdlMemo.objects.all()).map((n) => n.title)).to.deep.equal(['y', 'x']);
  });

  it('aliases pk to the primary key, read, write and in filters', async () => {
    const entry = await MdlBlogEntry.objects.create({ headline: 'pk' });
    expect(entry.pk).to.be.a('number');
    expect(entry.pk).to.equal(entry.id);
    expect((await MdlBlogEntry.objects.get({ pk: entry.id })).headline).to.equal('pk');
    const country = await MdlCountry.objects.create({ code: 'FR', name: 'France' });
    expect(country.pk).to.equal('FR');
    country.pk = 'DE';
    expect(country.code).to.equal('DE');
    expect(Object.keys(country)).to.not.include('pk');
  });

  it('INSERTs a new instance and UPDATEs a saved one', async () => {
    const entry = new MdlBlogEntry({ headline: 'first' });
    const inserted = await captureQueries(() => entry.save());
    expect(verbs(inserted)).to.deep.equal(['INSERT']);
    expect(entry.isAdding).to.equal(false);
    expect(entry.id).to.be.a('number');
    expect(entry.created).to.be.instanceOf(Date);
    entry.headline = 'second';
    const updated = await captureQueries(() => entry.save());
    expect(verbs(updated)).to.deep.equal(['UPDATE']);
    const loaded = await MdlBlogEntry.objects.get({ pk: entry.id });
    expect(loaded.headline).to.equal('second');
    expect(loaded.isAdding).to.equal(false);
    loaded.rating = 9;
    expect(verbs(await captureQueries(() => loaded.save()))).to.deep.equal(['UPDATE']);
    expect(await MdlBlogEntry.objects.count()).to.equal(1);
  });

  it('UPDATEs a new instance whose explicit pk exists, and INSERTs when it does not (as Django)', async () => {
    await MdlCountry.objects.create({ code: 'FR', name: 'France' });
    const again = new MdlCountry({ code: 'FR', name: 'République française' });
    expect(verbs(await captureQueries(() => again.save()))).to.deep.equal(['UPDATE']);
    expect(again.isAdding).to.equal(false);
    expect(await MdlCountry.objects.count()).to.equal(1);
    expect((await MdlCountry.objects.get({ pk: 'FR' })).name).to.equal('République française');
    const fresh = new MdlCountry({ code: 'IT', name: 'Italy' });
    expect(verbs(await captureQueries(() => fresh.save()))).to.deep.equal(['UPDATE', 'INSERT']);
    expect(await MdlCountry.objects.valuesList('code', { flat: true })).to.deep.equal(['FR', 'IT']);
    const entry = await MdlBlogEntry.objects.create({ headline: 'old' });
    const byId = new MdlBlogEntry({ id: entry.id, headline: 'replaced' });
    await byId.save();
    expect(await MdlBlogEntry.objects.count()).to.equal(1);
    expect((await MdlBlogEntry.objects.get({ pk: entry.id })).headline).to.equal('replaced');
  });

  it('UPDATEs an unchanged instance without falling back to INSERT (rows matched, not changed)', async () => {
    const country = await MdlCountry.objects.create({ code: 'BE', name: 'Belgium' });
    expect(verbs(await captureQueries(() => country.save()))).to.deep.equal(['UPDATE']);
    const loaded = await MdlCountry.objects.get({ pk: 'BE' });
    expect(verbs(await captureQueries(() => loaded.save({ updateFields: ['name'] })))).to.deep.equal(['UPDATE']);
    expect(await MdlCountry.objects.filter({ pk: 'BE' }).update({ name: 'Belgium' })).to.equal(1);
  });

  it('INSERTs a new instance at once when its key came from the key default, and forceInsert', async () => {
    const token = new MdlToken({ label: 'a' });
    expect(verbs(await captureQueries(() => token.save()))).to.deep.equal(['INSERT']);
    const loaded = await MdlToken.objects.get({ pk: token.key });
    expect(loaded.label).to.equal('a');
    const forced = new MdlCountry({ code: 'ES', name: 'Spain' });
    expect(verbs(await captureQueries(() => forced.save({ forceInsert: true })))).to.deep.equal(['INSERT']);
    expect(await rejection(new MdlCountry({ code: 'ES', name: 'Spain' }).save({ forceInsert: true }))).to.have.property('name', 'IntegrityError');
  });

  it('writes only updateFields, in one UPDATE, and never INSERTs', async () => {
    const entry = await MdlBlogEntry.objects.create({ headline: 'kept', rating: 1 });
    const edited = entry.edited;
    entry.headline = 'not written';
    entry.rating = 2;
    const queries = await captureQueries(() => entry.save({ updateFields: ['rating'] }));
    expect(verbs(queries)).to.deep.equal(['UPDATE']);
    const setClause = queries[0]!.sql.slice(0, queries[0]!.sql.search(/ where /i));
    expect(setClause).to.contain('rating');
    expect(setClause).to.not.contain('headline');
    expect(setClause).to.not.contain('edited');
    expect(setClause).to.not.contain('body');
    const fresh = await MdlBlogEntry.objects.get({ pk: entry.pk });
    expect(fresh.headline).to.equal('kept');
    expect(fresh.rating).to.equal(2);
    expect(fresh.edited.getTime()).to.equal(edited.getTime());
    // autoNow fields update when named.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await entry.save({ updateFields: ['edited'] });
    expect((await MdlBlogEntry.objects.get({ pk: entry.pk })).edited.getTime()).to.be.greaterThan(edited.getTime());
    expect(await captureQueries(() => entry.save({ updateFields: [] }))).to.have.length(0);
  });

  it('rejects updateFields that are unknown, on an unsaved instance, or matching no row', async () => {
    const entry = await MdlBlogEntry.objects.create({ headline: 'x' });
    expect(await rejection(entry.save({ updateFields: ['ratin'] }))).to.be.instanceOf(FieldError).and.have.property('message').match(/unknown field 'ratin'.*Did you mean 'rating'/);
    expect(await rejection(new MdlBlogEntry({ headline: 'y' }).save({ updateFields: ['headline'] }))).to.be.instanceOf(WrenError).and.have.property('message').match(/without a primary key/);
    const ghost = new MdlBlogEntry({ id: 999999, headline: 'ghost' });
    const queries = await captureQueries(async () => {
      expect(await rejection(ghost.save({ updateFields: ['headline'] }))).to.have.property('message').match(/updateFields matched no row with id = 999999/);
    });
    expect(verbs(queries)).to.deep.equal(['UPDATE']);
    expect(await rejection(entry.save({ forceInsert: true, updateFields: ['headline'] }))).to.have.property('message').match(/cannot force both insert and update/);
  });

  it('delete() removes the row and clears the primary key; save() then INSERTs again', async () => {
    const entry = await MdlBlogEntry.objects.create({ headline: 'doomed' });
    const oldId = entry.id;
    expect(await entry.delete()).to.equal(1);
    expect(entry.id).to.equal(null);
    expect(entry.pk).to.equal(null);
    expect(entry.isAdding).to.equal(true);
    expect(entry.headline).to.equal('doomed');
    expect(await MdlBlogEntry.objects.filter({ pk: oldId }).exists()).to.equal(false);
    expect(await rejection(entry.delete())).to.have.property('message').match(/can't be deleted because its id attribute is not set/);
    expect(verbs(await captureQueries(() => entry.save()))).to.deep.equal(['INSERT']);
    expect(entry.id).to.not.equal(oldId);
    const country = await MdlCountry.objects.create({ code: 'PT', name: 'Portugal' });
    await country.delete();
    expect(country.code).to.equal(null);
    expect(await MdlCountry.objects.count()).to.equal(0);
  });

  it('refreshFromDb() reloads every field, or only the named ones', async () => {
    const entry = await MdlBlogEntry.objects.create({ headline: 'h', body: 'b', rating: 1 });
    await MdlBlogEntry.objects.filter({ pk: entry.pk }).update({ headline: 'H2', body: 'B2', rating: 2 });
    entry.rating = 100;
    const queries = await captureQueries(() => entry.refreshFromDb({ fields: ['headline'] }));
    expect(queries).to.have.length(1);
    expect(queries[0]!.sql).to.not.contain('body');
    expect(entry.headline).to.equal('H2');
    expect(entry.body).to.equal('b');
    expect(entry.rating).to.equal(100);
    await entry.refreshFromDb();
    expect([entry.headline, entry.body, entry.rating]).to.deep.equal(['H2', 'B2', 2]);
    expect(await rejection(entry.refreshFromDb({ fields: ['nope'] }))).to.be.instanceOf(FieldError);
    await MdlBlogEntry.objects.filter({ pk: entry.pk }).delete();
    const gone = await rejection(entry.refreshFromDb());
    expect(gone).to.be.instanceOf(MdlBlogEntry.DoesNotExist);
    expect(await rejection(new MdlBlogEntry({ headline: 'x' }).refreshFromDb())).to.have.property('message').match(/has no id; save it first/);
  });

  it('toJSON() gives the field values, without internal state or deferred fields', async () => {
    const country = await MdlCountry.objects.create({ code: 'NL', name: 'Netherlands' });
    expect(country.toJSON()).to.deep.equal({ code: 'NL', name: 'Netherlands' });
    expect(JSON.parse(JSON.stringify(country))).to.deep.equal({ code: 'NL', name: 'Netherlands' });
    const entry = await MdlBlogEntry.objects.create({ headline: 'j', rating: 3 });
    const json = JSON.parse(JSON.stringify(await MdlBlogEntry.objects.get({ pk: entry.pk }))) as Record<string, unknown>;
    expect(Object.keys(json).sort()).to.deep.equal(['body', 'created', 'edited', 'headline', 'id', 'rating']);
    expect(json.created).to.equal(entry.created.toISOString());
    const partial = await MdlBlogEntry.objects.only('headline').get({ pk: entry.pk });
    expect(partial.toJSON()).to.deep.equal({ id: entry.id, headline: 'j' });
  });

  it('raises the model\'s own DoesNotExist / MultipleObjectsReturned from get()', async () => {
    await MdlCountry.objects.bulkCreate([{ code: 'AT', name: 'Austria' }, { code: 'AU', name: 'Australia' }]);
    const missing = await rejection(MdlCountry.objects.get({ code: 'ZZ' }));
    expect(missing).to.be.instanceOf(MdlCountry.DoesNotExist).and.instanceOf(ObjectDoesNotExist);
    expect(missing).to.not.be.instanceOf(MdlBlogEntry.DoesNotExist);
    const many = await rejection(MdlCountry.objects.get({ code__startswith: 'A' }));
    expect(many).to.be.instanceOf(MdlCountry.MultipleObjectsReturned).and.instanceOf(MultipleObjectsReturned);
    expect(many).to.not.be.instanceOf(MdlToken.MultipleObjectsReturned);
  });

  it('create() and the constructor reject undeclared keys before any query', async () => {
    const queries = await captureQueries(async () => {
      expect(await rejection(MdlCountry.objects.create({ code: 'XX', name: 'x', capital: 'y' } as never))).to.be.instanceOf(FieldError).and.have.property('message').match(/MdlCountry has no field named 'capital'/);
    });
    expect(queries).to.have.length(0);
  });

  it('save() does not validate; fullClean() does', async () => {
    const entry = new MdlBlogEntry({ headline: '' });
    await entry.save();
    expect((await MdlBlogEntry.objects.get({ pk: entry.pk })).headline).to.equal('');
    const error = await rejection(entry.fullClean());
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).errors).to.deep.equal({ headline: ['This field cannot be blank.'] });
  });

  it('saves inherited fields of a subclass of an abstract model', async () => {
    const note = await MdlNote.objects.create({ title: 'n', text: 'body' });
    expect(note.created).to.be.instanceOf(Date);
    const loaded = await MdlNote.objects.get({ pk: note.pk });
    expect([loaded.title, loaded.text]).to.deep.equal(['n', 'body']);
    expect(loaded.created.getTime()).to.equal(note.created.getTime());
    const memo = await MdlMemo.objects.create({ title: 'm', urgent: true });
    expect((await MdlMemo.objects.get({ pk: memo.pk })).urgent).to.equal(true);
  });
});
