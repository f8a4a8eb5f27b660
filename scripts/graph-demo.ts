// `npm run docs:graph`: redraws docs/models.svg, the README's picture of the demo's models. The
// demo is a script rather than a project with a wren.config.ts, so this draws its models module
// with the same functions `wren graph` uses.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderGraph } from '../lib/cli/graph/formats.js';
import { modelGraph } from '../lib/cli/graph/model-graph.js';
import { Model } from '../lib/index.js';
import type { ModelClass } from '../lib/models/types.js';
import * as demo from '../examples/models.js';

// Every model the module exports, as `wren graph` finds an app's models.
const models = Object.values(demo).filter((value): value is typeof value & ModelClass => typeof value === 'function' && value.prototype instanceof Model);
const target = fileURLToPath(new URL('../docs/models.svg', import.meta.url));
mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
writeFileSync(target, await renderGraph(modelGraph(models, 'the models of examples/models.ts'), 'svg'));
console.log(`Wrote docs/models.svg: ${models.map((model) => model.name).join(', ')}`);
