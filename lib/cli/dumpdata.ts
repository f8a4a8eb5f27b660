import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { say, type CommandContext } from './context.js';
import { dependencyOrder, dumpModel, type FixtureObject, type LabelledModel } from './fixtures.js';
import { findApp, findModel, loadProject, modelLabel, selectDatabase, type LoadedApp } from './project.js';
import type { CommandInput } from './run.js';

interface DumpFlags {
  readonly indent?: number;
  readonly output?: string;
  readonly exclude: string[];
  readonly database: string;
}

/** `wren dumpdata [app | app.Model ...]`: rows as a JSON fixture that `loaddata` reads back. */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [labels] = input.args as [string[]];
  const flags = input.options as unknown as DumpFlags;
  const project = await loadProject(ctx);
  const db = selectDatabase(project, flags.database);
  const excluded = selected(project.apps, flags.exclude);
  const chosen = (labels.length ? selected(project.apps, labels) : selected(project.apps, project.apps.map((a) => a.label)))
    .filter((entry) => !excluded.some((other) => other.model === entry.model));
  const objects: FixtureObject[] = [];
  for (const entry of dependencyOrder(chosen)) objects.push(...(await dumpModel(entry, db.alias)));
  const text = `${JSON.stringify(objects, null, flags.indent)}\n`;
  if (flags.output) {
    writeFileSync(path.resolve(ctx.cwd, flags.output), text);
    if (ctx.verbosity > 0) ctx.stderr.write(`Dumped ${objects.length} object${objects.length === 1 ? '' : 's'} to ${flags.output}\n`);
  } else {
    ctx.stdout.write(text);
  }
  if (objects.length === 0 && ctx.verbosity > 1) say(ctx, '(no rows)');
}

/** `app` means all its models; `app.Model` one. */
function selected(apps: readonly LoadedApp[], labels: readonly string[]): LabelledModel[] {
  const result: LabelledModel[] = [];
  for (const label of labels) {
    const entries = label.includes('.')
      ? [findModel(apps, label)]
      : findApp(apps, label).models.map((model) => ({ app: findApp(apps, label), model }));
    for (const { app, model } of entries) {
      if (!result.some((entry) => entry.model === model)) result.push({ label: modelLabel(app, model), model });
    }
  }
  return result;
}
