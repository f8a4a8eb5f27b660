// Reverse accessors declared in FieldValues' second argument when the declaring relation names its
// target by class name (README "Relations": the Profile model), and assigning the reverse side of
// a one-to-one relation. Type-checked only: these models are never registered.
import {
  CharField, ForeignKey, ManyToManyField, Model, OneToOneField, TextField,
  type FieldValues, type ManyToManyManager, type RelatedManager,
} from '../../lib/index.js';
import { check, type Equal } from './assert.js';
import { TypeBio, TypeBook, TypeWriter } from './relation-models.js';

class TypeMember extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static objects = this.manager();
}
interface TypeMember extends FieldValues<typeof TypeMember, { typeCard: typeof TypeCard; posts: typeof TypePost; groups: typeof TypeGroup; notes: typeof TypeNote }> {}

/** As the README's Profile: a string target and no relatedName (the default name is the model's). */
class TypeCard extends Model {
  static fields = { member: new OneToOneField('TypeMember', { onDelete: 'CASCADE' }), text: new TextField() };
  static objects = this.manager();
}
interface TypeCard extends FieldValues<typeof TypeCard> {}

class TypePost extends Model {
  static fields = { author: new ForeignKey('TypeMember', { onDelete: 'CASCADE', relatedName: 'posts' }), title: new CharField({ maxLength: 50 }) };
  static objects = this.manager();
}
interface TypePost extends FieldValues<typeof TypePost> {}

class TypeGroup extends Model {
  static fields = { members: new ManyToManyField('TypeMember', { relatedName: 'groups' }) };
  static objects = this.manager();
}
interface TypeGroup extends FieldValues<typeof TypeGroup> {}

/** Two relations by class name without a relatedName, of different kinds: which one is `notes` is not known. */
class TypeNote extends Model {
  static fields = {
    pinned: new OneToOneField('TypeMember', { onDelete: 'CASCADE' }),
    about: new ForeignKey('TypeMember', { onDelete: 'CASCADE' }),
  };
  static objects = this.manager();
}
interface TypeNote extends FieldValues<typeof TypeNote> {}

declare const member: TypeMember;
declare const post: TypePost;
declare const writer: TypeWriter;
declare const book: TypeBook;

export async function byClassName(): Promise<void> {
  // The relation's kind decides the accessor, as with `() => Model`.
  check<Equal<typeof member.typeCard, TypeCard>>();
  check<Equal<typeof member.typeCard.text, string>>();
  check<Equal<typeof member.posts, RelatedManager<typeof TypePost, 'author'>>>();
  check<Equal<typeof member.groups, ManyToManyManager<typeof TypeGroup>>>();
  // Mixed kinds that could each declare the name: unknown rather than a guess.
  check<Equal<typeof member.notes, unknown>>();
  // The reverse manager's create() leaves the key back to the owner out.
  await member.posts.create({ title: 'T' });
  // @ts-expect-error the other fields are still checked
  await member.posts.create({ titel: 'T' });
  // @ts-expect-error a one-to-one accessor is the object, not a manager
  member.typeCard.filter({ text: 'x' });
}

export function assigning(): void {
  // The reverse side of a one-to-one relation is assigned like a forward one (it sets the key on the object).
  member.typeCard = new TypeCard({ text: 'hi' });
  writer.bio = new TypeBio({ text: 'hi' });
  // @ts-expect-error an object of the related model only
  writer.bio = book;
  // @ts-expect-error likewise by class name
  member.typeCard = post;
  // @ts-expect-error a reverse manager is changed through its methods (set/add/remove), not assigned a list
  writer.books = [book];
  // @ts-expect-error nor a many-to-many one
  member.groups = [];
}
