/**
 * eval digest: each AMI/ICSI dev meeting is a conference; a member who has seen nothing asks for
 * its digest (GET /api/conferences/:id/digest), as someone back from holiday would. Measured:
 *   - item recall: a gold decision or action item (a sentence of the meeting's human "decisions" /
 *     "actions" summary) is covered when a digest line cites a statement overlapping one of the
 *     dialogue acts the annotators linked to it. Reported for the whole digest and, stricter, for
 *     the matching section only (Decisions / Action items);
 *   - ROUGE-1/2/L of the digest summary against the meeting's abstract.
 * Baselines with the same budget in the same run: as many lines spread evenly over the meeting
 * (`evenly spaced`), and the lead text cut to the summary's length.
 */
import { Client } from '../../services/test/helpers/app.ts';
import type { Colloquy, LoadedMeeting, ApiStatement } from '../lib/colloquy.ts';
import type { AnnotatedMeeting } from '../lib/datasets.ts';
import { mean, rouge } from '../lib/metrics.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { wordCount } from '../lib/text.ts';
import { FALLBACK_WORDS, leadText } from './summaries.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

interface DigestLine {
  statementId: string;
  startMs: number;
  endMs: number;
}
interface ApiDigest {
  summary: { text: string; statementIds: string[] }[];
  sections: { key: string; title: string; items: DigestLine[] }[];
  readingMs: number;
}

type GoldSection = 'decisions' | 'actions';
const SECTION_OF: Record<GoldSection, string> = { decisions: 'decisions', actions: 'actions' };

interface MeetingResult {
  meeting: string;
  corpus: string;
  lines: number;
  readingMs: number;
  gold: Record<GoldSection, { items: number; covered: number; coveredInSection: number; baselineCovered: number }>;
  rouge: { system: number[]; lead: number[] } | null;
}

