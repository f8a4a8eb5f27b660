import picocolors from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { WrenError } from '../errors.js';

/** A failure the user can fix; printed as one line (no stack trace) with this exit code. */
export class CommandError extends WrenError {
  constructor(message: string, readonly exitCode: number = 1) {
    super(message);
  }
}

/** Minimal writable the commands print to (a process stream, or a buffer in tests). */
export interface Output {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** What every command receives from `bin/wren.js`: where to print, colours, global options. */
export interface CommandContext {
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Colours for stdout/stderr (no-ops when off). */
  readonly color: Colors;
  /** Prompts may be shown: stdin and stdout are terminals and `--noinput` was not given. */
  readonly interactive: boolean;
  /** A progress bar may be drawn on stderr. */
  readonly showProgress: boolean;
  /** `--config <file>`, when given. */
  readonly configPath: string | undefined;
  /** 0 quiet, 1 normal, 2 verbose. */
  readonly verbosity: number;
}

/** Global options as commander hands them over. */
export interface GlobalOptions {
  config?: string;
  color?: boolean;
  input?: boolean;
  verbosity?: string;
}

/** Colour on a terminal only; NO_COLOR or `--no-color` turn it off, FORCE_COLOR turns it on. */
export function colorEnabled(stream: Output, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createContext(global: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const color = picocolors.createColors(colorEnabled(process.stdout, env, global.color));
  const verbosity = Number(global.verbosity ?? 1);
  return {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    color,
    interactive: global.input !== false && process.stdin.isTTY === true && process.stdout.isTTY === true,
    showProgress: process.stderr.isTTY === true && verbosity > 0,
    configPath: global.config,
    verbosity: Number.isFinite(verbosity) ? verbosity : 1,
  };
}

/** Writes a line to stdout. */
export function say(ctx: CommandContext, line = ''): void {
  ctx.stdout.write(`${line}\n`);
}

/** Writes a line to stderr. */
export function warn(ctx: CommandContext, line: string): void {
  ctx.stderr.write(`${line}\n`);
}
