// Type tests for expressions: checked by `tsc --noEmit -p .`, never run.
import {
  Case, Count, Exists, F, Max, Min, OuterRef, Q, Rank, Subquery, Sum, Avg, Value, When, Window, RowNumber, Lag, Lead, FirstValue,
} from '../../lib/index.js';
import { RAuthor, RBook, RReview } from '../models/report-models.js';
import { check, type Equal } from './assert.js';

export async function namesTakeTheirFieldsTypes(): Promise<void> {
  const book = (await RBook.objects.annotate({
    pagesAgain: F('pages'),                    // IntegerField: number
    doubled: F('pages').mul(2),
    priceRef: F('price'),                      // DecimalField: an exact string
    author: undefined as never,
  } as never))[0];
  void book;
  const [row] = await RBook.objects.annotate({ pagesAgain: F('pages'), priceRef: F('price'), when: F('published'), key: F('pk') }).values('pagesAgain', 'priceRef', 'when', 'key');
  check<Equal<typeof row, { pagesAgain: number; priceRef: string; when: Date | null; key: number }>>();

  const totals = await RBook.objects.aggregate({ pages: Sum('pages'), money: Sum('price'), latest: Max('published'), first: Min('title'), n: Count('pk'), mean: Avg('pages') });
  check<Equal<typeof totals, { pages: number | null; money: string | null; latest: Date | null; first: string | null; n: number; mean: number | null }>>();

  // Through relations and over expressions.
  const [author] = await RAuthor.objects.annotate({ spent: Sum('books__price'), pages: Max(F('books__pages').add(1)) }).values('spent', 'pages');
  check<Equal<typeof author, { spent: string | null; pages: number | null }>>();

  // An explicit type argument still wins.
  const explicit = await RBook.objects.aggregate({ s: Sum<number>('price') });
  check<Equal<typeof explicit, { s: number | null }>>();

  // A default means never null.
  const defaulted = await RBook.objects.aggregate({ pages: Sum('pages', { default: 0 }), money: Sum('price', { default: '0.00' }), mean: Avg('pages', { default: 0 }), latest: Max('published', { default: new Date(0) }), n: Count('pk'), maybe: Sum('pages', { default: null }) });
  check<Equal<typeof defaulted, { pages: number; money: string; mean: number; latest: Date; n: number; maybe: number | null }>>();
  // @ts-expect-error Count is 0 over no rows: it takes no default
  Count('pk', { default: 0 });
}

export async function valuesWithExpressions(): Promise<void> {
  const [row] = await RBook.objects.values('title', 'pages', { doubled: F('pages').mul(2), money: Sum('price') });
  check<Equal<typeof row, ValuesRowOf<{ title: string; pages: number }> & { doubled: number; money: string | null }>>();
  // @ts-expect-error a misspelt field name before the expressions
  RBook.objects.values('titel', { doubled: F('pages') });
  // @ts-expect-error a misspelt name inside an expression
  RBook.objects.values('title', { doubled: F('pagse') });
}

type ValuesRowOf<T> = { -readonly [K in keyof T]: T[K] };

export async function unionsAndSubqueries(): Promise<void> {
  const band = Case(When({ price__lt: '10' }, Value('cheap')), When({ price__lt: '30' }, Value('mid')), { default: Value('dear') });
  const [row] = await RBook.objects.annotate({
    band,
    newest: Subquery(RReview.objects.filter({ book: OuterRef('pk') }).orderBy('-at').valuesList('at', { flat: true }).slice(0, 1)),
    reviewed: Exists(RReview.objects.filter({ book: OuterRef('pk') })),
    rank: Window(Rank(), { orderBy: ['-price'] }),
    previous: Window(Lag(F('pages')), { orderBy: ['pages'] }),
    next: Window(Lead('published'), { orderBy: ['pages'] }),
    first: Window(FirstValue('title'), { partitionBy: ['author'] }),
  }).values('band', 'newest', 'reviewed', 'rank', 'previous', 'next', 'first');
  check<Equal<typeof row, { band: string; newest: Date | null; reviewed: boolean; rank: number; previous: number | null; next: Date | null; first: string | null }>>();

  // Annotations and aliases are filter keys of their own types.
  RBook.objects.annotate({ band }).filter({ band: 'mid' });
  // @ts-expect-error a string annotation compared with a number
  RBook.objects.annotate({ band }).filter({ band: 3 });
  RBook.objects.alias({ n: Count('reviews') }).filter({ n__gt: 3 }).orderBy('-n');
  // @ts-expect-error an alias takes the type of its expression
  RBook.objects.alias({ n: Count('reviews') }).filter({ n__gt: 'three' });
  RBook.objects.annotate({ r: Window(RowNumber()) }).filter(Q({ r: 1 }).or(Exists(RReview.objects.filter({ book: OuterRef('pk') }))));
}

export function misspeltNames(): void {
  // @ts-expect-error F() of a field the model does not have
  RBook.objects.annotate({ x: F('pgaes') });
  // A name of the same call is known (its order is checked at run time); a misspelt one is not.
  RBook.objects.annotate({ twice: F('pages').mul(2), more: F('twice').add(1) });
  // @ts-expect-error a misspelt name of the same call
  RBook.objects.annotate({ twice: F('pages').mul(2), more: F('twcie').add(1) });
  // @ts-expect-error an aggregate of a misspelt field
  RBook.objects.aggregate({ total: Sum('prise') });
  // @ts-expect-error a misspelt field at the end of a ForeignKey path
  RBook.objects.annotate({ who: Max('author__nmae') });
  // @ts-expect-error alias() checks its names too
  RBook.objects.alias({ y: Max('publishd') });
  // @ts-expect-error Window takes an expression, not a name
  Window('rank');
  // @ts-expect-error Subquery takes a QuerySet
  Subquery('books');
  // @ts-expect-error When takes conditions as an object or Q
  When('price__lt', Value(1));
}
