import { makeMigrations, migrate, NonInteractiveQuestioner, QuestionerError, type MigrateProgress } from '../migrations/index.js';
import { say, type CommandContext } from './context.js';
import { migrationApps } from './migration-apps.js';
import { startProgress, type Progress } from './progress.js';
import { CommandError } from './context.js';
import { loadProject, selectDatabase, type Project } from './project.js';
import type { CommandInput } from './run.js';

interface MigrateFlags {
  readonly fake?: boolean;
  readonly fakeInitial?: boolean;
  readonly plan?: boolean;
  readonly database: string;
}

/**
 * `wren migrate [app] [target]`: applies migrations up to the target (all by default), or
 * unapplies down to it; `zero` unapplies every migration of the app. With one app the label may
 * be left out (`wren migrate 0001`).
 */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const flags = input.options as unknown as MigrateFlags;
  const project = await loadProject(ctx);
  const db = selectDatabase(project, flags.database);
  const { app, target } = targetOf(project, input.args as [string | undefined, string | undefined]);
  const options = { apps: migrationApps(project), using: db.alias, app, target, fake: flags.fake, fakeInitial: flags.fakeInitial };
  if (flags.plan) {
    const { plan } = await migrate({ ...options, plan: true });
    say(ctx, ctx.color.bold('Planned operations:'));
    if (plan.length === 0) say(ctx, '  No planned migration operations.');
    for (const step of plan) {
      say(ctx, `${step.backwards ? 'Unapply' : 'Apply'} ${step.app}.${step.name}`);
      for (const operation of step.operations) say(ctx, `    ${step.backwards ? 'Undo: ' : ''}${operation}`);
    }
    return;
  }
  // Printed once migrate() has checked the history (a fork is refused before anything is said, as in Django).
  let started = false;
  const header = () => {
    if (started) return;
    started = true;
    say(ctx, ctx.color.bold('Operations to perform:'));
    say(ctx, target === undefined ? `  Apply all migrations: ${app ?? project.apps.map((a) => a.label).join(', ')}` : `  Target: ${app ? `${app}.` : ''}${target}`);
    say(ctx, ctx.color.bold(`Running migrations on '${db.alias}' (${db.dialect.displayName}):`));
  };
  const reporter = new ProgressReporter(ctx);
  try {
    const result = await migrate({
      ...options,
      onProgress: (event) => {
        header();
        reporter.event(event);
      },
    });
    header();
    if (result.applied.length === 0 && result.unapplied.length === 0) say(ctx, '  No migrations to apply.');
  } finally {
    reporter.stop();
  }
  await noticeUnmigrated(ctx, project);
}

/**
 * Django's notice after migrate: model changes that no migration holds yet were not applied. The
 * check is makemigrations' own, writing nothing; a change it would have to ask about (a new NOT NULL
 * field without a default) counts as one too.
 */
async function noticeUnmigrated(ctx: CommandContext, project: Project): Promise<void> {
  let labels: string[];
  try {
    const result = await makeMigrations({ apps: migrationApps(project), check: true, questioner: new NonInteractiveQuestioner({ renames: {}, defaults: {} }) });
    labels = [...new Set(result.migrations.map((migration) => migration.app))];
  } catch (error) {
    if (!(error instanceof QuestionerError)) throw error;
    labels = project.apps.map((app) => app.label);
  }
  if (labels.length === 0) return;
  say(ctx, ctx.color.yellow(`  Your models in app(s): ${labels.map((label) => `'${label}'`).join(', ')} have changes that are not yet reflected in a migration, and so won't be applied.`));
  say(ctx, ctx.color.yellow("  Run 'wren makemigrations' to make new migrations, and then re-run 'wren migrate' to apply them."));
}

function targetOf(project: Project, [first, second]: [string | undefined, string | undefined]): { app?: string; target?: string } {
  if (first === undefined) return {};
  if (project.apps.some((app) => app.label === first)) return { app: first, target: second };
  if (second !== undefined) throw new CommandError(`No app labelled '${first}'. Apps: ${project.apps.map((a) => a.label).join(', ')}`);
  if (project.apps.length > 1 && first !== 'zero') {
    throw new CommandError(`'${first}' is not an app label; with several apps name the app first: wren migrate <app> ${first}. Apps: ${project.apps.map((a) => a.label).join(', ')}`);
  }
  return project.apps.length === 1 ? { app: project.apps[0]!.label, target: first } : { target: first };
}

/**
 * Django's "Applying app.0001_initial... OK" lines; on a terminal a bar counts the migrations
 * and the lines are printed once each one finishes, so the two never interleave.
 */
class ProgressReporter {
  private bar: Progress | undefined;
  /** The migration whose "Applying ..." is printed and waits for its outcome. */
  private open: string | undefined;

  constructor(private readonly ctx: CommandContext) {}

  event(event: MigrateProgress): void {
    const { ctx } = this;
    const key = `${event.app}.${event.name}`;
    const label = `  ${event.backwards ? 'Unapplying' : 'Applying'} ${key}...`;
    this.bar ??= startProgress(ctx, 'Migrating', event.total, { minTotal: 2 });
    if (event.kind === 'start') {
      if (!ctx.showProgress) ctx.stdout.write(label);
      this.open = key;
      return;
    }
    const outcome = event.kind === 'done' ? ctx.color.green(' OK') : event.kind === 'faked' ? ctx.color.yellow(' FAKED') : ctx.color.red(' FAILED');
    // With a bar, or when no 'start' came (faked migrations), the whole line is written now.
    const whole = ctx.showProgress || this.open !== key;
    this.open = undefined;
    this.bar.increment();
    if (whole) this.bar.log(`${label}${outcome}`);
    else ctx.stdout.write(`${outcome}\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
