import type { AppConfig } from '../migrations/api.js';
import type { PlanStep } from '../migrations/executor.js';
import type { Model } from '../models/model.js';
import type { ModelClass } from '../models/types.js';
import type { QuerySet } from '../query/queryset.js';
import { ModelSignal } from './model-signal.js';
import { Signal } from './signal.js';

// The signals Wren sends, with Django's names (camelCased) and arguments. Model-instance signals
// call receivers with the instance first; the others with the sender first, as Django does.

export interface PreInitArgs {
  /** The values given to the constructor. */
  readonly args: Readonly<Record<string, unknown>>;
}

export interface PreSaveArgs {
  /**
   * True when a fixture loader saves the object exactly as given (Django's loaddata): the other
   * rows may not be loaded yet, so a receiver should not query or change them. False for `save()`.
   */
  readonly raw: boolean;
  /** The connection alias written to. */
  readonly using: string;
  /** The fields the save writes: `save({ updateFields })` as given, the loaded fields of an `only()`/`defer()` instance, or `updateOrCreate()`'s defaults plus the fields that fill on save; null for a save of every field. */
  readonly updateFields: readonly string[] | null;
}

export interface PostSaveArgs extends PreSaveArgs {
  /** True when the save INSERTed the row. */
  readonly created: boolean;
}

/** What started a delete: `instance.delete()`'s instance, `QuerySet.delete()`'s QuerySet, `deleteCollected()`'s list (null from a bare `Collector`). */
export type DeleteOrigin = Model | QuerySet<ModelClass, unknown> | readonly object[] | null;

export interface DeleteArgs {
  readonly using: string;
  readonly origin: DeleteOrigin;
}

export type M2MAction = 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear';

export interface M2MChangedArgs {
  readonly action: M2MAction;
  /** The instance whose manager changed (`book` for `book.tags.add(...)`). */
  readonly instance: Model;
  /** False from the side declaring the ManyToManyField (`book.tags`), true from the other (`tag.books`). */
  readonly reverse: boolean;
  /** The class of the objects added or removed (`Tag` for `book.tags`). */
  readonly model: ModelClass;
  /** Their primary keys: for add, only the ones not linked yet; null for clear. */
  readonly pkSet: ReadonlySet<unknown> | null;
  readonly using: string;
}

export interface MigrateArgs {
  readonly appConfig: AppConfig;
  /** Every step `migrate()` runs (or ran), for all apps. */
  readonly plan: readonly PlanStep[];
  readonly using: string;
}

/** Sent by the constructor before it assigns values (`new Book({...})`, `create()`); not for rows loaded from the database. */
export const preInit = new Signal<PreInitArgs, ModelClass>('preInit');
/** Sent once an instance is built: by the constructor, and for every row loaded from the database. Receivers must be synchronous. */
export const postInit = new ModelSignal<Record<never, never>>('postInit');
/** Sent by `save()` before anything is written; changes a receiver makes to the instance are saved. */
export const preSave = new ModelSignal<PreSaveArgs>('preSave');
/** Sent by `save()` once the row is written. */
export const postSave = new ModelSignal<PostSaveArgs>('postSave');
/** Sent for each object a delete removes, cascaded ones included, before any row is deleted. */
export const preDelete = new ModelSignal<DeleteArgs>('preDelete');
/** Sent for each object once its model's rows are deleted (its primary key is still set). */
export const postDelete = new ModelSignal<DeleteArgs>('postDelete');
/** Sent by a many-to-many manager's `add()`, `remove()`, `clear()` (and `set()`, `create()` through them); the sender is the join model. */
export const m2mChanged = new Signal<M2MChangedArgs, ModelClass>('m2mChanged');
/** Sent by `migrate()` for each app before running the plan; the sender is the app's label. */
export const preMigrate = new Signal<MigrateArgs, string>('preMigrate');
/** Sent by `migrate()` for each app after the plan ran; the sender is the app's label. */
export const postMigrate = new Signal<MigrateArgs, string>('postMigrate');
/** Sent when a concrete model's class is first used (its metadata is built); receivers must be synchronous. */
export const classPrepared = new Signal<Record<never, never>, ModelClass>('classPrepared');
