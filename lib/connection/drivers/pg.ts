import type { Driver, DriverConnection, DriverStatement, QueryResult } from './driver.js';
import { dollarNumbers } from './placeholders.js';

interface Connection {
  query(config: { name?: string; text: string; values: readonly unknown[]; rowMode?: 'array' }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/**
 * node-postgres numbers its placeholders ($1, $2, ...). Repeated statements (compiled query
 * shapes) run as named prepared statements: the server parses and plans them once per
 * connection, which made a pk lookup about a third faster (bench/ on the development machine).
 */
export const pgDriver: Driver = {
  arrayRows: true,
  async query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
    const text = dollarNumbers(statement.sql);
    const name = statement.repeated ? statementName(text) : undefined;
    const rowMode = statement.arrayRows ? 'array' : undefined;
    try {
      const result = await (connection as Connection).query({ name, text, values: statement.bindings, rowMode });
      return { rows: result.rows ?? [], rowCount: result.rowCount ?? result.rows?.length ?? 0, insertId: null };
    } catch (error) {
      if (name !== undefined && isStalePlan(error)) names.delete(text);
      throw error;
    }
  },
  isStalePrepared: isStalePlan,
};

/** One name per SQL text (pg refuses a name reused for other SQL); bounded, like the shape caches. */
const names = new Map<string, string>();
const NAMES_LIMIT = 1024;
let lastName = 0;

function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= NAMES_LIMIT) return known;
  const name = `wren_${++lastName}`;
  names.set(text, name);
  return name;
}

/**
 * A prepared SELECT whose table changed type under it ("cached plan must not change result
 * type"): the next call prepares the SQL afresh under a new name.
 */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: unknown }).code === '0A000';
}
