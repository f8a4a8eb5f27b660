import { ImproperlyConfigured } from '../errors.js';
import type { ModelOptions } from './options.js';
import type { ModelClass } from './types.js';

/** Every concrete model whose metadata has been built, by class name (for lazy references). */
const models = new Map<string, { model: ModelClass; meta: ModelOptions }>();

export function registerModel(model: ModelClass, meta: ModelOptions): void {
  if (meta.abstract) return;
  const existing = models.get(model.name);
  if (existing && existing.model !== model && existing.meta.tableName === meta.tableName) {
    // Re-declaring a model (e.g. in a REPL or a re-imported test module) replaces it.
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
