import { introspect, introspectorFor, queryFor } from '../introspection/index.js';
import { CommandError, warn, type CommandContext } from './context.js';
import { renderModels } from './model-source.js';
import { loadProjectConfig, selectDatabase } from './project.js';
import type { CommandInput } from './run.js';
import { choicesHint } from '../util/naming.js';

/** `wren inspectdb [tables...]`: models for an existing database, printed to stdout. */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [tables] = input.args as [string[]];
  const options = input.options as { database?: string };
  const config = await loadProjectConfig(ctx);
  const db = selectDatabase({ config }, options.database);
  const introspector = introspectorFor(db.dialect);
  const existing = await introspector.tableNames(queryFor(db));
  for (const table of tables) {
    if (!existing.includes(table)) throw new CommandError(`No table named '${table}' in the '${db.alias}' database.${choicesHint(table, existing)}`);
  }
  const selected = tables.length ? tables : existing.filter((name) => name !== 'wren_migrations');
  if (selected.length === 0) warn(ctx, `The '${db.alias}' database has no tables.`);
  const described = await introspect(db, selected);
  ctx.stdout.write(renderModels(described, introspector, `the '${db.alias}' database (${db.dialect.displayName})`));
}
