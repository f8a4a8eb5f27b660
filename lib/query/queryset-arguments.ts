import { FieldError, WrenTypeError } from '../errors.js';
import type { ModelOptions } from '../models/options.js';
import { argumentError, checkOptions, isPlainObject, requireInteger } from '../util/arguments.js';
import { choicesHint } from '../util/naming.js';
import { isConditionExpression, QNode } from './q.js';

// Shape checks for QuerySet's arguments, kept apart so queryset.ts reads as the API. Each raises
// WrenTypeError naming the method and the argument, before anything is resolved or run.

/** `filter()`, `exclude()`, `get()`: objects of conditions or `Q()` objects. */
export function checkConditions(conditions: readonly unknown[], method: string): void {
  for (let i = 0; i < conditions.length; i++) {
    const condition = conditions[i];
    if (!(condition instanceof QNode) && !isPlainObject(condition) && !isConditionExpression(condition)) {
      throw argumentError(`${method}(): argument ${i + 1}`, "an object of conditions ({ name: 'Ann' }), a Q() or a boolean expression such as Exists(...)", condition);
    }
  }
}

/** Names passed as separate arguments (`orderBy`, `values`, `only` ...): strings. */
export function checkNames(names: readonly unknown[], method: string): void {
  for (let i = 0; i < names.length; i++) {
    if (typeof names[i] !== 'string') throw argumentError(`${method}(): argument ${i + 1}`, 'a field name (a string)', names[i]);
  }
}

/** A connection alias, or null for the default one. */
export function checkAlias(alias: unknown, where: string): void {
  if (alias !== null && typeof alias !== 'string') throw argumentError(where, "a connection alias (a string such as 'default')", alias);
}

/** Python's slice bounds without the negative ones, which Django refuses too. */
export function checkSlice(start: unknown, end: unknown): void {
  const bound = (value: unknown, name: string) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw argumentError(`slice(): ${name}`, 'a whole number >= 0 (negative indexing is not supported)', value);
    }
  };
  bound(start, 'start');
  if (end === undefined) return;
  bound(end, 'end');
  if ((end as number) < (start as number)) throw new WrenTypeError(`slice(): end (${String(end)}) must not be less than start (${String(start)})`);
}

/** `{ batchSize }` of `bulkCreate()` / `bulkUpdate()`, and the method's `others` (checked by the caller). */
export function checkBatchOptions(options: unknown, method: string, others: readonly string[] = []): void {
  checkOptions(options, `${method}() options`, ['batchSize', ...others]);
  const size = (options as { batchSize?: unknown } | undefined)?.batchSize;
  if (size !== undefined) requireInteger(size, `${method}(): batchSize`, 1);
}

/** `bulkCreate()` items: plain objects of values or instances of the QuerySet's model. */
export function checkBulkItems(objects: unknown, model: abstract new (...args: never[]) => object, method: string, options: { instancesOnly: boolean }): void {
  const expected = options.instancesOnly ? `an array of saved ${model.name} instances` : `an array of ${model.name} instances or objects of values`;
  if (!Array.isArray(objects)) throw argumentError(`${method}(): objects`, expected, objects);
  objects.forEach((item, i) => {
    if (item instanceof model || (!options.instancesOnly && isPlainObject(item))) return;
    throw argumentError(`${method}(): objects[${i}]`, options.instancesOnly ? `a ${model.name} instance` : `a ${model.name} instance or an object of values`, item);
  });
}

/** `bulkUpdate()`'s field list: a non-empty array of names. */
export function checkFieldList(fields: unknown, method: string): void {
  if (!Array.isArray(fields) || fields.length === 0) throw argumentError(`${method}(): fields`, "a non-empty array of field names (['title'])", fields);
  checkNames(fields, method);
}

/**
 * The keys of `defaults` (`getOrCreate`, `updateOrCreate`): field names only, checked up front so
 * a typo fails before the lookup query (and the transaction) runs.
 */
export function checkFieldKeys(values: Record<string, unknown>, meta: ModelOptions, where: string): void {
  for (const key of Object.keys(values)) {
    if (key !== 'pk' && !meta.maybeField(key)) throw new FieldError(`${where} names an unknown field '${key}' of ${meta.name}.${choicesHint(key, meta.fieldNames())}`);
  }
}

/** `valuesList(...names, { flat })`: the names and the options, checked. */
export function splitValuesListArgs(args: readonly unknown[]): { names: string[]; flat: boolean } {
  const last = args[args.length - 1];
  const options = isPlainObject(last) ? last : undefined;
  if (options) {
    checkOptions(options, 'valuesList() options', ['flat']);
    if (options.flat !== undefined && typeof options.flat !== 'boolean') throw argumentError('valuesList(): flat', 'true or false', options.flat);
  }
  const names = options ? args.slice(0, -1) : args;
  checkNames(names, 'valuesList');
  return { names: names as string[], flat: options?.flat === true };
}

/** `inBulk(ids?, { fieldName? })`. */
export function checkInBulkArgs(ids: unknown, options: unknown): void {
  if (ids !== undefined && ids !== null && !Array.isArray(ids)) throw argumentError('inBulk(): ids', 'an array of keys (or nothing, for every row)', ids);
  checkOptions(options, 'inBulk() options', ['fieldName']);
  const name = (options as { fieldName?: unknown } | undefined)?.fieldName;
  if (name !== undefined && typeof name !== 'string') throw argumentError('inBulk(): fieldName', 'a field name (a string)', name);
}

/** `iterator({ chunkSize })`. */
export function checkChunkSize(options: unknown): number {
  checkOptions(options, 'iterator() options', ['chunkSize']);
  const size = (options as { chunkSize?: unknown } | undefined)?.chunkSize;
  return size === undefined ? 2000 : requireInteger(size, 'iterator(): chunkSize', 1);
}
