import type { StatementInput } from '../ports.ts';

/**
 * Statements as a prompt shows them, and the way back from what the model cites.
 *
 * The model sees short aliases ('s1', 's2', …) instead of database ids: long UUIDs are easy to
 * mistype and cost tokens, and an alias that was not shown is plainly an invention. Text is
 * wrapped in tags and escaped so a transcript cannot close the block it sits in.
 */

export interface StatementRefs {
  /** One `<statement id="s1" speaker="…" at="0:42">…</statement>` line per statement. */
  text: string;
  aliases: string[];
  byAlias: ReadonlyMap<string, StatementInput>;
  /** Position of each statement in the input, by alias. */
  order: ReadonlyMap<string, number>;
}

export const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttribute = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** 0:42, 12:05, 1:02:03 */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Long inputs are clipped evenly, so every statement stays visible (and citable) in the prompt. */
function clip(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1).trimEnd()}…`;
}

const MIN_CHARS_PER_STATEMENT = 200;

export interface RenderOptions {
  /** Budget for all statement texts together; no limit when absent. */
  maxChars?: number;
}

function attributes(s: StatementInput, alias: string): string {
  const speaker = s.speaker ? ` speaker="${escapeAttribute(s.speaker)}"` : '';
  return `id="${alias}"${speaker} at="${clock(s.startMs)}"`;
}

export function referStatements(statements: StatementInput[], opts: RenderOptions = {}): StatementRefs {
  const total = statements.reduce((sum, s) => sum + s.text.length, 0);
  const perStatement =
    opts.maxChars !== undefined && total > opts.maxChars
      ? Math.max(MIN_CHARS_PER_STATEMENT, Math.floor(opts.maxChars / Math.max(1, statements.length)))
      : Infinity;
  const aliases = statements.map((_, i) => `s${i + 1}`);
  const lines = statements.map((s, i) => `<statement ${attributes(s, aliases[i])}>${escapeText(clip(s.text, perStatement))}</statement>`);
  return {
    text: lines.join('\n'),
    aliases,
    byAlias: new Map(aliases.map((a, i) => [a, statements[i]])),
    order: new Map(aliases.map((a, i) => [a, i])),
  };
}

/** A statement shown as context only: no id, so it cannot be labelled or cited. */
export function contextStatement(s: StatementInput | undefined): string {
  if (!s) return '(none)';
  const speaker = s.speaker ? `${s.speaker}: ` : '';
  return escapeText(`${speaker}${clip(s.text, 600)}`);
}

/** Accepts 's3', 'S3', '[s3]' or 'id="s3"' — the same alias however the model decorated it. */
export const canonicalAlias = (raw: string) =>
  raw
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/^id="?|"$/g, '')
    .toLowerCase();

export interface ResolvedCitations {
  ids: string[];
  /** Aliases the model cited that were never shown. */
  unknown: string[];
}

/** Cited aliases → statement ids, de-duplicated, in transcript order. */
export function resolveCitations(refs: StatementRefs, cited: string[]): ResolvedCitations {
  const known = new Set<string>();
  const unknown: string[] = [];
  for (const raw of cited) {
    const alias = canonicalAlias(raw);
    if (refs.byAlias.has(alias)) known.add(alias);
    else unknown.push(raw);
  }
  const ids = [...known].sort((a, b) => refs.order.get(a)! - refs.order.get(b)!).map((a) => refs.byAlias.get(a)!.id);
  return { ids, unknown };
}
