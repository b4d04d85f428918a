/**
 * Word timings for a corrected statement: the words a person kept keep their times (and the
 * recogniser's confidence), and the words they wrote get times between their kept neighbours.
 *
 * The old and new words are aligned by edit distance over words compared case- and
 * punctuation-blind ("ok," → "OK." is the same word, newly written). Between two kept words
 * (anchors) lies a gap of replaced old words and written new words:
 * - as many new words as old ones: each new word takes its old word's slot ("broccoli griffey" →
 *   "brought calligraphy");
 * - otherwise the new words share the gap's time in proportion to their length: from the first
 *   replaced word's start (or the previous anchor's end) to the last replaced word's end (or the
 *   next anchor's start), within the statement's span.
 * Written words carry no confidence: a person wrote them.
 */
import type { TimedWord } from '../core/transcript.ts';

export interface Span {
  startMs: number;
  endMs: number;
}

/** The comparison form of a word: case and surrounding punctuation don't make another word. */
export const wordKey = (word: string) => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

export const splitWords = (text: string) => text.split(/\s+/).filter(Boolean);

export function realignWords(old: TimedWord[], newText: string, span: Span): TimedWord[] {
  const written = splitWords(newText);
  const pairs = alignWords(
    old.map((w) => wordKey(w.text)),
    written.map(wordKey),
  );
  const out: TimedWord[] = new Array(written.length);
  // Anchors in order, with sentinels at both ends of the span.
  const anchors: { oldIndex: number; newIndex: number }[] = [
    { oldIndex: -1, newIndex: -1 },
    ...pairs,
    { oldIndex: old.length, newIndex: written.length },
  ];
  for (let k = 1; k < anchors.length; k++) {
    const prev = anchors[k - 1];
    const next = anchors[k];
    if (next.newIndex < written.length) {
      const kept = old[next.oldIndex];
      out[next.newIndex] = { ...kept, text: written[next.newIndex] };
    }
    const replaced = old.slice(prev.oldIndex + 1, next.oldIndex);
    const newIndexes = range(prev.newIndex + 1, next.newIndex);
    if (newIndexes.length === 0) continue;
    if (replaced.length === newIndexes.length) {
      newIndexes.forEach((j, i) => {
        out[j] = { text: written[j], startMs: replaced[i].startMs, endMs: replaced[i].endMs };
      });
      continue;
    }
    const gapStart = prev.oldIndex >= 0 ? old[prev.oldIndex].endMs : span.startMs;
    const gapEnd = next.oldIndex < old.length ? old[next.oldIndex].startMs : span.endMs;
    const from = clamp(replaced[0]?.startMs ?? gapStart, gapStart, gapEnd);
    const to = clamp(replaced.at(-1)?.endMs ?? gapEnd, from, gapEnd);
    spread(
      newIndexes.map((j) => written[j]),
      from,
      to,
    ).forEach((w, i) => {
      out[newIndexes[i]] = w;
    });
  }
  return out;
}

/**
 * The kept pairs (old index, new index) of a minimal word-level edit script, in order. Equal keys
 * align at cost 0; a substitution, insertion or deletion costs 1. The common head and tail are
 * taken first, so a one-word fix in a long statement costs almost nothing.
 */
export function alignWords(a: string[], b: string[]): { oldIndex: number; newIndex: number }[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const pairs: { oldIndex: number; newIndex: number }[] = [];
  for (let i = 0; i < head; i++) pairs.push({ oldIndex: i, newIndex: i });

  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const cost = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 0; i <= n; i++) cost[at(i, 0)] = i;
  for (let j = 0; j <= m; j++) cost[at(0, j)] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const same = a[head + i - 1] === b[head + j - 1];
      cost[at(i, j)] = Math.min(cost[at(i - 1, j - 1)] + (same ? 0 : 1), cost[at(i - 1, j)] + 1, cost[at(i, j - 1)] + 1);
    }
  }
  const middle: { oldIndex: number; newIndex: number }[] = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const same = a[head + i - 1] === b[head + j - 1];
    if (same && cost[at(i, j)] === cost[at(i - 1, j - 1)]) {
      middle.push({ oldIndex: head + i - 1, newIndex: head + j - 1 });
      i--;
      j--;
    } else if (cost[at(i, j)] === cost[at(i - 1, j - 1)] + 1) {
      i--;
      j--;
    } else if (cost[at(i, j)] === cost[at(i - 1, j)] + 1) {
      i--;
    } else {
      j--;
    }
  }
  pairs.push(...middle.reverse());
  for (let k = tail; k > 0; k--) pairs.push({ oldIndex: a.length - k, newIndex: b.length - k });
  return pairs;
}

/** Words spread over [startMs, endMs] by character count, as a transcript without word times is. */
export function spread(texts: string[], startMs: number, endMs: number): TimedWord[] {
  const totalChars = texts.reduce((n, t) => n + t.length, 0) + Math.max(0, texts.length - 1);
  const msPerChar = totalChars > 0 ? Math.max(0, endMs - startMs) / totalChars : 0;
  let offset = 0;
  return texts.map((text) => {
    const word = {
      text,
      startMs: Math.round(startMs + offset * msPerChar),
      endMs: Math.round(startMs + (offset + text.length) * msPerChar),
    };
    offset += text.length + 1;
    return word;
  });
}

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), Math.max(lo, hi));

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
