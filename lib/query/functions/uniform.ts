import type { Field } from '../../fields/index.js';
import type { ExpressionNode } from '../nodes.js';
import type { FunctionSpec } from './spec.js';

const TEXT_KINDS: ReadonlySet<string> = new Set(['char', 'text']);

/** `Value('0')`: a constant typed only as text. */
function isTextConstant(node: ExpressionNode): boolean {
  return node.kind === 'value' && typeof node.value === 'string' && node.field !== null && TEXT_KINDS.has(node.field.kind);
}

/**
 * A uniform function's arguments (see `FunctionSpec.uniform`) with their text constants converted
 * and checked as the first other argument's values are: `Value('0')` beside a decimal becomes a
 * decimal constant, `Value('2024-01-01')` beside a datetime a datetime one.
 */
export function alignConstants(spec: FunctionSpec, args: readonly ExpressionNode[], fieldOf: (node: ExpressionNode) => Field): readonly ExpressionNode[] {
  if (!spec.uniform) return args;
  const typed = args.find((arg) => !isTextConstant(arg) && !(arg.kind === 'value' && arg.value === null));
  if (typed === undefined) return args;
  const field = fieldOf(typed);
  if (TEXT_KINDS.has(field.kind)) return args;
  return args.map((arg) => (isTextConstant(arg) && arg.kind === 'value' ? { ...arg, value: field.toLookupValue(arg.value), field } : arg));
}
