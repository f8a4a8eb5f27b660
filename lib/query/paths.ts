import { FieldError } from '../errors.js';
import { isForeignKey, isManyToMany, type Field, type ForeignKey, type ManyToManyField } from '../fields/index.js';
import type { ModelOptions } from '../models/options.js';
import type { ReverseRelation } from '../models/relations.js';
import { choicesList } from '../util/naming.js';
import type { JoinCollector } from './joins.js';
import type { ExpressionNode } from './nodes.js';

/** Where a lookup path ends up: a column (on the base table or a join) and what follows it. */
export interface PathTarget {
  readonly lhs: ExpressionNode;
  readonly field: Field;
  /** Index of the first part not consumed (a lookup or transform name, if any). */
  readonly next: number;
}

interface Cursor {
  meta: ModelOptions;
  alias: string;
  outer: boolean;
}

/**
 * Walks `author__publisher__name` across relations, asking `joins` for each step, and returns the
 * column the rest of the key (lookups, transforms) applies to. A path ending on a relation means
 * its key: `author` is `author_id`; `tags` and `books` are the related rows' primary keys.
 */
export function walkPath(parts: readonly string[], meta: ModelOptions, joins: JoinCollector | undefined, extraNames: readonly string[] = []): PathTarget {
  const cursor: Cursor = { meta, alias: meta.tableName, outer: false };
  for (let i = 0; ; i++) {
    const name = parts[i]!;
    const field = name === 'pk' ? cursor.meta.pk : cursor.meta.maybeField(name);
    const reverse = field ? undefined : cursor.meta.reverseRelation(name);
    if (!field && !reverse) throw unknownName(name, cursor.meta, i === 0 ? extraNames : []);
    const following = parts[i + 1];
    if (field && !isForeignKey(field) && !isManyToMany(field)) return column(field, cursor, i + 1);
    if (field && isForeignKey(field)) {
      const target = field.relatedModel._meta as unknown as ModelOptions;
      if (following !== undefined && !namesField(target, following) && !field.getLookup(following)) throw unknownName(following, target, []);
      if (following === undefined || !namesField(target, following)) return column(field, cursor, i + 1);
      // `author__id` / `author__pk` is the key this table already holds: no join needed.
      if (names(target, following, field.targetField) && !namesField(target, parts[i + 2])) return column(field, cursor, i + 2);
      step(cursor, joins, name, forwardJoin(field, target, cursor), target);
    } else if (field && isManyToMany(field)) {
      manyToManyJoins(cursor, joins, name, field, 'forward');
    } else if (reverse) {
      reverseJoins(cursor, joins, name, reverse);
    }
    if (following !== undefined && !namesField(cursor.meta, following) && !cursor.meta.pk.getLookup(following)) throw unknownName(following, cursor.meta, []);
    if (following === undefined || !namesField(cursor.meta, following)) return column(cursor.meta.pk, cursor, i + 1);
  }
}

/**
 * `author__name__icontains` -> its parts. An empty part (`__proto__`, `name__`, `a____b`) can
 * name nothing, so it fails here with the whole key and the choices.
 */
export function splitPath(key: string, meta: ModelOptions, annotations: Readonly<Record<string, unknown>>): string[] {
  const parts = key.split('__');
  if (parts.includes('')) {
    const choices = choicesList(key, [...meta.pathNames(), ...Object.keys(annotations)]);
    throw new FieldError(`Cannot resolve keyword '${key}' into field: '__' separates names, so a key may not start or end with it or repeat it.${choices}`);
  }
  return parts;
}

function column(field: Field, cursor: Cursor, next: number): PathTarget {
  const lhs = cursor.outer ? { kind: 'column' as const, field, table: cursor.alias, nullable: true } : { kind: 'column' as const, field, table: cursor.alias };
  return { lhs, field, next };
}

function forwardJoin(field: ForeignKey, target: ModelOptions, cursor: Cursor) {
  return { table: target.tableName, parentColumn: field.column, column: field.targetField.column, outer: cursor.outer || field.null, multiValued: false };
}

function step(
  cursor: Cursor,
  joins: JoinCollector | undefined,
  name: string,
  join: { table: string; parentColumn: string; column: string; outer: boolean; multiValued: boolean },
  target: ModelOptions,
): void {
  if (!joins) {
    throw new FieldError(
      `Joined field references are not permitted here ('${name}' on ${cursor.meta.name}): update() values (and F() inside them) cannot follow relations; filter() on the path instead, or read the related values first and write them`,
    );
  }
  cursor.alias = joins.join({ ...join, parentAlias: cursor.alias, key: `${cursor.alias}.${name}` });
  cursor.outer = join.outer;
  cursor.meta = target;
}

/** Book.tags: books -> books_tags (book_id) -> tags (id). From Tag's side the same two joins run the other way. */
function manyToManyJoins(cursor: Cursor, joins: JoinCollector | undefined, name: string, field: ManyToManyField, direction: 'forward' | 'reverse'): void {
  const through = field.through!._meta as unknown as ModelOptions;
  const [near, far] = direction === 'forward' ? [field.throughSource!, field.throughTarget!] : [field.throughTarget!, field.throughSource!];
  const farMeta = far.relatedModel._meta as unknown as ModelOptions;
  step(cursor, joins, name, { table: through.tableName, parentColumn: near.targetField.column, column: near.column, outer: true, multiValued: true }, through);
  step(cursor, joins, far.name, { table: farMeta.tableName, parentColumn: far.column, column: far.targetField.column, outer: true, multiValued: true }, farMeta);
}

/** Author.books: authors -> books (author_id); Tag.books through the join table. */
function reverseJoins(cursor: Cursor, joins: JoinCollector | undefined, name: string, reverse: ReverseRelation): void {
  if (isManyToMany(reverse.field)) return manyToManyJoins(cursor, joins, name, reverse.field, 'reverse');
  const field = reverse.field as ForeignKey;
  const source = reverse.model._meta;
  step(cursor, joins, name, { table: source.tableName, parentColumn: field.targetField.column, column: field.column, outer: true, multiValued: !reverse.single }, source);
}

function namesField(meta: ModelOptions, name: string | undefined): boolean {
  if (name === undefined) return false;
  return name === 'pk' || meta.maybeField(name) !== undefined || meta.reverseRelation(name) !== undefined;
}

function names(meta: ModelOptions, name: string, field: Field): boolean {
  return (name === 'pk' && meta.pk === field) || meta.maybeField(name) === field;
}

function unknownName(name: string, meta: ModelOptions, extraNames: readonly string[]): FieldError {
  return new FieldError(`Cannot resolve keyword '${name}' into field.${choicesList(name, [...meta.pathNames(), ...extraNames])}`);
}
