/**
 * npm run train -- acts: trains the dialogue-act model on the AMI and ICSI dev annotations and
 * writes services/src/ai/local/acts.model.json (what the `local` labeller ships with).
 *
 * The examples are the corpora's dialogue acts, sentence-sized units an annotator gave one act
 * (20k in AMI + ICSI dev, against 4k statements, and far more decisions and action items among
 * them), mapped to Colloquy's seven acts as the labels task maps them (eval/lib/gold-acts.ts).
 * The product classifies each sentence of a statement and combines them (act-model.ts).
 * loadActMeetings() also cuts each meeting into statements as the product does (a transcript
 * import: segmentTranscript() over the turns), for `npm run eval -- acts`, which
 * cross-validates the same training by meeting (eval/tasks/acts.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_BITS, actFeatures } from '../services/src/ai/local/act-features.ts';
import type { ActModelFile } from '../services/src/ai/local/act-model.ts';
import { DIALOGUE_ACTS } from '../services/src/core/understanding.ts';
import type { StatementDraft } from '../services/src/core/transcript.ts';
import { segmentTranscript } from '../services/src/transcript/segment.ts';
import { sentenceActOf } from '../services/src/ai/local/acts.ts';
import type { ApiStatement, LoadedMeeting } from '../eval/lib/colloquy.ts';
import { goldActOf } from '../eval/lib/gold-acts.ts';
import { REPO_ROOT, loadAmiDev, loadIcsiDev, type AnnotatedMeeting, type Corpus } from '../eval/lib/datasets.ts';
import { DEFAULT_TRAIN_PARAMS, compact, train, type Example, type TrainParams } from './lib/logreg.ts';

export const ACT_MODEL_VERSION = 'logreg-v1';
export const ACT_MODEL_PATH = path.join(REPO_ROOT, 'services/src/ai/local/acts.model.json');
/** Stored weights: buckets with a weight of at least MIN_WEIGHT, in steps of SCALE. */
const MIN_WEIGHT = 0.02;
const SCALE = 0.01;

/** One meeting with its dialogue acts, and cut into statements the product's way. */
export interface ActMeeting {
  corpus: Corpus;
  loaded: LoadedMeeting<AnnotatedMeeting>;
}

export function loadActMeetings(limit?: number): ActMeeting[] {
  const corpora: [Corpus, AnnotatedMeeting[]][] = [
    ['AMI', loadAmiDev({ limit })],
    ['ICSI', loadIcsiDev({ limit })],
  ];
  return corpora.flatMap(([corpus, meetings]) => meetings.map((meeting) => actMeeting(corpus, meeting)));
}

function actMeeting(corpus: Corpus, meeting: AnnotatedMeeting): ActMeeting {
  const segments = meeting.turns
    .filter((t) => t.text.trim())
    .map((t) => ({ startMs: t.startMs, endMs: t.endMs, speaker: t.speaker, text: t.text.trim() }));
  const statements = segmentTranscript(segments, {}, { sentenceAct: sentenceActOf }).map((s, seq) => apiStatement(meeting.id, s, seq));
  const loaded = { meeting, conferenceId: meeting.id, contributionId: meeting.id, statements, summary: null };
  return { corpus, loaded };
}

const apiStatement = (meetingId: string, s: StatementDraft, seq: number): ApiStatement => ({
  id: `${meetingId}#${seq}`,
  contributionId: meetingId,
  seq,
  startMs: s.startMs,
  endMs: s.endMs,
  speaker: s.speaker,
  text: s.text,
  gist: null,
  labels: [],
});

/**
 * One example per gold dialogue act with a text: its features (the neighbouring acts in the
 * meeting as context) and its act in Colloquy's seven classes (eval/lib/gold-acts.ts).
 */
export function examplesOf(meetings: ActMeeting[]): Example[] {
  return meetings.flatMap((m) => {
    const spoken = m.loaded.meeting.dialogueActs.filter((d) => d.text.trim());
    const at = (j: number) => (j >= 0 && j < spoken.length ? { text: spoken[j].text, speaker: spoken[j].speaker } : null);
    return spoken.flatMap((d, j) => {
      const gold = goldActOf(d, m.corpus);
      if (!gold) return [];
      return [
        {
          features: actFeatures({ text: d.text, speaker: d.speaker, previous: at(j - 1), next: at(j + 1) }),
          label: DIALOGUE_ACTS.indexOf(gold),
        },
      ];
    });
  });
}

export function trainActModel(meetings: ActMeeting[], params: Partial<TrainParams> = {}): ActModelFile {
  const examples = examplesOf(meetings);
  const full: TrainParams = { ...DEFAULT_TRAIN_PARAMS, ...params, classes: DIALOGUE_ACTS.length, featureBits: FEATURE_BITS };
  const weights = train(examples, full);
  const stored = compact(weights, DIALOGUE_ACTS.length, MIN_WEIGHT, SCALE);
  const perCorpus: Record<string, number> = {};
  for (const m of meetings) perCorpus[m.corpus] = (perCorpus[m.corpus] ?? 0) + 1;
  return {
    version: ACT_MODEL_VERSION,
    featureBits: FEATURE_BITS,
    classes: [...DIALOGUE_ACTS],
    scale: SCALE,
    ...stored,
    trainedOn: {
      data: 'AMI dev + ICSI dev (../shared/eval): every dialogue act with a text, its act as eval/lib/gold-acts.ts maps it',
      meetings: perCorpus,
      examples: examples.length,
      params: {
        l2: full.l2,
        epochs: full.epochs,
        learningRate: full.learningRate,
        classWeightPower: full.classWeightPower,
        minCount: full.minCount,
        seed: full.seed,
      },
      storedBuckets: stored.buckets.length,
    },
  };
}

export async function runTrainActs(): Promise<void> {
  const started = performance.now();
  const meetings = loadActMeetings();
  const model = trainActModel(meetings);
  const json = `${JSON.stringify(model)}\n`;
  writeFileSync(ACT_MODEL_PATH, json);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `acts: ${model.trainedOn.examples} dialogue acts from ${meetings.length} meetings, ${model.buckets.length} buckets stored, ` +
      `${(json.length / 1024).toFixed(0)} kB → ${path.relative(REPO_ROOT, ACT_MODEL_PATH)} (${seconds} s)\n`,
  );
}
