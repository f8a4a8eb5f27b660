import path from 'node:path';
import { renderDot } from './dot.js';
import { renderMermaid } from './mermaid.js';
import { renderSvg } from './svg.js';
import type { ErGraph } from './types.js';

/** One renderer per output format; a new format fails to compile until it has one. */
const RENDERERS = {
  mermaid: async (graph: ErGraph) => renderMermaid(graph),
  dot: async (graph: ErGraph) => renderDot(graph),
  svg: renderSvg,
} satisfies Record<string, (graph: ErGraph) => Promise<string>>;

export type GraphFormat = keyof typeof RENDERERS;

export const GRAPH_FORMATS = Object.keys(RENDERERS) as GraphFormat[];

/** What an `--output` file's extension says about its format. */
const EXTENSIONS: Readonly<Record<string, GraphFormat>> = { '.mmd': 'mermaid', '.mermaid': 'mermaid', '.md': 'mermaid', '.dot': 'dot', '.gv': 'dot', '.svg': 'svg' };

export function isGraphFormat(name: string): name is GraphFormat {
  return Object.prototype.hasOwnProperty.call(RENDERERS, name);
}

/** The format an output file's name implies, if its extension is one of ours. */
export function formatForFile(file: string): GraphFormat | undefined {
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

export function knownExtensions(): string[] {
  return Object.keys(EXTENSIONS);
}

/**
 * The graph in one format, for a file when one is named: in Markdown (`.md`) the mermaid text is
 * fenced, so GitHub renders it as a picture.
 */
export async function renderGraph(graph: ErGraph, format: GraphFormat, options: { file?: string } = {}): Promise<string> {
  const text = await RENDERERS[format](graph);
  const markdown = options.file !== undefined && path.extname(options.file).toLowerCase() === '.md';
  return markdown && format === 'mermaid' ? `\`\`\`mermaid\n${text}\`\`\`\n` : text;
}
