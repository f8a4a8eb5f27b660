import { ImproperlyConfigured } from '../../errors.js';
import * as builtinFields from '../../fields/index.js';
import { Field, isRelation } from '../../fields/index.js';

/** A literal a migration file can hold: what option values are compared and written as. */
export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

/** A field as plain data: its class's export name, the model it points to, and its literal options. */
export interface FieldDescription {
  readonly type: string;
  /** For relations: the related model's name. */
  readonly to?: string;
  readonly options: Readonly<Record<string, Literal>>;
}

type FieldClass = abstract new (...args: never[]) => Field;

/** Field classes by export name; users register their own custom fields with `registerFieldClass`. */
const classes = new Map<string, FieldClass>();
const names = new Map<FieldClass, string>();

export function registerFieldClass(name: string, cls: FieldClass): void {
  classes.set(name, cls);
  names.set(cls, name);
}

for (const [name, value] of Object.entries(builtinFields)) {
  if (typeof value === 'function' && (value === Field || value.prototype instanceof Field)) registerFieldClass(name, value as FieldClass);
}

/** Options that never reach the database nor the migration file (behaviour only). */
const SKIPPED_OPTIONS = new Set(['validators']);

/**
 * The field's class name as exported from 'wren', for writing `new fields.X(...)`. A custom
 * subclass is written as its nearest built-in ancestor: the column is what migrations track.
 */
export function fieldTypeName(field: Field): string {
  const own = field.constructor as FieldClass;
  for (let cls = own; cls && cls !== (Field as unknown as FieldClass); cls = Object.getPrototypeOf(cls) as FieldClass) {
    // By class, else by name: a module loaded twice (CommonJS and ESM, as under mocha) has two copies of each class.
    const name = names.get(cls) ?? (classes.has(cls.name) ? cls.name : undefined);
    if (name) return name;
  }
  const cls = own;
  throw new ImproperlyConfigured(
    `Migrations cannot write field ${String(field)} of class ${cls.name}: register it with registerFieldClass('${cls.name}', ${cls.name}) from 'wren' (and export it from a module the migration can import)`,
  );
}

/** Django's `Field.deconstruct()`: the data that identifies a field's definition. */
export function describeField(field: Field): FieldDescription {
  const options: Record<string, Literal> = {};
  const given = field.definingOptions() as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(given).sort()) {
    if (SKIPPED_OPTIONS.has(key)) continue;
    const value = toLiteral(given[key]);
    if (value !== undefined) options[key] = value;
  }
  const to = relatedName(field);
  return to === undefined ? { type: fieldTypeName(field), options } : { type: fieldTypeName(field), to, options };
}

/** Whether two fields are defined alike (the autodetector's question). */
export function sameField(a: Field, b: Field): boolean {
  return JSON.stringify(describeField(a)) === JSON.stringify(describeField(b));
}

/**
 * A relation's target by model name (a thunk is resolved; a string is kept, but `'self'` becomes the
 * declaring model's name: a migration names models, and the state has no field owners).
 */
export function relatedName(field: Field): string | undefined {
  const to = (field as unknown as { to?: unknown }).to;
  if (to === undefined) return undefined;
  if (isRelation(field) && field.selfModelName) return field.selfModelName;
  if (typeof to === 'string') return to;
  if (typeof to === 'function') {
    const model = (to as () => { name?: string })();
    if (model && typeof model.name === 'string') return model.name;
  }
  throw new ImproperlyConfigured(`${String(field)}: cannot tell which model the relation points to`);
}

/** Options as literals; functions (callable defaults, hooks) are left out, as they cannot be written. */
function toLiteral(value: unknown): Literal | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.map(toLiteral);
    return items.every((item) => item !== undefined) ? (items as Literal[]) : undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, Literal> = {};
    for (const key of Object.keys(value as object).sort()) {
      const item = toLiteral((value as Record<string, unknown>)[key]);
      if (item !== undefined) out[key] = item;
    }
    return out;
  }
  return undefined;
}

/** A fresh unbound copy of a field, safe to attach to a rendered model. */
export function copyField<F extends Field>(field: F): F {
  return field.clone();
}
