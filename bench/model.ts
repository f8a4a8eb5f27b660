import type { FieldValues } from '../lib/index.js';
import { wren } from './wren.js';

const { BooleanField, CharField, DateTimeField, FloatField, IntegerField, Model } = wren;

/** The one table every workload uses; its columns mix plain, converted (bool, datetime) and indexed types. */
export class BenchItem extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    category: new CharField({ maxLength: 20 }),
    age: new IntegerField(),
    score: new FloatField({ dbIndex: true }),
    active: new BooleanField(),
    created: new DateTimeField(),
  };
  static meta = { tableName: 'bench_items' };
  static objects = this.manager();
}
export interface BenchItem extends FieldValues<typeof BenchItem> {}

export const TABLE = 'bench_items';
/** Selected explicitly by knex and the drivers, as Wren does. */
export const COLUMNS = ['id', 'name', 'category', 'age', 'score', 'active', 'created'] as const;
export const WRITE_COLUMNS = ['name', 'category', 'age', 'score', 'active', 'created'] as const;
