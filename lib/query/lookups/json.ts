import type { ColumnKind, SqlFragment } from '../../dialects/index.js';
import { jsonSql, type JsonKind } from '../../dialects/json/index.js';
import { FieldError, NotSupportedError } from '../../errors.js';
import { Field, FloatField, JSONField, TextField } from '../../fields/index.js';
import { JSONKeyField } from '../../fields/json-key.js';
import { isExpressionNode, type ExpressionNode } from '../nodes.js';
import { IExactLookup, IsNullLookup, patternLookups, RegexLookup } from './builtin.js';
import { KeyTransform, pathStep } from './json-transforms.js';
import { Lookup, type LookupCompiler } from './lookup.js';

// Lookups of JSONFields, as Django's: on the field (and on any key path) `has_key`, `has_keys`,
// `has_any_keys`, `contains`, `contained_by`; on a key path the usual comparisons, which compare
// JSON values by kind (a number with numbers, a string with strings), and the text lookups,
// which read the key's text. Every condition on a key path is true or false, never NULL, so
// `exclude()` keeps exactly the rows `filter()` leaves out (a missing key included).

/** What a key path is compared with: a number, a string, or (equality only) any JSON value. */
type Comparand = 'number' | 'string' | 'json';

const NUMBER_KINDS: ReadonlySet<ColumnKind> = new Set(['auto', 'bigauto', 'integer', 'bigint', 'smallint', 'positiveint', 'float', 'decimal']);
const STRING_KINDS: ReadonlySet<ColumnKind> = new Set(['char', 'text', 'uuid']);

/** A condition that is false rather than NULL where a key is missing or holds another kind. */
const definite = (sql: string): string => `COALESCE(${sql}, 1 = 0)`;

/** The field whose values an expression produces, where it says so; undefined where it does not. */
function outputOf(node: ExpressionNode): Field | undefined {
  if (node.kind === 'column') return node.field;
  if (node.kind === 'transform') return node.transform.outputField();
  if (node.kind === 'value') return node.field ?? undefined;
  const output = (node as { readonly output?: unknown }).output;
  return output instanceof Field ? output : undefined;
}

function comparandOf(node: ExpressionNode): Comparand | undefined {
  if (node.kind === 'arithmetic') return 'number';
  if (node.kind === 'aggregate') return node.fn === 'MIN' || node.fn === 'MAX' ? (node.arg ? comparandOf(node.arg) : undefined) : 'number';
  if (node.kind === 'value' && !node.field) return typeof node.value === 'number' ? 'number' : typeof node.value === 'string' ? 'string' : undefined;
  const kind = outputOf(node)?.kind;
  if (kind === undefined) return undefined;
  return NUMBER_KINDS.has(kind) ? 'number' : STRING_KINDS.has(kind) ? 'string' : kind === 'json' ? 'json' : undefined;
}

/**
 * The JSON value SQL of the left-hand side, which the lookups below may read more than once: so
 * it must not carry bound values (a key path of a column never does; its keys are quoted literals).
 */
function plain(lhs: string, where: string): string {
  if (/(^|[^\\])\?/.test(lhs)) {
    throw new NotSupportedError(`${where}: the JSON value is an expression with bound values, which this lookup would have to read twice; filter on a JSONField column or on a key path of one`);
  }
  return lhs;
}

/** A described field of another type, for values bound beside a key path and for error messages. */
function like<F extends Field>(field: Field, output: F): F {
  output.name = field.name;
  output.owner = field.owner;
  return output;
}

/** `x op rhs` for one prepared right-hand side (a JSON value, or an expression). */
function comparison(x: string, op: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
  const json = jsonSql(compiler.dialect);
  if (isExpressionNode(rhs)) {
    const right = compiler.expression(rhs);
    const kind = comparandOf(rhs);
    const sql = kind === 'number' ? `${json.number(x)} ${op} ${right.sql}` : kind === 'string' ? `${json.string(x)} ${op} ${right.sql}` : json.equals(x, right.sql);
    return { sql: definite(sql), bindings: right.bindings };
  }
  if (rhs === null) return { sql: json.isKind(x, 'null'), bindings: [] };
  if (typeof rhs === 'boolean') return { sql: json.isKind(x, rhs ? 'true' : 'false'), bindings: [] };
  if (typeof rhs === 'number') {
    const right = compiler.param(rhs, like(field, new FloatField()));
    return { sql: definite(`${json.number(x)} ${op} ${right.sql}`), bindings: right.bindings };
  }
  if (typeof rhs === 'string') {
    const right = compiler.param(rhs, like(field, new TextField()));
    return { sql: definite(`${json.string(x)} ${op} ${right.sql}`), bindings: right.bindings };
  }
  const right = compiler.param(rhs, field);
  return { sql: definite(json.equals(x, json.param())), bindings: right.bindings };
}

