/**
 * The player's arithmetic on statements and time, kept pure so it is tested without a browser.
 * Times are milliseconds from the start of the contribution.
 */
import type { ReactionCounts, Statement } from '@colloquy/contract';

/** Statements ordered by start, the order the transcript, markers and j/k follow. */
export function byStart<T extends Pick<Statement, 'startMs' | 'seq'>>(statements: T[]): T[] {
  return [...statements].sort((a, b) => a.startMs - b.startMs || a.seq - b.seq);
}

/**
 * Index of the statement said at `ms` in statements sorted by start: the last one that has
 * started (in a pause, the one just before, as reactions with atMs land). -1 before the first.
 * A few ms of slack: a seek to a statement's start can land a hair before it.
 */
export function statementIndexAt(sorted: Pick<Statement, 'startMs'>[], ms: number, slackMs = 50): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].startMs <= ms + slackMs) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Where to start playing for a link's `t` (seconds) and `s` (statement id). Links carry whole
 * seconds, so a statement that starts at 12.7 s comes as t=12: within a second of its start, the
 * statement's own start wins (otherwise the previous statement would be the one highlighted).
 */
export function startFromLink(sorted: Pick<Statement, 'id' | 'startMs'>[], t: string | null, s: string | null): number {
  const seconds = Number(t);
  const fromT = t !== null && t !== '' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
  const statement = s ? sorted.find((x) => x.id === s) : undefined;
  if (statement && (fromT === null || Math.abs(fromT - statement.startMs) < 1000)) return statement.startMs;
  return fromT ?? 0;
}

/** Total reactions of a statement, all kinds together. */
export const reactionTotal = (counts: ReactionCounts | undefined) => Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);

/**
 * Heat 0..4 of a statement's reactions relative to the most reacted statement of the
 * contribution: 0 none, 4 the most. Relative, so a quiet conference still shows where it reacted.
 */
export function heatLevel(total: number, maxTotal: number): 0 | 1 | 2 | 3 | 4 {
  if (total <= 0 || maxTotal <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil((total / maxTotal) * 4))) as 1 | 2 | 3 | 4;
}

/** Playback speeds offered, slowest first (1× to 2×). */
export const SPEEDS = [1, 1.25, 1.5, 1.75, 2] as const;

/** The next speed up (+1) or down (-1) from `current`, staying within SPEEDS. */
export function stepSpeed(current: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > current + 1e-6) ?? SPEEDS[SPEEDS.length - 1];
  return [...SPEEDS].reverse().find((s) => s < current - 1e-6) ?? SPEEDS[0];
}

/**
 * A statement's text in runs, the words the recogniser was unsure of (indexes into the text split
 * at spaces) on their own, so the transcript can mark them. Runs keep their spaces.
 */
export function textParts(text: string, uncertain: number[] = []): { text: string; uncertain: boolean }[] {
  const unsure = new Set(uncertain);
  const words = text.split(/\s+/).filter(Boolean);
  const parts: { text: string; uncertain: boolean }[] = [];
  for (const [i, word] of words.entries()) {
    const flag = unsure.has(i);
    const last = parts.at(-1);
    const spaced = i > 0 ? ` ${word}` : word;
    if (last && !last.uncertain && !flag) last.text += spaced;
    else if (flag) {
      if (i > 0) parts.push({ text: ' ', uncertain: false });
      parts.push({ text: word, uncertain: true });
    } else parts.push({ text: spaced, uncertain: false });
  }
  return parts;
}
