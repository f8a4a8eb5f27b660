// Relation types: attributes, keys, related managers, create/update inputs, relation paths in
// filters, orderings and values(), related(). Models in ./relation-models.ts.
import { Count, Q, type ManyToManyManager, type RelatedManager } from '../../lib/index.js';
import type { LoadedRelation, RelationNameOf } from '../../lib/models/types.js';
import { check, expectType, type Equal } from './assert.js';
import { TypeBio, TypeBook, TypeCountryOfOrigin, TypeHouse, TypeLabel, TypeWriter } from './relation-models.js';

declare const book: TypeBook;
declare const writer: TypeWriter;
declare const house: TypeHouse;
declare const label: TypeLabel;
declare const country: TypeCountryOfOrigin;

export function attributes(): void {
  // A ForeignKey is the related instance, its key the target's primary key type; both nullable with null: true.
  check<Equal<typeof book.author, TypeWriter>>();
  check<Equal<typeof book.authorId, number>>();
  check<Equal<typeof writer.house, TypeHouse | null>>();
  check<Equal<typeof writer.houseId, number | null>>();
  // Declared further down the file, and a mutual reference (TypeWriter.favourite <-> TypeBook.author).
  check<Equal<typeof writer.favourite, TypeBook | null>>();
  check<Equal<typeof writer.favourite, TypeBook | null>>();
  // A self-reference.
  check<Equal<typeof writer.mentor, TypeWriter | null>>();
  // A target with its own primary key gives its type to the key.
  check<Equal<typeof house.country, TypeCountryOfOrigin>>();
  check<Equal<typeof house.countryId, string>>();
  // One-to-one: a unique ForeignKey.
  check<Equal<TypeBio['writer'], TypeWriter>>();
  check<Equal<TypeBio['writerId'], number>>();
  // toField: the key has the type of that field (a CharField here, where the primary key is a number).
  check<Equal<TypeBio['editorByNameId'], string | null>>();
  check<Equal<TypeBio['editorByName'], TypeWriter | null>>();
  // A target named by a string is unknown to the types.
  check<Equal<typeof book.editor, unknown>>();
  check<Equal<typeof book.editorId, unknown>>();
  // Many-to-many: a related manager over the other side, not assignable.
  check<Equal<typeof book.labels, ManyToManyManager<typeof TypeLabel>>>();
  // @ts-expect-error a many-to-many relation is changed through its manager (set/add/remove)
  book.labels = label.books as never;
  // @ts-expect-error there is no key attribute for a many-to-many relation
  book.labelsId;
  // @ts-expect-error no such relation
  book.authr;

  // Assigning: the right model (or null where allowed), and the key of the right type.
  book.author = writer;
  book.authorId = 3;
  writer.house = null;
  writer.houseId = null;
  house.countryId = 'NZ';
  // @ts-expect-error a required relation is not nullable
  book.author = null;
  // @ts-expect-error wrong model
  book.author = label;
  // @ts-expect-error wrong model
  writer.house = country;
  // @ts-expect-error the key has the target's primary key type
  house.countryId = 3;
  // @ts-expect-error the key is a number
  book.authorId = '3';
}

export function reverseAccessors(): void {
  // Declared in FieldValues' second argument: FieldValues<typeof TypeWriter, { books: typeof TypeBook, ... }>.
  check<Equal<typeof writer.books, RelatedManager<typeof TypeBook, 'author'>>>();
  check<Equal<typeof label.books, ManyToManyManager<typeof TypeBook>>>();
  check<Equal<typeof writer.bio, TypeBio>>();
  check<Equal<typeof country.houses, RelatedManager<typeof TypeHouse, 'country'>>>();
  // @ts-expect-error a reverse accessor that was not declared
  house.books;
}

