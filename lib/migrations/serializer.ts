import type { Field } from '../fields/index.js';
import { isOperation, type Operation } from './operations/base.js';
import { describeField } from './state/field-state.js';

/** Writes values as TypeScript source; the output depends on the input only (stable files). */
export function serialize(value: unknown, indent = ''): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isField(value)) return serializeField(value);
  if (isOperation(value)) return serializeOperation(value, indent);
  if (Array.isArray(value)) return `[${value.map((item) => serialize(item, indent)).join(', ')}]`;
  if (typeof value === 'object') return serializeObject(value as Record<string, unknown>, indent);
  throw new TypeError(`Cannot write ${typeof value} values into a migration file`);
}

/** A string literal: single quotes, or double quotes when that avoids escaping. */
function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  if (text.includes("'") && !text.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}

function serializeObject(object: Record<string, unknown>, indent: string): string {
  const entries = Object.entries(object).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{}';
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${serialize(v, indent)}`).join(', ')} }`;
}

/** `new fields.CharField({ maxLength: 100 })`; relations name their model: `new fields.ForeignKey('Author', {...})`. */
export function serializeField(field: Field): string {
  const { type, to, options } = describeField(field);
  const args = Object.keys(options).length ? serializeObject(options, '') : '';
  if (to !== undefined) return `new fields.${type}(${quote(to)}${args ? `, ${args}` : ', {}'})`;
  return `new fields.${type}(${args})`;
}

/** A short operation on one line; longer ones one argument per line, CreateModel's fields one per line. */
function serializeOperation(op: Operation, indent: string): string {
  const args = op.args();
  if (!('fields' in args)) {
    const line = `new migrations.${op.className}(${serializeObject(args as Record<string, unknown>, indent)})`;
    if (indent.length + line.length <= 110) return line;
  }
  const inner = `${indent}  `;
  const lines = Object.entries(op.args())
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (k === 'fields' && v && typeof v === 'object' && !Array.isArray(v)) {
        const fieldLines = Object.entries(v as Record<string, unknown>).map(([name, field]) => `${inner}  ${key(name)}: ${serialize(field, `${inner}  `)},`);
        return `${inner}${k}: {\n${fieldLines.join('\n')}\n${inner}},`;
      }
      return `${inner}${key(k)}: ${serialize(v, inner)},`;
    });
  return `new migrations.${op.className}({\n${lines.join('\n')}\n${indent}})`;
}

/** Duck-typed, so fields from a second copy of the module (CommonJS next to ESM) still count. */
function isField(value: unknown): value is Field {
  return typeof value === 'object' && value !== null && typeof (value as Field).columnSpec === 'function' && 'options' in value;
}
