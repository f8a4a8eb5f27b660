import { createRequire } from 'node:module';
import type { ColumnParser, RowSink } from './driver.js';

/**
 * A node-postgres query that hands each row to a `RowSink` as it arrives (see `RowSink` for why).
 * It is a `pg.Query` with two of the hooks every submittable implements (pg-cursor and
 * pg-query-stream implement the same ones) replaced: the row description tells the sink each
 * column's parser, from the client's own type parsers (`client.getTypeParser`, public API), and
 * each data row's raw values go to the sink instead of into pg's result. Everything else (parse,
 * bind, named statements, errors, the row count) stays node-postgres's.
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

/** pg's own result, as the promise API resolves it: only the count is read. */
export interface SinkResult {
  readonly rowCount: number | null;
}

type Callback = (error: Error | null, result: SinkResult) => void;

interface QueryBase {
  name: string | undefined;
}

type SinkQueryClass = new (config: SinkQueryConfig, callback: Callback, client: TypedClient, sink: RowSink) => object;

let SinkQuery: SinkQueryClass | undefined;

/** Runs `config` on `client`, its rows going to `sink`; resolves with pg's result (rows left empty). */
export function querySink(client: TypedClient, config: SinkQueryConfig, sink: RowSink): Promise<SinkResult> {
  SinkQuery ??= sinkQueryClass();
  const Query = SinkQuery;
  return new Promise((resolve, reject) => {
    client.query(new Query(config, (error, result) => (error ? reject(error) : resolve(result)), client, sink));
  });
}

function sinkQueryClass(): SinkQueryClass {
  // pg is an optional peer dependency, loaded only once a PostgreSQL connection exists.
  const { Query } = createRequire(import.meta.url)('pg') as { Query: new (text: string, values: readonly unknown[], callback: Callback) => QueryBase };
  return class extends Query {
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
