import { describe, expect, it } from 'vitest';
import { singular } from './singular.ts';

describe('singular', () => {
  it.each([
    ['controls', 'control'],
    ['batteries', 'battery'],
    ['switches', 'switch'],
    ['boxes', 'box'],
    ['children', 'child'],
    ['status', 'status'],
    ['physics', 'physics'],
    ['glass', 'glass'],
    ['bus', 'bus'],
    ['its', 'its'],
  ])('%s → %s', (word, expected) => expect(singular(word)).toBe(expected));
});