export async function managers(): Promise<void> {
  // Reverse ForeignKey manager: a QuerySet over the books, plus the writes; create() fills the author.
  const books = await writer.books.filter({ pages__gt: 100 }).orderBy('title');
  check<Equal<typeof books, TypeBook[]>>();
  const created = await writer.books.create({ title: 'New' });
  check<Equal<typeof created, TypeBook>>();
  await writer.books.add(book, book);
  await writer.books.add(book, { bulk: false });
  await writer.books.set([book]);
  await writer.pupils.remove(writer);
  await writer.pupils.clear({ bulk: false });
  const n: number = await writer.books.count();
  void n;
  // @ts-expect-error create() still checks the other fields
  await writer.books.create({ title: 'New', pages: 'many' });
  // @ts-expect-error a required field without a default is still required
  await writer.books.create({ pages: 3 });
  // @ts-expect-error add() takes instances of the related model
  await writer.books.add(label);
  // @ts-expect-error a reverse ForeignKey manager takes instances, not keys
  await writer.books.add(3);
  // @ts-expect-error filters are checked against the related model
  writer.books.filter({ nme: 'x' });

  // Many-to-many manager: instances or keys (of the target's primary key type).
  await book.labels.add(label, 'b9c3a9c4-0000-0000-0000-000000000000');
  await book.labels.add(label, { throughDefaults: { weight: 2 } });
  await book.labels.remove(label);
  await book.labels.set([label], { clear: true });
  await book.labels.clear();
  const made = await book.labels.create({ name: 'new' });
  check<Equal<typeof made, TypeLabel>>();
  const labels = await book.labels.all();
  check<Equal<typeof labels, TypeLabel[]>>();
  await label.books.add(book, 7);
  // @ts-expect-error keys have the target's primary key type
  await book.labels.add(3);
  // @ts-expect-error wrong model
  await book.labels.add(writer);
  // @ts-expect-error the labels' fields
  await book.labels.create({ title: 'x' });
  const [found, linked] = await book.labels.getOrCreate({ name: 'x' }, {}, { throughDefaults: { weight: 2 } });
  check<Equal<[typeof found, typeof linked], [TypeLabel, boolean]>>();
  const [updated] = await book.labels.updateOrCreate({ name__iexact: 'x' }, { name: 'y' }, undefined, { throughDefaults: { weight: 3 } });
  check<Equal<typeof updated, TypeLabel>>();
  // @ts-expect-error the labels' fields in the lookup
  await book.labels.getOrCreate({ title: 'x' });
  // @ts-expect-error the labels' fields in the defaults
  await book.labels.updateOrCreate({ name: 'x' }, { title: 'y' });
}

export async function related(): Promise<void> {
  // The explicit async load of a forward relation.
  const author = await book.related('author');
  check<Equal<typeof author, TypeWriter>>();
  const maybeHouse = await writer.related('house');
  check<Equal<typeof maybeHouse, TypeHouse | null>>();
  // @ts-expect-error not a relation
  await book.related('title');
  // @ts-expect-error typo
  await book.related('autor');
  const books = await writer.related('books');
  check<Equal<typeof books, TypeBook[]>>();
  const labels = await book.related('labels');
  check<Equal<typeof labels, TypeLabel[]>>();
  const bio = await writer.related('bio');
  check<Equal<typeof bio, TypeBio>>();
  // @ts-expect-error a reverse relation that was not declared
  await house.related('books');
}

// What `related()` accepts and gives for each kind of relation (as model.ts's signature will use it).
export function relatedTypes(): void {
  check<Equal<LoadedRelation<TypeBook, 'author'>, TypeWriter>>();
  check<Equal<LoadedRelation<TypeWriter, 'house'>, TypeHouse | null>>();
  check<Equal<LoadedRelation<TypeBook, 'editor'>, unknown>>();
  // To-many relations load as arrays (a reverse ForeignKey, many-to-many both ways); a reverse one-to-one as the one object.
  check<Equal<LoadedRelation<TypeWriter, 'books'>, TypeBook[]>>();
  check<Equal<LoadedRelation<TypeBook, 'labels'>, TypeLabel[]>>();
  check<Equal<LoadedRelation<TypeLabel, 'books'>, TypeBook[]>>();
  check<Equal<LoadedRelation<TypeWriter, 'bio'>, TypeBio>>();
  check<Equal<RelationNameOf<TypeWriter>, 'house' | 'favourite' | 'mentor' | 'books' | 'pupils' | 'bio'>>();
  check<Equal<RelationNameOf<TypeHouse>, 'country' | 'writers'>>();
}

