// Models for spec/types/relations.types.ts (type-checked only: never registered or queried).
// They exercise what tends to break inference: a relation to a class declared further down, mutual
// references (TypeBook.author <-> TypeWriter.favourite), a self-reference, a string reference, and
// reverse accessors declared in FieldValues' second argument.
import {
  CharField, ForeignKey, IntegerField, ManyToManyField, Model, OneToOneField, UUIDField, type FieldValues, type QuerySet,
} from '../../lib/index.js';

export class TypeCountryOfOrigin extends Model {
  static fields = {
    code: new CharField({ maxLength: 2, primaryKey: true }),
    name: new CharField({ maxLength: 50 }),
  };
  static objects = this.manager();
}
export interface TypeCountryOfOrigin extends FieldValues<typeof TypeCountryOfOrigin, { houses: typeof TypeHouse }> {}

export class TypeHouse extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    // The target has a CharField primary key: the key is a string.
    country: new ForeignKey(() => TypeCountryOfOrigin, { onDelete: 'PROTECT', relatedName: 'houses' }),
    founded: new IntegerField({ null: true }),
  };
  static objects = this.manager();
}
export interface TypeHouse extends FieldValues<typeof TypeHouse, { writers: typeof TypeWriter }> {}

export class TypeWriter extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    // A nullable relation to the house, and one to a class declared further down (TypeBook).
    house: new ForeignKey(() => TypeHouse, { onDelete: 'SET_NULL', null: true, relatedName: 'writers' }),
    favourite: new ForeignKey(() => TypeBook, { onDelete: 'SET_NULL', null: true, relatedName: 'fans' }),
    mentor: new ForeignKey(() => TypeWriter, { onDelete: 'SET_NULL', null: true, relatedName: 'pupils' }),
  };
  static meta = { ordering: ['name'] };
  static objects = this.manager();
}
export interface TypeWriter extends FieldValues<typeof TypeWriter, { books: typeof TypeBook; pupils: typeof TypeWriter; bio: typeof TypeBio }> {}

export class TypeLabel extends Model {
  static fields = { name: new CharField({ maxLength: 30 }), token: new UUIDField({ primaryKey: true, default: UUIDField.random }) };
  static objects = this.manager();
}
export interface TypeLabel extends FieldValues<typeof TypeLabel, { books: typeof TypeBook }> {}

export class TypeBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    pages: new IntegerField({ default: 100 }),
    author: new ForeignKey(() => TypeWriter, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: new ForeignKey('TypeWriter', { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
    labels: new ManyToManyField(() => TypeLabel, { relatedName: 'books' }),
  };
  static meta = { ordering: ['title'] };
  static objects = this.manager();
  // A scoped manager filtering through a relation: the generic path check cannot run inside the
  // class's own initializer without the manager's type written out (TypeScript's circularity rule).
  static byHouse: QuerySet<typeof TypeBook> = this.manager((qs) => qs.filter({ author__house__name__startswith: 'H' }).orderBy('author__name'));
}
export interface TypeBook extends FieldValues<typeof TypeBook, { fans: typeof TypeWriter }> {}

export class TypeBio extends Model {
  static fields = {
    writer: new OneToOneField(() => TypeWriter, { onDelete: 'CASCADE', relatedName: 'bio' }),
    text: new CharField({ maxLength: 100, default: '' }),
    // A key to another field than the primary key: the key has that field's type.
    editorByName: new ForeignKey(() => TypeWriter, { onDelete: 'SET_NULL', null: true, toField: 'name', relatedName: '+' }),
  };
  static objects = this.manager();
}
export interface TypeBio extends FieldValues<typeof TypeBio> {}
