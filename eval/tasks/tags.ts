/**
 * eval tags: are titles and topic tags made of what was surely said?
 *
 * 1. ASR dev clips, recognised by PocketSphinx with its per-word confidence (eval/lib/pocketsphinx.ts).
 *    A contribution is one recording: JFK, the LibriSpeech clip, and the six LJ Speech clips (six
 *    consecutive sentences of one reading, recognised clip by clip and placed end to end). The
 *    words go through the real segmenter and the pipeline's statement inputs; the local summariser
 *    titles each contribution and the local labeler tags its statements, then the tags are kept to
 *    what was surely said (ai/surely-said-topics.ts), as the label stage does.
 *    Measured: the share of title and tag words found in the reference transcript (Porter stems).
 * 2. AMI and ICSI dev meetings (typed transcripts, so recurrence alone applies): distinct tags per
 *    200 statements, how often each is used, and the share of tags used only once.
 *
 * Baselines in the same run: the previous behaviour (title = the 3 top keyphrases of the text, tags
 * as the labeler gives them), and recurrence without confidence (the same statements, words
 * dropped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../services/src/config.ts';
import { LocalLabeler } from '../../services/src/ai/local/labeler.ts';
import { LocalSummariser } from '../../services/src/ai/local/summariser.ts';
import { gistOf } from '../../services/src/ai/local/summarise.ts';
import { extractKeyphrases } from '../../services/src/ai/local/keyphrases.ts';
import { keepSurelySaidTopics } from '../../services/src/ai/surely-said-topics.ts';
import { SURE_CONFIDENCE } from '../../services/src/core/text/surely-said.ts';
import type { StatementInput } from '../../services/src/ai/ports.ts';
import { trimAtWord } from '../../services/src/core/text/disfluency.ts';
import type { TranscriptSegment } from '../../services/src/core/transcript.ts';
import { extractAudio } from '../../services/src/media/extract.ts';
import { mediaToolsFrom } from '../../services/src/media/tools.ts';
import { toStatementInputs } from '../../services/src/pipeline/inputs.ts';
import { segmentTranscript } from '../../services/src/transcript/segment.ts';
import { loadAmiDev, loadAsrDev, loadIcsiDev, type AsrClip } from '../lib/datasets.ts';
import { mean } from '../lib/metrics.ts';
import { recogniseWithConfidence } from '../lib/pocketsphinx.ts';
import { writeResults } from '../lib/results.ts';
import { printTable, type Cell } from '../lib/table.ts';
import { tokenize } from '../lib/text.ts';
import type { TaskOptions, TaskOutcome } from './task.ts';

/** Silence placed between consecutive clips of one recording. */
const CLIP_GAP_MS = 500;

type System = 'colloquy' | 'recurrence only' | 'baseline: previous';
const SYSTEMS: System[] = ['colloquy', 'recurrence only', 'baseline: previous'];

interface Recording {
  name: string;
  clips: AsrClip[];
}

/** The clips as recordings: one per source, LJ Speech's consecutive sentences as one reading. */
function recordings(clips: AsrClip[]): Recording[] {
  const byGroup = new Map<string, AsrClip[]>();
  for (const clip of clips) (byGroup.get(clip.group) ?? byGroup.set(clip.group, []).get(clip.group)!).push(clip);
  return [...byGroup.entries()].map(([name, list]) => ({ name, clips: [...list].sort((a, b) => a.file.localeCompare(b.file)) }));
}

/** Recognises a recording's clips one by one, end to end, as transcript segments with confident words. */
async function recognise(recording: Recording, tmp: string): Promise<{ segments: TranscriptSegment[]; durationMs: number }> {
  const config = loadConfig();
  const tools = mediaToolsFrom(config.ffmpegPath);
  const segments: TranscriptSegment[] = [];
  let offset = 0;
  for (const clip of recording.clips) {
    const wav = path.join(tmp, `${path.basename(clip.file).replace(/\.[^.]+$/, '')}.wav`);
    const { durationMs } = await extractAudio(tools, clip.path, wav);
    const words = (await recogniseWithConfidence(wav, config.transcribe.local)).map((w) => ({
      ...w,
      startMs: w.startMs + offset,
      endMs: w.endMs + offset,
    }));
    if (words.length > 0) {
      segments.push({
        startMs: words[0].startMs,
        endMs: words[words.length - 1].endMs,
        speaker: null,
        text: words.map((w) => w.text).join(' '),
        words,
      });
    }
    offset += durationMs + CLIP_GAP_MS;
  }
  return { segments, durationMs: offset };
}