export async function creating(): Promise<void> {
  // A required relation as an instance or as a key.
  await TypeBook.objects.create({ title: 'A', author: writer });
  await TypeBook.objects.create({ title: 'A', authorId: 1, editor: null, pages: 3 });
  // Nullable relations may be left out or null.
  await TypeWriter.objects.create({ name: 'W' });
  await TypeWriter.objects.create({ name: 'W', house, houseId: null, favourite: null });
  await TypeHouse.objects.create({ name: 'H', countryId: 'NZ' });
  // @ts-expect-error the author (or authorId) is required
  await TypeBook.objects.create({ title: 'A' });
  // @ts-expect-error wrong model for the relation
  await TypeBook.objects.create({ title: 'A', author: house });
  // @ts-expect-error the key's type
  await TypeBook.objects.create({ title: 'A', authorId: 'x' });
  // @ts-expect-error the key's type (a CharField primary key)
  await TypeHouse.objects.create({ name: 'H', countryId: 1 });
  // @ts-expect-error a required relation is not nullable
  await TypeBook.objects.create({ title: 'A', author: null });
  // @ts-expect-error many-to-many links are added after the object exists
  await TypeBook.objects.create({ title: 'A', author: writer, labels: [label] });
  // @ts-expect-error typo
  await TypeBook.objects.create({ title: 'A', authr: writer });

  await TypeBook.objects.filter({ pk: 1 }).update({ author: writer });
  await TypeBook.objects.filter({ pk: 1 }).update({ authorId: 2, editorId: null });
  await TypeWriter.objects.update({ house: null, mentorId: 2 });
  // @ts-expect-error wrong model
  await TypeBook.objects.update({ author: house });
  // @ts-expect-error not nullable
  await TypeBook.objects.update({ author: null });
  // @ts-expect-error not a key
  await TypeBook.objects.update({ authorId: 'x' });
  const [got] = await TypeBook.objects.getOrCreate({ title: 'A', author: writer }, { pages: 2, authorId: 1 });
  check<Equal<typeof got, TypeBook>>();
}

export function filters(): void {
  const qs = TypeBook.objects;
  // The relation itself: an instance or a key; its key attribute; `__in` with instances or keys.
  qs.filter({ author: writer, authorId: 1, author__in: [writer, writer], authorId__in: [1, 2], author__isnull: false });
  qs.filter({ author__in: [1, 2], author__pk: 1, author__id__gt: 3, author__exact: 1 });
  TypeWriter.objects.filter({ house: null, houseId: null, house__isnull: true });
  TypeHouse.objects.filter({ country: 'NZ', countryId__in: ['NZ'], country__name__startswith: 'N' });
  // Paths across relations, three deep, with lookups and transforms at the end.
  qs.filter({ author__name: 'Ann', author__name__icontains: 'an', author__house__name__startswith: 'H' });
  qs.filter({ author__house__country__name__icontains: 'zeal', author__house__country__code__in: ['NZ'] });
  qs.filter({ author__house__founded__gte: 1900, author__mentor__mentor__name: 'M', author__favourite__title: 'T' });
  // Many-to-many both ways, reverse relations declared in FieldValues, and Q objects.
  qs.filter({ labels__name: 'sci-fi', labels: label, labels__in: [label], labels__token: 'x' });
  TypeLabel.objects.filter({ books__title: 'T', books__author__name: 'A' });
  TypeWriter.objects.filter({ books__pages__gt: 3, books: book, pupils__name: 'P', bio__text__icontains: 'x' });
  TypeCountryOfOrigin.objects.filter({ houses__writers__name: 'W', houses__isnull: false });
  qs.filter(Q({ author__name: 'A' }).or({ labels__name__in: ['a', 'b'] }));
  qs.exclude({ author__house__isnull: true });
  // A relation named by a string: paths are not checked by the types (the runtime checks them).
  qs.filter({ editor__name: 'x', editor: 3 });

  // @ts-expect-error typo in a relation
  qs.filter({ autor__name: 'Ann' });
  // @ts-expect-error typo in the related model's field
  qs.filter({ author__nme: 'Ann' });
  // @ts-expect-error typo two relations deep
  qs.filter({ author__house__nme: 'H' });
  // @ts-expect-error typo three relations deep
  qs.filter({ author__house__country__nme: 'NZ' });
  // @ts-expect-error unknown lookup on a related field
  qs.filter({ author__name__containz: 'A' });
  // @ts-expect-error value type of a related field
  qs.filter({ author__house__founded__gte: '1900' });
  // @ts-expect-error text lookups are for text fields, across relations too
  qs.filter({ author__house__founded__icontains: '19' });
  // @ts-expect-error wrong model instance for the relation
  qs.filter({ author: house });
  // @ts-expect-error wrong model instance in __in
  qs.filter({ author__in: [label] });
  // @ts-expect-error the key's type
  qs.filter({ authorId: 'x' });
  // @ts-expect-error a CharField key
  TypeHouse.objects.filter({ country: 3 });
  // @ts-expect-error a required relation is never NULL: use __isnull
  qs.filter({ author: null });
  // @ts-expect-error wrong many-to-many model
  qs.filter({ labels: writer });
  // @ts-expect-error typo through a many-to-many relation
  qs.filter({ labels__nme: 'x' });
  // @ts-expect-error a reverse relation that was not declared
  TypeHouse.objects.filter({ books__title: 'x' });
  // @ts-expect-error typo inside Q
  qs.filter(Q({ author__nam: 'A' }));
  // @ts-expect-error wrong value inside Q, through a relation
  qs.filter(Q({ title: 'T' }).or({ author__house__founded__gt: 'x' }));

  // Several arguments, exclude() and get() check paths the same way.
  qs.filter({ title: 'T' }, { author__name: 'A' });
  qs.filter(Q({ labels__name: 'x' }), Q({ title: 'T' }));
  qs.exclude({ author__house__name__iexact: 'h' });
  void qs.get({ author__name: 'A', pk: 1 });
  // @ts-expect-error typo in the second argument
  qs.filter({ title: 'T' }, { author__nme: 'A' });
  // @ts-expect-error typo in exclude()
  qs.exclude({ author__house__nme: 'h' });
  // @ts-expect-error typo in get()
  void qs.get({ author__nme: 'A' });
  // A plain typo keeps TypeScript's own message ("... does not exist ... Did you mean 'title'?").
  // @ts-expect-error typo in a plain field
  qs.filter({ titel: 'T' });
  // Paths go as deep as the relations do.
  qs.filter({ author__mentor__house__country__houses__writers__name: 'W' });
  // Chained after annotate(), paths and annotations together.
  qs.annotate({ n: Count('labels') }).filter({ n__gt: 1, author__name: 'A' });
  // @ts-expect-error an annotation's value type, next to a path
  qs.annotate({ n: Count('labels') }).filter({ n__gt: 'x', author__name: 'A' });
}

