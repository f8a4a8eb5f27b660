import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImproperlyConfigured } from '../errors.js';
import type { Operation } from './operations/base.js';
import { serialize } from './serializer.js';
import type { ProjectState } from './state/project-state.js';

export interface MigrationSource {
  readonly app: string;
  readonly name: string;
  readonly dependencies: readonly (readonly [string, string])[];
  readonly operations: readonly Operation[];
  readonly initial: boolean;
  /** For a squashed migration: what it replaces. */
  readonly replaces?: readonly (readonly [string, string])[];
}

let template: string | undefined;

/** templates/migration.ts.tpl, found from this module whether it runs from lib/ or dist/lib/. */
function migrationTemplate(): string {
  if (template) return template;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'templates', 'migration.ts.tpl');
    if (existsSync(candidate)) return (template = readFileSync(candidate, 'utf8'));
    dir = dirname(dir);
  }
  throw new ImproperlyConfigured('Cannot find templates/migration.ts.tpl in the Wren package');
}

/**
 * The text of a migration file. It depends only on the operations (no dates), so the same
 * models always give byte-identical files. Operations that lose data carry a comment.
 */
export function renderMigration(source: MigrationSource, state: ProjectState, options: { importFrom?: string } = {}): { text: string; dataLoss: string[] } {
  const dataLoss: string[] = [];
  const blocks: string[] = [];
  let current = state;
  for (const op of source.operations) {
    const loss = op.dataLoss(source.app, current);
    current = op.stateForwards(source.app, current);
    const comment = loss ? `    // DATA LOSS: ${op.describe()} ${loss}.\n` : '';
    if (loss) dataLoss.push(`${source.app}.${source.name}: ${op.describe()} (${loss})`);
    blocks.push(`${comment}    ${serialize(op, '    ')},`);
  }
  const values: Record<string, string> = {
    comment: dataLoss.length ? `\n// Review before applying: ${dataLoss.length} operation(s) lose data (marked DATA LOSS below).` : '',
    importFrom: options.importFrom ?? 'wren',
    initial: source.initial ? '  initial: true,\n' : '',
    replaces: source.replaces?.length ? `  replaces: ${serialize(source.replaces.map((r) => [...r]))},\n` : '',
    dependencies: serialize(source.dependencies.map((d) => [...d])),
    operations: blocks.join('\n'),
  };
  const text = migrationTemplate().replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
  return { text, dataLoss };
}

/** Django's auto names: `initial`, one operation's fragment, or several joined (`_and_more` when long). */
export function migrationName(number: number, operations: readonly Operation[], options: { initial: boolean; name?: string }): string {
  const prefix = String(number).padStart(4, '0');
  if (options.name) return `${prefix}_${options.name.replace(/\W+/g, '_')}`;
  if (options.initial) return `${prefix}_initial`;
  if (!operations.length) return `${prefix}_empty`;
  const fragments = operations.map((op) => op.nameFragment());
  const joined = fragments.join('_');
  return `${prefix}_${joined.length <= 52 ? joined : `${fragments[0]!.slice(0, 40)}_and_more`}`;
}

export function writeMigration(dir: string, name: string, text: string): string {
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.ts`);
  writeFileSync(path, text);
  return path;
}