/** `exact`, `gt`, `gte`, `lt`, `lte` on a key path. */
class KeyComparison extends Lookup {
  override readonly acceptsNull: boolean;

  constructor(
    readonly lookupName: string,
    private readonly operator: string,
  ) {
    super();
    this.acceptsNull = lookupName === 'exact';
  }

  override prepare(field: Field, value: unknown): unknown {
    if (isExpressionNode(value)) {
      const kind = comparandOf(value);
      if (kind === undefined || (kind === 'json' && this.operator !== '=')) {
        throw new FieldError(`${this.describe(field)} compares with a number or a string${this.acceptsNull ? ' (or a JSON value)' : ''}: F() of a numeric or text field, or an expression wrapped in ExpressionWrapper(expression, field)`);
      }
      return value;
    }
    if (value === null) return null;
    const converted = field.toLookupValue(value);
    if (this.operator !== '=' && typeof converted !== 'number' && typeof converted !== 'string') {
      throw new FieldError(`${this.describe(field)} needs a number or a string, got ${Array.isArray(converted) ? 'an array' : typeof converted}`);
    }
    return converted;
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    return comparison(plain(lhs, this.describe(field)), this.operator, rhs, field, compiler);
  }
}

/** `in` on a key path: equal to any of the values (JSON null among them). */
class KeyIn extends Lookup {
  readonly lookupName = 'in';

