/**
 * Calibrates segmentTranscript on the meeting dev splits (AMI, ICSI, QMSum) and prints what a user
 * would notice: statements per hour, statement lengths, and how many turns are stepped over as minor.
 * Also sweeps the two thresholds that are hardest to guess (minorTurnMaxWords, topicShiftThreshold).
 *
 *   node services/bin/run-ts.js tools/segment-calibrate.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segmentTranscriptWithReport, type SegmentOptions } from '../services/src/transcript/segment.ts';
import type { TranscriptSegment } from '../services/src/core/transcript.ts';

const evalRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/eval');
const WORDS_PER_SECOND = 150 / 60;

interface Meeting {
  id: string;
  segments: TranscriptSegment[];
}

interface RawTurn {
  speaker: string;
  text: string;
  start?: number;
  end?: number;
}

/** QMSum marks disfluencies and sounds as {disfmarker}, {vocalsound}: not speech. */
const cleanText = (text: string) =>
  text
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function loadMeetings(path: string): Meeting[] {
  return readFileSync(resolve(evalRoot, path), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { id, turns } = JSON.parse(line) as { id: string; turns: RawTurn[] };
      return { id, segments: toSegments(turns) };
    });
}

/** Turns without times (QMSum) get times at ~150 words per minute, back to back. */
function toSegments(turns: RawTurn[]): TranscriptSegment[] {
  let clock = 0;
  const segments: TranscriptSegment[] = [];
  for (const turn of turns) {
    const text = cleanText(turn.text);
    if (!text) continue;
    let startMs: number;
    let endMs: number;
    if (typeof turn.start === 'number' && typeof turn.end === 'number') {
      startMs = Math.round(turn.start * 1000);
      endMs = Math.round(turn.end * 1000);
    } else {
      startMs = clock;
      endMs = clock + Math.max(300, Math.round((wordCount(text) / WORDS_PER_SECOND) * 1000));
      clock = endMs;
    }
    segments.push({ startMs, endMs, speaker: turn.speaker, text });
  }
  return segments;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const fmt = (x: number, digits = 0) => x.toFixed(digits);

interface Summary {
  perHour: number[];
  durationsS: number[];
  absorbedTurns: number;
  turns: number;
  absorbedWords: number;
  words: number;
  msPerMeeting: number[];
}

function measure(meetings: Meeting[], options: Partial<SegmentOptions> = {}): Summary {
  const summary: Summary = { perHour: [], durationsS: [], absorbedTurns: 0, turns: 0, absorbedWords: 0, words: 0, msPerMeeting: [] };
  for (const meeting of meetings) {
    const t0 = performance.now();
    const report = segmentTranscriptWithReport(meeting.segments, options);
    summary.msPerMeeting.push(performance.now() - t0);
    const startMs = Math.min(...meeting.segments.map((s) => s.startMs));
    const endMs = Math.max(...meeting.segments.map((s) => s.endMs));
    summary.perHour.push(report.statements.length / ((endMs - startMs) / 3_600_000));
    for (const s of report.statements) summary.durationsS.push((s.endMs - s.startMs) / 1000);
    summary.absorbedTurns += report.absorbedSegments;
    summary.turns += report.segments;
    const inputWords = meeting.segments.reduce((n, s) => n + wordCount(s.text), 0);
    const keptWords = report.statements.reduce((n, s) => n + wordCount(s.text), 0);
    summary.words += inputWords;
    summary.absorbedWords += inputWords - keptWords;
  }
  return summary;
}

function printSummary(name: string, s: Summary): void {
  console.log(
    `${name.padEnd(6)} statements/h mean ${fmt(mean(s.perHour))} min ${fmt(Math.min(...s.perHour))} max ${fmt(Math.max(...s.perHour))}` +
      ` | duration mean ${fmt(mean(s.durationsS), 1)} s median ${fmt(quantile(s.durationsS, 0.5), 1)} s` +
      ` max ${fmt(Math.max(...s.durationsS), 1)} s | <5 s ${fmt((100 * s.durationsS.filter((d) => d < 5).length) / s.durationsS.length, 1)}%` +
      ` | turns absorbed as minor ${fmt((100 * s.absorbedTurns) / s.turns, 1)}% (words ${fmt((100 * s.absorbedWords) / s.words, 1)}%)` +
      ` | ${fmt(mean(s.msPerMeeting), 1)} ms/meeting`,
  );
}

/** Silences in the conversation: from the end of all speech so far to the next turn's start. */
function silencesS(meetings: Meeting[]): number[] {
  const silences: number[] = [];
  for (const { segments } of meetings) {
    let spokenUntil = -Infinity;
    for (const s of [...segments].sort((a, b) => a.startMs - b.startMs)) {
      if (s.startMs > spokenUntil && spokenUntil > -Infinity) silences.push((s.startMs - spokenUntil) / 1000);
      spokenUntil = Math.max(spokenUntil, s.endMs);
    }
  }
  return silences;
}

/** Long single turns (≥150 words, ~1 min at 150 wpm): one person's coherent stretch of speech. */
function longTurns(meetings: Meeting[]): { meeting: string; text: string }[] {
  return meetings.flatMap((m) => m.segments.filter((s) => wordCount(s.text) >= 150).map((s) => ({ meeting: m.id, text: s.text })));
}

/** A monologue with no speaker, timed at 150 wpm, starting at `fromMs`. */
function asMonologue(text: string, fromMs = 0): TranscriptSegment[] {
  const [segment] = toSegments([{ speaker: '', text }]);
  return [{ ...segment, startMs: segment.startMs + fromMs, endMs: segment.endMs + fromMs, speaker: null }];
}

/**
 * Topic threshold sweep. A real shift: one long turn followed by a long turn from another meeting;
 * found when a statement starts within 15 s of the splice. No shift: a long turn on its own, where
 * every topic split is one too many. Pauses and length limits are switched off to see topic alone.
 */
function sweepTopicThreshold(meetings: Meeting[]): void {
  const turns = longTurns(meetings);
  const only = { pauseMs: 1e9, maxMs: 1e9, targetMs: 1e9 };
  for (const windowWords of [25, 40, 60]) {
    for (const threshold of [0.05, 0.08, 0.1, 0.12, 0.15]) {
      const options = { ...only, topicWindowWords: windowWords, topicShiftThreshold: threshold };
      let found = 0;
      let splices = 0;
      let splits = 0;
      let minutes = 0;
      turns.forEach((turn, i) => {
        const alone = asMonologue(turn.text);
        splits += segmentTranscriptWithReport(alone, options).statements.length - 1;
        minutes += alone[0].endMs / 60_000;
        const other = turns[(i + Math.floor(turns.length / 2)) % turns.length];
        if (other.meeting === turn.meeting) return;
        const spliceMs = alone[0].endMs;
        const spliced = segmentTranscriptWithReport([...alone, ...asMonologue(other.text, spliceMs)], options);
        splices++;
        if (spliced.statements.slice(1).some((s) => Math.abs(s.startMs - spliceMs) <= 15_000)) found++;
      });
      console.log(
        `  window ${windowWords} words, threshold ${threshold.toFixed(2)}: splice found ${fmt((100 * found) / splices)}%` +
          ` | splits inside one turn ${fmt((10 * splits) / minutes, 1)} per 10 min (${turns.length} turns, ${fmt(minutes)} min)`,
      );
    }
  }
}

const datasets: [string, Meeting[]][] = [
  ['AMI', loadMeetings('ami/dev/ami_normalized_dev.jsonl')],
  ['ICSI', loadMeetings('icsi/dev/icsi_normalized_dev.jsonl')],
  ['QMSum', loadMeetings('qmsum/dev/qmsum_dev.jsonl')],
];

console.log('Defaults:');
for (const [name, meetings] of datasets) printSummary(name, measure(meetings));

console.log('\nSilences between turns, where nobody speaks (pauseMs):');
for (const [name, meetings] of datasets.slice(0, 2)) {
  const silences = silencesS(meetings);
  const line = [0.9, 0.95, 0.98, 0.99].map((q) => `p${Math.round(q * 100)} ${fmt(quantile(silences, q), 2)} s`);
  console.log(`  ${name}: ${line.join(', ')}`);
}

console.log('\nminorTurnMaxWords × interjectionMaxWords (statements/h mean, share of words absorbed):');
for (const [minorWords, interjectionWords] of [
  [0, 0],
  [3, 0],
  [5, 0],
  [8, 0],
  [12, 0],
  [8, 12],
  [8, 20],
  [8, 30],
  [12, 30],
]) {
  const cells = datasets.map(([name, meetings]) => {
    const s = measure(meetings, { minorTurnMaxWords: minorWords, interjectionMaxWords: interjectionWords });
    return `${name} ${fmt(mean(s.perHour))}/h ${fmt((100 * s.absorbedWords) / s.words, 1)}%`;
  });
  console.log(`  ${String(minorWords).padStart(2)} × ${String(interjectionWords).padStart(2)}: ${cells.join(' | ')}`);
}

console.log('\nLong single turns (≥ 3 min at 150 wpm) segmented alone, as a monologue contribution would be:');
{
  const monologues = longTurns(datasets.flatMap(([, meetings]) => meetings))
    .map((t) => asMonologue(t.text))
    .filter((m) => m[0].endMs >= 180_000);
  const durations = monologues.flatMap((m) => segmentTranscriptWithReport(m).statements.map((s) => (s.endMs - s.startMs) / 1000));
  const minutes = monologues.reduce((n, m) => n + m[0].endMs / 60_000, 0);
  console.log(
    `  ${monologues.length} turns, ${fmt(minutes)} min: ${fmt(durations.length / minutes, 2)} statements/min,` +
      ` duration mean ${fmt(mean(durations), 1)} s, median ${fmt(quantile(durations, 0.5), 1)} s, min ${fmt(Math.min(...durations), 1)} s`,
  );
}

console.log('\ntopicShiftThreshold sweep on monologues built from real speech (all dev meetings):');
sweepTopicThreshold(datasets.flatMap(([, meetings]) => meetings));
