import { Avg, Count, F, Max, Q, Sum, type FilterInput, type QuerySet } from '../../lib/index.js';
import { check, expectType, type Equal } from './assert.js';
import { TypeAuthor, TypeCountry } from './models.js';

const authors = TypeAuthor.objects;

export async function reads(): Promise<void> {
  // Awaiting, slicing, get/first give the model type.
  const list = await authors.filter({ age__gte: 18 }).exclude({ name__startswith: 'Z' }).orderBy('-age').slice(0, 10);
  check<Equal<typeof list, TypeAuthor[]>>();
  check<Equal<typeof list[0]['name'], string>>();
  check<Equal<Awaited<ReturnType<typeof authors.get>>, TypeAuthor>>();
  const one = await authors.get({ pk: 1 });
  check<Equal<typeof one, TypeAuthor>>();
  check<Equal<Awaited<ReturnType<typeof authors.first>>, TypeAuthor | undefined>>();
  for await (const author of authors.all()) expectType<TypeAuthor>(author);
  for await (const author of authors.iterator({ chunkSize: 100 })) expectType<TypeAuthor>(author);
  const n: number = await authors.count();
  const found: boolean = await authors.exists();
  void n, found;
  const country = await TypeCountry.objects.get({ pk: 'NZ' });
  check<Equal<typeof country, TypeCountry>>();
  // inBulk(): keyed by the primary key's type, or by the `fieldName` field's.
  const byPk = await authors.inBulk([1, 2]);
  check<Equal<typeof byPk, Map<number, TypeAuthor>>>();
  const byEmail = await authors.filter({ active: true }).inBulk(['a@x.io'], { fieldName: 'email' });
  check<Equal<typeof byEmail, Map<string, TypeAuthor>>>();
  const countries = await TypeCountry.objects.inBulk();
  check<Equal<typeof countries, Map<string, TypeCountry>>>();
  // @ts-expect-error fieldName is one of the model's fields
  await authors.inBulk([1], { fieldName: 'emial' });
  // @ts-expect-error the keys are numbers here
  const wrongKeys: Map<string, TypeAuthor> = await authors.inBulk([1]);
  void wrongKeys;
}

export function filters(): void {
  // Field names, with or without a lookup, each lookup with its own value type.
  authors.filter({ name: 'Ann', age: null, email__iexact: 'ANN@X.IO' });
  authors.filter({ age__in: [1, 2], age__isnull: true, age__range: [18, 65], age__gt: 1, age__lte: 9 });
  authors.filter({ name__contains: 'n', name__icontains: 'N', name__regex: '^A', name__in: ['a', 'b'] });
  authors.filter({ joined__year: 2024, joined__month__gte: 6, joined__date: '2024-01-31', joined__hour__in: [1, 2] });
  authors.filter({ joined__gte: new Date(), joined__range: [new Date(0), new Date()] });
  authors.filter({ birthday__year__lt: 2000, wakes__hour: 7, rating__gt: '1.50', active: true, token: 'x' });
  authors.filter({ pk: 1, pk__in: [1, 2], id__gt: 3, profile__isnull: false });
  authors.filter({ age: F('visits') }, { visits__gt: F('age').add(1) });
  TypeCountry.objects.filter({ pk: 'NZ', pk__in: ['NZ', 'AU'], code__startswith: 'N' });

  // @ts-expect-error unknown field
  authors.filter({ nme: 'Ann' });
  // @ts-expect-error unknown lookup suffix
  authors.filter({ name__containz: 'A' });
  // @ts-expect-error text lookups are for text fields
  authors.filter({ age__contains: 1 });
  // @ts-expect-error transforms are for date/time fields
  authors.filter({ name__year: 2020 });
  // @ts-expect-error `in` takes an array
  authors.filter({ age__in: 1 });
  // @ts-expect-error `in` takes an array of the field's type
  authors.filter({ age__in: ['1'] });
  // @ts-expect-error `isnull` takes a boolean
  authors.filter({ age__isnull: 1 });
  // @ts-expect-error `range` takes a pair
  authors.filter({ age__range: [1] });
  // @ts-expect-error `range` takes a pair of the field's type
  authors.filter({ joined__range: [true, false] });
  // @ts-expect-error `year` takes a number
  authors.filter({ joined__year: '2020' });
  // @ts-expect-error `contains` takes a string
  authors.filter({ name__contains: 1 });
  // @ts-expect-error exact value of the field's type
  authors.filter({ age: '18' });
  // @ts-expect-error `gte` takes the field's type
  authors.filter({ joined__gte: true });
  // @ts-expect-error pk is a number here
  authors.filter({ pk: 'x' });
  // @ts-expect-error pk__in takes an array of pks
  TypeCountry.objects.filter({ pk__in: [1] });
  // @ts-expect-error a non-null field is never NULL: use __isnull on nullable fields
  authors.filter({ name: null });
  // @ts-expect-error lookups cannot be chained
  authors.filter({ age__gt__lt: 1 });
  // @ts-expect-error exclude and get check the same way
  authors.exclude({ nme: 'x' });
  // @ts-expect-error exclude and get check the same way
  void authors.get({ age__in: 3 });
}

