import { ImproperlyConfigured } from '../errors.js';
import type { ModelOptions } from './options.js';
import type { ModelClass } from './types.js';

/** Every concrete model whose metadata has been built, by class name (for lazy references). */
const models = new Map<string, { model: ModelClass; meta: ModelOptions }>();

export function registerModel(model: ModelClass, meta: ModelOptions): void {
  if (meta.abstract) return;
  const existing = models.get(model.name);
  // Re-declaring a model over the same table (a REPL, a re-imported module) replaces it; two
  // different models sharing a name would make lazy references by name ambiguous.
  if (existing && existing.model !== model && existing.meta.tableName !== meta.tableName) {
    throw new ImproperlyConfigured(
      `Conflicting models named '${model.name}': tables '${existing.meta.tableName}' and '${meta.tableName}'. Rename one of the classes`,
    );
  }
  models.set(model.name, { model, meta });
}

export function getModel(name: string): ModelClass {
  const found = models.get(name);
  if (!found) throw new ImproperlyConfigured(`No model named '${name}' has been loaded. Known: ${[...models.keys()].sort().join(', ')}`);
  return found.model;
}

export function allModels(): ModelClass[] {
  return [...models.values()].map((entry) => entry.model);
}
