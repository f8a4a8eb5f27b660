/** The bench scripts' command-line flags: `--name=value`, read from `process.argv`. */

/** The value of `--name=value`, or undefined when the flag is absent. */
export function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** `--name=a,b,c` as a list (blanks dropped), or null when the flag is absent. */
export function listFlag(name: string): string[] | null {
  return flag(name)?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
}

/** `--name=n` as a whole number of at least `min` (1), `fallback` when absent; anything else is refused. */
export function countFlag(name: string, fallback: number, min = 1): number {
  const text = flag(name);
  if (text === undefined) return fallback;
  const count = Number(text);
  if (!Number.isInteger(count) || count < min) throw new Error(`--${name} must be a whole number of at least ${min}, not ${text}`);
  return count;
}

/** A bare switch such as `--quick`. */
export function hasFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
