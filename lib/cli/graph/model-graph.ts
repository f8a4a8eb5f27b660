import { isForeignKey, OneToOneField, type Field, type ForeignKey, type ManyToManyField } from '../../fields/index.js';
import { Model } from '../../models/model.js';
import { declaredMeta, ModelOptions, type ModelClassLike } from '../../models/options.js';
import type { ModelClass } from '../../models/types.js';
import { snakeCase } from '../../util/naming.js';
import type { ErGraph, GraphColumn, GraphEdge, GraphTable } from './types.js';

/**
 * The graph of these models: one table per model with its columns (fields inherited from abstract
 * parents included), and an edge per relation whose both ends are among them.
 *
 * @example modelGraph([Author, Book, Tag], 'app blog')
 */
export function modelGraph(models: readonly ModelClass[], title: string): ErGraph {
  // A many-to-many's join model is known once every relation has found its target.
  ModelOptions.resolveRelations();
  const drawn = new Set(models.map((model) => model.name));
  return {
    title,
    tables: models.map(modelTable),
    edges: models.flatMap((model) => modelEdges(model).filter((edge) => drawn.has(edge.to))),
  };
}

function modelTable(model: ModelClass): GraphTable {
  const meta = model._meta;
  const parents = abstractParents(model);
  const notes = [`table ${meta.tableName}`];
  if (parents.length) notes.push(`extends ${parents.join(', ')}`);
  if (!meta.managed) notes.push('unmanaged');
  return { name: model.name, notes, columns: meta.fields.map(fieldColumn) };
}

function fieldColumn(field: Field): GraphColumn {
  const column = { name: field.name, type: field.constructor.name, pk: field.primaryKey, unique: field.unique && !field.primaryKey, nullable: field.null };
  if (isForeignKey(field)) {
    return { ...column, typeArgs: '', references: { table: field.relatedModel.name, column: field.targetField.name } };
  }
  return { ...column, typeArgs: typeArgs(field) };
}

/** The parameters that change what a column holds: `maxLength`, or digits and decimal places. */
function typeArgs(field: Field): string {
  const spec = field.columnSpec();
  if (spec.maxDigits !== undefined) return `${spec.maxDigits},${spec.decimalPlaces ?? 0}`;
  return spec.maxLength !== undefined ? String(spec.maxLength) : '';
}

/** Abstract classes between the model and `Model`, nearest first. */
function abstractParents(model: ModelClass): string[] {
  const names: string[] = [];
  for (let parent = Object.getPrototypeOf(model); parent && parent !== Model; parent = Object.getPrototypeOf(parent)) {
    if (declaredMeta(parent as ModelClassLike)?.abstract === true) names.push((parent as ModelClassLike).name);
  }
  return names;
}

function modelEdges(model: ModelClass): GraphEdge[] {
  const meta = model._meta;
  const keys = meta.fields.filter(isForeignKey).map((field) => keyEdge(model, field));
  return [...keys, ...meta.manyToMany.map((field) => manyToManyEdge(model, field))];
}

function keyEdge(model: ModelClass, field: ForeignKey): GraphEdge {
  const oneToOne = field instanceof OneToOneField;
  return {
    from: model.name,
    to: field.relatedModel.name,
    kind: oneToOne ? 'oneToOne' : 'foreignKey',
    label: field.name,
    ...visibleRelatedName(field.relatedName),
    cardinality: { from: field.unique ? 'zeroOrOne' : 'zeroOrMore', to: field.null ? 'zeroOrOne' : 'exactlyOne' },
    fromColumn: field.name,
    toColumn: field.targetField.name,
  };
}

function manyToManyEdge(model: ModelClass, field: ManyToManyField): GraphEdge {
  return {
    from: model.name,
    to: field.relatedModel.name,
    kind: 'manyToMany',
    label: field.name,
    ...visibleRelatedName(field.relatedName),
    through: joinOf(model, field),
    cardinality: { from: 'zeroOrMore', to: 'zeroOrMore' },
    // The join rows hold both primary keys, so the line runs between them.
    fromColumn: model._meta.pk.name,
    toColumn: field.relatedModel._meta.pk.name,
  };
}

function joinOf(model: ModelClass, field: ManyToManyField): { name: string; declared: boolean } {
  const declared = field.declaredThrough;
  if (declared) return { name: declared.name, declared: true };
  // An automatic join model is Wren's business: the picture names its table, not its class.
  return { name: field.through?._meta.tableName ?? field.options.dbTable ?? `${model._meta.tableName}_${snakeCase(field.name)}`, declared: false };
}

/** A `+` related name hides the reverse accessor, so there is nothing to show. */
function visibleRelatedName(name: string): { relatedName?: string } {
  return name.endsWith('+') ? {} : { relatedName: name };
}
