#!/usr/bin/env node
// The `wren` manage command. Commands arrive with the migrations issue; for now it reports the
// version so that the package's `bin` entry resolves.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const [command] = process.argv.slice(2);
if (!command || command === '--version' || command === '-v') {
  console.log(`wren ${pkg.version}`);
  process.exit(0);
}
console.error(`wren: unknown command '${command}'. Management commands (makemigrations, migrate ...) are not implemented yet.`);
process.exit(2);
