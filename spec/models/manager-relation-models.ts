import { CharField, ForeignKey, IntegerField, ManyToManyField, Model, OneToOneField, type FieldValues, type ModelClass } from '../../lib/index.js';

// Models for spec/related-managers.spec.ts (Mgr*) and spec/on-delete.spec.ts (Del*).

export class MgrAuthor extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'mgr_authors', ordering: ['name'] };
  static objects = this.manager();
}
export interface MgrAuthor extends FieldValues<typeof MgrAuthor> {}

export class MgrTag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'mgr_tags', ordering: ['name'] };
  static objects = this.manager();
}
export interface MgrTag extends FieldValues<typeof MgrTag> {}

export class MgrBook extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    author: new ForeignKey(() => MgrAuthor, { onDelete: 'CASCADE', relatedName: 'books' }),
    editor: new ForeignKey(() => MgrAuthor, { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
    tags: new ManyToManyField(() => MgrTag, { relatedName: 'books' }),
  };
  static meta = { tableName: 'mgr_books', ordering: ['title'] };
  static objects = this.manager();
}
export interface MgrBook extends FieldValues<typeof MgrBook> {}

/** Reverse accessor by default: `author.mgrProfile`. */
export class MgrProfile extends Model {
  static fields = {
    author: new OneToOneField(() => MgrAuthor, { onDelete: 'CASCADE' }),
    bio: new CharField({ maxLength: 100, default: '' }),
  };
  static meta = { tableName: 'mgr_profiles' };
  static objects = this.manager();
}
export interface MgrProfile extends FieldValues<typeof MgrProfile> {}

export class MgrPerson extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'mgr_people', ordering: ['name'] };
  static objects = this.manager();
}
export interface MgrPerson extends FieldValues<typeof MgrPerson> {}

/** A many-to-many through a custom model whose `role` has no default: adding needs throughDefaults. */
export class MgrGroup extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    members: new ManyToManyField(() => MgrPerson, { through: () => MgrMembership, relatedName: 'groups' }),
  };
  static meta = { tableName: 'mgr_groups', ordering: ['name'] };
  static objects = this.manager();
}
export interface MgrGroup extends FieldValues<typeof MgrGroup> {}

export class MgrMembership extends Model {
  static fields = {
    group: new ForeignKey(() => MgrGroup, { onDelete: 'CASCADE', relatedName: 'memberships' }),
    person: new ForeignKey(() => MgrPerson, { onDelete: 'CASCADE', relatedName: 'memberships' }),
    role: new CharField({ maxLength: 20 }),
    level: new IntegerField({ default: 1 }),
  };
  static meta = { tableName: 'mgr_memberships' };
  static objects = this.manager();
}
export interface MgrMembership extends FieldValues<typeof MgrMembership> {}

/** A many-to-many whose reverse side is hidden (`relatedName: '+'`): `note.labels` works, MgrTag gets no accessor. */
export class MgrNote extends Model {
  static fields = {
    text: new CharField({ maxLength: 50 }),
    labels: new ManyToManyField(() => MgrTag, { relatedName: '+' }),
  };
  static meta = { tableName: 'mgr_notes', ordering: ['text'] };
  static objects = this.manager();
}
export interface MgrNote extends FieldValues<typeof MgrNote> {}

export const MANAGER_MODELS: ModelClass[] = [MgrAuthor, MgrTag, MgrBook, MgrProfile, MgrPerson, MgrGroup, MgrMembership, MgrNote];

// ---- on delete ----

