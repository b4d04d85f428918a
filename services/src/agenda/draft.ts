/**
 * Drafting an agenda: what a conference left open, as items that cite their statements, ordered
 * by how much each matters. Pure (statements in, items out): deterministic, and unit-tested.
 *
 * - an open question: a question nobody answered (no reply to it, no answer by someone else right
 *   after it, no later decision on the same topic);
 * - a proposal with no later decision on its topic (mixed reactions make it matter more);
 * - a concern people responded to (reactions, replies, others speaking right after it);
 * - a decision that needs confirmation: fewer than CONFIRMED_BY agreements, and not taken again later;
 * - an action item, to follow up on in the meeting.
 */
import type { AgendaItemKind, NewAgendaItem } from '../db/repos/agendas.repo.ts';
import { isBackchannel, removeDisfluencies, trimAtWord } from '../core/text/disfluency.ts';
import { splitSentences } from '../core/text/sentences.ts';
import { cleanTranscript, words } from '../core/text/tokens.ts';
import { cosine } from '../core/vectors.ts';

export interface DraftStatement {
  id: string;
  contributionId: string;
  contributionCreatedAt: Date;
  seq: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  act: string | null;
  topics: string[];
  embedding: number[] | null;
  reactions: Record<string, number>;
  /** Distinct people who reacted to it or replied to it. */
  responders: string[];
  /** Answered by a reply or by someone else right after it (digest.repo answeredQuestions). */
  answered: boolean;
}

export interface DraftOptions {
  now: Date;
  maxItems: number;
}

/** The most items a draft holds: a live meeting gets through about this many. */
export const DRAFT_MAX_ITEMS = 10;

/** Statements said right after one that count as people "speaking to it". */
const FOLLOW_WINDOW = 4;
/** A later decision this similar to a question or proposal settles it (same topic). */
const SAME_TOPIC_COSINE = 0.45;
/** Two candidates this similar are one item (both cited). */
const MERGE_COSINE = 0.5;
/** Statements an item cites at most. */
const MAX_CITATIONS = 3;
/** A decision agreed by this many people is confirmed. */
const CONFIRMED_BY = 2;
/** Fewer words than this say too little to put on an agenda ("What?", "Shall we?"). */
const MIN_WORDS = 5;
/** Older open items weigh more, up to this many days. */
const AGE_CAP_DAYS = 14;
const TITLE_CHARS = 140;

/** What weighs most in a live meeting: what is plainly unsettled. */
const KIND_WEIGHT: Record<Exclude<AgendaItemKind, 'topic'>, number> = {
  question: 1,
  proposal: 1,
  concern: 0.9,
  decision: 0.8,
  action: 0.8,
};
const KIND_OF_ACT: Record<string, Exclude<AgendaItemKind, 'topic'>> = {
  question: 'question',
  proposal: 'proposal',
  concern: 'concern',
  decision: 'decision',
  action_item: 'action',
};
/** Reactions that disagree with or doubt a proposal (with agreements: mixed). */
const DOUBTING = ['question', 'concern', 'disagree'];

interface Candidate {
  s: DraftStatement;
  index: number;
  kind: Exclude<AgendaItemKind, 'topic'>;
  people: Set<string>;
  reactions: number;
  mixed: boolean;
  ageDays: number;
  score: number;
}

/** The draft's items, best first. */
export function draftItems(statements: DraftStatement[], options: DraftOptions): NewAgendaItem[] {
  const candidates: Candidate[] = [];
  for (const [index, s] of statements.entries()) {
    const kind = s.act ? KIND_OF_ACT[s.act] : undefined;
    if (!kind || isBackchannel(s.text) || words(cleanTranscript(s.text)).length < MIN_WORDS) continue;
    const later = statements.slice(index + 1);
    if (kind === 'question' && (s.answered || decidedLater(s, later))) continue;
    if (kind === 'proposal' && decidedLater(s, later)) continue;
    if (kind === 'decision' && ((s.reactions.agree ?? 0) >= CONFIRMED_BY || decidedLater(s, later))) continue;
    const people = spokeToIt(s, statements, index);
    const reactions = Object.values(s.reactions).reduce((a, b) => a + b, 0);
    if (kind === 'concern' && reactions === 0 && people.size < 2) continue; // nobody took it up
    const mixed = (s.reactions.agree ?? 0) > 0 && DOUBTING.some((k) => (s.reactions[k] ?? 0) > 0);
    const ageDays = Math.max(0, (options.now.getTime() - s.contributionCreatedAt.getTime()) / 86_400_000);
    candidates.push({ s, index, kind, people, reactions, mixed, ageDays, score: 0 });
  }
  for (const c of candidates) c.score = importance(c);
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);

  const items: { lead: Candidate; cited: Candidate[] }[] = [];
  for (const c of candidates) {
    const same = items.find((item) => item.lead.kind === c.kind && item.cited.some((x) => sameMatter(x, c)));
    if (same) {
      if (same.cited.length < MAX_CITATIONS) same.cited.push(c);
      continue;
    }
    if (items.length < options.maxItems) items.push({ lead: c, cited: [c] });
  }
  return items.map(({ lead, cited }) => ({
    kind: lead.kind,
    title: titleOf(lead.s),
    why: whyOf(lead, cited),
    score: Math.round(lead.score * 1000) / 1000,
    statementIds: [...cited].sort((a, b) => a.index - b.index).map((c) => c.s.id),
  }));
}

