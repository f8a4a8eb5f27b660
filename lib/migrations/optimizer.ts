import { defaultTableName } from '../util/naming.js';
import type { Operation } from './operations/base.js';
import { AddField, AlterField, RemoveField, RenameField, renameInOptions } from './operations/fields.js';
import { AddConstraint, AddIndex } from './operations/indexes.js';
import { AlterModelOptions, AlterModelTable, AlterUniqueTogether, CreateModel, DeleteModel, RenameModel } from './operations/models.js';
import { ModelState } from './state/model-state.js';
import type { Field } from '../fields/index.js';

/** The model an operation is about (its first one, for renames). */
function subject(op: Operation): string | undefined {
  const named = op as unknown as { model?: string; name?: string; oldName?: string };
  if (op instanceof CreateModel || op instanceof DeleteModel) return named.name;
  if (op instanceof RenameModel) return named.oldName;
  return named.model;
}

function created(op: CreateModel, patch: { name?: string; fields?: Readonly<Record<string, Field>>; options?: CreateModel['options'] }): CreateModel {
  return new CreateModel({ name: patch.name ?? op.name, fields: patch.fields ?? op.fields, options: patch.options ?? op.options });
}

/** A new model absorbs what follows it: fields added, altered, removed, renamed, or the model renamed. */
function reduceCreate(op: CreateModel, next: Operation): Operation[] | undefined {
  if (next instanceof DeleteModel && next.name === op.name) return [];
  if (next instanceof RenameModel && next.oldName === op.name) {
    const tableName = op.options.tableName === defaultTableName(op.name) ? defaultTableName(next.newName) : op.options.tableName;
    return [created(op, { name: next.newName, options: { ...op.options, tableName } })];
  }
  const options = reduceOptions(op, next);
  if (options) return [created(op, { options })];
  if (!('model' in next) || (next as { model: string }).model !== op.name) return undefined;
  if (next instanceof AddField || next instanceof AlterField) return [created(op, { fields: { ...op.fields, [next.name]: next.field } })];
  if (next instanceof RemoveField) {
    const { uniqueTogether = [], indexes = [], constraints = [], ordering = [] } = op.options;
    const mentioned = [...uniqueTogether.flat(), ...indexes.flatMap((i) => i.fields), ...constraints.flatMap((c) => (c.kind === 'unique' ? c.fields : [])), ...ordering.map((o) => o.replace(/^-/, ''))];
    if (mentioned.includes(next.name)) return undefined;
    const { [next.name]: _removed, ...rest } = op.fields;
    return [created(op, { fields: rest })];
  }
  if (next instanceof RenameField) {
    const fields = Object.fromEntries(Object.entries(op.fields).map(([name, field]) => [name === next.oldName ? next.newName : name, field]));
    const renamed = renameInOptions(new ModelState('', op.name, fields, op.options), next.oldName, next.newName);
    return [created(op, { fields, options: renamed.options })];
  }
  return undefined;
}

/** Table-level changes right after a model's creation become its options. */
function reduceOptions(op: CreateModel, next: Operation): CreateModel['options'] | undefined {
  const o = op.options;
  if (next instanceof AlterUniqueTogether && next.name === op.name) return { ...o, uniqueTogether: next.uniqueTogether };
  if (next instanceof AlterModelTable && next.name === op.name) return { ...o, tableName: next.table };
  if (next instanceof AlterModelOptions && next.name === op.name) {
    const { ordering: _ordering, managed: _managed, ...rest } = o;
    return { ...rest, ...(next.options.ordering?.length ? { ordering: next.options.ordering } : {}), ...(next.options.managed === false ? { managed: false } : {}) };
  }
  if (next instanceof AddIndex && next.model === op.name) return { ...o, indexes: [...(o.indexes ?? []), next.index] };
  if (next instanceof AddConstraint && next.model === op.name) return { ...o, constraints: [...(o.constraints ?? []), next.constraint] };
  return undefined;
}

/** Two operations on the same field that come to one (or none). */
function reduceField(op: AddField | AlterField, next: Operation): Operation[] | undefined {
  const same = (other: { model: string; name: string }) => other.model === op.model && other.name === op.name;
  if (next instanceof RemoveField && same(next)) return op instanceof AddField ? [] : [next];
  if (next instanceof AlterField && same(next)) {
    if (op instanceof AlterField) return [next];
    return [new AddField({ model: op.model, name: op.name, field: next.field, ...(op.oneOffDefault === undefined ? {} : { oneOffDefault: op.oneOffDefault }) })];
  }
  return undefined;
}

function reduce(op: Operation, next: Operation): Operation[] | undefined {
  if (op instanceof CreateModel) return reduceCreate(op, next);
  if (op instanceof AddField || op instanceof AlterField) return reduceField(op, next);
  return undefined;
}

/**
 * Django's optimizer, for squashing: merges an operation with a later one about the same model
 * when nothing in between touches that model, until nothing more merges.
 */
export function optimize(operations: readonly Operation[]): Operation[] {
  let ops = [...operations];
  for (let changed = true; changed; ) {
    changed = false;
    outer: for (let i = 0; i < ops.length; i++) {
      const model = subject(ops[i]!);
      for (let j = i + 1; j < ops.length; j++) {
        const merged = reduce(ops[i]!, ops[j]!);
        if (merged) {
          ops = [...ops.slice(0, i), ...merged, ...ops.slice(i + 1, j), ...ops.slice(j + 1)];
          changed = true;
          break outer;
        }
        if (model === undefined || ops[j]!.referencesModel(model)) break;
      }
    }
  }
  return ops;
}