export async function runDigest(options: TaskOptions): Promise<TaskOutcome> {
  const colloquy = await options.colloquy();
  const reader = await joinAsReader(colloquy);
  const results: MeetingResult[] = [];
  const problems: string[] = [];

  for (const { corpus, loaded } of await colloquy.loadAnnotated(options.limit)) {
    for (const l of loaded) {
      const res = await reader.get(`/api/conferences/${l.conferenceId}/digest`);
      if (res.statusCode !== 200) {
        problems.push(`GET digest for ${l.meeting.id}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        continue;
      }
      results.push(score(corpus, l, res.json().digest as ApiDigest));
    }
  }

  const rows: Cell[][] = [];
  for (const corpus of ['AMI', 'ICSI']) {
    const rs = results.filter((r) => r.corpus === corpus);
    if (rs.length === 0) continue;
    for (const section of ['decisions', 'actions'] as const) {
      const items = sum(rs.map((r) => r.gold[section].items));
      if (items === 0) continue;
      const pct = (pick: (r: MeetingResult) => number) => sum(rs.map(pick)) / items;
      rows.push([
        `${corpus} ${section}`,
        items,
        Math.round(mean(rs.map((r) => r.lines))),
        pct((r) => r.gold[section].covered),
        pct((r) => r.gold[section].coveredInSection),
        pct((r) => r.gold[section].baselineCovered),
      ]);
    }
  }
  printTable(['gold items', 'items', 'lines/digest', 'recall (any line)', 'recall (its section)', 'baseline: evenly spaced lines'], rows, {
    title: 'Digest: coverage of gold decisions and action items (AMI/ICSI dev), reader who saw nothing',
    digits: 3,
    notes: [
      'A gold item is covered when a digest line cites a statement overlapping one of the dialogue acts linked to it.',
      '"its section": only lines in Decisions (for decisions) or Action items (for actions) count.',
      "Baseline: the same number of lines as the digest, spread evenly over the meeting's statements.",
    ],
  });

  const rougeRows: Cell[][] = [];
  for (const corpus of ['AMI', 'ICSI']) {
    const rs = results.filter((r) => r.corpus === corpus && r.rouge);
    if (rs.length === 0) continue;
    const avg = (pick: (r: MeetingResult) => number) => mean(rs.map(pick));
    rougeRows.push([`${corpus} abstract`, 'colloquy digest summary', rs.length, ...[0, 1, 2].map((i) => avg((r) => r.rouge!.system[i]))]);
    rougeRows.push([`${corpus} abstract`, 'baseline: lead', rs.length, ...[0, 1, 2].map((i) => avg((r) => r.rouge!.lead[i]))]);
  }
  printTable(['task', 'system', 'meetings', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L'], rougeRows, {
    title: 'Digest summary: ROUGE F1 against the human abstract',
    digits: 3,
    notes: [
      `Reading time: ${(mean(results.map((r) => r.readingMs)) / 60_000).toFixed(1)} min per meeting digest on average (${Math.round(mean(results.map((r) => r.lines)))} lines).`,
      ...problems.map((p) => `Not measured: ${p}.`),
    ],
  });

  const resultsFile = writeResults('digest', { results });
  return problems.length ? { ok: false, resultsFile, problem: problems.join('; ') } : { ok: true, resultsFile };
}

/** A second member of the eval space: has watched nothing, so every statement is unseen. */
async function joinAsReader(colloquy: Colloquy): Promise<Client> {
  const reader = await Client.signUp(colloquy.app.app, 'Reader');
  const res = await colloquy.post(`/api/spaces/${colloquy.spaceId}/members`, { email: reader.email, role: 'member' });
  if (res.statusCode >= 300) throw new Error(`adding the reader: ${res.statusCode} ${res.body}`);
  return reader;
}

function score(corpus: string, l: LoadedMeeting<AnnotatedMeeting>, digest: ApiDigest): MeetingResult {
  const lines = digest.sections.flatMap((s) => s.items.map((item) => ({ ...item, section: s.key })));
  const baselineLines = evenlySpaced(l.statements, lines.length);
  const acts = new Map(l.meeting.dialogueActs.map((a) => [a.id, a]));
  const overlaps = (line: DigestLine, actIds: string[]) =>
    actIds.some((id) => {
      const act = acts.get(id);
      return act !== undefined && line.startMs < act.endMs && act.startMs < line.endMs;
    });

  const gold = {} as MeetingResult['gold'];
  for (const section of ['decisions', 'actions'] as const) {
    const items = l.meeting.summary[section] ?? [];
    gold[section] = {
      items: items.length,
      covered: items.filter((g) => lines.some((line) => overlaps(line, g.dialogueActIds))).length,
      coveredInSection: items.filter((g) => lines.some((line) => line.section === SECTION_OF[section] && overlaps(line, g.dialogueActIds)))
        .length,
      baselineCovered: items.filter((g) => baselineLines.some((line) => overlaps(line, g.dialogueActIds))).length,
    };
  }

  const reference = (l.meeting.summary.abstract ?? []).map((s) => s.text).join(' ');
  let rougeScores: MeetingResult['rouge'] = null;
  if (reference) {
    const summary = digest.summary.map((s) => s.text.trim()).join(' ');
    const lead = leadText(l.meeting, summary ? wordCount(summary) : FALLBACK_WORDS);
    const f1 = (candidate: string) => {
      const r = rouge(reference, candidate, { stem: true });
      return [r.rouge1.f1, r.rouge2.f1, r.rougeL.f1];
    };
    rougeScores = { system: f1(summary), lead: f1(lead) };
  }
  return { meeting: l.meeting.id, corpus, lines: lines.length, readingMs: digest.readingMs, gold, rouge: rougeScores };
}

/** `n` statements spread evenly over the meeting: the simplest digest of the same length. */
function evenlySpaced(statements: ApiStatement[], n: number): DigestLine[] {
  if (n <= 0 || statements.length === 0) return [];
  const step = statements.length / n;
  return Array.from(
    { length: Math.min(n, statements.length) },
    (_, i) => statements[Math.floor(i * step + step / 2)] ?? statements[statements.length - 1],
  ).map((s) => ({
    statementId: s.id,
    startMs: s.startMs,
    endMs: s.endMs,
  }));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
