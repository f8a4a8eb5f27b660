import type { Database } from '../connection/index.js';
import { CharField, DateTimeField, BigAutoField, type Field } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';
import type { QuerySet } from '../query/queryset.js';
import { MigrationSchemaEditor } from './schema/editor.js';
import { catalog } from './schema/introspection.js';
import { ModelState } from './state/model-state.js';

export const RECORDER_TABLE = 'wren_migrations';

const RECORD_STATE = new ModelState(
  '__wren__',
  'MigrationRecord',
  { id: new BigAutoField(), app: new CharField({ maxLength: 255 }), name: new CharField({ maxLength: 255 }), applied: new DateTimeField() } as Record<string, Field>,
  { tableName: RECORDER_TABLE },
);

type RecordModel = ModelClass & { readonly objects: QuerySet<ModelClass> };
let recordModel: RecordModel | undefined;

/** The `wren_migrations` table: which migrations are applied, and when. */
export class MigrationRecorder {
  private readonly model: RecordModel;

  constructor(readonly db: Database) {
    recordModel ??= RECORD_STATE.render() as RecordModel;
    this.model = recordModel;
  }

  async hasTable(): Promise<boolean> {
    return (await catalog(this.db.dialect).tables(this.db)).includes(RECORDER_TABLE);
  }

  async ensureTable(): Promise<void> {
    if (!(await this.hasTable())) await new MigrationSchemaEditor(this.db).createTable(RECORD_STATE);
  }

  /** Applied migrations by `app.name`, with when they were applied. */
  async applied(): Promise<Map<string, Date>> {
    if (!(await this.hasTable())) return new Map();
    const rows = (await this.model.objects.using(this.db.alias).orderBy('id').values('app', 'name', 'applied')) as unknown as { app: string; name: string; applied: Date }[];
    return new Map(rows.map((row) => [`${row.app}.${row.name}`, row.applied]));
  }

  async recordApplied(app: string, name: string): Promise<void> {
    await this.model.objects.using(this.db.alias).create({ app, name, applied: new Date() });
  }

  async recordUnapplied(app: string, name: string): Promise<void> {
    await this.model.objects.using(this.db.alias).filter({ app, name }).delete();
  }
}