/** Statements as the pipeline builds them: segmented, then given the transcript's words. */
function statementsOf(segments: TranscriptSegment[], name: string): StatementInput[] {
  const rows = segmentTranscript(segments).map((d, seq) => ({
    id: `${name}#${seq}`,
    contribution_id: name,
    seq,
    start_ms: d.startMs,
    end_ms: d.endMs,
    speaker: d.speaker,
    text: d.text,
    gist: null,
  }));
  return toStatementInputs(rows, segments);
}

/** The title the summariser gave before titles kept to what was surely said. */
function previousTitle(statements: readonly StatementInput[]): string {
  const text = statements.map((s) => s.text).join('\n');
  const phrases = extractKeyphrases(text, 3).map((k) => k.display);
  if (phrases.length === 0) return trimAtWord(gistOf(text), 60);
  const title = phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
  return trimAtWord(title.charAt(0).toUpperCase() + title.slice(1), 60);
}

interface Named {
  title: string;
  tags: string[];
}

/** Title and distinct tags of one contribution, for each system. */
async function nameContribution(statements: StatementInput[], durationMs: number): Promise<Record<System, Named>> {
  const labeler = new LocalLabeler();
  const summariser = new LocalSummariser();
  const textOnly = statements.map(({ words: _, ...s }) => s);
  const distinct = (labels: { topics: string[] }[]) => [...new Set(labels.flatMap((l) => l.topics))];
  const labelled = await labeler.label(statements, { existingTags: [] });
  const labelledText = await labeler.label(textOnly, { existingTags: [] });
  return {
    colloquy: {
      title: (await summariser.summarise({ title: '', durationMs, statements })).title,
      tags: distinct(keepSurelySaidTopics(labelled, statements, [])),
    },
    'recurrence only': {
      title: (await summariser.summarise({ title: '', durationMs, statements: textOnly })).title,
      tags: distinct(keepSurelySaidTopics(labelledText, textOnly, [])),
    },
    'baseline: previous': { title: previousTitle(statements), tags: distinct(labelled) },
  };
}

interface WordCheck {
  words: number;
  found: number;
}

function checkWords(texts: string[], reference: Set<string>): WordCheck {
  const tokens = texts.flatMap((t) => tokenize(t, { stem: true }));
  return { words: tokens.length, found: tokens.filter((t) => reference.has(t)).length };
}

const share = (c: WordCheck) => (c.words > 0 ? c.found / c.words : null);
const add = (a: WordCheck, b: WordCheck): WordCheck => ({ words: a.words + b.words, found: a.found + b.found });