export async function orderingAndValues(): Promise<void> {
  const qs = TypeBook.objects;
  qs.orderBy('author', '-authorId', 'author__name', '-author__house__name', 'author__house__country__name', 'labels__name');
  TypeWriter.objects.orderBy('-books__title');
  // @ts-expect-error typo in an ordering path
  qs.orderBy('author__nme');
  // @ts-expect-error typo two relations deep
  qs.orderBy('-author__house__nme');

  // values(): a relation gives its key; a path its field, nullable behind a nullable or multi-valued relation.
  const rows = await qs.values('title', 'author', 'authorId', 'author__name', 'author__house__name', 'labels__name');
  check<
    Equal<
      typeof rows,
      { title: string; author: number; authorId: number; author__name: string; author__house__name: string | null; labels__name: string | null }[]
    >
  >();
  const countries = await qs.valuesList('author__house__country__code', { flat: true });
  check<Equal<typeof countries, (string | null)[]>>();
  const pairs = await TypeHouse.objects.valuesList('country', 'country__name');
  check<Equal<typeof pairs, [string, string][]>>();
  const reverse = await TypeWriter.objects.values('books__pages', 'books');
  check<Equal<typeof reverse, { books__pages: number | null; books: number | null }[]>>();
  const grouped = await qs.values('author__name').annotate({ n: Count('pk') }).orderBy('-n');
  expectType<{ author__name: string; n: number }[]>(grouped);
  // @ts-expect-error typo in a values() path
  qs.values('author__nme');
  const tuples = await qs.valuesList('title', 'author__house__founded', 'labels__token');
  check<Equal<typeof tuples, [string, number | null, string | null][]>>();
  const editors = await qs.valuesList('editor__name', { flat: true });
  check<Equal<typeof editors, unknown[]>>();
  // @ts-expect-error typo in a valuesList() path
  qs.valuesList('title', 'author__nme');
  // @ts-expect-error typo in a flat valuesList() path
  qs.valuesList('author__nme', { flat: true });
  // @ts-expect-error only the named keys
  rows[0]!.pages;
}
