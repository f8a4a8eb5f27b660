import type { Target, TargetName } from '../config.js';
import type { RawDriver } from './driver.js';

export type { RawDriver };

/** Each driver is imported only by the child process that measures it. */
const OPENERS: Record<TargetName, (target: Target, file: string) => Promise<RawDriver>> = {
  'better-sqlite3': async (_t, file) => (await import('./better-sqlite3.js')).openBetterSqlite3(file),
  sqlite3: async (_t, file) => (await import('./sqlite3.js')).openSqlite3(file),
  postgres: async (t) => (await import('./pg.js')).openPg(t.url!),
  mysql: async (t) => (await import('./mysql.js')).openMysql(t.url!),
};

export function openDriver(target: Target, file: string): Promise<RawDriver> {
  return OPENERS[target.name](target, file);
}
