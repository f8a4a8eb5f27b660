#!/usr/bin/env node
// Emits Wren's declarations as the package ships them (untimed), generates the 50-model fixture
// over them, then times `tsc --noEmit` on it: the budget for Wren's types is 2 s. Fails when tsc
// reports an error (an "excessively deep" instantiation included) or takes over 10 s; between 2
// and 10 s it only warns, so a busy CI machine does not fail the build.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate, MODEL_COUNT } from './generate.js';

const TARGET_SECONDS = 2;
const LIMIT_SECONDS = 10;
const project = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = `${root}node_modules/.bin/tsc`;

rmSync(`${project}generated`, { recursive: true, force: true });
const declarations = spawnSync(
  tsc,
  ['-p', `${root}tsconfig.build.json`, '--emitDeclarationOnly', '--outDir', `${project}generated/wren`],
  { encoding: 'utf8' },
);
if (declarations.status !== 0) {
  console.error(`${declarations.stdout}${declarations.stderr}\nCould not emit Wren's declarations for the type fixture`);
  process.exit(1);
}
generate();
const started = performance.now();
// TypeScript 7 checks with 4 checker threads by default, each building its own copy of the types;
// on a machine with fewer cores that duplicates work without running it in parallel, so the
// fixture uses one checker per core (at most tsc's default), as a project on that machine should.
const checkers = Math.min(4, os.availableParallelism());
const result = spawnSync(tsc, ['--noEmit', '-p', project, '--extendedDiagnostics', '--checkers', String(checkers)], { encoding: 'utf8' });
const seconds = (performance.now() - started) / 1000;
const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
const stat = (name) => new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '?';

const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
if (result.status !== 0 || errors.length) {
  console.error(output);
  if (/excessively deep/.test(output)) console.error('Type instantiation is excessively deep: simplify the types in lib/models/types.ts or lib/query/types.ts');
  console.error(`tsc failed on the ${MODEL_COUNT}-model fixture (spec/types/fixture-50)`);
  process.exit(1);
}
console.log(
  `tsc --noEmit --checkers ${checkers} on the ${MODEL_COUNT}-model fixture: ${seconds.toFixed(2)} s ` +
    `(tsc's own count: ${stat('Total time')}, of which checking ${stat('Check time')}; ${stat('Instantiations')} instantiations, ${stat('Types')} types)`,
);
if (seconds > LIMIT_SECONDS) {
  console.error(`The fixture took over ${LIMIT_SECONDS} s to type-check (target ${TARGET_SECONDS} s)`);
  process.exit(1);
}
if (seconds > TARGET_SECONDS) console.warn(`warning: over the ${TARGET_SECONDS} s target (a busy machine, or a type regression)`);
