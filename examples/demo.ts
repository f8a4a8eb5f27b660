// `npm run demo`: the README's tour on SQLite (db.sqlite3), or on DATABASE_URL when set.
import { atomic, Avg, captureQueries, connect, Count, disconnect, F, Q, RelatedObjectNotLoaded, SchemaEditor } from '../lib/index.js';
import { Author, Book, Tag } from './models.js';

const db = connect(process.env.DATABASE_URL ?? 'sqlite:db.sqlite3');
console.log(`Connected to ${db.dialect.displayName}`);
const editor = new SchemaEditor();
for (const model of [Book, Tag, Author]) await editor.deleteModel(model, { ifExists: true });
for (const model of [Author, Tag, Book]) await editor.createModel(model);

const ann = await Author.objects.create({ name: 'Ann', email: 'ann@x.io' });
ann.age = 31;
await ann.save();
await atomic(async () => {
  await Author.objects.bulkCreate([
    { name: 'Bob', email: 'bob@x.io', age: 17 },
    { name: 'Zoe', email: 'zoe@x.io', age: 40 },
    { name: 'Cy', email: 'cy@x.io' },
  ]);
});

const adults = Author.objects.filter({ age__gte: 18 }).exclude({ name__startswith: 'Z' }).orderBy('-age');
console.log('SQL:', adults.toSQL().sql);
for (const author of await adults.slice(0, 10)) console.log(`  adult: ${author.name} (${author.age})`);
console.log('Ann or unknown age:', await Author.objects.filter(Q({ name: 'Ann' }).or({ age__isnull: true })).count());
await Author.objects.filter({ pk: ann.pk }).update({ age: F('age').add(1) });
console.log('values:', await Author.objects.values('name', 'age'));
console.log('emails:', await Author.objects.valuesList('email', { flat: true }));
console.log('aggregate:', await Author.objects.aggregate({ avg: Avg('age'), n: Count('pk') }));
try {
  await Author.objects.get({ name: 'Nobody' });
} catch (error) {
  if (error instanceof Author.DoesNotExist) console.log('get() raised', error.name);
}

// Relations: keys are always there, related objects only once loaded, never by a hidden query.
const dune = await ann.books.create({ title: 'Dune' });
await dune.tags.add(await Tag.objects.create({ name: 'sci-fi' }), await Tag.objects.create({ name: 'classic' }));
await Book.objects.create({ title: 'Emma', author: ann });
const book = await Book.objects.get({ title: 'Dune' });
console.log('book.authorId:', book.authorId);
try {
  void book.author;
} catch (error) {
  if (error instanceof RelatedObjectNotLoaded) console.log('book.author before loading raises', error.name);
}
console.log('related():', (await book.related('author')).name);
console.log('across relations:', await Book.objects.filter({ author__name: 'Ann', tags__name: 'sci-fi' }).valuesList('title', { flat: true }));
const queries = await captureQueries(async () => {
  for (const a of await Author.objects.filter({ books__isnull: false }).distinct().prefetchRelated('books', 'books__tags')) {
    for (const b of await a.books.all()) console.log(`  ${a.name}: ${b.title} [${(await b.tags.all()).map((t) => t.name).join(', ')}]`);
  }
});
console.log(`prefetchRelated: ${queries.length} queries`);
console.log('books per author:', await Author.objects.annotate({ n: Count('books') }).filter({ n__gt: 0 }).values('name', 'n'));
await disconnect();
