/**
 * eval summaries: ROUGE-1/2/L F1 (rouge-score tokenisation, Porter stemming) of
 *   1. contribution summaries (GET /api/contributions/:id → summary.sentences) against the AMI and
 *      ICSI abstractive summaries ("abstract" section), next to a lead baseline: the meeting's
 *      first sentences of at least 4 words, cut to the same number of words as Colloquy's summary;
 *   2. answers (POST /api/ask {question, conference} → answer[].text) against QMSum's reference
 *      answers for the specific queries, next to the text of the top BM25 turns, cut the same way.
 * Without a Colloquy text to match, baselines are cut at FALLBACK_WORDS. An empty summary or
 * answer (or a failed request) scores 0 and stays in the mean.
 */
import { BASELINE_BM25, Bm25Index } from '../lib/bm25.ts';
import type { Colloquy, CitedSentence, LoadedMeeting } from '../lib/colloquy.ts';
import { loadQmsumDev, type AnnotatedMeeting, type Meeting, type QmsumMeeting } from '../lib/datasets.ts';
import { mean, rouge, type RougeScores } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { splitSentences, wordCount } from '../lib/text.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

/** Baseline length when Colloquy produced nothing to match: about the 2–4 sentences DESIGN.md asks for. */
export const FALLBACK_WORDS = 75;
const LEAD_MIN_SENTENCE_WORDS = 4; // "Okay." and "Mm-hmm." open most meetings; they are not a lead

export interface Scored {
  id: string;
  reference: string;
  candidate: string;
  scores: RougeScores;
}

export interface Row {
  task: string;
  system: string;
  /** Every item, an empty candidate (no summary, an empty answer, an error) scoring 0; none when not measured. */
  items: Scored[];
}

export async function runSummaries(options: TaskOptions): Promise<TaskOutcome> {
  const colloquy = await options.colloquy();
  const rows: Row[] = [];
  const problems: string[] = [];

  for (const { corpus, loaded } of await colloquy.loadAnnotated(options.limit)) {
    const [system, lead] = scoreContributionSummaries(loaded);
    if (system.items.every((i) => !i.candidate)) {
      problems.push(`no ${corpus} contribution has a summary: the summarise stage is not built yet, or wrote none`);
      system.items = [];
    }
    rows.push({ ...system, task: `${corpus} abstract` }, { ...lead, task: `${corpus} abstract` });
  }

  const qmsum = loadQmsumDev({ limit: options.limit });
  const ask = await scoreAnswers(colloquy, qmsum);
  rows.push(...ask.rows);
  if (ask.problem) problems.push(ask.problem);
  const notes = [...ask.notes];

  const cell = (r: Row): Cell[] => {
    const measured = r.items.length > 0;
    const avg = (pick: (s: RougeScores) => number) => (measured ? mean(r.items.map((i) => pick(i.scores))) : null);
    return [
      r.task,
      r.system,
      r.items.length,
      measured ? r.items.filter((i) => !i.candidate).length : null,
      measured ? Math.round(mean(r.items.map((i) => wordCount(i.candidate)))) : null,
      avg((s) => s.rouge1.f1),
      avg((s) => s.rouge2.f1),
      avg((s) => s.rougeL.f1),
    ];
  };
  printTable(['task', 'system', 'items', 'empty', 'words', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L'], rows.map(cell), {
    title: 'Summaries: ROUGE F1 against human summaries (AMI/ICSI dev abstracts) and answers (QMSum dev specific queries)',
    digits: 3,
    notes: [
      'ROUGE-N/L F1 averaged over items (an empty candidate scores 0), rouge-score tokenisation with Porter stemming. words: mean length of the candidate.',
      `lead: first sentences (≥ ${LEAD_MIN_SENTENCE_WORDS} words) of the transcript; BM25: top turns for the query. Both cut to the Colloquy text's length (else ${FALLBACK_WORDS} words).`,
      ...notes,
      ...problems.map((p) => `Not measured: ${p}.`),
    ],
  });
  const resultsFile = writeResults('summaries', { rows });
  return problems.length ? { ok: false, resultsFile, problem: problems.join('; ') } : { ok: true, resultsFile };
}

