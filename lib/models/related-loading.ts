import { FieldError } from '../errors.js';
import { isForeignKey } from '../fields/index.js';
import { stateOf } from '../query/instance-state.js';
import { QuerySet } from '../query/queryset.js';
import type { ModelClass } from './types.js';

/**
 * `await book.related('author')`: the explicit, asynchronous load of a forward relation. The
 * result is cached on the instance, so `book.author` works afterwards without a query.
 */
export async function loadRelated(instance: object, name: string): Promise<unknown> {
  const model = instance.constructor as ModelClass;
  const field = model._meta.maybeField(name);
  if (!field || !isForeignKey(field) || field.name !== name) {
    const choices = model._meta.fields.filter(isForeignKey).map((f) => f.name);
    throw new FieldError(`${model.name}.related('${name}'): not a forward relation. Choices are: ${choices.join(', ') || '(none)'}`);
  }
  const state = stateOf(instance);
  const cached = state.related?.get(name);
  if (cached !== undefined) return cached;
  const key = (instance as Record<string, unknown>)[field.attname];
  if (key === null || key === undefined) return null;
  const target = field.relatedModel as unknown as ModelClass;
  let qs = new QuerySet(target).filter({ [field.targetField.name]: key } as never);
  if (state.db) qs = qs.using(state.db);
  const loaded = await qs.get();
  (state.related ??= new Map()).set(name, loaded);
  return loaded;
}
