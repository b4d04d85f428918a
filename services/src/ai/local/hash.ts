/**
 * 32-bit string hashing for feature hashing: FNV-1a over UTF-16 code units, finished with the
 * murmur3 avalanche so that every output bit (index and sign alike) depends on every input bit.
 * Stable across runs, machines and Node versions: stored vectors depend on it.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hash of `text` under a namespace seed (one per feature family, so "w:drop" ≠ "s:drop"). */
export function hashString(text: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return avalanche(h);
}

/** Continues an FNV-1a state with one more code unit (character n-grams grow one char at a time). */
export function fnvStep(state: number, code: number): number {
  return Math.imul(state ^ code, FNV_PRIME);
}

export function fnvStart(seed: number): number {
  return (FNV_OFFSET ^ seed) >>> 0;
}

/** murmur3 fmix32. */
export function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
