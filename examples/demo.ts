// `npm run demo`: the README's tour on SQLite (db.sqlite3), or on DATABASE_URL when set.
import {
  atomic, Avg, CharField, connect, Count, DateTimeField, disconnect, EmailField, F, IntegerField, Model, Q,
  SchemaEditor, type FieldValues,
} from '../lib/index.js';

export class Author extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ unique: true }),
    age: new IntegerField({ null: true }),
    joined: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { ordering: ['name'] };
  static objects = this.manager();
}
export interface Author extends FieldValues<typeof Author> {}

const db = connect(process.env.DATABASE_URL ?? 'sqlite:db.sqlite3');
console.log(`Connected to ${db.dialect.displayName}`);
const editor = new SchemaEditor();
await editor.deleteModel(Author, { ifExists: true });
await editor.createModel(Author);

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
await disconnect();
