import type { StatementDraft } from '../core/transcript.ts';

/**
 * No statement longer than `max` characters (the limit an edit has, STATEMENT_TEXT_MAX): one
 * longer is cut at word boundaries into consecutive statements of the same speaker, its time
 * shared out by characters. A turn of megabytes with no pause (a pasted document, a broken
 * caption file) would otherwise become one statement that every search snippet, label and gist
 * has to walk through.
 */
export function capStatementText(statements: StatementDraft[], max: number): StatementDraft[] {
  return statements.flatMap((s) => (s.text.length <= max ? [s] : cut(s, max)));
}

function cut(s: StatementDraft, max: number): StatementDraft[] {
  const pieces: string[] = [];
  let rest = s.text;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const at = space > max / 2 ? space : max; // no space in the second half: cut inside the word
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const span = s.endMs - s.startMs;
  let done = 0;
  return pieces.map((text) => {
    const startMs = s.startMs + Math.round((span * done) / total);
    done += text.length;
    return { ...s, text, startMs, endMs: s.startMs + Math.round((span * done) / total) };
  });
}
