/**
 * Loaders for the dev splits in ../shared/eval (read-only; see each folder's README for source,
 * licence and format). Everything comes out in one shape: meetings of timed turns, so the same
 * code can post any of them to the API and score statements by time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wordCount } from './text.ts';
import type { TimeRange } from './time.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EVAL_DATA_DIR = path.resolve(REPO_ROOT, '../shared/eval');

/**
 * QMSum turns have no times. They get times at 150 words per minute, back to back from 0, with at
 * least 300 ms per spoken turn: the same rule the segmenter was calibrated with
 * (tools/segment-calibrate.ts). A turn with no words left after cleaning takes
 * no time (startMs = endMs). Scoring maps gold turn spans to these times.
 */
export const SYNTHETIC_WORDS_PER_MINUTE = 150;
const MIN_TURN_MS = 300;

/** A turn as the API takes it, with its index in the source file (gold spans point at indexes). */
export interface Turn {
  index: number;
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

export interface Meeting {
  id: string;
  turns: Turn[];
}

// ───────────────────────── QMSum ─────────────────────────

export interface QmsumQuery {
  type: 'general' | 'specific';
  query: string;
  answer: string;
  /** 0-based inclusive turn index ranges, as in QMSum. */
  relevantSpans: [number, number][];
}

export interface QmsumMeeting extends Meeting {
  /** 'QMSum/Academic' | 'QMSum/Product' | 'QMSum/Committee' */
  source: string;
  queries: QmsumQuery[];
}

/** QMSum marks disfluencies and sounds as {disfmarker}, {vocalsound}, …: not words anyone said. */
export const cleanQmsumText = (text: string) =>
  text
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function loadQmsumDev(options: { limit?: number } = {}): QmsumMeeting[] {
  type Raw = {
    id: string;
    source: string;
    turns: { speaker: string; text: string }[];
    queries: { type: 'general' | 'specific'; query: string; answer: string; relevant_spans: [number, number][] }[];
  };
  return readJsonl<Raw>('qmsum/dev/qmsum_dev.jsonl', options.limit).map((m) => ({
    id: m.id,
    source: m.source,
    turns: synthesiseTimes(m.turns.map((t) => ({ speaker: t.speaker, text: cleanQmsumText(t.text) }))),
    queries: m.queries.map((q) => ({ type: q.type, query: q.query, answer: q.answer, relevantSpans: q.relevant_spans })),
  }));
}

/** Times at SYNTHETIC_WORDS_PER_MINUTE for turns that have none (see above). */
export function synthesiseTimes(turns: { speaker: string; text: string }[]): Turn[] {
  let clock = 0;
  return turns.map((t, index) => {
    const words = wordCount(t.text);
    const startMs = clock;
    if (words > 0) clock += Math.max(MIN_TURN_MS, Math.round((words * 60_000) / SYNTHETIC_WORDS_PER_MINUTE));
    return { index, speaker: t.speaker, text: t.text, startMs, endMs: clock };
  });
}

/** The time a span of turns covers: from the first turn's start to the last turn's end. */
export function spanTime(turns: Turn[], [first, last]: [number, number]): TimeRange {
  return { startMs: turns[first].startMs, endMs: turns[last].endMs };
}

// ───────────────────────── AMI and ICSI ─────────────────────────

export type Corpus = 'AMI' | 'ICSI';

export interface GoldDialogueAct {
  id: string;
  /** Speaker as posted to the API (the turn's speaker): 'PM (C)' in AMI, 'me011' in ICSI. */
  speaker: string;
  startMs: number;
  endMs: number;
  text: string;
  /** AMI: one of the 15 types ('inf', 'el.ass', …); ICSI: the full MRDA label ('s^cs', 'qy^d'). */
  tag: string;
  /** Abstractive summary sections this act is linked to ('decisions', 'actions', …). */
  linkedSections: string[];
  /** AMI: ids of the dialogue acts that answer this one (adjacency pairs, other speakers). */
  answeredBy: string[];
  /** AMI: this act answers an elicitation by another speaker. */
  isAnswer: boolean;
}

export interface SummarySentence {
  id: string;
  text: string;
  /** Dialogue acts the annotators linked to this sentence (its evidence). */
  dialogueActIds: string[];
}

export interface AnnotatedMeeting extends Meeting {
  corpus: Corpus;
  dialogueActs: GoldDialogueAct[];
  /** Abstractive summary by section: abstract, decisions, actions (AMI), problems, progress (ICSI). */
  summary: Record<string, SummarySentence[]>;
}

interface RawDa {
  id: string;
  speaker: string;
  role?: string;
  start: number;
  end: number;
  text: string;
  da_type?: string | null;
  da?: string;
  linked_sections?: string[];
}
interface RawMeeting {
  id: string;
  dialogue_acts: RawDa[];
  adjacency_pairs?: { source: string; target: string }[];
  abstractive_summary?: Record<string, { id: string; text: string }[]> | null;
  summary_links?: Record<string, string[]>;
}
interface RawNormalised {
  id: string;
  turns: { speaker: string; text: string; start: number; end: number }[];
}

export const loadAmiDev = (options: { limit?: number } = {}) =>
  loadAnnotated('AMI', 'ami/dev/ami_meetings_dev.jsonl', 'ami/dev/ami_normalized_dev.jsonl', options.limit);
export const loadIcsiDev = (options: { limit?: number } = {}) =>
  loadAnnotated('ICSI', 'icsi/dev/icsi_meetings_dev.jsonl', 'icsi/dev/icsi_normalized_dev.jsonl', options.limit);

/** Full records (acts, summaries) joined with the normalised turns (consecutive acts of one speaker merged, with times). */
function loadAnnotated(corpus: Corpus, meetingsFile: string, turnsFile: string, limit?: number): AnnotatedMeeting[] {
  const turnsById = new Map(readJsonl<RawNormalised>(turnsFile).map((m) => [m.id, m.turns]));
  return readJsonl<RawMeeting>(meetingsFile, limit).map((m) => {
    const rawTurns = turnsById.get(m.id);
    if (!rawTurns) throw new Error(`${turnsFile} has no meeting ${m.id}`);
    const turns = rawTurns.map((t, index) => ({ index, speaker: t.speaker, text: t.text, startMs: toMs(t.start), endMs: toMs(t.end) }));
    const byId = new Map(m.dialogue_acts.map((d) => [d.id, d]));
    const answeredBy = new Map<string, string[]>();
    const answers = new Set<string>();
    for (const ap of m.adjacency_pairs ?? []) {
      const first = byId.get(ap.source);
      const second = byId.get(ap.target);
      if (!first || !second || first.speaker === second.speaker) continue;
      (answeredBy.get(first.id) ?? answeredBy.set(first.id, []).get(first.id)!).push(second.id);
      if (first.da_type?.startsWith('el.')) answers.add(second.id);
    }
    const dialogueActs: GoldDialogueAct[] = m.dialogue_acts.map((d) => ({
      id: d.id,
      speaker: corpus === 'AMI' ? `${d.role} (${d.speaker})` : d.speaker,
      startMs: toMs(d.start),
      endMs: toMs(d.end),
      text: d.text,
      tag: (corpus === 'AMI' ? d.da_type : d.da) ?? '',
      linkedSections: d.linked_sections ?? [],
      answeredBy: answeredBy.get(d.id) ?? [],
      isAnswer: answers.has(d.id),
    }));
    const summary: Record<string, SummarySentence[]> = {};
    for (const [section, sentences] of Object.entries(m.abstractive_summary ?? {})) {
      summary[section] = sentences.map((s) => ({ id: s.id, text: s.text, dialogueActIds: m.summary_links?.[s.id] ?? [] }));
    }
    return { id: m.id, corpus, turns, dialogueActs, summary };
  });
}

const toMs = (seconds: number) => Math.round(seconds * 1000);

// ───────────────────────── ASR ─────────────────────────

export interface AsrClip {
  /** As in transcripts.tsv, e.g. 'audio/jfk_inaugural_1961.wav' */
  file: string;
  path: string;
  reference: string;
  /** 'JFK' | 'LibriSpeech' | 'LJ Speech' | … (from metadata.jsonl's corpus) */
  group: string;
}

const ASR_GROUPS: [RegExp, string][] = [
  [/^JFK/i, 'JFK'],
  [/^LibriSpeech/i, 'LibriSpeech'],
  [/^LJ ?Speech/i, 'LJ Speech'],
  [/^AMI/i, 'AMI'],
  [/^OSR/i, 'OSR'],
];

export function loadAsrDev(): AsrClip[] {
  const dir = path.join(EVAL_DATA_DIR, 'asr/dev');
  const corpusOf = new Map(readJsonl<{ file: string; corpus: string }>('asr/dev/metadata.jsonl').map((m) => [m.file, m.corpus]));
  return fs
    .readFileSync(path.join(dir, 'transcripts.tsv'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.split('\t'))
    .filter(([file, reference]) => file && reference !== undefined)
    .map(([file, ...rest]) => {
      const corpus = corpusOf.get(file) ?? file;
      return {
        file,
        path: path.join(dir, file),
        reference: rest.join('\t').trim(),
        group: ASR_GROUPS.find(([pattern]) => pattern.test(corpus))?.[1] ?? corpus,
      };
    });
}

// ───────────────────────── helpers ─────────────────────────

function readJsonl<T>(relative: string, limit?: number): T[] {
  const file = path.join(EVAL_DATA_DIR, relative);
  if (!fs.existsSync(file)) throw new Error(`eval data not found: ${file} (expected ../shared/eval next to the repository)`);
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
  return limit === undefined ? rows : rows.slice(0, limit);
}
