import * as contract from '@colloquy/contract';
import type { Operation } from '@colloquy/contract';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * Every text a caller can send (params, query strings, JSON bodies) must refuse a NUL byte at the
 * contract, so no handler ever passes one to PostgreSQL (which cannot store it and answers 500).
 * This walks the JSON Schema of every operation's inputs and lists the string fields that would
 * take "a\u0000b"; a new field written as a bare z.string() shows up here.
 */
type Node = Record<string, unknown>;

/** z.stringbool() fields: JSON Schema shows a bare string, but only true/false words parse. */
const BOOLEAN_WORDS = new Set(['getFeed querystring.unseen', 'listNotifications querystring.unread']);

const operations = Object.entries(contract)
  .filter(([name]) => name.endsWith('Operations'))
  .flatMap(([, ops]) => Object.values(ops as Record<string, Operation & { operationId: string }>));

/** What a PostgreSQL integer column holds: a larger number from a caller would answer 500. */
const INT4_MAX = 2 ** 31 - 1;
/** Byte counts and offsets, stored in bigint columns: z.int()'s safe-integer range fits. */
const BIGINT_FIELDS = new Set(['createUpload body.sizeBytes', 'appendChunk querystring.offset']);

function stringFieldsTaking(value: string, schema: z.ZodType): string[] {
  return fieldsWhere(schema, (n) => {
    if (n.type !== 'string' || n.enum || n.const !== undefined || n.format) return false;
    const patterns = [n.pattern, ...((n.allOf as Node[] | undefined) ?? []).map((p) => p.pattern)].filter(
      (p): p is string => typeof p === 'string',
    );
    return !patterns.some((p) => !new RegExp(p).test(value));
  });
}

function unboundedNumbers(schema: z.ZodType): string[] {
  return fieldsWhere(
    schema,
    (n) =>
      (n.type === 'integer' || n.type === 'number') &&
      !(typeof n.maximum === 'number' && n.maximum <= INT4_MAX && typeof n.minimum === 'number' && n.minimum >= -INT4_MAX - 1),
  );
}

function fieldsWhere(schema: z.ZodType, open: (node: Node) => boolean): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node;
  const found: string[] = [];
  const walk = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (open(n)) found.push(where);
    for (const [key, child] of Object.entries(n)) {
      if (Array.isArray(child)) for (const [i, c] of child.entries()) walk(c, `${where}.${key}[${i}]`);
      else if (key === 'properties') for (const [k, field] of Object.entries(child as Node)) walk(field, `${where}.${k}`);
      else if (child && typeof child === 'object') walk(child, `${where}.${key}`);
    }
  };
  walk(json, '');
  return [...new Set(found)];
}

describe('inputs in the contract', () => {
  it('covers every operation (the walk sees them)', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it('refuses a NUL byte in every string field of params, query strings and bodies', () => {
    const open = operations.flatMap((op) =>
      (['params', 'querystring', 'body'] as const).flatMap((part) => {
        const schema = op[part];
        return schema ? stringFieldsTaking('a\u0000b', schema).map((where) => `${op.operationId} ${part}${where}`) : [];
      }),
    );
    expect(open.filter((field) => !BOOLEAN_WORDS.has(field))).toEqual([]);
  });

  it('bounds every number a caller sends to what an integer column holds', () => {
    const open = operations.flatMap((op) =>
      (['params', 'querystring', 'body'] as const).flatMap((part) => {
        const schema = op[part];
        return schema ? unboundedNumbers(schema).map((where) => `${op.operationId} ${part}${where}`) : [];
      }),
    );
    expect(open.filter((field) => !BIGINT_FIELDS.has(field))).toEqual([]);
  });

  it('takes ordinary text with line breaks, tabs and any script', () => {
    expect(contract.Text(100).safeParse('Zoë 日本\tdone\r\nnext line').success).toBe(true);
    expect(contract.Text(100).safeParse('bell\u0007').success).toBe(false);
    expect(contract.Text(100).safeParse('c1\u0085').success).toBe(false);
    expect(contract.Text(100, { oneLine: true }).safeParse('two\nlines').success).toBe(false);
  });

  it('strips what it refuses from files', () => {
    expect(contract.stripControlChars('hi\u0000there\u001b[0m\n')).toBe('hithere[0m\n');
  });
});
