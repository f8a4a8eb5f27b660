import repl from 'node:repl';
import path from 'node:path';
import os from 'node:os';
import * as wren from '../index.js';
import { say, type CommandContext } from './context.js';
import { loadProject, selectDatabase, type LoadedApp } from './project.js';
import type { CommandInput } from './run.js';

type AsyncFunctionConstructor = new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as AsyncFunctionConstructor;

/**
 * `wren shell`: a REPL whose globals are Wren's exports and every app's models (top-level await
 * is on). `-c code`, or code piped on stdin, runs once instead.
 */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const options = input.options as { command?: string; database?: string };
  const project = await loadProject(ctx);
  const db = selectDatabase(project, options.database);
  if (options.database && options.database !== 'default') wren.connect({ default: project.config.databases[options.database]! });
  const scope = { ...wren, db, ...modelGlobals(project.apps) };
  const code = options.command ?? (process.stdin.isTTY ? undefined : await readStdin());
  if (code !== undefined) {
    await new AsyncFunction(...Object.keys(scope), code)(...Object.values(scope));
    return;
  }
  const names = Object.keys(modelGlobals(project.apps));
  say(ctx, ctx.color.dim(`Wren shell on '${db.alias}' (${db.dialect.displayName}). Models: ${names.join(', ') || '(none)'}. Top-level await works; .exit to leave.`));
  await startRepl(scope);
}

/** Models by class name; a name two apps share gets the app label in front (`blog_Post`). */
function modelGlobals(apps: readonly LoadedApp[]): Record<string, unknown> {
  const counts = new Map<string, number>();
  for (const app of apps) for (const model of app.models) counts.set(model.name, (counts.get(model.name) ?? 0) + 1);
  const globals: Record<string, unknown> = {};
  for (const app of apps) {
    for (const model of app.models) globals[counts.get(model.name)! > 1 ? `${app.label}_${model.name}` : model.name] = model;
  }
  return globals;
}

function startRepl(scope: Record<string, unknown>): Promise<void> {
  const server = repl.start({ prompt: 'wren> ', useGlobal: false });
  Object.assign(server.context, scope);
  server.setupHistory(path.join(os.homedir(), '.wren_shell_history'), () => undefined);
  return new Promise((resolve) => server.on('exit', () => resolve()));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
