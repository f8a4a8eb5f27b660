import path from 'node:path';
import type { ModelClass } from '../models/types.js';
import { CommandError, say, type CommandContext } from './context.js';
import { readFixture, resetSequences, writeFixtureObjects } from './fixture-loader.js';
import { startProgress } from './progress.js';
import { loadProject, selectDatabase } from './project.js';
import type { CommandInput } from './run.js';

/**
 * `wren loaddata <fixture.json...>`: inserts (or updates, by primary key) every object in one
 * transaction, in any order, so a bad object leaves the database as it was. A bar shows progress
 * on a terminal.
 */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [files] = input.args as [string[]];
  const { database: alias } = input.options as { database: string };
  const objects = files.flatMap((file) => readFixture(path.resolve(ctx.cwd, file), file));
  const project = await loadProject(ctx);
  const db = selectDatabase(project, alias);
  const total = objects.length;
  const progress = startProgress(ctx, 'Loading', total, { minTotal: 100 });
  let models: ModelClass[];
  try {
    models = await writeFixtureObjects(project.apps, objects, { db, progress });
  } catch (error) {
    if (error instanceof CommandError) throw error;
    // A key to a row that is still missing after the whole load fails it, as does any database error.
    throw new CommandError(`Nothing was loaded: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress.stop();
  }
  await resetSequences(db, models);
  say(ctx, `Installed ${total} object${total === 1 ? '' : 's'} from ${files.length} fixture${files.length === 1 ? '' : 's'}`);
}
