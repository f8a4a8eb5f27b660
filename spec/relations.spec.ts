import { expect } from 'chai';
import { captureQueries, CharField, FieldError, ForeignKey, ImproperlyConfigured, Model, RelatedObjectNotLoaded } from '../lib/index.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { RELATION_MODELS, RelAuthor, RelBook, RelProfile, RelPublisher, RelTag } from './models/relation-models.js';

// The join model Wren creates for RelBook.tags, reached through the field (no accessor needed).
const bookTags = () => (RelBook._meta.manyToMany[0]!.through as unknown as typeof RelBook);

async function seed() {
  const acme = await RelPublisher.objects.create({ name: 'Acme' });
  const ann = await RelAuthor.objects.create({ name: 'Ann', publisherId: acme.pk });
  const bob = await RelAuthor.objects.create({ name: 'Bob' });
  const dune = await RelBook.objects.create({ title: 'Dune', authorId: ann.pk, pages: 600 });
  const emma = await RelBook.objects.create({ title: 'Emma', author: bob, editor: ann, pages: 300 });
  const scifi = await RelTag.objects.create({ name: 'sci-fi' });
  const classic = await RelTag.objects.create({ name: 'classic' });
  const Through = bookTags();
  for (const [book, tag] of [[dune, scifi], [dune, classic], [emma, classic]] as const) {
    await new Through({ relBookId: book.pk, relTagId: tag.pk }).save();
  }
  return { acme, ann, bob, dune, emma, scifi, classic };
}

