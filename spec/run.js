#!/usr/bin/env node
// `npm test`: type tests, then the mocha suite on SQLite plus PostgreSQL and MySQL when they are
// reachable. With CI=true (or WREN_REQUIRE_ALL_DIALECTS=1) a missing server is a failure.
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const servers = {
  postgres: process.env.WREN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.WREN_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};
const requireAll = process.env.CI === 'true' || process.env.WREN_REQUIRE_ALL_DIALECTS === '1';

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1500, () => { socket.destroy(); resolve(false); });
  });
}

const dialects = ['sqlite'];
const missing = [];
for (const [name, url] of Object.entries(servers)) ((await reachable(url)) ? dialects : missing).push(name);
if (process.env.WREN_DIALECTS) dialects.splice(0, dialects.length, ...process.env.WREN_DIALECTS.split(','));

console.log(`Dialects: ${dialects.join(', ')}${missing.length ? ` (not reachable, skipped: ${missing.join(', ')})` : ''}`);
if (requireAll && missing.length && !process.env.WREN_DIALECTS) {
  console.error(`CI requires every dialect; unreachable: ${missing.join(', ')}`);
  process.exit(1);
}

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
console.log('Type tests: tsc --noEmit -p . (spec/types/ included)');
const types = spawnSync(bin('tsc'), ['--noEmit', '-p', '.'], { stdio: 'inherit' });
if (types.status !== 0) {
  console.error('Type tests failed');
  process.exit(1);
}
// What Wren's types cost a project: 50 generated models over the shipped declarations.
const fixture = spawnSync(process.execPath, [new URL('./types/fixture-50/check.js', import.meta.url).pathname], { stdio: 'inherit' });
if (fixture.status !== 0) {
  console.error('Type cost fixture (spec/types/fixture-50) failed');
  process.exit(1);
}

const mocha = spawnSync(bin('mocha'), process.argv.slice(2), {
  env: { ...process.env, WREN_DIALECTS: dialects.join(',') },
  stdio: ['inherit', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(mocha.stdout ?? '');
const passed = Number(/(\d+) passing/.exec(mocha.stdout ?? '')?.[1] ?? 0);
const failed = Number(/(\d+) failing/.exec(mocha.stdout ?? '')?.[1] ?? 0);
const pending = Number(/(\d+) pending/.exec(mocha.stdout ?? '')?.[1] ?? 0);
console.log(`\ntests: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(mocha.status === 0 && passed > 0 ? 0 : 1);