export function qObjects(): void {
  authors.filter(Q({ name: 'Ann' }).or({ age__isnull: true }));
  authors.filter(Q({ name: 'Ann' }).and(Q({ age__gte: 18 }).not()), { active: true });
  authors.exclude(Q({ joined__year: 2020 }).or(Q({ rating__lt: '1' })));
  // @ts-expect-error unknown field inside Q
  authors.filter(Q({ nme: 'Ann' }));
  // @ts-expect-error unknown field in Q.or
  authors.filter(Q({ name: 'Ann' }).or({ agee__isnull: true }));
  // @ts-expect-error wrong value type inside Q
  authors.filter(Q({ age__isnull: 'yes' }));
  // @ts-expect-error one bad key among good ones
  authors.filter(Q({ name: 'Ann', nme: 'x' }));
  // @ts-expect-error a Q built for one model is checked against the model it filters
  TypeCountry.objects.filter(Q({ age: 3 }));
}

export function ordering(): void {
  authors.orderBy('name', '-age', '?', 'pk', '-joined');
  // @ts-expect-error unknown field
  authors.orderBy('nme');
  // @ts-expect-error unknown field after '-'
  authors.orderBy('-nme');
  // @ts-expect-error lookups are not orderings
  authors.orderBy('name__year');
  authors.only('name', 'age').defer('age');
  // @ts-expect-error unknown field
  authors.only('nme');
}

export async function valuesRows(): Promise<void> {
  const rows = await authors.values('name', 'age');
  check<Equal<typeof rows, { name: string; age: number | null }[]>>();
  const all = await authors.values();
  check<Equal<typeof all[0]['joined'], Date>>();
  const filtered = await authors.values('pk', 'email').filter({ age__gt: 1 }).orderBy('-age');
  check<Equal<typeof filtered, { pk: number; email: string }[]>>();
  // @ts-expect-error unknown field
  authors.values('nme');
  // @ts-expect-error only the selected keys are present
  rows[0]!.email;

  const emails = await authors.valuesList('email', { flat: true });
  check<Equal<typeof emails, string[]>>();
  const ages = await authors.valuesList('age', { flat: true });
  check<Equal<typeof ages, (number | null)[]>>();
  const pairs = await authors.valuesList('name', 'joined');
  check<Equal<typeof pairs, [string, Date][]>>();
  const triples = await authors.valuesList('pk', 'rating', 'profile');
  check<Equal<typeof triples[0], [number, string, import('../../lib/index.js').JsonValue | null]>>();
  // @ts-expect-error unknown field
  authors.valuesList('nme', { flat: true });
  // @ts-expect-error unknown field
  authors.valuesList('name', 'nme');
}

export async function aggregates(): Promise<void> {
  const totals = await authors.aggregate({ avg: Avg('age'), n: Count('pk'), most: Max<Date>('joined'), sum: Sum('visits') });
  check<Equal<typeof totals, { avg: number | null; n: number; most: Date | null; sum: number | null }>>();
  // @ts-expect-error only the named keys exist
  totals.count;
  const annotated = await authors.annotate({ n: Count('pk') }).filter({ age__gt: 1 });
  check<Equal<typeof annotated[0]['n'], number>>();
  check<Equal<typeof annotated[0]['name'], string>>();
}

