import { NO_ROWS, type Driver, type DriverConnection, type DriverStatement, type QueryResult } from './driver.js';
import { dollarNumbers } from './placeholders.js';
import { querySink, type TypedClient } from './pg-sink-query.js';

interface Connection {
  query(config: { name?: string; text: string; values: readonly unknown[]; rowMode?: 'array' }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  end(): Promise<void>;
  // node-postgres's own state: `end()` was called, or the socket failed.
  readonly _ending: boolean;
  readonly _queryable: boolean;
}

/**
 * node-postgres numbers its placeholders ($1, $2, ...). Repeated statements (compiled query
 * shapes) run as named prepared statements: the server parses and plans them once per
 * connection, which made a pk lookup about a third faster (bench/ on the development machine).
 */
export const pgDriver: Driver = {
  arrayRows: true,
  rowSinks: true,
  async query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
    const text = dollarNumbers(statement.sql);
    const name = statement.repeated ? statementName(text) : undefined;
    const { bindings: values, sink } = statement;
    try {
      if (sink) {
        const { rowCount } = await querySink(connection as TypedClient, { name, text, values }, sink);
        return { rows: NO_ROWS, rowCount: rowCount ?? 0, insertId: null };
      }
      const rowMode = statement.arrayRows ? 'array' : undefined;
      const result = await (connection as Connection).query({ name, text, values, rowMode });
      return { rows: result.rows ?? [], rowCount: result.rowCount ?? result.rows?.length ?? 0, insertId: null };
    } catch (error) {
      if (name !== undefined && isStalePlan(error)) names.delete(text);
      // The server hangs up after a FATAL error (pg_terminate_backend, an idle-in-transaction
      // timeout) before pg notices: the client is closed now, so the pool drops it.
      if (endsSession(error)) void (connection as Connection).end();
      throw error;
    }
  },
  isStalePrepared: isStalePlan,
  closedReason(connection: DriverConnection): unknown {
    const client = connection as Connection;
    return client._ending || client._queryable === false ? CLOSED : undefined;
  },
};

const CLOSED = 'the connection was closed';

function endsSession(error: unknown): boolean {
  const severity = (error as { severity?: unknown } | null)?.severity;
  return severity === 'FATAL' || severity === 'PANIC';
}

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
