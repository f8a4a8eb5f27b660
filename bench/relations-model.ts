import type { FieldValues } from '../lib/index.js';
import { wren } from './wren.js';

const { CharField, ForeignKey, IntegerField, Model, SchemaEditor } = wren;

/** Tables of the relation workloads: authors with books (a non-null ForeignKey). */
export class BenchAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new CharField({ maxLength: 100 }),
  };
  static meta = { tableName: 'bench_authors' };
  static objects = this.manager();
}
export interface BenchAuthor extends FieldValues<typeof BenchAuthor> {}

export class BenchBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    pages: new IntegerField(),
    author: new ForeignKey(() => BenchAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
  };
  static meta = { tableName: 'bench_books' };
  static objects = this.manager();
}
export interface BenchBook extends FieldValues<typeof BenchBook> {}

export const AUTHORS = 'bench_authors';
export const BOOKS = 'bench_books';
export const AUTHOR_COLUMNS = ['id', 'name', 'email'] as const;
export const BOOK_COLUMNS = ['id', 'title', 'pages', 'author_id'] as const;
export const BOOKS_PER_AUTHOR = 20;

/** Creates both tables with `books` rows, `BOOKS_PER_AUTHOR` per author (untimed). */
export async function seedRelations(books: number): Promise<void> {
  await dropRelations();
  const editor = new SchemaEditor();
  await editor.createModel(BenchAuthor);
  await editor.createModel(BenchBook);
  const authorCount = Math.ceil(books / BOOKS_PER_AUTHOR);
  await BenchAuthor.objects.bulkCreate(
    Array.from({ length: authorCount }, (_, i) => ({ name: `author ${i}`, email: `a${i}@example.com` })),
    { batchSize: 500 },
  );
  const ids = await BenchAuthor.objects.orderBy('id').valuesList('id', { flat: true });
  await BenchBook.objects.bulkCreate(
    Array.from({ length: books }, (_, i) => ({ title: `book ${i}`, pages: 100 + (i % 400), authorId: ids[i % authorCount]! }) as never),
    { batchSize: 500 },
  );
}

export async function dropRelations(): Promise<void> {
  const editor = new SchemaEditor();
  await editor.deleteModel(BenchBook, { ifExists: true });
  await editor.deleteModel(BenchAuthor, { ifExists: true });
}
