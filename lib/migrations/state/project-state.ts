import type { Model } from '../../models/model.js';
import type { ModelClass } from '../../models/types.js';
import type { QuerySet } from '../../query/queryset.js';
import { choicesHint } from '../../util/naming.js';
import { NodeNotFoundError } from '../errors.js';
import { ModelState, stateKey, type RelationScope } from './model-state.js';

/** An instance of a historical model: its fields are known at run time only, so they read as `unknown`. */
export type HistoricalInstance = Model & Record<string, unknown>;

/** A historical model with its default manager (what data migrations query through). */
export type HistoricalModel = ModelClass<HistoricalInstance> & { readonly objects: QuerySet<ModelClass<HistoricalInstance>> };

/** Historical models of one state, by app label and model name; handed to `RunCode`. */
export interface HistoricalApps {
  get(app: string, model: string): HistoricalModel;
}

/**
 * Every model of every app at one point of the migration history. Built from migration files
 * (by replaying their operations), never from the database; compared with the live models by
 * the autodetector. Immutable.
 */
export class ProjectState implements RelationScope {
  private readonly bound = new Map<string, ModelState>();
  private readonly renderedModels = new Map<string, HistoricalModel>();

  constructor(readonly models: ReadonlyMap<string, ModelState> = new Map()) {}

  /** The state of live model classes, grouped by app. */
  static fromApps(apps: readonly { readonly label: string; readonly models: readonly ModelClass[] }[]): ProjectState {
    const models = new Map<string, ModelState>();
    for (const app of apps) {
      for (const model of app.models) {
        if (model._meta.abstract) continue;
        const state = ModelState.fromModel(app.label, model);
        models.set(state.key, state);
      }
    }
    return new ProjectState(models);
  }

  /** The model's state, its relations resolving within this project state. */
  maybeModel(app: string, name: string): ModelState | undefined {
    const key = stateKey(app, name);
    let model = this.bound.get(key);
    if (!model) {
      const raw = this.models.get(key);
      if (!raw) return undefined;
      model = raw.bindTo(this);
      this.bound.set(key, model);
    }
    return model;
  }

  /** A model by class name, in `preferApp` first (how relations name their target). */
  findModel(name: string, preferApp: string): ModelState | undefined {
    const own = this.maybeModel(preferApp, name);
    if (own) return own;
    const other = [...this.models.values()].find((m) => m.name === name);
    return other ? this.maybeModel(other.app, other.name) : undefined;
  }

  /** The historical model class of a model state, rendered once per project state. */
  rendered(app: string, name: string): HistoricalModel {
    const key = stateKey(app, name);
    let model = this.renderedModels.get(key);
    if (!model) {
      model = this.model(app, name).render() as HistoricalModel;
      this.renderedModels.set(key, model);
    }
    return model;
  }

  model(app: string, name: string): ModelState {
    const found = this.maybeModel(app, name);
    if (!found) {
      const known = [...this.models.values()].filter((m) => m.app === app).map((m) => m.name);
      throw new NodeNotFoundError(`No model '${name}' in app '${app}' at this point of the migrations.${choicesHint(name, known)}`);
    }
    return found;
  }

  modelsOf(app: string): ModelState[] {
    return [...this.models.values()].filter((m) => m.app === app).map((m) => this.maybeModel(m.app, m.name)!);
  }

  withModel(model: ModelState): ProjectState {
    const models = new Map(this.models);
    models.set(model.key, model);
    return new ProjectState(models);
  }

  withoutModel(app: string, name: string): ProjectState {
    this.model(app, name);
    const models = new Map(this.models);
    models.delete(stateKey(app, name));
    return new ProjectState(models);
  }

  /** Replaces a model, keeping its position (for renames the key changes). */
  replaceModel(app: string, oldName: string, model: ModelState): ProjectState {
    this.model(app, oldName);
    const models = new Map<string, ModelState>();
    for (const [key, value] of this.models) {
      if (key === stateKey(app, oldName)) models.set(model.key, model);
      else models.set(key, value);
    }
    return new ProjectState(models);
  }

  /** Historical model classes, rendered lazily and cached per state. */
  apps(): HistoricalApps {
    return { get: (app, name) => this.rendered(app, name) };
  }
}
