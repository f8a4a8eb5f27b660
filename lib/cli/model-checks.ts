import { isForeignKey, isRelation, type Field, type ForeignKey, type ManyToManyField } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';

/** One finding, Django system-check style: `shop.Book.author: (wren.E003) ...`. */
export interface CheckMessage {
  readonly level: 'error' | 'warning';
  readonly id: string;
  readonly object: string;
  readonly message: string;
  readonly hint?: string;
}

export interface CheckedModel {
  readonly app: string;
  readonly model: ModelClass;
}

/** Instance members a field would shadow. */
const MODEL_MEMBERS = new Set(['pk', 'save', 'delete', 'clean', 'fullClean', 'refreshFromDb', 'toJSON', 'isAdding', 'constructor']);

type Check = (models: readonly CheckedModel[]) => CheckMessage[];

/** Every check, in the order their messages are printed. */
const CHECKS: readonly Check[] = [fieldNames, defaultsAndChoices, relationTargets, reverseAccessors, tableNames, indexNames];

export function runChecks(models: readonly CheckedModel[]): CheckMessage[] {
  return CHECKS.flatMap((check) => check(models));
}

function label(entry: CheckedModel, field?: Field): string {
  return `${entry.app}.${entry.model.name}${field ? `.${field.name}` : ''}`;
}

function allFields(model: ModelClass): Field[] {
  return [...model._meta.fields, ...model._meta.manyToMany];
}

function fieldNames(models: readonly CheckedModel[]): CheckMessage[] {
  const messages: CheckMessage[] = [];
  for (const entry of models) {
    for (const field of allFields(entry.model)) {
      if (MODEL_MEMBERS.has(field.name)) {
        messages.push({ level: 'error', id: 'wren.E009', object: label(entry, field), message: `'${field.name}' would hide the model's own ${field.name} member.`, hint: 'Rename the field (use dbColumn to keep the column name).' });
      }
    }
    const columns = new Map<string, Field>();
    for (const field of entry.model._meta.fields) {
      const other = columns.get(field.column);
      if (other) messages.push({ level: 'error', id: 'wren.E010', object: label(entry, field), message: `Field '${field.name}' has column '${field.column}', which '${other.name}' uses too.`, hint: 'Give one of them another dbColumn.' });
      columns.set(field.column, field);
    }
  }
  return messages;
}

function defaultsAndChoices(models: readonly CheckedModel[]): CheckMessage[] {
  const messages: CheckMessage[] = [];
  for (const entry of models) {
    for (const field of entry.model._meta.fields) {
      const value = field.options.default;
      if (value !== undefined && value !== null && typeof value !== 'function' && !isRelation(field)) {
        const problems = field.validate(value).filter((problem) => !/blank/.test(problem));
        if (problems.length) {
          messages.push({ level: 'error', id: 'wren.E005', object: label(entry, field), message: `The default ${JSON.stringify(value)} is not a valid value: ${problems.join(' ')}` });
        }
      }
      const choices = field.choiceValues();
      const duplicates = choices.filter((choice, i) => choices.indexOf(choice) !== i);
      if (duplicates.length) {
        messages.push({ level: 'error', id: 'wren.E006', object: label(entry, field), message: `'choices' repeats ${duplicates.map((d) => JSON.stringify(d)).join(', ')}.` });
      }
    }
  }
  return messages;
}

function relationTargets(models: readonly CheckedModel[]): CheckMessage[] {
  const known = new Set(models.map((entry) => entry.model as unknown));
  const messages: CheckMessage[] = [];
  for (const entry of models) {
    for (const field of allFields(entry.model).filter(isRelation)) {
      let target: unknown;
      try {
        target = field.relatedModel;
      } catch (error) {
        messages.push({ level: 'error', id: 'wren.E002', object: label(entry, field), message: `The related model cannot be resolved: ${(error as Error).message}`, hint: 'Export the related model from an app listed in wren.config.ts.' });
        continue;
      }
      if (!known.has(target)) {
        messages.push({ level: 'warning', id: 'wren.W002', object: label(entry, field), message: `The related model ${(target as { name: string }).name} is not exported by any configured app, so migrations will not know it.` });
      }
    }
  }
  return messages;
}

/** Two relations giving the same reverse accessor to one model, or an accessor hiding a field. */
function reverseAccessors(models: readonly CheckedModel[]): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const claimed = new Map<unknown, Map<string, string>>();
  for (const entry of models) {
    for (const field of allFields(entry.model).filter(isRelation) as (ForeignKey | ManyToManyField)[]) {
      let target: ModelClass;
      try {
        target = field.relatedModel as unknown as ModelClass;
      } catch {
        continue; // reported by relationTargets
      }
      const name = field.relatedName;
      if (name.endsWith('+')) continue;
      const owner = label(entry, field);
      const names = claimed.get(target) ?? new Map<string, string>();
      claimed.set(target, names);
      const previous = names.get(name);
      if (previous) {
        messages.push({ level: 'error', id: 'wren.E003', object: owner, message: `Reverse accessor '${target.name}.${name}' clashes with the one of ${previous}.`, hint: `Add or change relatedName on ${owner} or ${previous}.` });
      } else if (allFields(target).some((f) => f.name === name)) {
        messages.push({ level: 'error', id: 'wren.E004', object: owner, message: `Reverse accessor '${target.name}.${name}' clashes with the field ${target.name}.${name}.`, hint: `Add or change relatedName on ${owner}.` });
      }
      names.set(name, owner);
    }
  }
  return messages;
}

function tableNames(models: readonly CheckedModel[]): CheckMessage[] {
  const seen = new Map<string, string>();
  const messages: CheckMessage[] = [];
  for (const entry of models) {
    const table = entry.model._meta.tableName;
    const previous = seen.get(table);
    if (previous) messages.push({ level: 'error', id: 'wren.E007', object: label(entry), message: `Table '${table}' is used by ${previous} too.`, hint: 'Set meta.tableName on one of them.' });
    seen.set(table, label(entry));
  }
  return messages;
}

function indexNames(models: readonly CheckedModel[]): CheckMessage[] {
  const seen = new Map<string, string>();
  const messages: CheckMessage[] = [];
  for (const entry of models) {
    for (const index of entry.model._meta.indexes) {
      if (!index.name) continue;
      const previous = seen.get(index.name);
      if (previous) messages.push({ level: 'error', id: 'wren.E008', object: label(entry), message: `Index name '${index.name}' is used by ${previous} too; index names are unique per database.` });
      seen.set(index.name, label(entry));
      if (index.name.length > 63) messages.push({ level: 'error', id: 'wren.E011', object: label(entry), message: `Index name '${index.name}' is longer than 63 characters (PostgreSQL's limit).` });
    }
    for (const field of entry.model._meta.fields) {
      if (isForeignKey(field) && field.options.dbIndex === false && field.unique) {
        messages.push({ level: 'warning', id: 'wren.W003', object: label(entry, field), message: 'dbIndex: false has no effect on a unique field.' });
      }
    }
  }
  return messages;
}
