import { disconnect } from '../connection/index.js';
import { WrenError } from '../errors.js';
import { CommandError, createContext, warn, type CommandContext, type GlobalOptions } from './context.js';

/** What `bin/wren.js` hands a command: positional arguments and the command's own options. */
export interface CommandInput {
  readonly args: readonly unknown[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** A command module's entry point; resolves to the exit code (0 when it returns nothing). */
export type CommandRunner = (ctx: CommandContext, input: CommandInput) => Promise<number | void>;

/** One lazily imported module per command, so `--help` and small commands stay fast. */
const COMMANDS = {
  startproject: () => import('./startproject.js'),
  makemigrations: () => import('./makemigrations.js'),
  migrate: () => import('./migrate.js'),
  showmigrations: () => import('./showmigrations.js'),
  sqlmigrate: () => import('./sqlmigrate.js'),
  inspectdb: () => import('./inspectdb.js'),
  graph: () => import('./graph.js'),
  shell: () => import('./shell.js'),
  dbshell: () => import('./dbshell.js'),
  check: () => import('./check.js'),
  dumpdata: () => import('./dumpdata.js'),
  loaddata: () => import('./loaddata.js'),
} satisfies Record<string, () => Promise<{ run: CommandRunner }>>;

export type CommandName = keyof typeof COMMANDS;

/**
 * Runs one command and returns the process exit code. Errors print as one line (the stack only
 * with `--traceback`); connections are closed either way so the process can exit.
 */
export async function runCommand(name: CommandName, globals: GlobalOptions & { traceback?: boolean }, input: CommandInput): Promise<number> {
  const ctx = createContext(globals);
  try {
    const { run } = await COMMANDS[name]();
    return (await run(ctx, input)) ?? 0;
  } catch (error) {
    reportError(ctx, error, globals.traceback === true);
    return error instanceof CommandError ? error.exitCode : 1;
  } finally {
    await disconnect().catch(() => undefined);
  }
}

function reportError(ctx: CommandContext, error: unknown, traceback: boolean): void {
  if (traceback && error instanceof Error && error.stack) {
    warn(ctx, ctx.color.red(error.stack));
    return;
  }
  const label = error instanceof CommandError ? 'Error' : error instanceof WrenError ? error.name : `Unexpected ${error instanceof Error ? error.name : 'error'}`;
  const message = error instanceof Error ? error.message : String(error);
  warn(ctx, `${ctx.color.red(ctx.color.bold(`${label}:`))} ${message}`);
  if (!(error instanceof WrenError)) warn(ctx, ctx.color.dim('(run with --traceback for the stack trace)'));
}
