import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CommandError, say, type CommandContext } from './context.js';
import type { CommandInput } from './run.js';
import { dependencySpec, WREN_ROOT, wrenSource, type WrenSource } from './wren-source.js';

/** templates/project, whether running from lib/cli or dist/cli. */
const TEMPLATE_DIR = path.join(WREN_ROOT, 'templates', 'project');
/** Template files whose real name starts with a dot (npm drops dotfiles such as .gitignore when publishing). */
const DOTFILES = new Set(['gitignore', 'mocharc.json']);

interface StartProjectOptions {
  readonly wren?: string;
}

interface WrenPackage {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/**
 * `wren startproject <name> [directory]`: copies templates/project, filling in the name. The
 * project depends on Wren the way the running copy was installed (see wren-source.ts), so the
 * printed steps work from a checkout as well as from the registry; `--wren <spec>` overrides.
 */
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
  const source = wrenSource();
  const wrenSpec = options.wren ?? dependencySpec(source, target);
  const fixed: Record<string, string> = {
    name,
    label: name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1'),
    wrenSpec,
    wrenSource: sourceNote(options.wren === undefined ? source : undefined, wrenSpec),
  };
  const written = copyTemplate(TEMPLATE_DIR, target, (key) => (key.startsWith('range:') ? testedRange(key.slice('range:'.length)) : fixed[key]));
  if (!fromRegistry(wrenSpec)) allowInstallScripts(path.join(target, 'package.json'), wrenSpec);

  const where = path.relative(ctx.cwd, target);
  say(ctx, `${ctx.color.green('Created')} ${where || '.'} (${written.length} files)`);
  if (!fromRegistry(wrenSpec)) say(ctx, `It depends on "wren": "${wrenSpec}", not on the npm registry (see its README.md).`);
  say(ctx, '');
  say(ctx, 'Next steps:');
  const steps = ['npm install', 'npx wren makemigrations', 'npx wren migrate', 'npm run example', 'npm test'];
  if (where) steps.unshift(`cd ${/^[\w./-]+$/.test(where) ? where : JSON.stringify(where)}`);
  for (const step of steps) say(ctx, `  ${ctx.color.cyan(step)}`);
}

/** `^0.1.0`, `latest`: a range or tag, not a path, URL, git or `file:` spec. */
function fromRegistry(spec: string): boolean {
  return !/[:/\\]/.test(spec);
}

function copyTemplate(from: string, to: string, values: Values): string[] {
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
    // In the .json templates, values land inside JSON strings.
    writeFileSync(destination, render(readFileSync(source, 'utf8'), plain.endsWith('.json') ? jsonEscaped(values) : values));
    written.push(destination);
  }
  return written;
}

type Values = (key: string) => string | undefined;

function jsonEscaped(values: Values): Values {
  return (key) => {
    const value = values(key);
    return value === undefined ? undefined : JSON.stringify(value).slice(1, -1);
  };
}

/** Replaces `{{key}}`; an unknown key is a bug in the template, so it fails loudly. */
function render(text: string, values: Values): string {
  return text.replace(/\{\{([\w:@/.-]+)\}\}/g, (_, key: string) => {
    const value = values(key);
    if (value === undefined) throw new CommandError(`Template placeholder {{${key}}} has no value`);
    return value;
  });
}

/**
 * `{{range:typescript}}`: the version range of a package Wren itself uses (and so is tested with),
 * read from Wren's package.json, so a project never lags behind, say, the TypeScript Wren's
 * declarations are checked with.
 */
function testedRange(pkg: string): string | undefined {
  const own = wrenPackage();
  return own.dependencies?.[pkg] ?? own.devDependencies?.[pkg];
}

function wrenVersion(): string {
  return wrenPackage().version;
}

function wrenPackage(): WrenPackage {
  return JSON.parse(readFileSync(path.join(WREN_ROOT, 'package.json'), 'utf8')) as WrenPackage;
}

/**
 * npm runs a dependency's install scripts only when the project's `allowScripts` names it; a
 * checkout's `prepare` script is what compiles Wren's dist/, and npm matches a `file:` or git
 * dependency by its spec.
 */
function allowInstallScripts(file: string, wrenSpec: string): void {
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { allowScripts?: Record<string, boolean> };
  pkg.allowScripts = { ...pkg.allowScripts, [wrenSpec]: true };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/**
 * The README's paragraph on where Wren comes from: nothing for the registry. `source` is undefined
 * when `--wren` chose the spec.
 */
function sourceNote(source: WrenSource | undefined, wrenSpec: string): string {
  if (fromRegistry(wrenSpec)) return '';
  const publish = `Once Wren is published, depend on \`"wren": "^${wrenVersion()}"\` instead (and drop its \`allowScripts\` entry).`;
  if (source?.kind !== 'checkout') {
    return `\n\nThis project installs Wren from \`${wrenSpec}\` instead of the npm registry.\n${publish}`;
  }
  return (
    `\n\nWren is linked from the checkout at \`${source.root}\` this project was created from\n` +
    `(\`"wren": "${wrenSpec}"\` in package.json), not installed from the npm registry.\n` +
    "`npm install` runs the checkout's `prepare` script, which compiles its `dist/` (what\n" +
    "`import ... from 'wren'` loads): after changing or pulling Wren, run `npm install` here again.\n" +
    publish
  );
}
