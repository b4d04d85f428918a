/**
 * Markdown from the contract: tables of operations and one-line shapes of schemas, spliced into a
 * document between `<!-- BEGIN generated: name -->` and `<!-- END generated: name -->` lines, so
 * the prose around them stays hand-written and the rest cannot drift from the schemas.
 */
import type { Operation } from '@colloquy/contract';
import type { z } from 'zod';

type NamedOperation = Operation & { operationId: string };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\s+/g, ' ');

/** One row per operation: method, path, operationId, success statuses and summary. */
export function operationsTable(operations: readonly NamedOperation[]): string {
  const rows = operations.map((op) => [
    op.method,
    `\`${op.url}\``,
    `\`${op.operationId}\``,
    Object.keys(op.response ?? {}).join(', '),
    cell(op.summary),
  ]);
  const header = ['method', 'path', 'operationId', 'success', 'summary'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: object;
  values?: unknown[];
};
const defOf = (schema: z.ZodType) => schema._zod.def as Def;

/**
 * `{a, b?, c|null, d: 'x'|'y', e: Question[]}`: a field is `?` when it may be left out (optional
 * or defaulted), `|null` when nullable; enums, literals, arrays and objects show their type, by
 * name when it is one of `names`; plain strings, numbers and booleans show their name only.
 */
export function shapeOf(schema: z.ZodType, names: Map<z.ZodType, string> = new Map()): string {
  const def = defOf(schema);
  if (def.type !== 'object' || !def.shape) throw new Error(`not an object schema: ${def.type}`);
  const fields = Object.entries(def.shape).map(([key, field]) => {
    let mark = '';
    let inner = field;
    for (let d = defOf(inner); ['optional', 'default', 'nullable'].includes(d.type); d = defOf(inner)) {
      mark = d.type === 'nullable' ? `${mark}|null` : `?${mark}`;
      inner = d.innerType!;
    }
    const type = typeOf(inner, names);
    return type ? `${key}${mark.startsWith('?') ? '?' : ''}: ${type}${mark.replace('?', '')}` : `${key}${mark}`;
  });
  return `{${fields.join(', ')}}`;
}

/** The type worth showing, or '' for a plain scalar. */
function typeOf(schema: z.ZodType, names: Map<z.ZodType, string>): string {
  const name = names.get(schema);
  if (name) return name;
  const def = defOf(schema);
  if (def.type === 'enum')
    return Object.values(def.entries!)
      .map((v) => JSON.stringify(v).replace(/"/g, "'"))
      .join('|');
  if (def.type === 'literal') return def.values!.map((v) => JSON.stringify(v).replace(/"/g, "'")).join('|');
  if (def.type === 'array') return `${typeOf(def.element!, names) || scalar(def.element!)}[]`;
  if (def.type === 'object') return shapeOf(schema, names);
  return '';
}

const scalar = (schema: z.ZodType) => defOf(schema).type;

/** `Name = {…}` per schema, in a code block; a schema used inside another is shown by its name. */
export function shapesBlock(schemas: Record<string, z.ZodType>): string {
  const names = new Map(Object.entries(schemas).map(([name, schema]) => [schema, name]));
  const width = Math.max(...Object.keys(schemas).map((name) => name.length));
  const lines = Object.entries(schemas).map(([name, schema]) => `${name.padEnd(width)} = ${shapeOf(schema, names)}`);
  return ['```', ...lines, '```'].join('\n');
}

/** The document with each generated block replaced by `blocks[name]`; every block must be there, and only those. */
export function spliceGenerated(document: string, blocks: Record<string, string>): string {
  const found = new Set<string>();
  const out = document.replace(/^<!-- BEGIN generated: ([\w-]+) -->\n[\s\S]*?^<!-- END generated: \1 -->$/gm, (_whole, name: string) => {
    if (!(name in blocks)) throw new Error(`no generator for the block "${name}"`);
    found.add(name);
    return `<!-- BEGIN generated: ${name} -->\n${blocks[name]}\n<!-- END generated: ${name} -->`;
  });
  const missing = Object.keys(blocks).filter((name) => !found.has(name));
  if (missing.length > 0) throw new Error(`the document has no block for ${missing.join(', ')}`);
  return out;
}
