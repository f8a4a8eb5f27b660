import { isForeignKey, TextField, type Field, type ForeignKey, type ManyToManyField } from '../fields/index.js';
import type { ModelClass } from '../models/types.js';
import { Cast } from '../query/functions/typed.js';
import { QuerySet } from '../query/queryset.js';
import { CommandError } from './context.js';

/** One fixture object, Django's format: `{ model: 'app.Model', pk, fields: { ... } }`. */
export interface FixtureObject {
  readonly model: string;
  readonly pk: unknown;
  readonly fields: Record<string, unknown>;
}

export interface LabelledModel {
  readonly label: string;
  readonly model: ModelClass;
}

type Row = Record<string, unknown>;

/** The value as JSON holds it: dates as ISO text, bytes as base64. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** The JSON value back in the field's own type. */
export function fromJson(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.kind === 'binary' && typeof value === 'string') return Buffer.from(value, 'base64');
  return isForeignKey(field) ? value : field.toJs(value);
}

/** Many-to-many fields with an automatic join table; a `through` model is dumped on its own. */
export function autoManyToMany(model: ModelClass): ManyToManyField[] {
  return model._meta.manyToMany.filter((field) => !field.options.through && field.through && field.throughSource && field.throughTarget);
}

/** Every row of a model as fixture objects, in primary key order. */
export async function dumpModel(entry: LabelledModel, using: string): Promise<FixtureObject[]> {
  const meta = entry.model._meta;
  const pk = meta.pk;
  const rows = (await new QuerySet(entry.model).using(using).orderBy(pk.name as never)) as unknown as Row[];
  await readAsText(entry.model, rows, using);
  const links = new Map<string, Map<unknown, unknown[]>>();
  for (const field of autoManyToMany(entry.model)) links.set(field.name, await joinRows(field, using));
  return rows.map((row) => {
    const fields: Record<string, unknown> = {};
    for (const field of meta.fields) {
      if (field === pk) continue;
      fields[field.name] = toJson(row[field.attname]);
    }
    for (const [name, byOwner] of links) fields[name] = byOwner.get(row[pk.attname]) ?? [];
    return { model: entry.label, pk: toJson(row[pk.attname]), fields };
  });
}

/**
 * A text field over a column its driver does not read as text (an inspected PostgreSQL array or
 * interval reads as an array or an object) is dumped as the database's text for the value, which
 * loaddata writes back and the database parses. Other rows' values are left alone.
 */
async function readAsText(model: ModelClass, rows: Row[], using: string): Promise<void> {
  const meta = model._meta;
  const alias = 'wrenDumpedText';
  for (const field of meta.fields) {
    if (field.kind !== 'text' && field.kind !== 'char') continue;
    const column = field.attname;
    if (!rows.some((row) => row[column] !== null && row[column] !== undefined && typeof row[column] !== 'string')) continue;
    const texts = (await new QuerySet(model).using(using).values(meta.pk.name, { [alias]: Cast(field.name, new TextField()) })) as unknown as Row[];
    const byKey = new Map(texts.map((text) => [String(text[meta.pk.name]), text[alias]]));
    for (const row of rows) if (row[column] !== null && row[column] !== undefined) row[column] = byKey.get(String(row[meta.pk.attname]));
  }
}

/** owner key -> related keys, from the join table of a many-to-many field. */
async function joinRows(field: ManyToManyField, using: string): Promise<Map<unknown, unknown[]>> {
  const through = field.through as unknown as ModelClass;
  const source = field.throughSource as ForeignKey;
  const target = field.throughTarget as ForeignKey;
  const rows = (await new QuerySet(through).using(using).orderBy(through._meta.pk.name as never)) as unknown as Row[];
  const byOwner = new Map<unknown, unknown[]>();
  for (const row of rows) {
    const owner = row[source.attname];
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), row[target.attname]]);
  }
  return byOwner;
}

/** Referenced models (by key or many-to-many) first, so a fixture loads without forward references; cycles keep their order. */
export function dependencyOrder<T extends LabelledModel>(entries: readonly T[]): T[] {
  const ordered: T[] = [];
  const visiting = new Set<T>();
  const visit = (entry: T) => {
    if (ordered.includes(entry) || visiting.has(entry)) return;
    visiting.add(entry);
    const relations = [...entry.model._meta.fields.filter(isForeignKey), ...entry.model._meta.manyToMany];
    for (const field of relations) {
      const target = entries.find((candidate) => (candidate.model as unknown) === safeTarget(field));
      if (target && target !== entry) visit(target);
    }
    visiting.delete(entry);
    ordered.push(entry);
  };
  for (const entry of entries) visit(entry);
  return ordered;
}

function safeTarget(field: ForeignKey | ManyToManyField): unknown {
  try {
    return field.relatedModel;
  } catch {
    return undefined;
  }
}

/** Checks the shape of a parsed fixture file, naming the first bad object. */
export function validateFixture(data: unknown, file: string): FixtureObject[] {
  if (!Array.isArray(data)) throw new CommandError(`${file}: a fixture is a JSON array of { model, pk, fields } objects`);
  data.forEach((item: unknown, index) => {
    const object = item as Partial<FixtureObject> | null;
    if (!object || typeof object !== 'object' || typeof object.model !== 'string' || !object.fields || typeof object.fields !== 'object') {
      throw new CommandError(`${file}: object #${index + 1} needs "model": "app.Model" and "fields": { ... } (got ${JSON.stringify(item).slice(0, 80)})`);
    }
  });
  return data as FixtureObject[];
}

