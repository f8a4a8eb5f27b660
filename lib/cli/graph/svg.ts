import { renderDot } from './dot.js';
import type { ErGraph } from './types.js';

/**
 * The DOT picture laid out as SVG by Graphviz compiled to WebAssembly (@viz-js/viz), in this
 * process: no `dot` binary to install. Loaded on first use, as it weighs a megabyte.
 */
export async function renderSvg(graph: ErGraph): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(renderDot(graph), { format: 'svg' });
}
