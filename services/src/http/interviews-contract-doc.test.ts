import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENT, regenerate } from '../../../tools/interviews-contract.ts';

describe('docs/interviews-contract.md', () => {
  it('shows the operations and shapes of the contract (regenerate: node services/bin/run-ts.js tools/interviews-contract.ts)', () => {
    const committed = fs.readFileSync(DOCUMENT, 'utf8');
    expect(committed).toBe(regenerate(committed));
  });
});