export async function runTags(options: TaskOptions): Promise<TaskOutcome> {
  // ── 1. recognised speech ──
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-eval-tags-'));
  const asrDetails: Record<string, unknown>[] = [];
  const totals = Object.fromEntries(
    SYSTEMS.map((s) => [s, { title: { words: 0, found: 0 }, tags: { words: 0, found: 0 }, titled: 0, tagCount: 0 }]),
  ) as Record<System, { title: WordCheck; tags: WordCheck; titled: number; tagCount: number }>;
  const recs = recordings(loadAsrDev().slice(0, options.limit));
  // How far the recogniser's confidence tells a right word from a wrong one.
  const confident: WordCheck = { words: 0, found: 0 };
  const unconfident: WordCheck = { words: 0, found: 0 };
  try {
    for (const recording of recs) {
      const { segments, durationMs } = await recognise(recording, tmp);
      const statements = statementsOf(segments, recording.name);
      const reference = new Set(recording.clips.flatMap((c) => tokenize(c.reference, { stem: true })));
      const named = await nameContribution(statements, durationMs);
      for (const w of segments.flatMap((seg) => seg.words ?? [])) {
        const band = (w.confidence ?? 0) >= SURE_CONFIDENCE ? confident : unconfident;
        const tokens = tokenize(w.text, { stem: true });
        band.words += tokens.length;
        band.found += tokens.filter((t) => reference.has(t)).length;
      }
      const detail: Record<string, unknown> = { recording: recording.name, recognised: segments.map((s) => s.text).join(' ') };
      for (const system of SYSTEMS) {
        const { title, tags } = named[system];
        const titleCheck = checkWords(title ? [title] : [], reference);
        const tagCheck = checkWords(tags, reference);
        totals[system].title = add(totals[system].title, titleCheck);
        totals[system].tags = add(totals[system].tags, tagCheck);
        totals[system].titled += title ? 1 : 0;
        totals[system].tagCount += tags.length;
        detail[system] = { title, tags, titleWordsInReference: share(titleCheck), tagWordsInReference: share(tagCheck) };
      }
      asrDetails.push(detail);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  printTable(
    ['system', 'recordings', 'titled', 'title words', 'in reference', 'tags', 'tag words', 'in reference', 'all words in reference'],
    SYSTEMS.map((system): Cell[] => {
      const t = totals[system];
      return [
        system,
        recs.length,
        t.titled,
        t.title.words,
        share(t.title),
        t.tagCount,
        t.tags.words,
        share(t.tags),
        share(add(t.title, t.tags)),
      ];
    }),
    {
      title: 'Titles and tags of recognised speech (ASR dev clips, PocketSphinx with confidence): are their words in the reference?',
      digits: 3,
      notes: [
        'colloquy: titles and tags only of words surely said (confidence ≥ 0.5, said at least twice); recurrence only: the same code without the confidences.',
        'baseline: previous: title = top 3 keyphrases of the text, tags as the labeler gives them. in reference: share of words (Porter stems) in the reference transcript.',
      ],
    },
  );

  printTable(
    ['recognised words', 'words', 'in reference'],
    [
      [`confidence ≥ ${SURE_CONFIDENCE}`, confident.words, share(confident)],
      [`confidence < ${SURE_CONFIDENCE}`, unconfident.words, share(unconfident)],
    ],
    { title: 'PocketSphinx confidence on the same clips: share of recognised words found in the reference', digits: 3 },
  );

  // ── 2. meetings: how many tags, how reused ──
  const meetingRows: Cell[][] = [];
  const meetingDetails: Record<string, unknown>[] = [];
  for (const { corpus, meetings } of [
    { corpus: 'AMI', meetings: loadAmiDev({ limit: options.limit }) },
    { corpus: 'ICSI', meetings: loadIcsiDev({ limit: options.limit }) },
  ]) {
    const per: Record<'colloquy' | 'baseline: previous', { perHundreds: number[]; uses: number[]; once: number[]; tagged: number[] }> = {
      colloquy: { perHundreds: [], uses: [], once: [], tagged: [] },
      'baseline: previous': { perHundreds: [], uses: [], once: [], tagged: [] },
    };
    for (const meeting of meetings) {
      const segments = meeting.turns
        .filter((t) => t.text.trim())
        .map((t) => ({ speaker: t.speaker, text: t.text, startMs: t.startMs, endMs: t.endMs }));
      const statements = statementsOf(segments, meeting.id);
      const labelled = await new LocalLabeler().label(statements, { existingTags: [] });
      const kept = keepSurelySaidTopics(labelled, statements, []);
      for (const [system, labels] of [
        ['colloquy', kept],
        ['baseline: previous', labelled],
      ] as const) {
        const counts = new Map<string, number>();
        for (const l of labels) for (const tag of l.topics) counts.set(tag, (counts.get(tag) ?? 0) + 1);
        const p = per[system];
        p.perHundreds.push((counts.size / statements.length) * 200);
        p.uses.push(counts.size ? [...counts.values()].reduce((a, b) => a + b, 0) / counts.size : 0);
        p.once.push(counts.size ? [...counts.values()].filter((n) => n === 1).length / counts.size : 0);
        p.tagged.push(labels.filter((l) => l.topics.length > 0).length / statements.length);
        meetingDetails.push({ corpus, meeting: meeting.id, system, statements: statements.length, tags: Object.fromEntries(counts) });
      }
    }
    for (const system of ['colloquy', 'baseline: previous'] as const) {
      const p = per[system];
      meetingRows.push([corpus, system, meetings.length, mean(p.perHundreds), mean(p.uses), mean(p.once), mean(p.tagged)]);
    }
  }
  printTable(
    ['corpus', 'system', 'meetings', 'tags per 200 statements', 'uses per tag', 'tags used once', 'statements tagged'],
    meetingRows,
    {
      title: 'Tag vocabulary of a meeting (AMI/ICSI dev, typed transcripts; means over meetings)',
      digits: 3,
      notes: [
        'tags per 200 statements: distinct tags of the meeting per 200 of its statements. tags used once: share of its distinct tags on one statement only.',
      ],
    },
  );

  const resultsFile = writeResults('tags', { recordings: asrDetails, meetings: meetingDetails });
  return { ok: true, resultsFile };
}
