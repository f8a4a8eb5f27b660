import { QuerySet } from '../query/queryset.js';
import type { ModelClass } from './types.js';

type Instance = Record<string, unknown>;

/**
 * Django's `full_clean()`: every editable field's own checks, then `unique` fields and
 * `uniqueTogether` sets against the database (skipping the instance's own row).
 */
export async function validateInstance(
  target: object,
  options: { exclude?: readonly string[]; validateUnique?: boolean },
): Promise<Record<string, string[]>> {
  const instance = target as Instance;
  const model = target.constructor as ModelClass;
  const meta = model._meta;
  const excluded = new Set(options.exclude ?? []);
  const errors: Record<string, string[]> = {};
  for (const field of meta.fields) {
    if (excluded.has(field.name) || field.isAuto || !field.editable) continue;
    const messages = field.validate(instance[field.name]);
    if (messages.length) errors[field.name] = messages;
  }
  if (options.validateUnique === false) return errors;
  const others = (): QuerySet<ModelClass> => {
    const qs = new QuerySet(model);
    const pk = instance[meta.pk.name];
    return pk == null ? qs : qs.exclude({ pk } as never);
  };
  for (const field of meta.fields) {
    const value = instance[field.name];
    if (!field.unique || field.isAuto || excluded.has(field.name) || errors[field.name] || value == null) continue;
    if (await others().filter({ [field.name]: value } as never).exists()) {
      (errors[field.name] ??= []).push(`${meta.name} with this ${field.name} already exists.`);
    }
  }
  for (const names of meta.uniqueTogether) {
    if (names.some((name) => excluded.has(name) || errors[name] || instance[name] == null)) continue;
    const conditions = Object.fromEntries(names.map((name) => [name, instance[name]]));
    if (await others().filter(conditions as never).exists()) {
      (errors.__all__ ??= []).push(`${meta.name} with this ${names.join(' and ')} already exists.`);
    }
  }
  return errors;
}
