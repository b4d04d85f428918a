import fs from 'node:fs';
import { ERRORS } from '@colloquy/contract';
import { describe, expect, it } from 'vitest';

const README = new URL('../../../README.md', import.meta.url);

/** The rows of the table under "## Error shape": code → status (the code in backticks, the status a number). */
function readmeErrorTable(markdown: string): Record<string, number> {
  const section = markdown.split(/^## Error shape$/m)[1]?.split(/^## /m)[0] ?? '';
  const table: Record<string, number> = {};
  for (const row of section.split('\n').filter((l) => /^\|\s*\d{3}\s*\|/.test(l))) {
    const status = Number(row.match(/^\|\s*(\d{3})/)![1]);
    for (const [, code] of row.matchAll(/`(E_[A-Z0-9_]+)`/g)) table[code] = status;
  }
  return table;
}

describe("the README's error table", () => {
  it('lists exactly the catalogue, each code with its status (regenerate: node services/bin/run-ts.js tools/error-table.ts)', () => {
    const catalogue = Object.fromEntries(Object.entries(ERRORS).map(([code, { status }]) => [code, status]));
    expect(readmeErrorTable(fs.readFileSync(README, 'utf8'))).toEqual(catalogue);
  });
});
