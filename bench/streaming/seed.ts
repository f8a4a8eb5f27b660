import type { Family } from '../config.js';

/** The date every seeded row carries, as each database's datetime text reads it. */
const CREATED = '2024-01-02 03:04:05.678';

/**
 * One INSERT ... SELECT that makes `count` rows of bench_items on the server itself: a million
 * rows through bulkCreate would time the seeding, not the streaming.
 */
export function seedSql(family: Family, count: number): string {
  const columns = 'INSERT INTO bench_items (name, category, age, score, active, created)';
  switch (family) {
    case 'postgres':
      return `${columns} SELECT 'name ' || g, 'cat ' || (g % 20), g % 80, g / 7.0, g % 2 = 0, TIMESTAMPTZ '${CREATED}+00' FROM generate_series(1, ${count}) AS g`;
    case 'mysql':
      // MariaDB caps recursive CTEs (max_recursive_iterations, 1000 here): numbers from digit tables instead.
      return `${columns} SELECT CONCAT('name ', g), CONCAT('cat ', g % 20), g % 80, g / 7.0, g % 2 = 0, '${CREATED}' FROM ${mysqlNumbers(count)}`;
    case 'sqlite':
      return `${columns} WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${count}) SELECT 'name ' || g, 'cat ' || (g % 20), g % 80, g / 7.0, g % 2 = 0, '${CREATED}' FROM s`;
  }
}

/** `(SELECT 1 .. count AS g)` as a cross join of digit tables, one per decimal place. */
function mysqlNumbers(count: number): string {
  const digits = '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  const places = Math.max(1, Math.ceil(Math.log10(count + 1)));
  const tables = Array.from({ length: places }, (_, i) => `${digits} AS d${i}`).join(' CROSS JOIN ');
  const value = Array.from({ length: places }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
  return `(SELECT ${value} + 1 AS g FROM ${tables}) AS numbers WHERE g <= ${count}`;
}