function scoreContributionSummaries(loaded: LoadedMeeting<AnnotatedMeeting>[]): [Omit<Row, 'task'>, Omit<Row, 'task'>] {
  const system: Omit<Row, 'task'> = { system: 'colloquy summary', items: [] };
  const lead: Omit<Row, 'task'> = { system: 'baseline: lead', items: [] };
  for (const l of loaded) {
    const reference = (l.meeting.summary.abstract ?? []).map((s) => s.text).join(' ');
    if (!reference) continue;
    const summary = l.summary ? joinCited(l.summary.sentences) : '';
    system.items.push(scored(l.meeting.id, reference, summary));
    lead.items.push(scored(l.meeting.id, reference, leadText(l.meeting, summary ? wordCount(summary) : FALLBACK_WORDS)));
  }
  return [system, lead];
}

/** Answers from /api/ask and the BM25 baseline, per QMSum specific query. */
export async function scoreAnswers(
  colloquy: Colloquy,
  meetings: QmsumMeeting[],
): Promise<{ rows: Row[]; problem?: string; notes: string[] }> {
  const system: Row = { task: 'QMSum answers', system: 'colloquy ask', items: [] };
  const bm25: Row = { task: 'QMSum answers', system: 'baseline: BM25 top turns', items: [] };
  const probeConference = await colloquy.createConference('ask probe');
  const probe = await colloquy.post('/api/ask', { question: 'probe', conference: probeConference });
  const missing = probe.statusCode === 404 ? 'POST /api/ask answers 404: the ask endpoint is not built yet' : null;
  const loaded = missing ? [] : await colloquy.load('qmsum', meetings);
  const errors: string[] = [];

  for (const [i, meeting] of meetings.entries()) {
    const index = new Bm25Index(
      meeting.turns.map((t) => t.text),
      BASELINE_BM25,
    );
    for (const query of meeting.queries.filter((q) => q.type === 'specific')) {
      const id = `${meeting.id}: ${query.query}`;
      let answer = '';
      if (!missing) {
        const res = await colloquy.post('/api/ask', { question: query.query.slice(0, 1000), conference: loaded[i].conferenceId });
        if (res.statusCode === 200) answer = joinCited(res.json().answer ?? []);
        else errors.push(`${res.statusCode} ${res.body.slice(0, 120)}`);
        system.items.push(scored(id, query.answer, answer));
      }
      const budget = answer ? wordCount(answer) : FALLBACK_WORDS;
      const turns = index.search(query.query).map((h) => meeting.turns[h.index].text);
      bm25.items.push(scored(id, query.answer, cutToWords(turns, budget)));
    }
  }
  const notes = errors.length ? [`POST /api/ask failed for ${errors.length} queries, scored as empty answers (first: ${errors[0]}).`] : [];
  return { rows: [system, bm25], problem: missing ?? undefined, notes };
}

const scored = (id: string, reference: string, candidate: string): Scored => ({
  id,
  reference,
  candidate,
  scores: rouge(reference, candidate, { stem: true }),
});

const joinCited = (sentences: CitedSentence[]) =>
  sentences
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join(' ');

/** The meeting's first sentences that carry some content, cut to `words` words. */
export function leadText(meeting: Meeting, words: number): string {
  const sentences = meeting.turns.flatMap((t) => splitSentences(t.text)).filter((s) => wordCount(s) >= LEAD_MIN_SENTENCE_WORDS);
  return cutToWords(sentences, words);
}

/** Texts joined in order and cut after `words` words (counted as wordCount counts them). */
export function cutToWords(texts: string[], words: number): string {
  const out: string[] = [];
  let counted = 0;
  for (const text of texts) {
    for (const token of text.split(/\s+/).filter(Boolean)) {
      const isWord = /[\p{L}\p{N}]/u.test(token);
      if (isWord && counted >= words) return out.join(' ');
      out.push(token);
      if (isWord) counted++;
    }
  }
  return out.join(' ');
}
