import { createRequire } from 'node:module';
import type { ColumnParser, RowSink } from './driver.js';

/**
 * The node-postgres queries Wren sends (`sendQuery`), built from their text and values rather than a config
 * object (which pg copies property by property for every query):
 * - with a `RowSink`, a SELECT whose rows go to the sink as they arrive (see `RowSink` for why).
 *   It is a `pg.Query` with two of the hooks every submittable implements (pg-cursor and
 *   pg-query-stream implement the same ones) replaced: the row description tells the sink each
 *   column's parser, from the client's own type parsers (`client.getTypeParser`, public API), and
 *   each data row's raw values go to the sink instead of into pg's result.
 * - without one, any other statement, its rows (RETURNING's) collected by pg as objects.
 * Everything else (parse, bind, named statements, errors, the row count) stays node-postgres's.
 */

interface FieldDescription {
  readonly dataTypeID: number;
  readonly format?: string;
}

export interface TypedClient {
  getTypeParser(oid: number, format: string): ColumnParser;
  query(submittable: object): unknown;
}

export interface PgQueryConfig {
  readonly name: string | undefined;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** pg's own result: rows keyed by column name (none when a sink took them) and the count. */
export interface PgResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number | null;
}

type Callback = (error: Error | null, result: PgResult) => void;

interface QueryBase {
  name: string | undefined;
}

type QueryClass = new (text: string, values: readonly unknown[], callback: Callback) => QueryBase;
type SinkQueryClass = new (text: string, values: readonly unknown[], callback: Callback, client: TypedClient, sink: RowSink) => QueryBase;

let PgQuery: QueryClass | undefined;
let SinkQuery: SinkQueryClass | undefined;

function pgQueryClass(): QueryClass {
  // pg is an optional peer dependency, loaded only once a PostgreSQL connection exists.
  PgQuery ??= (createRequire(import.meta.url)('pg') as { Query: QueryClass }).Query;
  return PgQuery;
}

/**
 * Runs `config` on `client`: its rows go to `sink` as they arrive, or without one are collected
 * by pg as objects. Resolves with pg's result.
 */
export function sendQuery(client: TypedClient, config: PgQueryConfig, sink: RowSink | undefined): Promise<PgResult> {
  return new Promise((resolve, reject) => {
    const callback: Callback = (error, result) => (error ? reject(error) : resolve(result));
    // Text and values, not a config object, which pg copies property by property.
    const query = sink ? new (SinkQuery ??= sinkQueryClass())(config.text, config.values, callback, client, sink) : new (pgQueryClass())(config.text, config.values, callback);
    query.name = config.name;
    client.query(query);
  });
}

function sinkQueryClass(): SinkQueryClass {
  return class extends pgQueryClass() {
    constructor(
      text: string,
      values: readonly unknown[],
      callback: Callback,
      private readonly client: TypedClient,
      private readonly sink: RowSink,
    ) {
      super(text, values, callback);
    }

    /**
     * Not pg's own: it builds a parser list and an empty row object for a result this query never
     * keeps (its rows go to the sink; only the row count is read).
     */
    handleRowDescription(message: { fields: readonly FieldDescription[] }): void {
      const text = this.client.getTypeParser(TEXT_OID, 'text');
      this.sink.columns(
        message.fields.map((field) => {
          const parser = this.client.getTypeParser(field.dataTypeID, field.format ?? 'text');
          // Text comes as a string already: no call per value.
          return parser === text ? null : parser;
        }),
      );
    }

    handleDataRow(message: { fields: readonly unknown[] }): void {
      this.sink.row(message.fields);
    }
  };
}

const TEXT_OID = 25;
