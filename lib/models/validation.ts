import { ValidationError } from '../errors.js';
import { stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { Field } from '../fields/field.js';
import type { ModelClass } from './types.js';

type Instance = Record<string, unknown>;
type Errors = Record<string, string[]>;

/**
 * Django's `full_clean()`: every editable field's own checks, then the model's `clean()` hook,
 * then `unique` fields and `uniqueTogether` sets against the database. Returns the messages per
 * field (`__all__` for errors of no single field); empty when the instance is valid.
 */
export async function validateInstance(
  target: object,
  options: { exclude?: readonly string[]; validateUnique?: boolean },
  clean: () => void | Promise<void>,
): Promise<Errors> {
  const excluded = new Set(options.exclude ?? []);
  const errors = fieldErrors(target as Instance, excluded);
  try {
    await clean();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [name, messages] of Object.entries(error.errors)) (errors[name] ??= []).push(...messages);
  }
  if (options.validateUnique !== false) await addUniqueErrors(target, excluded, errors);
  return errors;
}

function fieldErrors(instance: Instance, excluded: ReadonlySet<string>): Errors {
  const errors: Errors = {};
  for (const field of (instance.constructor as ModelClass)._meta.fields) {
    if (excluded.has(field.name) || field.isAuto || !field.editable) continue;
    const messages = field.validate(instance[field.attname]);
    if (messages.length) errors[field.name] = messages;
  }
  return errors;
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
