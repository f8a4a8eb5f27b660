import { createRequire } from 'node:module';
import type { ColumnParser, RowSink } from './driver.js';

/**
 * The node-postgres queries Wren sends, built from their text and values rather than a config
 * object (which pg copies property by property for every query):
 * - `querySink`: a SELECT whose rows go to a `RowSink` as they arrive (see `RowSink` for why).
 *   It is a `pg.Query` with two of the hooks every submittable implements (pg-cursor and
 *   pg-query-stream implement the same ones) replaced: the row description tells the sink each
 *   column's parser, from the client's own type parsers (`client.getTypeParser`, public API), and
 *   each data row's raw values go to the sink instead of into pg's result.
 * - `queryCollected`: any other statement, its rows (RETURNING's) collected by pg as objects.
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

export interface SinkQueryConfig {
  readonly name: string | undefined;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** pg's own result: rows keyed by column name (none for a sink's query) and the count. */
export interface PgResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number | null;
}

type Callback = (error: Error | null, result: PgResult) => void;

interface QueryBase {
  name: string | undefined;
}

type QueryClass = new (text: string, values: readonly unknown[], callback: Callback) => QueryBase;

let PgQuery: QueryClass | undefined;

function pgQueryClass(): QueryClass {
  // pg is an optional peer dependency, loaded only once a PostgreSQL connection exists.
  PgQuery ??= (createRequire(import.meta.url)('pg') as { Query: QueryClass }).Query;
  return PgQuery;
}

/**
 * Runs `config` on `client` as `client.query(config)` would, rows collected as objects, but
 * built from the text and values: pg copies a config object property by property first.
 */
export function queryCollected(client: TypedClient, config: SinkQueryConfig): Promise<PgResult> {
  const Query = pgQueryClass();
  return new Promise((resolve, reject) => {
    const query = new Query(config.text, config.values, (error, result) => (error ? reject(error) : resolve(result)));
    query.name = config.name;
    client.query(query);
  });
}

type SinkQueryClass = new (config: SinkQueryConfig, callback: Callback, client: TypedClient, sink: RowSink) => object;

let SinkQuery: SinkQueryClass | undefined;

/** Runs `config` on `client`, its rows going to `sink`; resolves with pg's result (rows left empty). */
export function querySink(client: TypedClient, config: SinkQueryConfig, sink: RowSink): Promise<PgResult> {
  SinkQuery ??= sinkQueryClass();
  const Query = SinkQuery;
  return new Promise((resolve, reject) => {
    client.query(new Query(config, (error, result) => (error ? reject(error) : resolve(result)), client, sink));
  });
}

function sinkQueryClass(): SinkQueryClass {
  return class extends pgQueryClass() {
    constructor(
      config: SinkQueryConfig,
      callback: Callback,
      private readonly client: TypedClient,
      private readonly sink: RowSink,
    ) {
      // Text and values, not a config object, which pg copies property by property.
      super(config.text, config.values, callback);
      this.name = config.name;
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
