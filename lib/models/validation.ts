import { DEFAULT_ALIAS, routeRead } from '../connection/index.js';
import { ValidationError } from '../errors.js';
import { isForeignKey, type ForeignKey } from '../fields/index.js';
import { stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { Field } from '../fields/field.js';
import type { ModelClass } from './types.js';

type Instance = Record<string, unknown>;
type Errors = Record<string, string[]>;

/**
 * Django's `full_clean()`: every editable field's own checks (a ForeignKey's also that its target
 * row exists), then the model's `clean()` hook, then `unique` fields and `uniqueTogether` sets
 * against the database. Returns the messages per field (`__all__` for errors of no single field);
 * empty when the instance is valid.
 */
export async function validateInstance(
  target: object,
  options: { exclude?: readonly string[]; validateUnique?: boolean },
  clean: () => void | Promise<void>,
): Promise<Errors> {
  const excluded = new Set(options.exclude ?? []);
  const errors = await fieldErrors(target as Instance, excluded);
  try {
    await clean();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [name, messages] of Object.entries(error.errors)) (errors[name] ??= []).push(...messages);
  }
  if (options.validateUnique !== false) await addUniqueErrors(target, excluded, errors);
  return errors;
}

async function fieldErrors(instance: Instance, excluded: ReadonlySet<string>): Promise<Errors> {
  const errors: Errors = {};
  for (const field of (instance.constructor as ModelClass)._meta.fields) {
    // Excluded by name or by key attribute (`parent` or `parentId`), as the unique checks below.
    if (excluded.has(field.name) || excluded.has(field.attname) || field.isAuto || !field.editable) continue;
    const value = instance[field.attname];
    const messages = field.validate(value);
    if (messages.length === 0 && value != null && isForeignKey(field) && !(await targetExists(instance, field, value))) {
      messages.push(`${verboseName(field.relatedModel as unknown as ModelClass)} instance with ${field.targetField.name} ${quoted(field.targetField.toJs(value))} does not exist.`);
    }
    if (messages.length) errors[field.name] = messages;
  }
  return errors;
}

/**
 * Django's `ForeignKey.validate()`: one query for the row the key names, through the target's
 * unscoped QuerySet (Django's base manager, so a manager's default filter cannot hide a row),
 * on the database a read of the target goes to for this instance.
 */
function targetExists(instance: Instance, field: ForeignKey, value: unknown): Promise<boolean> {
  const target = field.relatedModel as unknown as ModelClass;
  const alias = routeRead(target, { instance }, stateOf(instance).db ?? DEFAULT_ALIAS);
  return new QuerySet(target).using(alias).filter({ [field.targetField.name]: value } as never).exists();
}

function verboseName(model: ModelClass): string {
  return model._meta.declaredMeta?.verboseName ?? model.name;
}

/** A value as messages show it: text in double quotes (as the choices message), anything else as written. */
function quoted(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

async function addUniqueErrors(target: object, excluded: ReadonlySet<string>, errors: Errors): Promise<void> {
  const instance = target as Instance;
  const model = target.constructor as ModelClass;
  const meta = model._meta;
  const state = stateOf(target);
  const pk = instance[meta.pk.attname];
  // A saved instance's own row is no duplicate; a new instance with an explicit key must not
  // skip the row it would collide with (Django checks the key's uniqueness too).
  const excludeSelf = !state.adding && pk != null;
  const others = (): QuerySet<ModelClass> => {
    const qs = state.db ? new QuerySet(model).using(state.db) : new QuerySet(model);
    return excludeSelf ? qs.exclude({ pk } as never) : qs;
  };
  // Excluded by name or by key attribute (`parent` or `parentId`), or already invalid.
  const skipped = (field: Field): boolean => excluded.has(field.name) || excluded.has(field.attname) || errors[field.name] !== undefined;
  for (const field of meta.fields) {
    const value = instance[field.attname];
    if (!field.unique || skipped(field) || value == null) continue;
    if (field === meta.pk && excludeSelf) continue;
    if (await others().filter({ [field.name]: value } as never).exists()) {
      (errors[field.name] ??= []).push(`${meta.name} with this ${field.name} already exists.`);
    }
  }
  for (const names of meta.uniqueTogether) {
    // A relation is compared by its key attribute (parentId): reading `parent` would need the related row loaded.
    const fields = names.map((name) => meta.field(name));
    if (fields.some((field) => skipped(field) || instance[field.attname] == null)) continue;
    const conditions = Object.fromEntries(fields.map((field) => [field.name, instance[field.attname]]));
    if (await others().filter(conditions as never).exists()) {
      (errors.__all__ ??= []).push(`${meta.name} with this ${names.join(' and ')} already exists.`);
    }
  }
}
