import type { DatabaseConfig, Router } from '../connection/index.js';

/** One app: a models module and the folder its migrations live in, both relative to the config file. */
export interface AppConfig {
  /** Short name used by the CLI (`wren migrate app`) and in fixtures (`app.Author`). */
  readonly label: string;
  /** The module exporting the app's model classes, e.g. `'./models.ts'`. */
  readonly models: string;
  /** Defaults to `'./migrations'` for a single app, `'./<label>/migrations'` otherwise. */
  readonly migrations?: string;
}

/** What `wren.config.ts` exports. */
export interface WrenConfig {
  /** Named databases; a single URL or config is the `default` one. Defaults to `sqlite:db.sqlite3`. */
  readonly databases?: string | Readonly<Record<string, DatabaseConfig>>;
  /** Defaults to one app labelled `app` with `./models.ts` and `./migrations`. */
  readonly apps?: readonly AppConfig[];
  /** Database routers, passed to `connect()`; `wren migrate --database x` runs only what their `allowMigrate` allows on `x`. */
  readonly routers?: readonly Router[];
}

/**
 * Types a project's `wren.config.ts`; returns its argument.
 *
 * @example export default defineConfig({ databases: { default: process.env.DATABASE_URL ?? 'sqlite:db.sqlite3' } });
 */
export function defineConfig(config: WrenConfig): WrenConfig {
  return config;
}
