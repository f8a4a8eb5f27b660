import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { introspect, introspectorFor, queryFor } from '../introspection/index.js';
import { CommandError, say, warn, type CommandContext } from './context.js';
import { formatForFile, GRAPH_FORMATS, isGraphFormat, knownExtensions, renderGraph, type GraphFormat } from './graph/formats.js';
import { introspectedGraph } from './graph/introspected-graph.js';
import { modelGraph } from './graph/model-graph.js';
import { selectModels, selectTables, splitNames, type NameFilter } from './graph/selection.js';
import type { ErGraph } from './graph/types.js';
import { loadApps, loadProjectConfig, selectDatabase } from './project.js';
import type { CommandInput } from './run.js';

interface GraphFlags {
  readonly format?: string;
  readonly output?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly inspect?: boolean;
  readonly database?: string;
}

/**
 * `wren graph [apps...]`: an entity-relationship picture of the models (or, with `--inspect`, of
 * the database's tables) as mermaid (the default), DOT or SVG, on stdout or in `--output`.
 */
export async function run(ctx: CommandContext, input: CommandInput): Promise<void> {
  const [labels] = input.args as [string[]];
  const flags = input.options as GraphFlags;
  const format = chooseFormat(flags);
  const filter: NameFilter = { include: splitNames(flags.include), exclude: splitNames(flags.exclude) };
  const graph = flags.inspect ? await databaseGraph(ctx, labels, flags.database, filter) : await projectGraph(ctx, labels, filter);
  if (graph.tables.length === 0) warn(ctx, `Nothing to draw: ${graph.title} has no ${flags.inspect ? 'tables' : 'models'} left after the filters.`);
  const text = await renderGraph(graph, format, { file: flags.output });
  if (flags.output === undefined) {
    ctx.stdout.write(text);
    return;
  }
  const file = path.resolve(ctx.cwd, flags.output);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (ctx.verbosity > 0) say(ctx, `Wrote ${flags.output} (${format}): ${count(graph.tables.length, 'table')}, ${count(graph.edges.length, 'relation')}.`);
}

/** `--format`, else what `--output`'s extension says, else mermaid (text that reads well on a terminal). */
function chooseFormat(flags: GraphFlags): GraphFormat {
  if (flags.format !== undefined) {
    if (!isGraphFormat(flags.format)) throw new CommandError(`Unknown format '${flags.format}'. Choices are: ${GRAPH_FORMATS.join(', ')}`, 2);
    return flags.format;
  }
  if (flags.output === undefined) return 'mermaid';
  const inferred = formatForFile(flags.output);
  if (!inferred) {
    throw new CommandError(`Cannot tell the format from '${flags.output}': name it ${knownExtensions().join(', ')}, or give --format ${GRAPH_FORMATS.join('|')}`, 2);
  }
  return inferred;
}

async function projectGraph(ctx: CommandContext, labels: readonly string[], filter: NameFilter): Promise<ErGraph> {
  const project = await loadApps(await loadProjectConfig(ctx));
  const { models, title } = selectModels(project.apps, labels, filter);
  return modelGraph(models, title);
}

async function databaseGraph(ctx: CommandContext, labels: readonly string[], alias: string | undefined, filter: NameFilter): Promise<ErGraph> {
  if (labels.length) {
    throw new CommandError(`--inspect draws the database's tables, not apps: use --include ${labels.join(',')} to pick tables`, 2);
  }
  const config = await loadProjectConfig(ctx);
  const db = selectDatabase({ config }, alias);
  const existing = await introspectorFor(db.dialect).tableNames(queryFor(db));
  const tables = selectTables(existing.filter((name) => name !== 'wren_migrations'), filter);
  // introspect() reads every table when given none, so an empty selection stops here.
  const described = tables.length ? await introspect(db, tables) : [];
  return introspectedGraph(described, `the '${db.alias}' database on ${db.dialect.displayName}`);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