export async function writes(): Promise<void> {
  // Required: fields without null, default or an automatic value.
  const created = await authors.create({ name: 'Ann', email: 'ann@x.io', slug: 'ann' });
  check<Equal<typeof created, TypeAuthor>>();
  await authors.create({ name: 'Bo', email: 'b@x.io', slug: 'b', age: null, rating: '1.50', profile: { tags: ['a'] }, id: 7 });
  await TypeCountry.objects.create({ code: 'NZ', name: 'New Zealand' });
  // @ts-expect-error email is required
  await authors.create({ name: 'Ann', slug: 'ann' });
  // @ts-expect-error unknown keys are rejected
  await authors.create({ name: 'Ann', email: 'a@x.io', slug: 'a', nme: 'x' });
  // @ts-expect-error a field with a default is optional but not nullable
  await authors.create({ name: 'Ann', email: 'a@x.io', slug: 'a', active: null });
  // @ts-expect-error values have the field's type
  await authors.create({ name: 'Ann', email: 'a@x.io', slug: 'a', age: '3' });
  // @ts-expect-error a declared CharField primary key is required
  await TypeCountry.objects.create({ name: 'New Zealand' });

  const made = await authors.bulkCreate([{ name: 'A', email: 'a@x.io', slug: 'a' }, created]);
  check<Equal<typeof made, TypeAuthor[]>>();
  await authors.bulkUpdate(made, ['age', 'name']);
  // @ts-expect-error unknown field
  await authors.bulkUpdate(made, ['nme']);
  await authors.bulkCreate([{ name: 'A', email: 'a@x.io', slug: 'a' }], { updateConflicts: true, uniqueFields: ['email'], updateFields: ['name', 'age'] });
  await authors.bulkCreate([{ name: 'A', email: 'a@x.io', slug: 'a' }], { ignoreConflicts: true, batchSize: 100 });
  // @ts-expect-error updateFields are the model's field names
  await authors.bulkCreate([], { updateConflicts: true, uniqueFields: ['email'], updateFields: ['nme'] });
  // @ts-expect-error uniqueFields too
  await authors.bulkCreate([], { updateConflicts: true, uniqueFields: ['emial'], updateFields: ['name'] });
  const isThere: boolean = await authors.filter({ name: 'A' }).contains(made[0]!);
  void isThere;
  // Callable defaults (called only when used), typed by what they give.
  await authors.getOrCreate({ email: 'a@x.io' }, { name: () => 'A', slug: 'a' });
  await authors.updateOrCreate({ email: 'a@x.io' }, { age: () => 3 }, { name: 'A', slug: () => 'a' });
  // @ts-expect-error a default's function gives the field's type
  await authors.getOrCreate({ email: 'a@x.io' }, { name: () => 3, slug: 'a' });
  const [got, isNew] = await authors.getOrCreate({ email: 'a@x.io' }, { name: 'A', slug: 'a' });
  check<Equal<typeof got, TypeAuthor>>();
  check<Equal<typeof isNew, boolean>>();

  // update(): any subset of fields, values of the field's type or F expressions.
  const changed: number = await authors.filter({ pk: 1 }).update({ age: F('age').add(1), name: 'x', profile: null });
  void changed;
  // @ts-expect-error unknown field
  await authors.update({ nme: 'x' });
  // @ts-expect-error wrong value type
  await authors.update({ age: 'old' });
  // @ts-expect-error not nullable
  await authors.update({ name: null });
}

/** The manager type: a QuerySet over the model. */
check<Equal<typeof TypeAuthor.objects, QuerySet<typeof TypeAuthor>>>();

export async function annotations(): Promise<void> {
  const counted = authors.annotate({ n: Count('pk'), top: Max<string>('name') });
  // Annotations can be filtered, ordered and selected like fields, with their own value types.
  const rows = await counted.filter({ n__gt: 1, top__icontains: 'a', age__isnull: false }).orderBy('-n', 'name');
  check<Equal<typeof rows[0]['n'], number>>();
  await counted.filter(Q({ n__in: [1, 2] }).or({ name: 'x' }));
  const values = await counted.values('name', 'n');
  check<Equal<typeof values, { name: string; n: number }[]>>();
  const ns = await counted.valuesList('n', { flat: true });
  check<Equal<typeof ns, number[]>>();
  const pairs = await counted.valuesList('top', 'age');
  check<Equal<typeof pairs, [string | null, number | null][]>>();
  // Django's group-by idiom: values() then annotate().
  const grouped = await authors.values('active').annotate({ n: Count('pk') }).orderBy('-n');
  check<Equal<typeof grouped, ({ active: boolean } & { n: number })[]>>();
  // @ts-expect-error an annotation takes values of its type
  counted.filter({ n__gt: 'x' });
  // @ts-expect-error text lookups only on text annotations
  counted.filter({ n__contains: '1' });
  // @ts-expect-error unknown annotation
  counted.filter({ m__gt: 1 });
  // @ts-expect-error unknown annotation in orderBy
  counted.orderBy('-m');
  // @ts-expect-error annotations do not exist before annotate()
  authors.filter({ n__gt: 1 });
  // @ts-expect-error nor can they be selected
  authors.values('n');
}

/** Keys only known at run time need a cast (the runtime still checks them). */
export function dynamicKeys(key: string, value: unknown): void {
  authors.filter({ [key]: value } as FilterInput<typeof TypeAuthor>);
  authors.filter(Q({ [key]: value }) as never);
}
