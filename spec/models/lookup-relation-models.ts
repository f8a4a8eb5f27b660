import { CharField, DateField, ForeignKey, IntegerField, ManyToManyField, Model, OneToOneField, type FieldValues } from '../../lib/index.js';

// Models for spec/relation-lookups.spec.ts: a small library, and Django's Blog/Entry example
// from "Spanning multi-valued relationships".

export class LkPublisher extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'lk_publishers', ordering: ['name'] };
  static objects = this.manager();
}
export interface LkPublisher extends FieldValues<typeof LkPublisher> {}

export class LkAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    publisher: new ForeignKey(() => LkPublisher, { onDelete: 'SET_NULL', null: true, relatedName: 'authors' }),
  };
  static meta = { tableName: 'lk_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface LkAuthor extends FieldValues<typeof LkAuthor> {}

export class LkTag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'lk_tags', ordering: ['name'] };
  static objects = this.manager();
}
export interface LkTag extends FieldValues<typeof LkTag> {}

export class LkBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    pages: new IntegerField({ default: 100 }),
    author: new ForeignKey(() => LkAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: new ForeignKey('LkAuthor', { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
    tags: new ManyToManyField(() => LkTag, { relatedName: 'books' }),
  };
  static meta = { tableName: 'lk_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface LkBook extends FieldValues<typeof LkBook> {}

export class LkBio extends Model {
  static fields = {
    author: new OneToOneField(() => LkAuthor, { onDelete: 'CASCADE', relatedName: 'bio' }),
    text: new CharField({ maxLength: 100, default: '' }),
  };
  static meta = { tableName: 'lk_bios' };
  static objects = this.manager();
}
export interface LkBio extends FieldValues<typeof LkBio> {}

export class LkBlog extends Model {
  static fields = { name: new CharField({ maxLength: 50, unique: true }) };
  static meta = { tableName: 'lk_blogs', ordering: ['name'] };
  static objects = this.manager();
}
export interface LkBlog extends FieldValues<typeof LkBlog> {}

export class LkEntry extends Model {
  static fields = {
    blog: new ForeignKey(() => LkBlog, { onDelete: 'CASCADE', relatedName: 'entries' }),
    headline: new CharField({ maxLength: 100 }),
    pubDate: new DateField(),
  };
  static meta = { tableName: 'lk_entries', ordering: ['headline'] };
  static objects = this.manager();
}
export interface LkEntry extends FieldValues<typeof LkEntry> {}

/** Points at the blog's name rather than its primary key. */
export class LkPost extends Model {
  static fields = {
    blog: new ForeignKey(() => LkBlog, { onDelete: 'CASCADE', toField: 'name', relatedName: 'posts' }),
    title: new CharField({ maxLength: 100 }),
  };
  static meta = { tableName: 'lk_posts', ordering: ['title'] };
  static objects = this.manager();
}
export interface LkPost extends FieldValues<typeof LkPost> {}

/** In dependency order: tables are created in this order and dropped in reverse. */
export const LOOKUP_MODELS = [LkPublisher, LkAuthor, LkTag, LkBook, LkBio, LkBlog, LkEntry, LkPost];

/** The join model Wren creates for LkBook.tags. */
export const lkBookTags = (): typeof LkBook => LkBook._meta.manyToMany[0]!.through as unknown as typeof LkBook;
