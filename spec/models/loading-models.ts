import { CharField, ForeignKey, IntegerField, ManyToManyField, Model, OneToOneField, type FieldValues } from '../../lib/index.js';

/** Models for the selectRelated / prefetchRelated / fetch-mode specs (tables `ld_*`). */
export class LdPublisher extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'ld_publishers', ordering: ['name'] };
  static objects = this.manager();
}
export interface LdPublisher extends FieldValues<typeof LdPublisher> {}

export class LdAuthor extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    publisher: new ForeignKey(() => LdPublisher, { onDelete: 'SET_NULL', null: true, relatedName: 'authors' }),
  };
  static meta = { tableName: 'ld_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface LdAuthor extends FieldValues<typeof LdAuthor> {}

export class LdTag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'ld_tags', ordering: ['name'] };
  static objects = this.manager();
}
export interface LdTag extends FieldValues<typeof LdTag> {}

export class LdBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    year: new IntegerField({ default: 2000 }),
    author: new ForeignKey(() => LdAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: new ForeignKey('LdAuthor', { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
    tags: new ManyToManyField(() => LdTag, { relatedName: 'books' }),
  };
  static meta = { tableName: 'ld_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface LdBook extends FieldValues<typeof LdBook> {}

export class LdProfile extends Model {
  static fields = {
    author: new OneToOneField(() => LdAuthor, { onDelete: 'CASCADE' }),
    bio: new CharField({ maxLength: 100, default: '' }),
  };
  static meta = { tableName: 'ld_profiles' };
  static objects = this.manager();
}
export interface LdProfile extends FieldValues<typeof LdProfile> {}

/** In dependency order: tables are created in this order and dropped in reverse. */
export const LOADING_MODELS = [LdPublisher, LdAuthor, LdTag, LdBook, LdProfile];

/** The join model Wren creates for LdBook.tags. */
export const ldBookTags = () => LdBook._meta.manyToMany[0]!.through as unknown as typeof LdBook;

/** Row attribute access without the (in-progress) relation types. */
export type Loose = Record<string, unknown> & { related(name: string): Promise<unknown> };

/**
 * Acme publishes Ann; Bob has no publisher. Dune and Emma by Ann (Emma edited by Bob), Hamlet by
 * Bob. Tags: Dune sci-fi+classic, Emma classic, Hamlet none. Ann has a profile.
 */
export async function seedLibrary() {
  const acme = await LdPublisher.objects.create({ name: 'Acme' });
  const ann = await LdAuthor.objects.create({ name: 'Ann', publisher: acme } as never);
  const bob = await LdAuthor.objects.create({ name: 'Bob' } as never);
  const dune = await LdBook.objects.create({ title: 'Dune', year: 1965, author: ann } as never);
  const emma = await LdBook.objects.create({ title: 'Emma', year: 1815, author: ann, editor: bob } as never);
  const hamlet = await LdBook.objects.create({ title: 'Hamlet', year: 1600, author: bob } as never);
  const scifi = await LdTag.objects.create({ name: 'sci-fi' });
  const classic = await LdTag.objects.create({ name: 'classic' });
  const Through = ldBookTags();
  for (const [book, tag] of [[dune, scifi], [dune, classic], [emma, classic]] as const) {
    await new Through({ ldBookId: book.pk, ldTagId: tag.pk } as never).save();
  }
  await LdProfile.objects.create({ author: ann, bio: 'writes' } as never);
  return { acme, ann, bob, dune, emma, hamlet, scifi, classic };
}
