import type { ModelClass } from '../../models/types.js';
import { choicesHint, closestMatch } from '../../util/naming.js';
import { CommandError } from '../context.js';
import { findApp, findModel, type ModelApp } from '../project.js';

/** `--include` / `--exclude` as given: repeatable, each a comma-separated list. */
export interface NameFilter {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** `['a,b', 'c']` -> `['a', 'b', 'c']`. */
export function splitNames(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
}

/**
 * The models to draw, app by app: those of the named apps (every app by default),
 * narrowed by `include` and `exclude`, which take `Model` or `app.Model`.
 */
export function selectModels(apps: readonly ModelApp[], labels: readonly string[], filter: NameFilter): { models: ModelClass[]; title: string } {
  for (const label of labels) findApp(apps, label);
  const chosen = labels.length ? apps.filter((app) => labels.includes(app.label)) : apps;
  const included = filter.include.map((name) => findNamedModel(chosen, name));
  const excluded = new Set(filter.exclude.map((name) => findNamedModel(chosen, name)));
  const models = [...new Set(chosen.flatMap((app) => app.models))].filter((model) => (included.length === 0 || included.includes(model)) && !excluded.has(model));
  const title = `the models of ${chosen.length === 1 ? 'app' : 'apps'} ${chosen.map((app) => app.label).join(', ')}`;
  return { models, title };
}

/** `Model` or `app.Model`; a misspelt bare name is matched against the bare names for the hint. */
function findNamedModel(apps: readonly ModelApp[], name: string): ModelClass {
  try {
    return findModel(apps, name).model;
  } catch (error) {
    if (!(error instanceof CommandError) || name.includes('.')) throw error;
    const guess = closestMatch(name, apps.flatMap((app) => app.models.map((model) => model.name)));
    const known = apps.flatMap((app) => app.models.map((model) => `${app.label}.${model.name}`)).sort();
    throw new CommandError(`Unknown model '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Choices are: ${known.join(', ')}`);
  }
}

/** The tables to draw, in the database's order, narrowed by `include` and `exclude`. */
export function selectTables(existing: readonly string[], filter: NameFilter): string[] {
  const included = filter.include.map((name) => findTable(existing, name));
  const excluded = new Set(filter.exclude.map((name) => findTable(existing, name)));
  return existing.filter((table) => (included.length === 0 || included.includes(table)) && !excluded.has(table));
}

/** The table with this name; a different case is accepted when only one table matches. */
function findTable(existing: readonly string[], name: string): string {
  if (existing.includes(name)) return name;
  const folded = existing.filter((table) => table.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  throw new CommandError(`No table named '${name}'.${choicesHint(name, existing)}`);
}
