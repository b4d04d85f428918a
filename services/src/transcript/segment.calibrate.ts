/**
 * Calibrates segmentTranscript on the meeting dev splits (AMI, ICSI, QMSum) and prints what a user
 * would notice: statements per hour, statement lengths, and how many turns are stepped over as minor.
 * Also sweeps the two thresholds that are hardest to guess (minorTurnMaxWords, topicShiftThreshold).
 *
 *   npx tsx services/src/transcript/segment.calibrate.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segmentTranscriptWithReport, type SegmentOptions } from './segment.ts';
import type { TranscriptSegment } from './types.ts';

const evalRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/eval');
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
const cleanText = (text: string) => text.replace(/\{[^}]*\}/g, ' ').replace(/\s+/g, ' ').trim();
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

/** Gaps between one speaker's consecutive turns when only others' short turns come between. */
function sameSpeakerGapsS(meetings: Meeting[], shortWords: number): number[] {
  const gaps: number[] = [];
  for (const { segments } of meetings) {
    let last: TranscriptSegment | null = null;
    for (const s of segments) {
      if (last && s.speaker === last.speaker) gaps.push((s.startMs - last.endMs) / 1000);
      if (!last || s.speaker === last.speaker || wordCount(s.text) > shortWords) last = s;
    }
  }
  return gaps.filter((g) => g >= 0);
}

/** One speaker's own words from a meeting, re-timed as a continuous monologue at 150 wpm. */
function monologueOf(meeting: Meeting, seconds: number, offsetTurns: number): TranscriptSegment[] {
  const bySpeaker = new Map<string, TranscriptSegment[]>();
  for (const s of meeting.segments.slice(offsetTurns)) {
    const key = s.speaker ?? '';
    bySpeaker.set(key, [...(bySpeaker.get(key) ?? []), s]);
  }
  const talkative = [...bySpeaker.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const retimed = toSegments(talkative.map((s) => ({ speaker: 'x', text: s.text })));
  return retimed.filter((s) => s.endMs <= seconds * 1000).map((s) => ({ ...s, speaker: null }));
}

/**
 * Topic threshold sweep: splice 2 minutes of one meeting's monologue onto 2 minutes of another's
 * (a real topic shift) and count how often a boundary lands within 15 s of the splice, against how
 * many topic splits happen per 10 minutes of unspliced speech from one meeting.
 */
function sweepTopicThreshold(meetings: Meeting[]): void {
  const only = { pauseMs: 1e9, maxMs: 1e9, targetMs: 1e9 };
  for (const threshold of [0.05, 0.08, 0.1, 0.12, 0.15, 0.2]) {
    let detected = 0;
    let splices = 0;
    let falseSplits = 0;
    let minutes = 0;
    for (let i = 0; i < meetings.length; i++) {
      const first = monologueOf(meetings[i], 120, 0);
      const secondSource = monologueOf(meetings[(i + 7) % meetings.length], 120, 0);
      if (first.length === 0 || secondSource.length === 0) continue;
      const spliceMs = first[first.length - 1].endMs;
      const second = secondSource.map((s) => ({ ...s, startMs: s.startMs + spliceMs, endMs: s.endMs + spliceMs }));
      const spliced = segmentTranscriptWithReport([...first, ...second], { ...only, topicShiftThreshold: threshold });
      splices++;
      if (spliced.statements.slice(1).some((s) => Math.abs(s.startMs - spliceMs) <= 15_000)) detected++;
      const plain = monologueOf(meetings[i], 600, 0);
      if (plain.length === 0) continue;
      const unspliced = segmentTranscriptWithReport(plain, { ...only, topicShiftThreshold: threshold });
      falseSplits += unspliced.statements.length - 1;
      minutes += plain[plain.length - 1].endMs / 60_000;
    }
    console.log(
      `  topicShiftThreshold ${threshold.toFixed(2)}: splice found ${fmt((100 * detected) / splices)}%` +
        ` | splits inside one meeting's speech ${fmt((10 * falseSplits) / minutes, 1)} per 10 min`,
    );
  }
}

const datasets: [string, Meeting[]][] = [
  ['AMI', loadMeetings('ami/dev/ami_normalized_dev.jsonl')],
  ['ICSI', loadMeetings('icsi/dev/icsi_normalized_dev.jsonl')],
  ['QMSum', loadMeetings('qmsum/dev/qmsum_dev.jsonl')],
];

console.log('Defaults:');
for (const [name, meetings] of datasets) printSummary(name, measure(meetings));

console.log('\nGap between one speaker\'s turns across others\' short turns (pauseMs):');
for (const [name, meetings] of datasets.slice(0, 2)) {
  const gaps = sameSpeakerGapsS(meetings, 8);
  console.log(`  ${name}: p90 ${fmt(quantile(gaps, 0.9), 2)} s, p95 ${fmt(quantile(gaps, 0.95), 2)} s, p99 ${fmt(quantile(gaps, 0.99), 2)} s`);
}

console.log('\nminorTurnMaxWords sweep (statements/h mean | words absorbed):');
for (const words of [0, 3, 5, 8, 10, 12, 15]) {
  const cells = datasets.map(([name, meetings]) => {
    const s = measure(meetings, { minorTurnMaxWords: words });
    return `${name} ${fmt(mean(s.perHour))}/h ${fmt((100 * s.absorbedWords) / s.words, 1)}%`;
  });
  console.log(`  ${String(words).padStart(2)}: ${cells.join(' | ')}`);
}

console.log('\ntopicShiftThreshold sweep on monologues built from real speech (all dev meetings):');
sweepTopicThreshold(datasets.flatMap(([, meetings]) => meetings));
