import { expect } from 'chai';
import {
  BooleanField, captureQueries, CharField, connect, database, disconnect, ForeignKey, Model, SchemaEditor, ValidationError, type FieldValues,
} from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';

// fullClean() checks that a ForeignKey's target row exists, as Django's ForeignKey.validate().

class MpvAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 20 }), hidden: new BooleanField({ default: false }) };
  static meta = { tableName: 'mpv_authors' };
  // A default filter: Django checks the target through the base manager, which no filter hides.
  static objects = this.manager((qs) => qs.filter({ hidden: false }));
}
interface MpvAuthor extends FieldValues<typeof MpvAuthor> {}

class MpvCountry extends Model {
  static fields = { code: new CharField({ maxLength: 2, primaryKey: true }), name: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'mpv_countries', verboseName: 'country' };
  static objects = this.manager();
}
interface MpvCountry extends FieldValues<typeof MpvCountry> {}

class MpvBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 20 }),
    author: new ForeignKey(() => MpvAuthor, { onDelete: 'CASCADE', null: true, relatedName: 'books' }),
    editor: new ForeignKey(() => MpvAuthor, { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
    country: new ForeignKey(() => MpvCountry, { onDelete: 'CASCADE', null: true, relatedName: 'books' }),
  };
  static meta = { tableName: 'mpv_books' };
  static objects = this.manager();
}
interface MpvBook extends FieldValues<typeof MpvBook> {}

const MODELS = [MpvAuthor, MpvCountry, MpvBook];

async function errorsOf(instance: Model, options?: Parameters<Model['fullClean']>[0]): Promise<Record<string, string[]> | null> {
  try {
    await instance.fullClean(options);
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return error.errors as Record<string, string[]>;
    throw error;
  }
}

forEachDialect('fullClean(): a ForeignKey must name an existing row', MODELS, () => {
  beforeEach(() => truncate(MODELS));

  it('reports a missing target under the field, in Django\'s words, with one query per key set', async () => {
    const ann = await MpvAuthor.objects.create({ name: 'Ann' });
    const book = new MpvBook({ title: 't', author: 999 as never, editor: ann });
    const queries = await captureQueries(async () => {
      expect(await errorsOf(book)).to.deep.equal({ author: ['MpvAuthor instance with id 999 does not exist.'] });
    });
    expect(queries).to.have.length(2);
    expect(queries.every((q) => /^select/i.test(q.sql.trim()))).to.equal(true);
    await book.save().then(
      () => expect.fail('the save should fail'),
      (error: Error) => expect(error.constructor.name).to.equal('IntegrityError'),
    );
  });

  it('accepts existing targets, an instance or a key, and sends no query for a null key', async () => {
    const ann = await MpvAuthor.objects.create({ name: 'Ann' });
    const fr = await MpvCountry.objects.create({ code: 'FR', name: 'France' });
    const queries = await captureQueries(async () => {
      expect(await errorsOf(new MpvBook({ title: 't', author: ann, country: fr }))).to.equal(null);
      expect(await errorsOf(new MpvBook({ title: 't', authorId: ann.pk, countryId: 'FR' } as never))).to.equal(null);
    });
    expect(queries).to.have.length(4);
    expect(await captureQueries(() => new MpvBook({ title: 't' }).fullClean())).to.have.length(0);
  });

  it('names the target field and shows a text key quoted; uses the model\'s verboseName', async () => {
    const book = new MpvBook({ title: 't', countryId: 'ZZ' } as never);
    expect(await errorsOf(book)).to.deep.equal({ country: ['country instance with code "ZZ" does not exist.'] });
  });

  it('finds a row the default manager\'s filter hides (Django checks through the base manager)', async () => {
    const ghost = await MpvAuthor.objects.create({ name: 'Ghost', hidden: true });
    expect(await MpvAuthor.objects.filter({ pk: ghost.pk }).exists()).to.equal(false);
    expect(await errorsOf(new MpvBook({ title: 't', authorId: ghost.pk } as never))).to.equal(null);
  });

  it('skips an excluded field (by name or key attribute) and a key the field itself refuses', async () => {
    const book = new MpvBook({ title: 't', author: 999 as never });
    const none = await captureQueries(async () => {
      expect(await errorsOf(book, { exclude: ['author'] })).to.equal(null);
      expect(await errorsOf(book, { exclude: ['authorId'] })).to.equal(null);
    });
    expect(none).to.have.length(0);
    const bad = new MpvBook({ title: 't', authorId: 'abc' } as never);
    const queries = await captureQueries(async () => {
      const errors = await errorsOf(bad);
      expect(Object.keys(errors ?? {})).to.deep.equal(['author']);
      expect(errors!.author).to.have.length(1);
      expect(errors!.author![0]).to.not.match(/does not exist/);
    });
    expect(queries).to.have.length(0);
  });

  it('reports the missing target with the other field errors, before clean() and the unique checks', async () => {
    const book = new MpvBook({ title: 'x'.repeat(30), author: 998 as never, editor: 997 as never });
    const errors = await errorsOf(book);
    expect(Object.keys(errors!)).to.deep.equal(['title', 'author', 'editor']);
    expect(errors!.editor).to.deep.equal(['MpvAuthor instance with id 997 does not exist.']);
  });

  it('asks the database the instance came from', async function () {
    connect({ mpv_other: 'sqlite::memory:' });
    try {
      const editor = new SchemaEditor(database('mpv_other'));
      for (const model of MODELS) await editor.createModel(model);
      const far = await MpvAuthor.objects.using('mpv_other').create({ name: 'Far' });
      await MpvBook.objects.using('mpv_other').create({ title: 'b', author: far });
      const book = await MpvBook.objects.using('mpv_other').get({ title: 'b' });
      expect(await MpvAuthor.objects.filter({ pk: far.pk }).exists()).to.equal(false); // not on the default database
      const queries = await captureQueries(async () => expect(await errorsOf(book)).to.equal(null));
      expect(queries.map((q) => q.alias)).to.deep.equal(['mpv_other']);
      await MpvAuthor.objects.using('mpv_other').filter({ pk: far.pk }).delete();
      // A new instance has no database yet: the default one is asked, which lacks the row.
      expect(await errorsOf(new MpvBook({ title: 'c', authorId: far.pk } as never))).to.deep.equal({ author: [`MpvAuthor instance with id ${String(far.pk)} does not exist.`] });
    } finally {
      await disconnect('mpv_other');
    }
  });
});