forEachDialect('Relations: keys, joins and explicit loads', RELATION_MODELS, () => {
  beforeEach(() => truncate([...RELATION_MODELS, bookTags()]));

  it('stores the key in <name>Id and sets it from an assigned instance', async () => {
    const { ann, bob, emma } = await seed();
    const book = await RelBook.objects.get({ title: 'Emma' });
    expect(book.authorId).to.equal(bob.pk);
    expect(book.editorId).to.equal(ann.pk);
    book.author = ann;
    expect(book.authorId).to.equal(ann.pk);
    await book.save();
    expect((await RelBook.objects.get({ pk: emma.pk })).authorId).to.equal(ann.pk);
  });

  it('keeps each instance of one result its own: loading, assigning, saving or deleting one leaves the others as they were', async () => {
    const { ann, bob } = await seed();
    const [dune, emma] = await RelBook.objects.orderBy('title');
    expect(dune!.isAdding).to.equal(false);
    expect(emma!.isAdding).to.equal(false);
    // An explicit load is cached on that instance only.
    expect((await dune!.related('author'))!.name).to.equal('Ann');
    expect(() => emma!.author).to.throw(RelatedObjectNotLoaded);
    // Assigning a relation on one does not assign it on its neighbour.
    emma!.editor = bob;
    expect(dune!.editorId).to.equal(null);
    expect(() => dune!.editor).to.not.throw();
    expect(dune!.editor).to.equal(null);
    // Deleting one makes it new again; the other stays saved and can still be saved.
    await dune!.delete();
    expect(dune!.isAdding).to.equal(true);
    expect(emma!.isAdding).to.equal(false);
    emma!.pages = 310;
    await emma!.save();
    expect(emma!.isAdding).to.equal(false);
    expect((await RelBook.objects.get({ pk: emma!.pk })).pages).to.equal(310);
    // selectRelated gives every row its own related instance, read back unchanged after the delete.
    const books = await RelBook.objects.selectRelated('author').orderBy('title');
    expect(books.map((b) => [b.title, b.author.name])).to.deep.equal([['Emma', 'Bob']]);
    const fresh = await RelAuthor.objects.prefetchRelated('books').orderBy('name');
    const loaded: unknown[] = [];
    const queries = await captureQueries(async () => {
      for (const a of fresh) loaded.push([a.name, (await a.books.all()).length]);
    });
    expect(loaded).to.deep.equal([['Ann', 0], ['Bob', 1]]);
    expect(queries).to.have.length(0);
    expect(ann.isAdding).to.equal(false);
  });

  it('refuses to read an unloaded relation, and loads it explicitly with related()', async () => {
    const { ann } = await seed();
    const book = await RelBook.objects.get({ title: 'Dune' });
    expect(() => book.author).to.throw(RelatedObjectNotLoaded, /selectRelated\('author'\)/);
    expect(book.editor).to.equal(null); // a null key needs no query
    const queries = await captureQueries(async () => {
      const author = (await book.related('author')) as RelAuthor;
      expect(author.name).to.equal('Ann');
      expect(author.pk).to.equal(ann.pk);
    });
    expect(queries).to.have.length(1);
    expect((book.author as RelAuthor).name).to.equal('Ann');
  });

  it('filters across a forward ForeignKey, two levels deep, and by instance', async () => {
    const { ann } = await seed();
    const titles = async (qs: PromiseLike<RelBook[]>) => (await qs).map((b) => b.title);
    expect(await titles(RelBook.objects.filter({ author__name: 'Ann' }))).to.deep.equal(['Dune']);
    expect(await titles(RelBook.objects.filter({ author__publisher__name__startswith: 'Ac' }))).to.deep.equal(['Dune']);
    expect(await titles(RelBook.objects.filter({ author: ann }))).to.deep.equal(['Dune']);
    expect(await titles(RelBook.objects.filter({ authorId: ann.pk }))).to.deep.equal(['Dune']);
    expect(await titles(RelBook.objects.filter({ editor__isnull: true }))).to.deep.equal(['Dune']);
    expect(await titles(RelBook.objects.orderBy('-author__name'))).to.deep.equal(['Emma', 'Dune']);
  });

  it('uses the key column for author__pk without a join', async () => {
    const { ann } = await seed();
    const { sql } = RelBook.objects.filter({ author__pk: ann.pk }).toSQL();
    expect(sql.toLowerCase()).not.to.include('join');
  });

  it('filters across reverse ForeignKeys and many-to-many relations, both ways', async () => {
    await seed();
    const names = async (qs: PromiseLike<{ name: string }[]>) => (await qs).map((x) => x.name).sort();
    expect(await names(RelAuthor.objects.filter({ books__pages__gt: 500 }))).to.deep.equal(['Ann']);
    expect(await names(RelAuthor.objects.filter({ books__tags__name: 'classic' }).distinct())).to.deep.equal(['Ann', 'Bob']);
    expect(await names(RelTag.objects.filter({ books__title: 'Emma' }))).to.deep.equal(['classic']);
    expect(await names(RelPublisher.objects.filter({ authors__books__title: 'Dune' }))).to.deep.equal(['Acme']);
    expect(await names(RelAuthor.objects.filter({ books__isnull: true }))).to.deep.equal([]);
    const titles = (await RelBook.objects.filter({ tags__name: 'sci-fi' })).map((b) => b.title);
    expect(titles).to.deep.equal(['Dune']);
  });

  it('counts related rows with an annotation over a reverse relation', async () => {
    await seed();
    const { Count } = await import('../lib/index.js');
    const rows = await RelAuthor.objects.annotate({ n: Count('books') }).values('name', 'n');
    expect(rows).to.deep.equal([{ name: 'Ann', n: 1 }, { name: 'Bob', n: 1 }]);
  });

  it('updates and deletes through a filter that joins', async () => {
    await seed();
    expect(await RelBook.objects.filter({ author__name: 'Ann' }).update({ pages: 1 })).to.equal(1);
    expect((await RelBook.objects.get({ title: 'Dune' })).pages).to.equal(1);
    expect(await RelBook.objects.filter({ tags__name: 'sci-fi' }).count()).to.equal(1);
  });

  it('lists relations and reverse relations among the choices of an unknown keyword', async () => {
    expect(() => RelAuthor.objects.filter({ bokos__title: 'x' } as never)).to.throw(FieldError, /books.*Did you mean 'books'/s);
    expect(() => RelBook.objects.filter({ author__nme: 'x' } as never)).to.throw(FieldError, /Choices are: .*name/);
  });

  it('creates one-to-one keys as unique columns', async () => {
    const { ann } = await seed();
    await RelProfile.objects.create({ author: ann, bio: 'hi' });
    let failed = false;
    try {
      await RelProfile.objects.create({ author: ann, bio: 'again' });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });
});

describe('Relations: clashing reverse accessors', () => {
  class ClashHost extends Model {
    static fields = { title: new CharField({ maxLength: 10 }) };
    static meta = { tableName: 'clash_hosts' };
  }
  class ClashA extends Model {
    static fields = { host: new ForeignKey(() => ClashHost, { onDelete: 'CASCADE', relatedName: 'items' }) };
    static meta = { tableName: 'clash_a' };
  }
  class ClashB extends Model {
    static fields = {
      host: new ForeignKey(() => ClashHost, { onDelete: 'CASCADE', relatedName: 'items' }),
      other: new ForeignKey(() => ClashHost, { onDelete: 'CASCADE', relatedName: 'title' }),
    };
    static meta = { tableName: 'clash_b' };
  }

  it('does not break loading models; using the name raises, naming both relations', () => {
    expect(ClashA._meta.name).to.equal('ClashA');
    expect(ClashB._meta.name).to.equal('ClashB');
    expect(() => ClashHost._meta.reverseRelation('items')).to.throw(ImproperlyConfigured, /ClashHost\.items' of ClashB\.host clashes with the reverse accessor of ClashA\.host/);
    expect(() => (new ClashHost({ title: 'x' }) as unknown as { items: unknown }).items).to.throw(ImproperlyConfigured, /another relatedName/);
    expect(() => ClashHost._meta.reverseRelation('title')).to.throw(ImproperlyConfigured, /clashes with the field ClashHost\.title/);
    expect((new ClashHost({ title: 'x' }) as unknown as { title: string }).title).to.equal('x');
  });
});

describe('Relations: the related model given as a class', () => {
  class ClassRefTarget extends Model {
    static fields = { title: new CharField({ maxLength: 10 }) };
    static meta = { tableName: 'class_ref_targets' };
  }
  class ClassRefSource extends Model {
    // The types ask for a function that returns the model; a JavaScript caller may still pass the class.
    static fields = { target: new ForeignKey(ClassRefTarget as never, { onDelete: 'CASCADE' }) };
    static meta = { tableName: 'class_ref_sources' };
  }

  it('raises ImproperlyConfigured saying how to pass it, not a bare TypeError', () => {
    const field = ClassRefSource._meta.field('target') as unknown as { relatedModel: unknown };
    expect(() => field.relatedModel).to.throw(ImproperlyConfigured, /pass the related model lazily.*\(\) => ClassRefTarget.*'ClassRefTarget'/);
  });
});
