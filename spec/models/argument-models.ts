// Models for spec/bad-arguments.spec.ts and spec/identifiers.spec.ts.
import { CharField, ForeignKey, IntegerField, ManyToManyField, Model, type FieldValues } from '../../lib/index.js';

export class BaAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    age: new IntegerField({ null: true }),
  };
  static meta = { tableName: 'ba_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface BaAuthor extends FieldValues<typeof BaAuthor> {}

export class BaTag extends Model {
  static fields = { label: new CharField({ maxLength: 20 }) };
  static meta = { tableName: 'ba_tags' };
  static objects = this.manager();
}
export interface BaTag extends FieldValues<typeof BaTag> {}

/** `milliseconds` as in the README's (and Django's) `aggregate(milliseconds=Sum('milliseconds'))`. */
export class BaTrack extends Model {
  static fields = {
    title: new CharField({ maxLength: 50 }),
    milliseconds: new IntegerField({ default: 0 }),
    author: new ForeignKey(() => BaAuthor, { onDelete: 'CASCADE', relatedName: 'tracks' }),
    tags: new ManyToManyField(() => BaTag, { relatedName: 'tracks' }),
  };
  static meta = { tableName: 'ba_tracks' };
  static objects = this.manager();
}
export interface BaTrack extends FieldValues<typeof BaTrack> {}

export const ARGUMENT_MODELS = [BaAuthor, BaTag, BaTrack];
