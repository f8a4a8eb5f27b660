import { inspect } from 'node:util';
import { ImproperlyConfigured } from '../errors.js';

/**
 * Where a database's pool and driver warnings go (a connection error seen while the server was
 * away, a failed pool validation, ...): `connect({ url, log: console })` or your own logger.
 * Wren never writes them to stdout.
 */
export interface Logger {
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

/** Drops every message: the default unless WREN_DEBUG is set. */
const SILENT: Logger = { warn: () => undefined, error: () => undefined, debug: () => undefined };

/** Writes every message to stderr with its level, for `WREN_DEBUG=1`. */
const STDERR: Logger = {
  warn: (message) => writeStderr('warn', message),
  error: (message) => writeStderr('error', message),
  debug: (message) => writeStderr('debug', message),
};

function writeStderr(level: string, message: string): void {
  process.stderr.write(`[wren ${level}] ${message}\n`);
}

/** The logger a database uses: the configured one, else stderr with WREN_DEBUG set, else silence. */
export function resolveLogger(log: Logger | undefined): Logger {
  if (log !== undefined) return log;
  const debug = process.env.WREN_DEBUG;
  return debug !== undefined && debug !== '' && debug !== '0' ? STDERR : SILENT;
}

/** knex passes objects as well as strings; the user's logger only ever gets strings. */
export function messageText(message: unknown): string {
  return typeof message === 'string' ? message : inspect(message, { depth: 3 });
}

/** knex's `log` option and tarn's `log(message, level)` callback, both routed to `logger`. */
export function knexLogOptions(logger: Logger): {
  log: { warn(m: unknown): void; error(m: unknown): void; deprecate(m: unknown): void; debug(m: unknown): void };
  poolLog: (message: string, level: string) => void;
} {
  const debug = (message: unknown): void => logger.debug?.(messageText(message));
  return {
    log: {
      warn: (message) => logger.warn(messageText(message)),
      error: (message) => logger.error(messageText(message)),
      deprecate: (message) => logger.warn(messageText(message)),
      debug,
    },
    poolLog: (message, level) => (level === 'warn' || level === 'error' ? logger.warn(message) : debug(message)),
  };
}

/** The `log` option, checked: a logger needs `warn` and `error` functions. */
export function checkedLogger(log: unknown): Logger | undefined {
  if (log === undefined) return undefined;
  const candidate = log as Partial<Record<keyof Logger, unknown>> | null;
  const valid = typeof candidate === 'object' && candidate !== null && typeof candidate.warn === 'function' && typeof candidate.error === 'function'
    && (candidate.debug === undefined || typeof candidate.debug === 'function');
  if (!valid) throw new ImproperlyConfigured(`connect(): 'log' must be an object with warn(message) and error(message) functions (and optionally debug), e.g. console; got ${inspect(log, { depth: 0 })}`);
  return guarded(log as Logger);
}

/** A logger that throws must not break the pool that called it. */
function guarded(logger: Logger): Logger {
  const call = (fn: ((message: string) => void) | undefined) => (message: string): void => {
    try {
      fn?.call(logger, message);
    } catch {
      // Nowhere better to report it: the logger is the reporting channel.
    }
  };
  return { warn: call(logger.warn), error: call(logger.error), debug: call(logger.debug) };
}
