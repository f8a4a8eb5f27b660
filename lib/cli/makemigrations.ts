import path from 'node:path';
import { InteractiveQuestioner, makeMigrations, NonInteractiveQuestioner } from '../migrations/index.js';
import { say, type CommandContext } from './context.js';
import { migrationApps, parseAnswers, parseDefaults } from './migration-apps.js';
import { findApp, loadProject } from './project.js';
import type { CommandInput } from './run.js';

interface MakeMigrationsFlags {
  readonly check?: boolean;
  readonly dryRun?: boolean;
  readonly name?: string;
  readonly empty?: boolean;
  readonly merge?: boolean;
  readonly rename: string[];
  readonly default: string[];
  readonly input: boolean;
}

/**
 * `wren makemigrations [apps...]`: writes a migration per app whose models changed. `--check`
 * exits 1 when one would be written (for CI); renames and one-off defaults are asked on a
 * terminal, or taken from `--rename` / `--default`. `--merge` joins a forked history (two latest
 * migrations in an app) with a merge migration, which makemigrations and migrate otherwise ask for.
 */
export async function run(ctx: CommandContext, input: CommandInput): Promise<number> {
  const [labels] = input.args as [string[]];
  const flags = input.options as unknown as MakeMigrationsFlags;
  const project = await loadProject(ctx);
  for (const label of labels) findApp(project.apps, label);
  const answers = { renames: parseAnswers(flags.rename, '--rename'), defaults: parseDefaults(flags.default) };
  const interactive = ctx.interactive && flags.input !== false && !flags.check;
  const result = await makeMigrations({
    apps: migrationApps(project),
    appLabels: labels.length ? labels : undefined,
    check: flags.check,
    dryRun: flags.dryRun,
    name: flags.name,
    empty: flags.empty,
    merge: flags.merge,
    ...answers,
    questioner: interactive ? new InteractiveQuestioner(answers) : new NonInteractiveQuestioner(answers),
  });
  if (!result.changed && flags.merge) {
    say(ctx, 'No conflicts detected to merge.');
    return 0;
  }
  if (!result.changed) {
    say(ctx, `No changes detected${labels.length ? ` in app${labels.length > 1 ? 's' : ''} ${labels.map((l) => `'${l}'`).join(', ')}` : ''}`);
    return 0;
  }
  for (const migration of result.migrations) {
    say(ctx, ctx.color.bold(flags.merge ? `Merge migration for '${migration.app}' (joins ${migration.dependencies.map(([, name]) => name).join(', ')}):` : `Migrations for '${migration.app}':`));
    say(ctx, `  ${ctx.color.green(path.relative(ctx.cwd, migration.path) || migration.path)}`);
    for (const operation of migration.operations) say(ctx, `    - ${operation}`);
    if (flags.dryRun && ctx.verbosity > 1) say(ctx, migration.source);
  }
  for (const line of result.dataLoss) say(ctx, ctx.color.yellow(`  ! ${line}`));
  if (flags.check) {
    say(ctx, ctx.color.red('Models and migrations disagree: run `wren makemigrations` and commit the result.'));
    return 1;
  }
  return 0;
}
