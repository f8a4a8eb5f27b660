// Helpers for the CLI specs: run bin/wren.js as a subprocess in a temporary project.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = path.join(REPO, 'bin', 'wren.js');
/** The Chinook sample database: beside the checkout (`../shared`), or the workplace's shared folder for clones elsewhere. */
export const CHINOOK_DIR = process.env.WREN_CHINOOK_DIR
  ? path.resolve(REPO, process.env.WREN_CHINOOK_DIR)
  : ([path.resolve(REPO, '../shared/datasets/chinook'), '/work/shared/datasets/chinook'].find((dir) => existsSync(dir)) ?? path.resolve(REPO, '../shared/datasets/chinook'));

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `wren <args>` in `cwd`; never inherits a TTY, so there is no colour and no prompt. `bin` runs
 * another copy of Wren's bin/wren.js than this checkout's.
 */
export function wren(cwd: string, args: readonly string[], options: { env?: Record<string, string>; input?: string; bin?: string } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  // mocha's tsx loader must not leak into the child: bin/wren.js registers its own.
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, [options.bin ?? BIN, ...args], { cwd, env: env as NodeJS.ProcessEnv, input: options.input ?? '', encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Asynchronous variant, for commands that must not block the event loop (none need a TTY). */
export function wrenAsync(cwd: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const temporaryDirs: string[] = [];

/** A fresh directory under the OS temp folder, removed when the whole run ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `wren-${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

// A root-level hook (this module is loaded with the specs): clean up after the last suite.
after(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary ESM project with a wren.config.ts and the given files. */
export function tempProject(prefix: string, files: Record<string, string>): string {
  const dir = tempDir(prefix);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `wren-${prefix}`, private: true, type: 'module' }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A project config for one app and one database URL. */
export function configSource(url: string, app = { label: 'app', models: './models.ts', migrations: './migrations' }): string {
  return `import { defineConfig } from 'wren';\nexport default defineConfig({ databases: { default: ${JSON.stringify(url)} }, apps: [${JSON.stringify(app)}] });\n`;
}

/** node_modules/wren in `dir` linked to this checkout, as a `file:` dependency installs it. */
export function linkWren(dir: string, target = REPO): void {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(target, path.join(dir, 'node_modules', 'wren'), 'dir');
}

/** tsc over a project, resolving 'wren' to this checkout's sources (no build needed). */
export function typecheck(dir: string, files: readonly string[]): RunResult {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
      types: ['node'], typeRoots: [path.join(REPO, 'node_modules', '@types')], paths: { wren: [path.join(REPO, 'lib', 'index.ts')] },
      allowImportingTsExtensions: true,
    },
    files,
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const result = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', dir], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A writable copy of Chinook's SQLite file. */
export function chinookSqlite(dir: string): string {
  const file = path.join(dir, 'chinook.sqlite3');
  copyFileSync(path.join(CHINOOK_DIR, 'Chinook_Sqlite.sqlite'), file);
  chmodSync(file, 0o644);
  return `sqlite:${file}`;
}

/** The Chinook script without its CREATE DATABASE / USE / \c lines (we load into our own database). */
export function chinookScript(dialect: 'postgres' | 'mysql'): string {
  const file = dialect === 'postgres' ? 'Chinook_PostgreSql.sql' : 'Chinook_MySql.sql';
  return readFileSync(path.join(CHINOOK_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(DROP DATABASE|CREATE DATABASE|USE |\\c )/i.test(line))
    .join('\n');
}

/** `postgres://u@h/test_h8` -> `postgres://u@h/test_h8_chinook`. */
export function siblingDatabase(url: string, suffix: string): { url: string; name: string; adminUrl: string } {
  const parsed = new URL(url);
  const name = `${parsed.pathname.replace(/^\//, '')}_${suffix}`;
  const admin = new URL(url);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { url: target.toString(), name, adminUrl: admin.toString() };
}

/** The dialects the specs run on (WREN_DIALECTS), as in spec/support/dialects.ts. */
export const DIALECTS = (process.env.WREN_DIALECTS ?? 'sqlite').split(',').map((d) => d.trim()).filter(Boolean);

export const SERVER_URLS: Record<string, string> = {
  postgres: process.env.WREN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.WREN_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

/**
 * A database URL holding Chinook for the dialect: a copy of the SQLite file, or a sibling
 * database (`<test db>_chinook`) loaded from the dataset's script unless it is loaded already.
 */
export async function chinookUrl(dialect: string, dir: string): Promise<string> {
  if (dialect === 'sqlite') return chinookSqlite(dir);
  const target = siblingDatabase(SERVER_URLS[dialect]!, 'chinook');
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const admin = new pg.Client(target.adminUrl);
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.name]);
      if (exists.rowCount && (await countTracks(() => pgCount(pg, target.url)))) return target.url;
      await admin.query(`DROP DATABASE IF EXISTS ${target.name}`);
      await admin.query(`CREATE DATABASE ${target.name}`);
    } finally {
      await admin.end();
    }
    const client = new pg.Client(target.url);
    await client.connect();
    await client.query(chinookScript('postgres')).finally(() => client.end());
    return target.url;
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ uri: target.adminUrl });
  try {
    const [rows] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [target.name, 'Track']);
    if (Number((rows as { n: number }[])[0]!.n) === 1) {
      const [tracks] = await admin.query(`SELECT COUNT(*) AS n FROM \`${target.name}\`.Track`);
      if (Number((tracks as { n: number }[])[0]!.n) === 3503) return target.url;
    }
    await admin.query(`DROP DATABASE IF EXISTS \`${target.name}\``);
    await admin.query(`CREATE DATABASE \`${target.name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.end();
  }
  const client = await mysql.createConnection({ uri: target.url, multipleStatements: true });
  await client.query(chinookScript('mysql')).finally(() => client.end());
  return target.url;
}

async function countTracks(count: () => Promise<number>): Promise<boolean> {
  try {
    return (await count()) === 3503;
  } catch {
    return false;
  }
}

async function pgCount(pg: typeof import('pg').default, url: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return Number((await client.query('SELECT COUNT(*) AS n FROM track')).rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * An empty database for one spec: a new SQLite file in `dir`, or `<test db>_<suffix>` dropped and
 * created again on the server.
 */
export async function freshDatabase(dialect: string, dir: string, suffix: string): Promise<string> {
  if (dialect === 'sqlite') return `sqlite:${path.join(dir, `${suffix}.sqlite3`)}`;
  const target = siblingDatabase(SERVER_URLS[dialect]!, suffix);
  if (dialect === 'postgres') {
    const { default: pg } = await import('pg');
    const admin = new pg.Client(target.adminUrl);
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${target.name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${target.name}`);
    } finally {
      await admin.end();
    }
    return target.url;
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ uri: target.adminUrl });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${target.name}\``);
    await admin.query(`CREATE DATABASE \`${target.name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.end();
  }
  return target.url;
}

let packed: string | undefined;

/**
 * Wren as `npm install` would lay it out from a published tarball: package.json, bin, templates
 * and a freshly compiled dist/ (built once per run), its dependencies linked from this checkout.
 */
export function packedWren(): string {
  if (packed) return packed;
  const dir = tempDir('packed');
  copyFileSync(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
  cpSync(path.join(REPO, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(REPO, 'templates'), path.join(dir, 'templates'), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // Type errors in unrelated work-in-progress files must not stop the emit, so the status is not checked.
  spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', path.join(REPO, 'tsconfig.build.json'), '--outDir', path.join(dir, 'dist')], { encoding: 'utf8' });
  if (!existsSync(path.join(dir, 'dist', 'index.js'))) throw new Error(`Building Wren into ${dir}/dist failed`);
  packed = dir;
  return dir;
}

/** A node_modules for `dir` as npm would install it: wren (packed) plus this checkout's packages and bins. */
export function installDependencies(dir: string, wrenDir: string): void {
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  const source = path.join(REPO, 'node_modules');
  for (const name of readdirSync(source)) {
    if (name === '.bin' || name.startsWith('.')) continue;
    symlinkSync(path.join(source, name), path.join(modules, name), 'dir');
  }
  for (const name of readdirSync(path.join(source, '.bin'))) {
    symlinkSync(path.join(source, '.bin', name), path.join(modules, '.bin', name));
  }
  symlinkSync(wrenDir, path.join(modules, 'wren'), 'dir');
  symlinkSync(path.join('..', 'wren', 'bin', 'wren.js'), path.join(modules, '.bin', 'wren'));
}

/** Runs a program in `dir` with the project's node_modules/.bin first on PATH. */
export function exec(dir: string, command: string, args: readonly string[], env: Record<string, string> = {}): RunResult {
  const fullEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env, PATH: `${path.join(dir, 'node_modules', '.bin')}:${process.env.PATH}` };
  delete fullEnv.NODE_OPTIONS;
  delete fullEnv.WREN_DIALECTS;
  const result = spawnSync(command, args, { cwd: dir, env: fullEnv as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A copy of this checkout as a user's clone is after its own `npm install`, but without dist/: the
 * files Wren is built and run from, with this checkout's node_modules linked in. A project created
 * from it links it, and the project's `npm install` builds dist/ there (Wren's `prepare`), never
 * in this checkout, whose bin/wren.js other specs run at the same time.
 */
export function checkoutCopy(): string {
  const dir = tempDir('checkout');
  for (const name of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'lib', 'templates']) {
    cpSync(path.join(REPO, name), path.join(dir, name), { recursive: true });
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * Lets an `npm install` below `parent` unpack this checkout's compiled better-sqlite3 instead of
 * compiling SQLite (one to two minutes). A user's install downloads a prebuilt binary from the
 * project's releases, which this sandbox cannot reach; prebuild-install looks in a local folder
 * first, named by a .prebuild-installrc it finds above the package. Only the same version, Node
 * ABI and platform match: anything else is still compiled, so this only saves time.
 */
export function prebuiltBetterSqlite3(parent: string): void {
  const source = path.join(REPO, 'node_modules', 'better-sqlite3');
  const binary = path.join(source, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return;
  const { version } = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string };
  const folder = path.join(parent, '.prebuilds');
  mkdirSync(folder, { recursive: true });
  const tarball = path.join(folder, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  const packed = spawnSync('tar', ['-czf', tarball, '-C', source, 'build/Release/better_sqlite3.node'], { encoding: 'utf8' });
  if (packed.status === 0) writeFileSync(path.join(parent, '.prebuild-installrc'), `local-prebuilds=${folder}\n`);
}

/**
 * Runs a command line through the shell in `dir` as a user's terminal would: none of the npm_*
 * variables of an enclosing `npm test`, no mocha loader, no node_modules/.bin of this checkout on
 * PATH, no colour.
 */
export function userShell(dir: string, command: string, env: Record<string, string> = {}): RunResult {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$|NODE_OPTIONS$|WREN_|FORCE_COLOR$)/i.test(key)));
  const PATH = (process.env.PATH ?? '').split(path.delimiter).filter((entry) => !entry.includes(`node_modules${path.sep}.bin`)).join(path.delimiter);
  const result = spawnSync(command, { cwd: dir, shell: true, env: { ...clean, PATH, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 420_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
