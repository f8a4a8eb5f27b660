import cliProgress from 'cli-progress';
import type { CommandContext } from './context.js';

/** A progress indicator; does nothing off a terminal, so logs and pipes stay clean. */
export interface Progress {
  increment(by?: number): void;
  /** Prints a line above the bar (or to stdout when there is no bar), without tearing the bar. */
  log(line: string): void;
  stop(): void;
}

/**
 * A bar on stderr for `total` units of work (rows, migrations), shown only when stderr is a
 * terminal and the work is big enough to be worth watching.
 */
export function startProgress(ctx: CommandContext, label: string, total: number, options: { minTotal?: number } = {}): Progress {
  if (!ctx.showProgress || total < (options.minTotal ?? 1)) {
    return { increment() {}, log: (line) => void ctx.stdout.write(`${line}\n`), stop() {} };
  }
  const bars = new cliProgress.MultiBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0);
  // The bar redraws on a timer, which never fires while a synchronous driver (better-sqlite3)
  // keeps the event loop busy, so progress also redraws it, at most every 100 ms.
  let drawn = 0;
  const redraw = (force: boolean) => {
    if (!force && Date.now() - drawn < 100) return;
    drawn = Date.now();
    (bars as unknown as { update(): void }).update();
  };
  return {
    increment: (by = 1) => {
      bar.increment(by);
      redraw(false);
    },
    log: (line) => {
      bars.log(`${line}\n`);
      redraw(true);
    },
    stop: () => bars.stop(),
  };
}
