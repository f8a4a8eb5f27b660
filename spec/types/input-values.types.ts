// What writes and filter values take: each field's conversion accepts more than the type it reads
// back (README "Values and errors", the Accepts column), so inputs are typed apart from reads.
// Models in ./models.ts.
import { check, type Equal } from './assert.js';
import { TypeAuthor } from './models.js';

const authors = TypeAuthor.objects;
const required = { name: 'Ann', email: 'ann@x.io', slug: 'ann' };

export async function writes(): Promise<void> {
  // DateTimeField: a Date, epoch milliseconds or ISO 8601 text (zoneless is UTC).
  await authors.create({ ...required, joined: '2026-03-29 02:30' });
  await authors.create({ ...required, joined: 0 });
  // DateField: 'YYYY-MM-DD' or a Date (its UTC day); DecimalField: text, numbers, bigints;
  // integer fields: numbers and bigints; BinaryField: a Buffer or a Uint8Array.
  const made = await authors.create({ ...required, birthday: new Date(), rating: 1.5, age: 3n, visits: 2n, avatar: new Uint8Array(2) });
  await authors.create({ ...required, birthday: '2026-01-01', rating: 2n, joined: new Date() });
  await authors.bulkCreate([{ ...required, rating: 1, joined: '2026-01-01T00:00:00Z' }]);
  await authors.filter({ pk: 1 }).update({ joined: '2026-01-01T00:00:00Z', rating: 2n, birthday: new Date(), age: null });
  await authors.getOrCreate({ birthday: new Date(), age: 3n }, { rating: 1.5, joined: 0 });
  await authors.updateOrCreate({ email: 'ann@x.io' }, { birthday: new Date(0) });

  // What is read back keeps the read type: instances hold converted values.
  check<Equal<typeof made.joined, Date>>();
  check<Equal<typeof made.rating, string>>();
  check<Equal<typeof made.birthday, string | null>>();
  check<Equal<typeof made.age, number | null>>();
  check<Equal<typeof made.avatar, Buffer | null>>();
  const rows = await authors.values('joined', 'rating');
  check<Equal<typeof rows, { joined: Date; rating: string }[]>>();
  // @ts-expect-error an attribute holds the read type (a Date), not what a write converts
  made.joined = '2026-01-01';
  // @ts-expect-error likewise a decimal attribute holds its exact string
  made.rating = 1.5;

  // @ts-expect-error a DateField takes text or a Date, not epoch milliseconds
  await authors.create({ ...required, birthday: 0 });
  // @ts-expect-error a TimeField takes 'HH:MM[:ss]' text, not a Date
  await authors.create({ ...required, wakes: new Date() });
  // @ts-expect-error a DecimalField takes no booleans
  await authors.create({ ...required, rating: true });
  // @ts-expect-error a DateTimeField takes no booleans
  await authors.filter({ pk: 1 }).update({ joined: true });
  // @ts-expect-error a BinaryField takes bytes, not text
  await authors.create({ ...required, avatar: 'bytes' });
  // @ts-expect-error text for a number field is not typed, though the runtime converts integral text
  await authors.create({ ...required, age: '3' });
  // @ts-expect-error nor a number for a text field
  await authors.create({ ...required, name: 3, email: 'a@x.io', slug: 'a' });
  // @ts-expect-error nullability still holds for inputs
  await authors.create({ ...required, joined: null });
  // @ts-expect-error getOrCreate's defaults too
  await authors.getOrCreate({ email: 'ann@x.io' }, { birthday: 0 });
}

export function filters(): void {
  authors.filter({ joined__gte: '2026-01-01T00:00:00Z', joined__lt: Date.now(), birthday: new Date(), rating__lt: 10 });
  authors.filter({ age__in: [1n, 2], joined__range: [0, new Date()], birthday__range: ['2026-01-01', new Date()], visits: 10n });
  authors.exclude({ rating: 1n, avatar: new Uint8Array(1) });
  void authors.get({ joined: '2026-03-29 02:30' });
  // Transforms keep their own value types.
  authors.filter({ joined__year: 2026, joined__date: '2026-03-29' });

  // @ts-expect-error a DateField filter takes text or a Date
  authors.filter({ birthday: 20260101 });
  // @ts-expect-error `__in` members convert like the field's values
  authors.filter({ birthday__in: [0] });
  // @ts-expect-error a TimeField filter takes text
  authors.filter({ wakes__gte: new Date() });
  // @ts-expect-error `year` still takes a number
  authors.filter({ joined__year: '2020' });
  // @ts-expect-error a non-null field is never NULL, whatever it accepts
  authors.filter({ joined: null });
}
