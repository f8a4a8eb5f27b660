import { showMigrations } from '../migrations/index.js';
import { say, type CommandContext } from './context.js';
import { migrationApps } from './migration-apps.js';
import { findApp, loadProject, selectDatabase } from './project.js';
import type { CommandInput } from './run.js';

/** `wren showmigrations [apps...]`: each app's migrations, `[X]` when applied; `--plan` in apply order. */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [labels] = input.args as [string[]];
  const flags = input.options as { plan?: boolean; database: string };
  const project = await loadProject(ctx);
  for (const label of labels) findApp(project.apps, label);
  const db = selectDatabase(project, flags.database);
  const rows = await showMigrations({ apps: migrationApps(project), using: db.alias });
  const mark = (applied: boolean) => (applied ? ctx.color.green('[X]') : '[ ]');
  if (flags.plan) {
    for (const row of rows.filter((r) => labels.length === 0 || labels.includes(r.app))) say(ctx, `${mark(row.applied)}  ${row.app}.${row.name}`);
    return;
  }
  for (const app of project.apps.filter((a) => labels.length === 0 || labels.includes(a.label))) {
    say(ctx, ctx.color.bold(app.label));
    const own = rows.filter((row) => row.app === app.label);
    if (own.length === 0) say(ctx, ' (no migrations)');
    for (const row of own) say(ctx, ` ${mark(row.applied)} ${row.name}`);
  }
}
