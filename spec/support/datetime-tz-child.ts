/**
 * Run by spec/datetime-storage.spec.ts in a child process with `TZ` set (Node reads `TZ` once,
 * before the first `Date` is used, so the honest test is a fresh process). Writes and reads
 * datetimes through Wren on the database at `WREN_TZ_CHILD_URL` and prints what it saw as JSON.
 */
import { connect, database, DateTimeField, disconnect, Model, SchemaEditor, type FieldValues } from '../../lib/index.js';
import { toDate } from '../../lib/util/datetime.js';

class TzProbe extends Model {
  static fields = {
    naive: new DateTimeField({ null: true }),
    aware: new DateTimeField({ null: true }),
  };
  static meta = { tableName: 'dt_tz_probes' };
  static objects = this.manager();
}
interface TzProbe extends FieldValues<typeof TzProbe> {}

const INSTANT = new Date(Date.UTC(2026, 6, 1, 12, 34, 56, 789));

async function raw(sql: string, bindings: unknown[] = []): Promise<Record<string, unknown>[]> {
  const db = database();
  return (await db.run(db.knex.raw(sql, bindings as never))).rows;
}

/** On PostgreSQL `naive` is `timestamp without time zone`, as in databases Wren did not create. */
async function createTable(vendor: string): Promise<void> {
  await new SchemaEditor().deleteModel(TzProbe, { ifExists: true });
  if (vendor !== 'postgres') return new SchemaEditor().createModel(TzProbe);
  await raw('CREATE TABLE dt_tz_probes (id serial PRIMARY KEY, naive timestamp(3) without time zone, aware timestamptz)');
}

async function main(): Promise<void> {
  connect(process.env.WREN_TZ_CHILD_URL!);
  const vendor = database().dialect.vendor;
  await createTable(vendor);
  try {
    const created = await TzProbe.objects.create({ naive: INSTANT, aware: INSTANT });
    const text = vendor === 'postgres' ? 'naive::text AS naive, aware::text AS aware' : vendor === 'mysql' ? 'CAST(naive AS CHAR) AS naive, CAST(aware AS CHAR) AS aware' : 'naive, aware';
    const [stored] = await raw(`SELECT ${text} FROM dt_tz_probes WHERE id = ?`, [created.id]);
    const read = await TzProbe.objects.get({ id: created.id as number });
    // A row another program wrote as zoneless text: UTC, whatever TZ says.
    await raw("INSERT INTO dt_tz_probes (naive, aware) VALUES ('2026-01-15 08:00:00', '2026-01-15 08:00:00')");
    const foreign = await TzProbe.objects.get({ naive__year: 2026, naive__month: 1 });
    const result = {
      offsetMinutes: INSTANT.getTimezoneOffset(),
      stored,
      read: { naive: read.naive?.toISOString(), aware: read.aware?.toISOString() },
      exactMatches: { naive: await TzProbe.objects.filter({ naive: INSTANT }).count(), aware: await TzProbe.objects.filter({ aware: INSTANT }).count() },
      foreign: { naive: foreign.naive?.toISOString(), aware: foreign.aware?.toISOString() },
      // 02:30 on 8 March 2026 does not exist in New York (clocks jump from 02:00 to 03:00).
      zoneless: ['2026-03-08 02:30', '2026-03-08T02:30', '2026-03-08 02:30:00'].map((text) => toDate(text).toISOString()),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await new SchemaEditor().deleteModel(TzProbe, { ifExists: true });
    await disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
