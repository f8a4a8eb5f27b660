import { CharField, ForeignKey, IntegerField, ManyToManyField, Model, type FieldValues, type ModelClass } from '../../lib/index.js';

// Models for spec/signals.spec.ts: an author's books cascade to their reviews; books have tags;
// a note nothing points at is deleted with one DELETE when nobody listens.

export class SigAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'sig_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface SigAuthor extends FieldValues<typeof SigAuthor> {}

export class SigTag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'sig_tags', ordering: ['name'] };
  static objects = this.manager();
}
export interface SigTag extends FieldValues<typeof SigTag> {}

export class SigBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    pages: new IntegerField({ default: 0 }),
    author: new ForeignKey(() => SigAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    tags: new ManyToManyField(() => SigTag, { relatedName: 'books' }),
  };
  static meta = { tableName: 'sig_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface SigBook extends FieldValues<typeof SigBook> {}

export class SigReview extends Model {
  static fields = {
    text: new CharField({ maxLength: 100 }),
    book: new ForeignKey(() => SigBook, { onDelete: 'CASCADE', relatedName: 'reviews' }),
  };
  static meta = { tableName: 'sig_reviews', ordering: ['text'] };
  static objects = this.manager();
}
export interface SigReview extends FieldValues<typeof SigReview> {}

export class SigNote extends Model {
  static fields = { text: new CharField({ maxLength: 100 }) };
  static meta = { tableName: 'sig_notes', ordering: ['text'] };
  static objects = this.manager();
}
export interface SigNote extends FieldValues<typeof SigNote> {}

export const SIGNAL_MODELS: ModelClass[] = [SigAuthor, SigTag, SigBook, SigReview, SigNote];

/** The join model Wren made for SigBook.tags (the sender of m2mChanged). */
export const bookTags = (): ModelClass => SigBook._meta.manyToMany[0]!.through as unknown as ModelClass;
