import type { DatePart, Dialect, SqlFragment } from '../../dialects/index.js';
import { FieldError } from '../../errors.js';
import type { Field, RegisteredLookup } from '../../fields/index.js';
import { isExpressionNode, type ExpressionNode } from '../nodes.js';

/** What a lookup may ask of the compiler while it writes its SQL. */
export interface LookupCompiler {
  readonly dialect: Dialect;
  /** A placeholder for `value`, converted for the driver as `field` stores it. */
  param(value: unknown, field: Field): SqlFragment;
  /** Values for placeholders `?` (an `in` list's), each converted as `param()` converts it. */
  params(values: readonly unknown[], field: Field): unknown[];
  expression(node: ExpressionNode): SqlFragment;
  /** An expression on one side of a comparison with a value of `field`'s type, read as such a column is compared. */
  comparedExpression(node: ExpressionNode, field: Field): SqlFragment;
}

/**
 * A condition such as `exact` or `icontains`. Subclasses are registered on field classes with
 * `Field.registerLookup(new MyLookup())`; users add their own the same way.
 */
export abstract class Lookup implements RegisteredLookup {
  abstract readonly lookupName: string;
  /** Null is a value this lookup compares with (JSON null), not a request for IS NULL (Django's `can_use_none_as_rhs`). */
  readonly acceptsNull: boolean = false;

  /** Converts and checks the right-hand side when the filter is built (not when it runs). */
  prepare(field: Field, value: unknown): unknown {
    if (isExpressionNode(value)) return value;
    return field.toLookupValue(value);
  }

  abstract asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment;

  /** The right-hand side as SQL: a placeholder, or an expression such as `F('other')`. */
  protected rhsSql(rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    return isExpressionNode(rhs) ? compiler.comparedExpression(rhs, field) : compiler.param(rhs, field);
  }

  protected describe(field: Field): string {
    return `${field.toString()}__${this.lookupName}`;
  }
}

/** `lhs <operator> rhs`. */
export class OperatorLookup extends Lookup {
  constructor(readonly lookupName: string, private readonly operator: string) {
    super();
  }

  asSql(lhs: string, rhs: unknown, field: Field, compiler: LookupCompiler): SqlFragment {
    const right = this.rhsSql(rhs, field, compiler);
    return { sql: `${lhs} ${this.operator} ${right.sql}`, bindings: right.bindings };
  }
}

/**
 * Turns the left-hand side into another value that later lookups compare: `joined__year__gte`.
 * Registered like lookups (`DateTimeField.registerLookup(new MyTransform())`); the output field
 * decides which lookups may follow.
 */
export abstract class Transform implements RegisteredLookup {
  abstract readonly lookupName: string;

  /** A fresh field describing the transformed value (its type, conversions and lookups). */
  abstract outputField(): Field;

  /** SQL for the transformed value of `lhs`, a column of type `sourceField`. */
  abstract asSql(lhs: SqlFragment, sourceField: Field, compiler: LookupCompiler): SqlFragment;

  /** True when a path may end with it in `values()`, `orderBy()` and `F()`: `data__owner__name`. */
  readonly selectable: boolean = false;

  /** The node applying this transform to `source`; JSON keys merge into the key path before them. */
  apply(source: ExpressionNode, sourceField: Field): ExpressionNode {
    return { kind: 'transform', transform: this, source, sourceField };
  }

  /** What ORDER BY sorts `node` (this transform's node) by: the node itself, unless its SQL sorts otherwise than its values. */
  sortOperands(node: ExpressionNode): readonly ExpressionNode[] {
    return [node];
  }
}

/** A built-in transform: its name and the field its values compare as. */
abstract class BuiltinTransform<N extends string> extends Transform {
  constructor(
    readonly lookupName: N,
    private readonly output: () => Field,
  ) {
    super();
  }

  outputField(): Field {
    return this.output();
  }
}

/**
 * A transform written as one of the dialects' functions: `quarter`, `week`, `iso_year`,
 * `iso_week_day` with the `Extract*` functions' SQL (`published__quarter: 2`), `time` with the
 * dialect's time of day (`joined__time: '14:30:00'`, compared as a TimeField).
 */
export class FunctionTransform extends BuiltinTransform<string> {
  constructor(lookupName: string, private readonly functionKey: string, output: () => Field) {
    super(lookupName, output);
  }

  asSql(lhs: SqlFragment, _sourceField: Field, compiler: LookupCompiler): SqlFragment {
    return compiler.dialect.functionSql(this.functionKey, [lhs], false);
  }
}

/** `year`, `month`, ... `week_day` (1 = Sunday), `hour`, `minute`, `second`, `date`. */
export class DatePartTransform extends BuiltinTransform<DatePart> {
  asSql(lhs: SqlFragment, sourceField: Field, compiler: LookupCompiler): SqlFragment {
    return { sql: compiler.dialect.extractSql(this.lookupName, lhs.sql, sourceField.kind), bindings: lhs.bindings };
  }
}