  override prepare(field: Field, value: unknown): unknown {
    if (!Array.isArray(value)) throw new FieldError(`${this.describe(field)} needs an array of values`);
    return value.map((item) => (item === null ? null : field.toLookupValue(item)));
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const values = rhs as unknown[];
    if (values.length === 0) return { sql: '1 = 0', bindings: [] };
    const x = plain(lhs, this.describe(field));
    const json = jsonSql(compiler.dialect);
    const parts: string[] = [];
    const bindings: unknown[] = [];
    // Numbers and strings each in one IN list; other values one comparison each.
    for (const [kind, read, output] of [['number', json.number(x), new FloatField()], ['string', json.string(x), new TextField()]] as const) {
      const same = values.filter((item) => typeof item === kind);
      if (!same.length) continue;
      const params = same.map((item) => compiler.param(item, like(field, output)));
      parts.push(definite(`${read} IN (${params.map((p) => p.sql).join(', ')})`));
      for (const p of params) bindings.push(...p.bindings);
    }
    for (const item of values.filter((v) => typeof v !== 'number' && typeof v !== 'string')) {
      const part = comparison(x, '=', item, field, compiler);
      parts.push(part.sql);
      bindings.push(...part.bindings);
    }
    return { sql: parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`, bindings };
  }
}

/** `isnull` on a key path: true when the key is missing (a key holding JSON null is there); the column's own lookup reads the path. */
class KeyIsNull extends IsNullLookup {}

/** `range` on a key path: two numbers, or two strings. */
class KeyRange extends Lookup {
  readonly lookupName = 'range';

  override prepare(field: Field, value: unknown): unknown {
    const ok = Array.isArray(value) && value.length === 2 && typeof value[0] === typeof value[1] && (typeof value[0] === 'number' || typeof value[0] === 'string');
    if (!ok) throw new FieldError(`${this.describe(field)} needs [low, high]: two numbers or two strings`);
    return (value as unknown[]).map((item) => field.toLookupValue(item));
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const json = jsonSql(compiler.dialect);
    const [low, high] = rhs as [number, number] | [string, string];
    const x = plain(lhs, this.describe(field));
    const output = typeof low === 'number' ? new FloatField() : new TextField();
    const [a, b] = [compiler.param(low, like(field, output)), compiler.param(high, like(field, output))];
    const read = typeof low === 'number' ? json.number(x) : json.string(x);
    return { sql: definite(`${read} BETWEEN ${a.sql} AND ${b.sql}`), bindings: [...a.bindings, ...b.bindings] };
  }
}

/** A text lookup (`icontains`, `startswith`, `regex`...) on the text of a key path, as Django's `KeyTransformTextLookupMixin`. */
class KeyTextLookup extends Lookup {
  readonly lookupName: string;

  constructor(private readonly inner: Lookup) {
    super();
    this.lookupName = inner.lookupName;
  }

  override prepare(field: Field, value: unknown): unknown {
    if (typeof value !== 'string') throw new FieldError(`${this.describe(field)} needs a string, got ${value === null ? 'null' : typeof value}`);
    return this.inner.prepare(field, value);
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const text = jsonSql(compiler.dialect).text(plain(lhs, this.describe(field)));
    const own = this.inner.asSql(text, rhs, like(field, new TextField()), compiler);
    return { sql: definite(own.sql), bindings: own.bindings };
  }
}

/** `has_key`, `has_keys`, `has_any_keys`: an object with the key(s), on the field or a key path. */
class HasKeys extends Lookup {
  constructor(
    readonly lookupName: string,
    private readonly mode: 'all' | 'any',
    private readonly single: boolean,
  ) {
    super();
  }

  override prepare(field: Field, value: unknown): unknown {
    const keys = this.single ? [value] : value;
    const ok = Array.isArray(keys) && keys.length > 0 && keys.every((key) => typeof key === 'string' && !key.includes('\u0000'));
    if (!ok) throw new FieldError(`${this.describe(field)} needs ${this.single ? 'a key (a string)' : 'a non-empty array of keys (strings)'}`);
    return keys;
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    return jsonSql(compiler.dialect).hasKeys(plain(lhs, this.describe(field)), rhs as string[], this.mode);
  }
}

/** `contains` / `contained_by`: JSON containment as PostgreSQL's `@>` / `<@` defines it. */
class Containment extends Lookup {
  constructor(
    readonly lookupName: 'contains' | 'contained_by',
  ) {
    super();
  }

  override prepare(field: Field, value: unknown): unknown {
    if (isExpressionNode(value)) throw new FieldError(`${this.describe(field)} needs a JSON value, not an expression`);
    return field.toLookupValue(value);
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const json = jsonSql(compiler.dialect);
    const sql = this.lookupName === 'contains' ? json.contains : json.containedBy;
    if (!sql) {
      throw new NotSupportedError(`${this.describe(field)}: JSON containment ('${this.lookupName}') is not supported on ${compiler.dialect.displayName}; use has_key or key paths (data__tags__0, data__owner__name)`);
    }
    const x = plain(lhs, this.describe(field));
    const guards = this.kindGuards(rhs).map((kind) => (kind.startsWith('!') ? `NOT ${json.isKind(x, kind.slice(1) as JsonKind)}` : json.isKind(x, kind as JsonKind)));
    return { sql: [...guards, sql(x)].join(' AND '), bindings: compiler.param(rhs, field).bindings };
  }

  /**
   * PostgreSQL's rule at the top level: an object contains (and is contained in) objects only,
   * an array arrays and scalars. MySQL/MariaDB would also find an object inside an array, so the
   * kinds are checked on every database (`!object`: anything but an object).
   */
  private kindGuards(rhs: unknown): string[] {
    const kind = Array.isArray(rhs) ? 'array' : rhs !== null && typeof rhs === 'object' ? 'object' : 'scalar';
    if (kind === 'object') return ['object'];
    if (this.lookupName === 'contains') return kind === 'array' ? ['array'] : [];
    return kind === 'array' ? ['!object'] : ['!object', '!array'];
  }
}

JSONField.keyTransform = (name) => new KeyTransform([pathStep(name)]);

for (const lookup of [
  new HasKeys('has_key', 'all', true), new HasKeys('has_keys', 'all', false), new HasKeys('has_any_keys', 'any', false),
  new Containment('contains'), new Containment('contained_by'),
]) {
  JSONField.registerLookup(lookup);
}

const textLookups = [new IExactLookup(), ...patternLookups.filter((lookup) => lookup.lookupName !== 'contains'), new RegexLookup('regex', true), new RegexLookup('iregex', false)];
for (const lookup of [
  ...['exact', 'gt', 'gte', 'lt', 'lte'].map((name, i) => new KeyComparison(name, ['=', '>', '>=', '<', '<='][i]!)),
  new KeyIn(), new KeyIsNull(), new KeyRange(), ...textLookups.map((inner) => new KeyTextLookup(inner)),
]) {
  JSONKeyField.registerLookup(lookup);
}
