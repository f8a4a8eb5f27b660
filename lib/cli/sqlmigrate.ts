import { sqlMigrate } from '../migrations/index.js';
import { CommandError, say, type CommandContext } from './context.js';
import { migrationApps } from './migration-apps.js';
import { findApp, loadProject, selectDatabase } from './project.js';
import type { CommandInput } from './run.js';

/** `wren sqlmigrate [app] <name>`: the SQL a migration would run (or undo, `--backwards`), run nothing. */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [first, second] = input.args as [string, string | undefined];
  const flags = input.options as { backwards?: boolean; database: string };
  const project = await loadProject(ctx);
  let app: string;
  let name: string;
  if (second !== undefined) {
    app = findApp(project.apps, first).label;
    name = second;
  } else if (project.apps.length === 1) {
    app = project.apps[0]!.label;
    name = first;
  } else {
    throw new CommandError(`Name the app too: wren sqlmigrate <app> ${first}. Apps: ${project.apps.map((a) => a.label).join(', ')}`, 2);
  }
  const db = selectDatabase(project, flags.database);
  const statements = await sqlMigrate({ apps: migrationApps(project), using: db.alias, app, name, backwards: flags.backwards });
  if (statements.length === 0) say(ctx, '-- (no SQL to run)');
  for (const sql of statements) say(ctx, /;\s*$/.test(sql) || sql.startsWith('--') ? sql : `${sql};`);
}
