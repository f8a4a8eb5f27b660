// A QuerySet on the right of `__in` (README "Subqueries", "Lookups across relations"): model
// instances of the related model (or, for a plain field, any model whose key has the field's
// type), or one selected column of the right type. Models in ./relation-models.ts.
import { Q } from '../../lib/index.js';
import { TypeBook, TypeCountryOfOrigin, TypeHouse, TypeLabel, TypeWriter } from './relation-models.js';

export function inSubqueries(): void {
  const books = TypeBook.objects;
  // A relation: a QuerySet of the related model, or one column of its key's type.
  books.filter({ author__in: TypeWriter.objects.filter({ name: 'x' }) });
  books.filter({ author__in: TypeWriter.objects.valuesList('pk', { flat: true }), authorId__in: TypeWriter.objects.values('pk') });
  books.filter({ labels__in: TypeLabel.objects.filter({ name__startswith: 'a' }) });
  TypeHouse.objects.filter({ country__in: TypeCountryOfOrigin.objects.values('code') });
  // A reverse relation declared in FieldValues.
  TypeWriter.objects.exclude({ books__in: books.filter({ title: 'x' }) });
  // A plain field: one column of its type, or model instances by their key.
  books.filter({ title__in: books.valuesList('title', { flat: true }) });
  books.filter({ pk__in: books.values('pk') });
  books.filter({ pk__in: books.filter({ pages__gt: 100 }).slice(0, 10) });
  // Through a path, inside Q, and chained after the QuerySet's own methods.
  books.filter({ author__house__in: TypeHouse.objects.filter({ name: 'H' }) });
  books.filter(Q({ author__in: TypeWriter.objects.all() }).or({ title__in: books.valuesList('title', { flat: true }) }));

  // @ts-expect-error a QuerySet of another model for a relation
  books.filter({ author__in: TypeLabel.objects.all() });
  // @ts-expect-error a column of the wrong type
  books.filter({ title__in: books.valuesList('pages', { flat: true }) });
  // @ts-expect-error more than one column
  books.filter({ title__in: books.values('title', 'pages') });
  // @ts-expect-error model instances stand for their key, here a number
  books.filter({ title__in: books.all() });
  // @ts-expect-error a UUID key is not an integer key
  books.filter({ pk__in: TypeLabel.objects.all() });
  // @ts-expect-error a QuerySet goes into `__in` only (or wrap it in Subquery())
  books.filter({ author: TypeWriter.objects.all() });
  // @ts-expect-error the related key's type, through a reverse relation
  TypeWriter.objects.filter({ books__in: TypeBook.objects.valuesList('title', { flat: true }) });
}
