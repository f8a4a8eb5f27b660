import { CharField, ForeignKey, IntegerField, ManyToManyField, Model, OneToOneField, type FieldValues } from '../../lib/index.js';

export class RelPublisher extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'rel_publishers' };
  static objects = this.manager();
}
export interface RelPublisher extends FieldValues<typeof RelPublisher, { authors: typeof RelAuthor }> {}

export class RelAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    publisher: new ForeignKey(() => RelPublisher, { onDelete: 'SET_NULL', null: true, relatedName: 'authors' }),
  };
  static meta = { tableName: 'rel_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface RelAuthor extends FieldValues<typeof RelAuthor, { books: typeof RelBook; edited: typeof RelBook }> {}

export class RelTag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'rel_tags' };
  static objects = this.manager();
}
export interface RelTag extends FieldValues<typeof RelTag, { books: typeof RelBook }> {}

export class RelBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    pages: new IntegerField({ default: 100 }),
    author: new ForeignKey(() => RelAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: new ForeignKey('RelAuthor', { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
    tags: new ManyToManyField(() => RelTag, { relatedName: 'books' }),
  };
  static meta = { tableName: 'rel_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface RelBook extends FieldValues<typeof RelBook> {}

export class RelProfile extends Model {
  static fields = {
    author: new OneToOneField(() => RelAuthor, { onDelete: 'CASCADE' }),
    bio: new CharField({ maxLength: 100, default: '' }),
  };
  static meta = { tableName: 'rel_profiles' };
  static objects = this.manager();
}
export interface RelProfile extends FieldValues<typeof RelProfile> {}

/** In dependency order: tables are created in this order and dropped in reverse. */
export const RELATION_MODELS = [RelPublisher, RelAuthor, RelTag, RelBook, RelProfile];
