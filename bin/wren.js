#!/usr/bin/env node
// The `wren` manage command. This file only declares the commands and their arguments and hands
// each one to lib/cli/<command>.ts. Before a command runs it registers tsx, so the project's
// wren.config.ts, models and migrations (and, in a checkout, Wren itself) load without a build.
import { existsSync, readFileSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
// A published package runs its compiled dist/; a source checkout runs lib/ through tsx, even when
// it has a dist/ too: `npm install` builds one there (the `prepare` script) for projects that link
// the checkout, and it goes stale as soon as lib/ changes. npm never ships lib/ (see `files`).
const built = !existsSync(join(packageRoot, 'lib', 'index.ts'));
const libDir = join(packageRoot, built ? 'dist' : 'lib');
const ext = built ? 'js' : 'ts';

/**
 * Registers tsx, and a resolve hook so that `import ... from 'wren'` in the project is this very
 * copy of Wren: models, the model registry and the connections are then shared with the CLI even
 * when the project links Wren from elsewhere (a file: dependency, npm link) or it is not built.
 * Done only when a command runs, so `--help` stays fast.
 */
async function registerLoaders() {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  const entry = pathToFileURL(join(libDir, `index.${ext}`)).href;
  const hooks = `export async function resolve(s, c, next) { return next(s === 'wren' ? ${JSON.stringify(entry)} : s, c); }`;
  registerHooks(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

/** Runs lib/cli/<name> with the parsed input; exits with its code. */
function dispatch(name) {
  return async (...args) => {
    const command = args[args.length - 1];
    const input = { args: command.processedArgs, options: command.opts() };
    await registerLoaders();
    const { runCommand } = await import(pathToFileURL(join(libDir, 'cli', `run.${ext}`)).href);
    process.exitCode = await runCommand(name, command.optsWithGlobals(), input);
  };
}

const integer = (value) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
};
const collect = (value, previous) => [...previous, value];
const databaseOption = () => new Option('--database <alias>', 'the configured database to use').default('default');

const program = new Command('wren')
  .description('Wren manage commands: migrations, introspection, fixtures and shells for a Wren project.')
  .version(pkg.version, '-V, --version')
  .option('--config <file>', 'the project config (default: the nearest wren.config.ts)')
  .option('--traceback', 'print the stack trace of an error')
  .option('--no-color', 'never colour the output (NO_COLOR does the same)')
  .addOption(new Option('-v, --verbosity <level>', 'output detail').choices(['0', '1', '2']).default('1'))
  .showHelpAfterError('(run with --help for usage)')
  .showSuggestionAfterError(true)
  .exitOverride();

program
  .command('startproject')
  .description('Create a project skeleton: package.json, wren.config.ts, models.ts, a script and a test.')
  .argument('<name>', 'project (and npm package) name')
  .argument('[directory]', 'where to create it (default: ./<name>)')
  .option('--wren <spec>', 'the wren dependency written to package.json (default: ^version from the registry, file:<path> from a checkout)')
  .action(dispatch('startproject'));

program
  .command('makemigrations')
  .description('Write migrations for the changes between the models and the migration files.')
  .argument('[apps...]', 'app labels (default: every app)')
  .option('--check', 'exit 1 if migrations are missing, writing nothing (for CI)')
  .option('--dry-run', 'show what would be written, write nothing')
  .option('--name <name>', 'name the new migration (0002_<name>.ts)')
  .option('--empty', 'write an empty migration to fill in by hand')
  .option('--merge', 'write a merge migration joining the latest migrations of an app whose history forked')
  .option('--rename <Model.old=new>', 'answer a rename question: Author.name=fullName, or a model: Author=Writer', collect, [])
  .option('--default <Model.field=value>', 'one-off value for existing rows when a non-null field is added: Author.age=0', collect, [])
  .option('--no-input', 'never prompt (also --noinput): renames are "no", a new non-null field without default is an error')
  .action(dispatch('makemigrations'));

program
  .command('migrate')
  .description('Apply (or unapply) migrations, up to a target; `migrate app zero` unapplies them all.')
  .argument('[app]', 'app label, or the target when the project has one app')
  .argument('[target]', 'migration name or prefix (0002), or zero')
  .option('--fake', 'record the migrations as applied (or unapplied) without running them')
  .option('--fake-initial', 'fake initial migrations whose tables already exist')
  .option('--plan', 'list the operations that would run, run nothing')
  .option('--no-input', 'never prompt (also --noinput)')
  .addOption(databaseOption())
  .action(dispatch('migrate'));

program
  .command('showmigrations')
  .description('List migrations and whether each is applied ([X]) or not ([ ]).')
  .argument('[apps...]', 'app labels (default: every app)')
  .option('--plan', 'show the order they apply in, with dependencies')
  .addOption(databaseOption())
  .action(dispatch('showmigrations'));

program
  .command('sqlmigrate')
  .description('Print the SQL a migration runs on the database (nothing is run).')
  .argument('<app>', 'app label, or the migration when the project has one app')
  .argument('[name]', 'migration name or unique prefix, e.g. 0001')
  .option('--backwards', 'the SQL that unapplies it')
  .addOption(databaseOption())
  .action(dispatch('sqlmigrate'));

program
  .command('inspectdb')
  .description('Print models for the tables of an existing database (redirect to models.ts).')
  .argument('[tables...]', 'only these tables (default: all)')
  .addOption(databaseOption())
  .action(dispatch('inspectdb'));

program
  .command('graph')
  .description("Draw the models (or, with --inspect, the database's tables) as an entity-relationship diagram.")
  .argument('[apps...]', 'app labels (default: every app)')
  .addOption(new Option('--format <format>', "output format (default: from --output's extension, else mermaid)").choices(['mermaid', 'dot', 'svg']))
  .option('-o, --output <file>', 'write to this file (.mmd, .md, .dot, .gv, .svg) instead of stdout')
  .option('--include <models>', 'only these models (or tables with --inspect), comma-separated: Author,Book', collect, [])
  .option('--exclude <models>', 'leave out these models (or tables), comma-separated', collect, [])
  .option('--inspect', "draw the live database's tables (as inspectdb reads them) instead of the models")
  .addOption(databaseOption())
  .action(dispatch('graph'));

program
  .command('shell')
  .description('An interactive REPL with the models and databases loaded; top-level await works.')
  .option('-c, --command <code>', 'run this code (top-level await allowed) and exit')
  .addOption(databaseOption())
  .action(dispatch('shell'));

program
  .command('dbshell')
  .description("Open the database's own client (sqlite3, psql or mysql) on the configured database.")
  .argument('[args...]', 'extra arguments for the client, after --')
  .addOption(databaseOption())
  .action(dispatch('dbshell'));

program
  .command('check')
  .description('Validate the models: options, related names, orderings, indexes.')
  .argument('[apps...]', 'app labels (default: every app)')
  .option('--fail-level <level>', 'exit 1 from this level up', 'error')
  .action(dispatch('check'));

program
  .command('dumpdata')
  .description('Print the rows of models as a JSON fixture.')
  .argument('[labels...]', 'app labels or app.Model (default: everything)')
  .option('--indent <n>', 'pretty-print with this many spaces', integer)
  .option('-o, --output <file>', 'write to this file instead of stdout')
  .option('-e, --exclude <label>', 'leave out an app or app.Model (repeatable)', collect, [])
  .addOption(databaseOption())
  .action(dispatch('dumpdata'));

program
  .command('loaddata')
  .description('Load JSON fixtures ([{ model: "app.Model", pk, fields }]) in one transaction.')
  .argument('<fixtures...>', 'fixture files')
  .addOption(databaseOption())
  .action(dispatch('loaddata'));

try {
  // Django spells it --noinput; commander knows --no-input.
  await program.parseAsync(process.argv.map((arg) => (arg === '--noinput' ? '--no-input' : arg)));
} catch (error) {
  // commander has printed the message (or the help / version) already.
  const code = error?.code;
  process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? 0 : (error?.exitCode === 0 ? 0 : 2);
}
