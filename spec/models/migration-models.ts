// Models for the migrations specs. Each version is made by a function, so one class name can
// have several definitions (the "before" and "after" of a change); same name, same table.
import { BooleanField, CharField, ForeignKey, IntegerField, ManyToManyField, Model, TextField, type ModelClass } from '../../lib/index.js';

/** First version of the library the executor spec evolves. */
export function libraryV1(): ModelClass[] {
  class MigBook extends Model {
    static fields = {
      title: new CharField({ maxLength: 20 }),
      pages: new IntegerField({ null: true }),
      blurb: new TextField({ null: true }),
    };
    static meta = { tableName: 'mig_books', ordering: ['title'] };
  }
  class MigShelf extends Model {
    static fields = { label: new CharField({ maxLength: 30, unique: true }) };
    static meta = { tableName: 'mig_shelves' };
  }
  return [MigBook, MigShelf];
}

/**
 * Second version: a field renamed (pages -> pageCount), one widened (title), one removed
 * (blurb), one added NOT NULL with a default (inPrint), an index, and a model renamed
 * (MigShelf -> MigRack, same fields, its own table). Module-level, so specs query them typed
 * (version 1's MigBook is local to libraryV1).
 */
export class MigBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 60, dbIndex: true }),
    pageCount: new IntegerField({ null: true }),
    inPrint: new BooleanField({ default: true }),
  };
  static meta = { tableName: 'mig_books', ordering: ['title'], uniqueTogether: [['title', 'pageCount']] };
  static objects = this.manager();
}

export class MigRack extends Model {
  static fields = { label: new CharField({ maxLength: 30, unique: true }) };
  static meta = { tableName: 'mig_racks' };
  static objects = this.manager();
}

export function libraryV2(): ModelClass[] {
  return [MigBook, MigRack];
}

/** Relations, first version: authors only. */
export function relationsV1(): ModelClass[] {
  class MigRelAuthor extends Model {
    static fields = { name: new CharField({ maxLength: 40 }) };
    static meta = { tableName: 'migrel_authors' };
  }
  return [MigRelAuthor];
}

/** Second version: books with a ForeignKey to authors and a ManyToManyField to tags. */
export function relationsV2(): ModelClass[] {
  class MigRelAuthor extends Model {
    static fields = { name: new CharField({ maxLength: 40 }) };
    static meta = { tableName: 'migrel_authors' };
  }
  class MigRelBook extends Model {
    static fields = {
      title: new CharField({ maxLength: 40 }),
      author: new ForeignKey(() => MigRelAuthor, { onDelete: 'CASCADE' }),
      tags: new ManyToManyField(() => MigRelTag),
    };
    static meta = { tableName: 'migrel_books' };
  }
  class MigRelTag extends Model {
    static fields = { word: new CharField({ maxLength: 20 }) };
    static meta = { tableName: 'migrel_tags' };
  }
  return [MigRelAuthor, MigRelBook, MigRelTag];
}

/** Third version: the book loses its author and gains an optional editor (another ForeignKey). */
export function relationsV3(): ModelClass[] {
  class MigRelAuthor extends Model {
    static fields = { name: new CharField({ maxLength: 40 }) };
    static meta = { tableName: 'migrel_authors' };
  }
  class MigRelBook extends Model {
    static fields = {
      title: new CharField({ maxLength: 40 }),
      editor: new ForeignKey(() => MigRelAuthor, { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
      tags: new ManyToManyField(() => MigRelTag),
    };
    static meta = { tableName: 'migrel_books' };
  }
  class MigRelTag extends Model {
    static fields = { word: new CharField({ maxLength: 20 }) };
    static meta = { tableName: 'migrel_tags' };
  }
  return [MigRelAuthor, MigRelBook, MigRelTag];
}

/** Two apps: `people` has the author, `catalog` has books pointing at it (a cross-app dependency). */
export function crossAppModels(): { people: ModelClass[]; catalog: ModelClass[] } {
  class MigXAuthor extends Model {
    static fields = { name: new CharField({ maxLength: 40 }) };
    static meta = { tableName: 'migx_authors' };
  }
  class MigXBook extends Model {
    static fields = { title: new CharField({ maxLength: 40 }), author: new ForeignKey(() => MigXAuthor, { onDelete: 'CASCADE' }) };
    static meta = { tableName: 'migx_books' };
  }
  return { people: [MigXAuthor], catalog: [MigXBook] };
}
