import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError, say, type CommandContext } from './context.js';
import type { CommandInput } from './run.js';

/** templates/project, whether running from lib/cli or dist/cli. */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/project/', import.meta.url));
/** Template files whose real name starts with a dot (npm drops dotfiles such as .gitignore when publishing). */
const DOTFILES = new Set(['gitignore', 'mocharc.json']);

interface StartProjectOptions {
  readonly wren?: string;
}

/** `wren startproject <name> [directory]`: copies templates/project, filling in the name. */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [name, directory] = input.args as [string, string | undefined];
  const options = input.options as StartProjectOptions;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
    throw new CommandError(`'${name}' is not a valid project name: use lowercase letters, digits, '-', '.' or '_' (it becomes the npm package name)`);
  }
  const target = path.resolve(ctx.cwd, directory ?? name);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CommandError(`${target} already exists and is not empty; choose another name or directory`);
  }
  const values: Record<string, string> = {
    name,
    label: name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1'),
    wrenSpec: options.wren ?? `^${wrenVersion()}`,
  };
  const written = copyTemplate(TEMPLATE_DIR, target, values);
  say(ctx, `${ctx.color.green('Created')} ${path.relative(ctx.cwd, target) || '.'} (${written.length} files)`);
  say(ctx, '');
  say(ctx, 'Next steps:');
  for (const step of [`cd ${path.relative(ctx.cwd, target) || '.'}`, 'npm install', 'npx wren makemigrations', 'npx wren migrate', 'npm test']) {
    say(ctx, `  ${ctx.color.cyan(step)}`);
  }
}

function copyTemplate(from: string, to: string, values: Record<string, string>): string[] {
  mkdirSync(to, { recursive: true });
  const written: string[] = [];
  for (const entry of readdirSync(from).sort()) {
    const source = path.join(from, entry);
    const plain = entry.replace(/\.tmpl$/, '');
    const destination = path.join(to, DOTFILES.has(plain) ? `.${plain}` : plain);
    if (statSync(source).isDirectory()) {
      written.push(...copyTemplate(source, destination, values));
      continue;
    }
    writeFileSync(destination, render(readFileSync(source, 'utf8'), values));
    written.push(destination);
  }
  return written;
}

/** Replaces `{{key}}`; an unknown key is a bug in the template, so it fails loudly. */
function render(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new CommandError(`Template placeholder {{${key}}} has no value`);
    return value;
  });
}

function wrenVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