/** The row every Del* child points at; `SET_DEFAULT` children fall back to the owner with id 999. */
export class DelOwner extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    tags: new ManyToManyField(() => DelTag, { relatedName: 'owners' }),
  };
  static meta = { tableName: 'del_owners', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelOwner extends FieldValues<typeof DelOwner> {}

export class DelTag extends Model {
  static fields = { name: new CharField({ maxLength: 30 }) };
  static meta = { tableName: 'del_tags', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelTag extends FieldValues<typeof DelTag> {}

export class DelCascade extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), owner: new ForeignKey(() => DelOwner, { onDelete: 'CASCADE', relatedName: 'cascades' }) };
  static meta = { tableName: 'del_cascades', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelCascade extends FieldValues<typeof DelCascade> {}

/** Second level under DelCascade, and a third under it. */
export class DelLeaf extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), parent: new ForeignKey(() => DelCascade, { onDelete: 'CASCADE', relatedName: 'leaves' }) };
  static meta = { tableName: 'del_leaves', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelLeaf extends FieldValues<typeof DelLeaf> {}

export class DelLeafNote extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), leaf: new ForeignKey(() => DelLeaf, { onDelete: 'CASCADE', relatedName: 'notes' }) };
  static meta = { tableName: 'del_leaf_notes', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelLeafNote extends FieldValues<typeof DelLeafNote> {}

/** Protects a DelCascade: deleting the owner reaches it through a CASCADE, two levels down. */
export class DelGuard extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    cascade: new ForeignKey(() => DelCascade, { onDelete: 'PROTECT', relatedName: 'guards', null: true }),
  };
  static meta = { tableName: 'del_guards', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelGuard extends FieldValues<typeof DelGuard> {}

export class DelProtect extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), owner: new ForeignKey(() => DelOwner, { onDelete: 'PROTECT', relatedName: 'protects' }) };
  static meta = { tableName: 'del_protects', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelProtect extends FieldValues<typeof DelProtect> {}

export class DelSetNull extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), owner: new ForeignKey(() => DelOwner, { onDelete: 'SET_NULL', null: true, relatedName: 'nullables' }) };
  static meta = { tableName: 'del_set_nulls', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelSetNull extends FieldValues<typeof DelSetNull> {}

export class DelSetDefault extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), owner: new ForeignKey(() => DelOwner, { onDelete: 'SET_DEFAULT', default: 999, relatedName: 'defaulted' }) };
  static meta = { tableName: 'del_set_defaults', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelSetDefault extends FieldValues<typeof DelSetDefault> {}

/** No constraint in the database, so the dangling key shows DO_NOTHING did nothing, on every dialect. */
export class DelDoNothing extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    owner: new ForeignKey(() => DelOwner, { onDelete: 'DO_NOTHING', dbConstraint: false, relatedName: 'ignored' }),
  };
  static meta = { tableName: 'del_do_nothings', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelDoNothing extends FieldValues<typeof DelDoNothing> {}

/**
 * SET_DEFAULT on a unique key: a second row falling back to owner 999 breaks the unique constraint
 * (checked at once on every dialect), half-way through a delete, which must then roll back.
 */
export class DelUniqueDefault extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    owner: new OneToOneField(() => DelOwner, { onDelete: 'SET_DEFAULT', default: 999, relatedName: 'uniqueDefault' }),
  };
  static meta = { tableName: 'del_unique_defaults', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelUniqueDefault extends FieldValues<typeof DelUniqueDefault> {}

// Django's RESTRICT example: a Song is deletable with its Artist (a CASCADE path), not with its Album alone.
export class DelArtist extends Model {
  static fields = { name: new CharField({ maxLength: 50 }) };
  static meta = { tableName: 'del_artists', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelArtist extends FieldValues<typeof DelArtist> {}

export class DelAlbum extends Model {
  static fields = { name: new CharField({ maxLength: 50 }), artist: new ForeignKey(() => DelArtist, { onDelete: 'CASCADE', relatedName: 'albums' }) };
  static meta = { tableName: 'del_albums', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelAlbum extends FieldValues<typeof DelAlbum> {}

export class DelSong extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    artist: new ForeignKey(() => DelArtist, { onDelete: 'CASCADE', relatedName: 'songs' }),
    album: new ForeignKey(() => DelAlbum, { onDelete: 'RESTRICT', relatedName: 'songs' }),
  };
  static meta = { tableName: 'del_songs', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelSong extends FieldValues<typeof DelSong> {}

/** A tree in one table: deleting a node deletes its subtree, deepest rows first. */
export class DelNode extends Model {
  static fields = {
    name: new CharField({ maxLength: 50 }),
    parent: new ForeignKey((): ModelClass => DelNode, { onDelete: 'CASCADE', null: true, relatedName: 'children' }),
  };
  static meta = { tableName: 'del_nodes', ordering: ['name'] };
  static objects = this.manager();
}
export interface DelNode extends FieldValues<typeof DelNode> {}

export const DELETE_MODELS: ModelClass[] = [
  DelTag, DelOwner, DelCascade, DelLeaf, DelLeafNote, DelGuard, DelProtect, DelSetNull, DelSetDefault, DelDoNothing, DelUniqueDefault,
  DelArtist, DelAlbum, DelSong, DelNode,
];
