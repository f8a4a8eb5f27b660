import { spawn } from 'node:child_process';
import type { DatabaseConfig } from '../connection/index.js';
import type { Dialect } from '../dialects/index.js';
import { parseDatabaseUrl } from '../connection/url.js';
import { CommandError, type CommandContext } from './context.js';
import { loadProjectConfig, selectDatabase } from './project.js';
import type { CommandInput } from './run.js';

/** Where to connect, whatever form the config took. */
interface Target {
  readonly filename?: string;
  readonly host?: string;
  readonly port?: string;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

interface ClientCommand {
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

/** Each database's own client and how to point it at the target (passwords go through the environment). */
const CLIENTS: Record<Dialect['vendor'], (target: Target) => ClientCommand> = {
  sqlite: (t) => ({ command: 'sqlite3', args: [t.filename ?? 'db.sqlite3'], env: {} }),
  postgres: (t) => ({
    command: 'psql',
    args: [...opt('-h', t.host), ...opt('-p', t.port), ...opt('-U', t.user), ...(t.database ? [t.database] : [])],
    env: secret('PGPASSWORD', t.password),
  }),
  mysql: (t) => ({
    command: 'mysql',
    args: [...opt('-h', t.host), ...opt('-P', t.port), ...opt('-u', t.user), ...(t.database ? [t.database] : [])],
    env: secret('MYSQL_PWD', t.password),
  }),
};

/** `wren dbshell [-- args]`: runs sqlite3, psql or mysql on the configured database; exits with its code. */
export async function run(ctx: CommandContext, input: CommandInput): Promise<number> {
  const [extra] = input.args as [string[]];
  const { database: alias } = input.options as { database: string };
  const config = await loadProjectConfig(ctx);
  const db = selectDatabase({ config }, alias);
  const client = CLIENTS[db.dialect.vendor](targetOf(config.databases[db.alias]!));
  return new Promise((resolve, reject) => {
    const child = spawn(client.command, [...client.args, ...extra], { stdio: 'inherit', env: { ...process.env, ...client.env } });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new CommandError(`'${client.command}' was not found on PATH; install the ${db.dialect.displayName} client to use dbshell`) : error);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function secret(name: string, value: string | undefined): Record<string, string> {
  return value ? { [name]: value } : {};
}

function opt(flag: string, value: string | undefined): string[] {
  return value ? [flag, value] : [];
}

function targetOf(config: DatabaseConfig): Target {
  const fromUrl = (url: string): Target => {
    const parsed = parseDatabaseUrl(url);
    if (typeof parsed.connection !== 'string') return { filename: parsed.connection.filename };
    const u = new URL(url);
    return {
      host: u.hostname || undefined,
      port: u.port || undefined,
      user: u.username ? decodeURIComponent(u.username) : undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      database: u.pathname.replace(/^\//, '') || undefined,
    };
  };
  if (typeof config === 'string') return fromUrl(config);
  const base = config.url ? fromUrl(config.url) : {};
  const c = (config.connection ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
  return {
    ...base,
    ...Object.fromEntries(
      Object.entries({ filename: text(c.filename), host: text(c.host), port: text(c.port), user: text(c.user), password: text(c.password), database: text(c.database) }).filter(([, v]) => v !== undefined),
    ),
  };
}
