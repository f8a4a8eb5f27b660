import type { SqlFragment } from '../../dialects/index.js';
import { jsonSql, type JsonPathStep, type JsonSql } from '../../dialects/json/index.js';
import { FieldError } from '../../errors.js';
import { FloatField, IntegerField, JSONField, TextField, type Field } from '../../fields/index.js';
import { JSONKeyField } from '../../fields/json-key.js';
import { argumentError } from '../../util/arguments.js';
import { Expression } from '../expressions.js';
import type { ExpressionNode } from '../nodes.js';
import { Transform, type LookupCompiler } from './lookup.js';

/** Array indexes Wren writes into SQL as numbers: whole, not negative, not past 2^31. */
const INDEX = /^(0|[1-9]\d{0,9})$/;
const MAX_INDEX = 2 ** 31 - 1;

/** `owner` -> a key; `0`, `12` -> array indexes (as in Django, an all-digit step is an index). */
export function pathStep(part: string): JsonPathStep {
  if (part.includes('\u0000')) throw new FieldError(`JSON key path step ${JSON.stringify(part)} contains the NUL character, which no database accepts in SQL`);
  if (!/^\d+$/.test(part)) return part;
  if (!INDEX.test(part) || Number(part) > MAX_INDEX) throw new FieldError(`JSON array index '${part}' is out of range (0 to ${MAX_INDEX}, without leading zeros)`);
  return Number(part);
}

/**
 * `data__owner__name`: the JSON value at a key path, itself JSON (so lookups and further keys
 * apply). Consecutive keys merge into one path read from the document in one step.
 */
export class KeyTransform extends Transform {
  override readonly selectable = true;

  constructor(readonly path: readonly JsonPathStep[]) {
    super();
  }

  get lookupName(): string {
    return this.path.join('__');
  }

  outputField(): Field {
    return new JSONKeyField();
  }

  asSql(lhs: SqlFragment, _sourceField: Field, compiler: LookupCompiler): SqlFragment {
    return jsonSql(compiler.dialect).extract(lhs, this.path);
  }

  override apply(source: ExpressionNode, sourceField: Field): ExpressionNode {
    if (source.kind !== 'transform' || !(source.transform instanceof KeyTransform)) return super.apply(source, sourceField);
    const path = new KeyTransform([...source.transform.path, ...this.path]);
    return { kind: 'transform', transform: path, source: source.source, sourceField: source.sourceField };
  }

  /**
   * Numbers by value, then strings by their characters, on every database (JSON text would put
   * 10 before 9 on SQLite and MariaDB). Other kinds (booleans, objects) tie after both. A rank
   * comes first: sorting by the number alone would put every non-number (NULL there) before the
   * numbers where NULLs sort first (SQLite, MariaDB). A missing key or JSON null has no rank, so it
   * sorts where the database puts NULLs.
   */
  override sortOperands(node: ExpressionNode): readonly ExpressionNode[] {
    const sourceField = new JSONKeyField();
    return [RANK_OF, NUMBER_OF, STRING_OF].map((transform) => ({ kind: 'transform' as const, transform, source: node, sourceField }));
  }
}

/** A transform computed by one method of the dialect's JSON SQL from the JSON value `x`. */
class JsonValueTransform extends Transform {
  constructor(
    readonly lookupName: string,
    private readonly output: () => Field,
    private readonly sql: (json: JsonSql, x: string) => string,
  ) {
    super();
  }

  outputField(): Field {
    return this.output();
  }

  asSql(lhs: SqlFragment, _sourceField: Field, compiler: LookupCompiler): SqlFragment {
    const json = jsonSql(compiler.dialect);
    return repeating(lhs, (x) => this.sql(json, x));
  }
}

const NUMBER_OF = new JsonValueTransform('json_number', () => new FloatField(), (json, x) => json.number(x));
const STRING_OF = new JsonValueTransform('json_string', () => new TextField(), (json, x) => json.string(x));
/** 0 for a number, 1 for a string, 2 for any other value, NULL for JSON null or a missing key. */
const RANK_OF = new JsonValueTransform('json_rank', () => new IntegerField(), (json, x) =>
  `(CASE WHEN ${json.number(x)} IS NOT NULL THEN 0 WHEN ${json.string(x)} IS NOT NULL THEN 1 WHEN ${json.text(x)} IS NOT NULL THEN 2 END)`);

/** Django's `KeyTextTransform`: a string's characters, other values' JSON text, null for JSON null. */
const KEY_TEXT = new JsonValueTransform('key_text', () => new TextField(), (json, x) => json.text(x));

/** Stands for the value's SQL while a template that may read it more than once is built. */
const MARK = '\u0001wren_json\u0001';

/** `build(x)` with `value` for each `x`, its bindings repeated as often as it appears. */
function repeating(value: SqlFragment, build: (x: string) => string): SqlFragment {
  const template = build(MARK);
  const pieces = template.split(MARK);
  const bindings: unknown[] = [];
  for (let i = 1; i < pieces.length; i++) bindings.push(...value.bindings);
  return { sql: pieces.join(value.sql), bindings };
}

/**
 * The text of a JSON key path, Django's `KT()`: a string's characters, any other value's JSON
 * text, null for JSON null or a missing key.
 *
 * @example Event.objects.annotate({ owner: KT('data__owner__name') }).orderBy('owner')
 */
export function KT(path: string): Expression<string | null> {
  if (typeof path !== 'string' || !path.includes('__') || path.startsWith('__') || path.endsWith('__')) {
    throw argumentError('KT(): path', "a JSONField name and a key path, such as 'data__owner__name'", path);
  }
  const source: ExpressionNode = { kind: 'fieldRef', name: path };
  return new Expression<string | null>({ kind: 'transform', transform: KEY_TEXT, source, sourceField: new JSONField() });
}
