// Models for the expression, function, window and cookbook specs: a small shop with reviews.
import {
  BooleanField, CharField, DateTimeField, DecimalField, ForeignKey, IntegerField, Model,
  type FieldValues,
} from '../../lib/index.js';

export class RAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    country: new CharField({ maxLength: 40, null: true }),
  };
  static meta = { tableName: 'report_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface RAuthor extends FieldValues<typeof RAuthor, { books: typeof RBook }> {}

export class RBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    author: new ForeignKey(() => RAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
    pages: new IntegerField(),
    inStock: new BooleanField({ default: true }),
    published: new DateTimeField({ null: true }),
  };
  static meta = { tableName: 'report_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface RBook extends FieldValues<typeof RBook, { reviews: typeof RReview }> {}

export class RReview extends Model {
  static fields = {
    book: new ForeignKey(() => RBook, { onDelete: 'CASCADE', relatedName: 'reviews' }),
    stars: new IntegerField(),
    at: new DateTimeField(),
  };
  static meta = { tableName: 'report_reviews', ordering: ['at'] };
  static objects = this.manager();
}
export interface RReview extends FieldValues<typeof RReview> {}

export const REPORT_MODELS = [RAuthor, RBook, RReview] as const;

/** Three authors, seven books, reviews on some of them; prices, pages and dates chosen so every report has ties and gaps. */
export async function seedReports(): Promise<void> {
  const [ann, bob, cy] = await RAuthor.objects.bulkCreate([
    { name: 'Ann', country: 'NZ' }, { name: 'Bob', country: 'UK' }, { name: 'Cy', country: null },
  ]);
  const at = (iso: string) => new Date(iso);
  const books = await RBook.objects.bulkCreate([
    { title: 'Alpha', author: ann!, price: '9.50', pages: 120, inStock: true, published: at('2024-01-15T10:00:00Z') },
    { title: 'Beta', author: ann!, price: '25.00', pages: 300, inStock: false, published: at('2024-02-03T08:30:00Z') },
    { title: 'Gamma', author: ann!, price: '42.00', pages: 950, inStock: true, published: at('2024-02-20T23:59:59Z') },
    { title: 'Delta', author: bob!, price: '12.00', pages: 200, inStock: true, published: at('2024-03-01T00:00:00Z') },
    { title: 'Epsilon', author: bob!, price: '12.00', pages: 410, inStock: true, published: null },
    { title: 'Zeta', author: bob!, price: '5.25', pages: 80, inStock: false, published: at('2023-12-31T23:00:00Z') },
    { title: 'Eta', author: cy!, price: '31.00', pages: 999, inStock: true, published: at('2024-03-15T12:00:00Z') },
  ]);
  const byTitle = new Map(books.map((book) => [book.title, book]));
  const review = (title: string, stars: number, iso: string) => ({ book: byTitle.get(title)!, stars, at: at(iso) });
  await RReview.objects.bulkCreate([
    review('Alpha', 5, '2024-01-20T00:00:00Z'), review('Alpha', 3, '2024-02-01T00:00:00Z'), review('Alpha', 4, '2024-03-05T00:00:00Z'),
    review('Beta', 2, '2024-02-10T00:00:00Z'),
    review('Gamma', 5, '2024-02-25T00:00:00Z'), review('Gamma', 5, '2024-03-01T00:00:00Z'),
    review('Delta', 1, '2024-03-02T00:00:00Z'),
    review('Eta', 4, '2024-03-20T00:00:00Z'),
  ]);
}