/**
 * reactions (log-damped) + people who spoke to it, times its kind's weight, a little more for
 * mixed reactions and for having waited longer.
 */
function importance(c: Candidate): number {
  const age = 1 + (0.5 * Math.min(c.ageDays, AGE_CAP_DAYS)) / AGE_CAP_DAYS;
  return KIND_WEIGHT[c.kind] * (1 + Math.log1p(c.reactions) + 0.5 * c.people.size) * (c.mixed ? 1.25 : 1) * age;
}

/** Who else took it up: people who reacted or replied, and other speakers right after it in the same contribution. */
function spokeToIt(s: DraftStatement, all: DraftStatement[], index: number): Set<string> {
  const people = new Set(s.responders);
  for (const next of all.slice(index + 1, index + 1 + FOLLOW_WINDOW)) {
    if (next.contributionId !== s.contributionId) break;
    if (next.speaker && next.speaker !== s.speaker && !isBackchannel(next.text)) people.add(next.speaker);
  }
  return people;
}

/** A later decision on the same topic (a shared topic tag, or a similar statement). */
function decidedLater(s: DraftStatement, later: DraftStatement[]): boolean {
  return later.some((x) => x.act === 'decision' && onSameTopic(s, x));
}

function onSameTopic(a: DraftStatement, b: DraftStatement): boolean {
  if (a.topics.some((t) => b.topics.includes(t))) return true;
  return cosine(a.embedding, b.embedding) >= SAME_TOPIC_COSINE;
}

/** The same matter raised twice: adjacent statements of one contribution, or very similar ones. */
function sameMatter(a: Candidate, b: Candidate): boolean {
  if (a.s.contributionId === b.s.contributionId && Math.abs(a.s.seq - b.s.seq) <= 1) return true;
  return cosine(a.s.embedding, b.s.embedding) >= MERGE_COSINE;
}

/** A question's title is the question itself; anything else its gist, else its opening sentence. */
export function titleOf(s: Pick<DraftStatement, 'text' | 'gist' | 'act'>): string {
  const sentences = splitSentences(cleanTranscript(s.text))
    .map((x) => removeDisfluencies(x.text))
    .filter((x) => x && !isBackchannel(x));
  if (s.act === 'question') {
    const asked = sentences.filter((x) => x.trim().endsWith('?'));
    const longest = asked.sort((a, b) => words(b).length - words(a).length)[0];
    if (longest) return trimAtWord(upperFirst(longest.trim()), TITLE_CHARS);
  }
  const line = s.gist?.trim() || sentences[0] || cleanTranscript(s.text);
  return trimAtWord(upperFirst(line), TITLE_CHARS);
}

const upperFirst = (t: string) => (t ? t[0].toUpperCase() + t.slice(1) : t);

function whyOf(lead: Candidate, cited: Candidate[]): string {
  const people = new Set(cited.flatMap((c) => [...c.people]));
  const reactions = cited.reduce((n, c) => n + c.reactions, 0);
  const parts = [
    lead.kind === 'question'
      ? 'not answered'
      : lead.kind === 'proposal'
        ? lead.mixed
          ? 'mixed reactions, no decision'
          : 'no decision yet'
        : lead.kind === 'decision'
          ? 'needs confirmation'
          : lead.kind === 'action'
            ? 'action item to follow up'
            : 'raised as a concern',
  ];
  if (people.size) parts.push(`${people.size} ${people.size === 1 ? 'person' : 'people'} spoke to it`);
  if (reactions) parts.push(`${reactions} reaction${reactions === 1 ? '' : 's'}`);
  if (cited.length > 1) parts.push(`raised ${cited.length} times`);
  const days = Math.floor(lead.ageDays);
  if (days >= 1) parts.push(`${days} day${days === 1 ? '' : 's'} old`);
  return parts.join(' · ');
}
