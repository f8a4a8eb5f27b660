import type { AppConfig } from '../migrations/index.js';
import { parseLiteral, type Literal } from '../migrations/index.js';
import { CommandError } from './context.js';
import type { Project } from './project.js';

/** The project's apps as the migrations API takes them. */
export function migrationApps(project: Project): AppConfig[] {
  return project.apps.map((app) => ({ label: app.label, models: app.models, migrationsDir: app.migrationsDir }));
}

/**
 * `--rename Author.name=fullName` / `--rename Author=Writer` (and `--default Author.age=0`) as the
 * answers the migrations API takes.
 */
export function parseAnswers(values: readonly string[], flag: string): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const value of values) {
    const match = /^([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)=(.*)$/.exec(value);
    if (!match || match[2] === '') {
      throw new CommandError(`${flag} expects Model.field=value or Model=NewModel, got '${value}'`, 2);
    }
    answers[match[1]!] = match[2]!;
  }
  return answers;
}

export function parseDefaults(values: readonly string[]): Record<string, Literal> {
  const raw = parseAnswers(values, '--default');
  for (const key of Object.keys(raw)) {
    if (!key.includes('.')) throw new CommandError(`--default expects Model.field=value, got '${key}=${raw[key]}'`, 2);
  }
  return Object.fromEntries(Object.entries(raw).map(([key, text]) => [key, parseLiteral(text)]));
}
