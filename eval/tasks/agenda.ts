/**
 * eval agenda: each AMI/ICSI dev meeting is a conference (posted as transcripts through the real
 * pipeline); a host drafts the agenda for the next live meeting (POST /api/conferences/:id/agenda/draft).
 * Measured: the share of the meeting's gold open problems (the human "problems" summary, AMI and
 * ICSI) and action items (AMI "actions") that the agenda cites. A gold sentence is cited when a
 * statement an agenda item cites
 *   - overlaps in time one of the dialogue acts the annotators linked to the sentence (span), or
 *   - holds at least half of the sentence's content words, and at least two (lexical; stemmed,
 *     stopwords left out).
 * Shares are per meeting (meetings without such gold are skipped), then averaged over meetings.
 * Baselines in the same run: the meeting's last N questions (statements the pipeline labelled
 * `question`), N = the agenda's item count; and, since an item may cite several statements, the
 * last M questions, M = the statements the agenda cites.
 */
import { STOPWORDS } from '../../services/src/core/text/stopwords.ts';
import type { ApiStatement, LoadedMeeting } from '../lib/colloquy.ts';
import type { AnnotatedMeeting, SummarySentence } from '../lib/datasets.ts';
import { mean } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { tokenize } from '../lib/text.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

interface ApiAgendaItem {
  kind: string;
  title: string;
  citations: { statementId: string }[];
}

type GoldSection = 'problems' | 'actions';
const SECTIONS: GoldSection[] = ['problems', 'actions'];
/** A gold sentence is lexically cited when a statement holds this share of its content words. */
const LEXICAL_SHARE = 0.5;
const LEXICAL_MIN_WORDS = 2;

interface Cited {
  span: number;
  any: number;
}
interface MeetingResult {
  meeting: string;
  corpus: string;
  items: number;
  citedStatements: number;
  kinds: Record<string, number>;
  gold: Partial<Record<GoldSection, { items: number; agenda: Cited; lastN: Cited; lastM: Cited }>>;
}

export async function runAgenda(options: TaskOptions): Promise<TaskOutcome> {
  const colloquy = await options.colloquy();
  const results: MeetingResult[] = [];
  const problems: string[] = [];
  for (const { corpus, loaded } of await colloquy.loadAnnotated(options.limit)) {
    for (const l of loaded) {
      const res = await colloquy.post(`/api/conferences/${l.conferenceId}/agenda/draft`, {});
      if (res.statusCode !== 201) {
        problems.push(`drafting the agenda of ${l.meeting.id}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        continue;
      }
      results.push(score(corpus, l, res.json().agenda.items as ApiAgendaItem[]));
    }
  }

  const rows: Cell[][] = [];
  for (const corpus of ['AMI', 'ICSI']) {
    for (const section of SECTIONS) {
      const rs = results.filter((r) => r.corpus === corpus && r.gold[section]);
      if (rs.length === 0) continue;
      const avg = (pick: (g: NonNullable<MeetingResult['gold'][GoldSection]>) => number) => mean(rs.map((r) => pick(r.gold[section]!)));
      rows.push([
        `${corpus} ${section === 'problems' ? 'open problems' : 'action items'}`,
        rs.length,
        rs.reduce((n, r) => n + r.gold[section]!.items, 0),
        mean(rs.map((r) => r.items)),
        mean(rs.map((r) => r.citedStatements)),
        avg((g) => g.agenda.any),
        avg((g) => g.agenda.span),
        avg((g) => g.lastN.any),
        avg((g) => g.lastM.any),
      ]);
    }
  }
  printTable(
    [
      'gold',
      'meetings',
      'gold items',
      'items/agenda',
      'statements cited',
      'agenda: cited',
      'agenda: cited (span only)',
      'baseline: last N questions',
      'baseline: last M questions',
    ],
    rows,
    {
      title: 'Agenda for the next meeting: share of gold open problems / action items it cites (AMI/ICSI dev, mean over meetings)',
      digits: 3,
      notes: [
        'Cited: a statement an agenda item cites overlaps a dialogue act linked to the gold sentence, or holds ≥ half (and ≥ 2) of its content words.',
        'N = the agenda\'s items; M = the statements the agenda cites (an item may cite up to 3). Questions are statements the pipeline labelled "question".',
        `Item kinds drafted: ${kindSummary(results)}.`,
        ...problems.map((p) => `Not measured: ${p}.`),
      ],
    },
  );
  const resultsFile = writeResults('agenda', { results });
  return problems.length ? { ok: false, resultsFile, problem: problems.join('; ') } : { ok: true, resultsFile };
}

function score(corpus: string, l: LoadedMeeting<AnnotatedMeeting>, items: ApiAgendaItem[]): MeetingResult {
  const byId = new Map(l.statements.map((s) => [s.id, s]));
  const cited = [...new Set(items.flatMap((i) => i.citations.map((c) => c.statementId)))].flatMap((id) =>
    byId.has(id) ? [byId.get(id)!] : [],
  );
  const questions = l.statements.filter((s) => s.labels.some((x) => x.kind === 'act' && x.value === 'question'));
  const lastN = questions.slice(-items.length);
  const lastM = questions.slice(-cited.length);
  const acts = new Map(l.meeting.dialogueActs.map((a) => [a.id, a]));

  const citedBy = (statements: ApiStatement[], gold: SummarySentence[]): Cited => {
    if (gold.length === 0) return { span: 0, any: 0 };
    const span = (g: SummarySentence) =>
      statements.some((s) =>
        g.dialogueActIds.some((id) => {
          const act = acts.get(id);
          return act !== undefined && s.startMs < act.endMs && act.startMs < s.endMs;
        }),
      );
    const lexical = (g: SummarySentence) => statements.some((s) => lexicallyCovers(s.text, g.text));
    return {
      span: gold.filter(span).length / gold.length,
      any: gold.filter((g) => span(g) || lexical(g)).length / gold.length,
    };
  };

  const gold: MeetingResult['gold'] = {};
  for (const section of SECTIONS) {
    const sentences = l.meeting.summary[section] ?? [];
    if (sentences.length === 0) continue;
    gold[section] = {
      items: sentences.length,
      agenda: citedBy(cited, sentences),
      lastN: citedBy(lastN, sentences),
      lastM: citedBy(lastM, sentences),
    };
  }
  const kinds: Record<string, number> = {};
  for (const i of items) kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
  return { meeting: l.meeting.id, corpus, items: items.length, citedStatements: cited.length, kinds, gold };
}

const contentWords = (text: string) => new Set(tokenize(text, { stem: true }).filter((w) => !STOPWORDS.retrieval.has(w) && w.length > 2));

/** Whether a statement holds at least half (and at least two) of the gold sentence's content words. */
export function lexicallyCovers(statement: string, gold: string): boolean {
  const wanted = contentWords(gold);
  if (wanted.size === 0) return false;
  const have = contentWords(statement);
  const found = [...wanted].filter((w) => have.has(w)).length;
  return found >= LEXICAL_MIN_WORDS && found / wanted.size >= LEXICAL_SHARE;
}

function kindSummary(results: MeetingResult[]): string {
  const total: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.kinds)) total[k] = (total[k] ?? 0) + n;
  return (
    Object.entries(total)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none'
  );
}
