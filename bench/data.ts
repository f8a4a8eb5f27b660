import type { Family } from './config.js';

export interface ItemValues {
  name: string;
  category: string;
  age: number;
  score: number;
  active: boolean;
  created: Date;
}

const BASE_TIME = Date.UTC(2024, 0, 1);

/** Deterministic rows, so every library and run sees the same data. */
export function makeItems(count: number): ItemValues[] {
  const items = new Array<ItemValues>(count);
  for (let i = 0; i < count; i++) {
    items[i] = {
      name: `item ${i}`,
      category: `cat${i % 20}`,
      age: i % 90,
      score: ((i * 7919) % 10000) / 100,
      active: i % 3 !== 0,
      created: new Date(BASE_TIME + i * 60_000),
    };
  }
  return items;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Wren's stored text form of a UTC datetime on SQLite and MySQL. */
export function utcText(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
}

/**
 * The values as the raw libraries write them: what Wren stores, converted before timing so the
 * baseline pays nothing for conversion.
 */
export function storedRow(item: ItemValues, family: Family): Record<string, unknown> {
  return {
    ...item,
    active: family === 'sqlite' ? (item.active ? 1 : 0) : item.active,
    created: family === 'postgres' ? item.created : utcText(item.created),
  };
}

/** A boolean as a bound parameter (better-sqlite3 binds no booleans). */
export function boolParam(value: boolean, family: Family): unknown {
  return family === 'sqlite' ? (value ? 1 : 0) : value;
}

/** `count` keys spread over `ids` by a fixed stride, so access is not sequential. */
export function spread(ids: readonly number[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => ids[(i * 7919) % ids.length]!);
}
