// The demo's models: `npm run demo` uses them, and `npm run docs:graph` draws them (docs/models.svg).
import { CharField, DateTimeField, EmailField, ForeignKey, IntegerField, ManyToManyField, Model, type FieldValues } from '../lib/index.js';

export class Author extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ unique: true }),
    age: new IntegerField({ null: true }),
    joined: new DateTimeField({ autoNowAdd: true }),
  };
  static meta = { ordering: ['name'] };
  static objects = this.manager();
}
export interface Author extends FieldValues<typeof Author, { books: typeof Book }> {}

export class Tag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static objects = this.manager();
}
export interface Tag extends FieldValues<typeof Tag> {}

export class Book extends Model {
  static fields = {
    title: new CharField({ maxLength: 200 }),
    author: new ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'books' }),
    tags: new ManyToManyField(() => Tag, { relatedName: 'books' }),
  };
  static meta = { ordering: ['title'] };
  static objects = this.manager();
}
export interface Book extends FieldValues<typeof Book> {}
