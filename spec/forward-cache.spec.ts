import { expect } from 'chai';
import { atomic, captureQueries, prefetchRelatedObjects, RelatedObjectNotLoaded, WrenError } from '../lib/index.js';
import { rejection } from './support/assertions.js';
import { forEachDialect, truncate } from './support/dialects.js';
import { RELATION_MODELS, RelAuthor, RelBook, RelProfile, RelTag } from './models/relation-models.js';

const bookTags = () => RelBook._meta.manyToMany[0]!.through as unknown as typeof RelBook;
type Loose = Record<string, unknown> & { related(name: string): Promise<unknown> };
const loose = (instance: object) => instance as unknown as Loose;


forEachDialect('A cached forward relation follows its key (save, bulkCreate, key changes, refreshFromDb)', RELATION_MODELS, () => {
  beforeEach(() => truncate([...RELATION_MODELS, bookTags()]));

  it('refuses to save an instance whose related instance is still unsaved, before any SQL, and fills the key once it is saved', async () => {
    const ann = new RelAuthor({ name: 'Ann' });
    const book = new RelBook({ title: 'Dune', pages: 600 });
    book.author = ann;
    expect(book.authorId).to.equal(null);
    let error: Error | undefined;
    const queries = await captureQueries(async () => {
      error = (await rejection(book.save())) as Error;
    });
    expect(error).to.be.instanceOf(WrenError);
    expect(error!.message).to.contain("unsaved related object 'author'");
    expect(queries).to.have.length(0);
    expect(await RelBook.objects.count()).to.equal(0);

    await ann.save();
    await book.save();
    expect(book.authorId).to.equal(ann.pk);
    expect(book.author).to.equal(ann);
    const stored = await RelBook.objects.selectRelated('author').get({ pk: book.pk });
    expect(stored.authorId).to.equal(ann.pk);
    expect(stored.author.name).to.equal('Ann');
  });

  it('bulkCreate() refuses unsaved related instances before any SQL and inserts none of the batch, inside atomic() too', async () => {
    const ann = await RelAuthor.objects.create({ name: 'Ann' });
    const good = new RelBook({ title: 'Dune', pages: 600, author: ann });
    const bad = new RelBook({ title: 'Emma', pages: 300, author: new RelAuthor({ name: 'Unsaved' }) });
    const error = (await rejection(atomic(() => RelBook.objects.bulkCreate([good, bad])))) as Error;
    expect(error.message).to.contain("RelBook.bulkCreate() prohibited to prevent data loss due to unsaved related object 'author'");
    expect(await RelBook.objects.count()).to.equal(0);
    // An instance given a related instance that was saved afterwards gets its key.
    const late = new RelAuthor({ name: 'Late' });
    const book = new RelBook({ title: 'Persuasion', pages: 250, author: late });
    await late.save();
    await RelBook.objects.bulkCreate([book]);
    expect((await RelBook.objects.get({ title: 'Persuasion' })).authorId).to.equal(late.pk);
  });

  it('a changed key makes the cached instance stale: reading raises, related() and prefetching load the new one', async () => {
    const ann = await RelAuthor.objects.create({ name: 'Ann' });
    const bob = await RelAuthor.objects.create({ name: 'Bob' });
    await RelBook.objects.create({ title: 'Dune', pages: 600, author: ann });
    const book = await RelBook.objects.selectRelated('author').get({ title: 'Dune' });
    expect(book.author.name).to.equal('Ann');
    book.authorId = bob.pk as number;
    expect(() => book.author).to.throw(RelatedObjectNotLoaded);
    expect(((await book.related('author')) as RelAuthor).name).to.equal('Bob');
    expect(book.author.name).to.equal('Bob');

    book.authorId = ann.pk as number;
    await prefetchRelatedObjects([book], ['author']);
    expect(book.author.name).to.equal('Ann');
    // Saving with a changed key writes the key, and the stale instance is not kept.
    book.authorId = bob.pk as number;
    await book.save();
    expect((await RelBook.objects.get({ pk: book.pk })).authorId).to.equal(bob.pk);
    expect(() => book.author).to.throw(RelatedObjectNotLoaded);
  });

  it('a key set to null reads as no relation, on a nullable key', async () => {
    const ann = await RelAuthor.objects.create({ name: 'Ann' });
    await RelBook.objects.create({ title: 'Dune', pages: 600, author: ann, editor: ann });
    const book = await RelBook.objects.selectRelated('editor').get({ title: 'Dune' });
    expect((book.editor as RelAuthor).name).to.equal('Ann');
    book.editorId = null;
    expect(book.editor).to.equal(null);
    await book.save();
    expect((await RelBook.objects.get({ pk: book.pk })).editorId).to.equal(null);
  });

  it('a key set where no related row was loaded (null) makes that stale too: reading raises until the new one is loaded', async () => {
    const ann = await RelAuthor.objects.create({ name: 'Ann' });
    await RelBook.objects.create({ title: 'Dune', pages: 600, author: ann, editor: null });
    const book = await RelBook.objects.selectRelated('editor').get({ title: 'Dune' });
    expect(book.editor).to.equal(null);
    book.editorId = ann.pk as number;
    expect(() => book.editor).to.throw(RelatedObjectNotLoaded);
    expect(((await book.related('editor')) as RelAuthor).name).to.equal('Ann');
    expect((book.editor as RelAuthor).name).to.equal('Ann');
    book.editorId = null;
    expect(book.editor).to.equal(null);
  });

  it('refreshFromDb() drops cached relations the row may no longer match: forward keys, reverse one-to-one, prefetched lists', async () => {
    const ann = await RelAuthor.objects.create({ name: 'Ann' });
    const bob = await RelAuthor.objects.create({ name: 'Bob' });
    const dune = await RelBook.objects.create({ title: 'Dune', pages: 600, author: ann });
    await RelProfile.objects.create({ author: ann, bio: 'writes' });
    const tag = await RelTag.objects.create({ name: 'sci-fi' });
    await new (bookTags())({ relBookId: dune.pk, relTagId: tag.pk } as never).save();

    const book = (await RelBook.objects.selectRelated('author').prefetchRelated('tags').get({ pk: dune.pk })) as RelBook;
    expect(book.author.name).to.equal('Ann');
    await RelBook.objects.filter({ pk: dune.pk }).update({ author: bob });
    await book.refreshFromDb();
    expect(book.authorId).to.equal(bob.pk);
    expect(() => book.author).to.throw(RelatedObjectNotLoaded);
    expect(((await book.related('author')) as RelAuthor).name).to.equal('Bob');
    // The prefetched tags were dropped too: related() queries again.
    const [tags, queries] = await (async () => {
      let loaded: unknown;
      const q = await captureQueries(async () => {
        loaded = await loose(book).related('tags');
      });
      return [loaded as RelTag[], q];
    })();
    expect(tags.map((t) => t.name)).to.deep.equal(['sci-fi']);
    expect(queries).to.have.length(1);

    const author = await RelAuthor.objects.get({ pk: ann.pk });
    const profile = (await loose(author).related('relProfile')) as RelProfile;
    expect(profile.bio).to.equal('writes');
    await author.refreshFromDb({ fields: ['name'] });
    const again = await captureQueries(() => loose(author).related('relProfile'));
    expect(again).to.have.length(1);
  });

  it('refreshFromDb({ fields }) keeps the cached forward relations of fields it did not reload', async () => {
    const ann = await RelAuthor.objects.create({ name: 'Ann' });
    await RelBook.objects.create({ title: 'Dune', pages: 600, author: ann });
    const book = await RelBook.objects.selectRelated('author').get({ title: 'Dune' });
    await RelBook.objects.filter({ pk: book.pk }).update({ pages: 610 });
    await book.refreshFromDb({ fields: ['pages'] });
    expect(book.pages).to.equal(610);
    expect(book.author.name).to.equal('Ann');
  });
});
