import { WrenError } from '../errors.js';
import { CommandError, say, type CommandContext } from './context.js';
import type { ModelClass } from '../models/types.js';
import { runChecks, type CheckMessage } from './model-checks.js';
import { findApp, loadApps, loadProjectConfig } from './project.js';
import type { CommandInput } from './run.js';

const LEVELS = ['warning', 'error'] as const;

/**
 * `wren check [apps...]`: loads the models and reports problems Django-style; exits 1 when
 * something at `--fail-level` (error by default) or above was found. A model that cannot even be
 * declared (bad options, unknown ordering field) is reported as such.
 */
export async function run(ctx: CommandContext, input: CommandInput): Promise<number> {
  const [labels] = input.args as [string[]];
  const { failLevel } = input.options as { failLevel: string };
  if (!(LEVELS as readonly string[]).includes(failLevel)) throw new CommandError(`--fail-level must be one of: ${LEVELS.join(', ')} (got '${failLevel}')`, 2);
  const config = await loadProjectConfig(ctx);
  let messages: CheckMessage[];
  try {
    const project = await loadApps(config);
    for (const label of labels) findApp(project.apps, label);
    const apps = project.apps.filter((app) => labels.length === 0 || labels.includes(app.label));
    const entries = apps.flatMap((app) => app.models.map((model) => ({ app: app.label, model })));
    const broken = entries.flatMap((entry) => metaProblem(entry.app, entry.model));
    messages = [...broken, ...runChecks(entries.filter((entry) => !broken.some((b) => b.object === `${entry.app}.${entry.model.name}`)))];
  } catch (error) {
    // Models that cannot even be declared (bad options, unknown ordering field) are one finding.
    if (!(error instanceof WrenError) || error instanceof CommandError) throw error;
    messages = [{ level: 'error', id: 'wren.E001', object: 'models', message: error.message }];
  }
  report(ctx, messages);
  const threshold = LEVELS.indexOf(failLevel as (typeof LEVELS)[number]);
  return messages.some((m) => LEVELS.indexOf(m.level) >= threshold) ? 1 : 0;
}

/** A model whose metadata cannot be built (unknown ordering field, clashing accessor ...). */
function metaProblem(app: string, model: ModelClass): CheckMessage[] {
  try {
    void model._meta;
    return [];
  } catch (error) {
    if (!(error instanceof WrenError)) throw error;
    return [{ level: 'error', id: 'wren.E001', object: `${app}.${model.name}`, message: error.message }];
  }
}

function report(ctx: CommandContext, messages: readonly CheckMessage[]): void {
  if (messages.length === 0) {
    say(ctx, 'System check identified no issues.');
    return;
  }
  say(ctx, 'System check identified some issues:');
  for (const level of ['error', 'warning'] as const) {
    const found = messages.filter((m) => m.level === level);
    if (found.length === 0) continue;
    say(ctx, '');
    say(ctx, level === 'error' ? ctx.color.red(ctx.color.bold('ERRORS:')) : ctx.color.yellow(ctx.color.bold('WARNINGS:')));
    for (const m of found) {
      say(ctx, `${m.object}: (${m.id}) ${m.message}`);
      if (m.hint) say(ctx, `\tHINT: ${m.hint}`);
    }
  }
  say(ctx, '');
  say(ctx, `System check identified ${messages.length} issue${messages.length === 1 ? '' : 's'}.`);
}
