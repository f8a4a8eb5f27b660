import { NO_ROWS, type Driver, type DriverConnection, type DriverStatement, type QueryResult } from './driver.js';
import { dollarNumbers } from './placeholders.js';
import { sendQuery, type TypedClient } from './pg-queries.js';

interface Connection {
  query(config: { name?: string; text: string; values: readonly unknown[]; rowMode?: 'array' }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  end(): Promise<void>;
  // node-postgres's own state: `end()` was called, or the socket failed.
  readonly _ending: boolean;
  readonly _queryable: boolean;
}

/**
 * node-postgres numbers its placeholders ($1, $2, ...). Statements an application repeats run
 * as named prepared statements: the server parses and plans them once per connection, which made
 * a pk lookup about a third faster (bench/ on the development machine). Those Wren knows to be
 * repeated (compiled query shapes, full bulkCreate batches) are prepared from their first run;
 * any other SQL text from its second (see `statementName`), as psycopg 3 prepares a query once it
 * has run `prepare_threshold` times. `connect({ url, preparedStatements: false })` names none
 * (`pgDriverUnprepared`): a pooler in transaction mode (PgBouncer before 1.21) hands each
 * transaction a different server connection, where a statement prepared on another is unknown.
 */
export const pgDriver: Driver = pgDriverNaming(statementName);
export const pgDriverUnprepared: Driver = pgDriverNaming(() => undefined);

function pgDriverNaming(nameFor: (text: string, repeated: boolean) => string | undefined): Driver {
  return {
    arrayRows: true,
    rowSinks: true,
    async query(connection: DriverConnection, statement: DriverStatement): Promise<QueryResult> {
      const text = dollarNumbers(statement.sql);
      const name = nameFor(text, statement.repeated === true);
      const { bindings: values, sink } = statement;
      try {
        // Array rows without a sink: a server-side cursor's chunks (see server-cursor.ts).
        const result = statement.arrayRows && !sink
          ? await (connection as Connection).query({ name, text, values, rowMode: 'array' })
          : await sendQuery(connection as TypedClient, { name, text, values }, sink);
        return { rows: result.rows ?? NO_ROWS, rowCount: result.rowCount ?? result.rows?.length ?? 0, insertId: null };
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
}

const CLOSED = 'the connection was closed';

function endsSession(error: unknown): boolean {
  const severity = (error as { severity?: unknown } | null)?.severity;
  return severity === 'FATAL' || severity === 'PANIC';
}

/** One name per SQL text (pg refuses a name reused for other SQL); bounded, like the shape caches. */
const names = new Map<string, string>();
const NAMES_LIMIT = 1024;
let lastName = 0;

/**
 * SQL texts run once so far, unprepared: a second run prepares them. Texts over `SEEN_LENGTH`
 * characters (a multi-row INSERT, a long IN list) are prepared only when Wren says they repeat:
 * a one-off statement costs the server the same parse either way, but a kept one costs memory.
 */
const seenOnce = new Set<string>();
const SEEN_LIMIT = 1024;
const SEEN_LENGTH = 2048;
/** Statements the server plans; a cursor's FETCH or CLOSE, a SET or a SAVEPOINT gain nothing prepared. */
const PLANNED = /^\s*(?:select|insert|update|delete|with)\b/i;

function statementName(text: string, repeated: boolean): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= NAMES_LIMIT) return known;
  if (!repeated && !seenAgain(text)) return undefined;
  const name = `wren_${++lastName}`;
  names.set(text, name);
  return name;
}

function seenAgain(text: string): boolean {
  if (text.length > SEEN_LENGTH || !PLANNED.test(text)) return false;
  if (seenOnce.delete(text)) return true;
  // Forgetting them all at once is cheaper than an LRU, and costs at most one more unprepared run each.
  if (seenOnce.size >= SEEN_LIMIT) seenOnce.clear();
  seenOnce.add(text);
  return false;
}

/**
 * A prepared SELECT whose table changed type under it ("cached plan must not change result
 * type"): the next call prepares the SQL afresh under a new name. The SQLSTATE
 * (feature_not_supported) has other causes, so the server function that raised it, which no
 * locale translates, tells this one apart.
 */
function isStalePlan(error: unknown): boolean {
  const { code, routine } = error as { code?: unknown; routine?: unknown };
  return code === '0A000' && routine === 'RevalidateCachedQuery';
}
