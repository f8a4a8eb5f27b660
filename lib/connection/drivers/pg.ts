import type { Driver, DriverConnection, QueryResult } from './driver.js';
import { dollarNumbers } from './placeholders.js';

interface Connection {
  query(config: { text: string; values: readonly unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** node-postgres numbers its placeholders ($1, $2, ...). */
export const pgDriver: Driver = {
  async query(connection: DriverConnection, sql: string, bindings: readonly unknown[]): Promise<QueryResult> {
    const result = await (connection as Connection).query({ text: dollarNumbers(sql), values: bindings });
    return { rows: result.rows ?? [], rowCount: result.rowCount ?? result.rows?.length ?? 0, insertId: null };
  },
};
