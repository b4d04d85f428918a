/**
 * The dialogue-act model: multinomial logistic regression over hashed features (act-features.ts),
 * trained on the AMI and ICSI dev annotations by `npm run train -- acts` (train/acts.ts), which
 * writes acts.model.json. Only buckets with a non-negligible weight are stored, as integers in
 * units of `scale`, so the file stays small and loads in milliseconds.
 */
import { readFileSync } from 'node:fs';
import { splitSentences } from '../../core/text/sentences.ts';
import { cleanTranscript, words } from '../../core/text/tokens.ts';
import type { DialogueAct } from '../ports.ts';
import { actFeatures, FEATURE_BITS, type ActFeatureInput, type ActNeighbour } from './act-features.ts';
import { classifyActs } from './acts.ts';

export interface ActModelFile {
  /** Bumped by the trainer when features or training data change; part of the labeller's model name. */
  version: string;
  featureBits: number;
  classes: DialogueAct[];
  /** A stored weight w means w * scale. */
  scale: number;
  /** Sorted bucket numbers; bucket i's weights are weights[i*K .. i*K+K-1]. */
  buckets: number[];
  weights: number[];
  /** How it was trained, for the reader: data, regularisation, cross-validated scores. */
  trainedOn: Record<string, unknown>;
}

/** A model ready to score: bucket → weight vector. */
export class ActModel {
  readonly version: string;
  readonly classes: readonly DialogueAct[];
  private readonly rows = new Map<number, Float64Array>();

  constructor(file: ActModelFile) {
    if (file.featureBits !== FEATURE_BITS) throw new Error(`act model has ${file.featureBits}-bit features, the code ${FEATURE_BITS}`);
    this.version = file.version;
    this.classes = file.classes;
    const k = file.classes.length;
    file.buckets.forEach((bucket, i) => {
      const row = new Float64Array(k);
      for (let c = 0; c < k; c++) row[c] = file.weights[i * k + c] * file.scale;
      this.rows.set(bucket, row);
    });
  }

  /** Probability of each class (in `classes` order) for one statement. */
  probabilities(input: ActFeatureInput): number[] {
    return softmax(this.scores(actFeatures(input)));
  }

  scores(features: number[]): number[] {
    const scores = new Array<number>(this.classes.length).fill(0);
    for (const f of features) {
      const row = this.rows.get(f);
      if (row) for (let c = 0; c < scores.length; c++) scores[c] += row[c];
    }
    return scores;
  }
}

export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

let shipped: ActModel | null = null;

/** The model shipped in the repository (acts.model.json), loaded once. */
export function shippedActModel(): ActModel {
  shipped ??= new ActModel(JSON.parse(readFileSync(new URL('./acts.model.json', import.meta.url), 'utf8')) as ActModelFile);
  return shipped;
}

export interface ModelActLabel {
  act: DialogueAct;
  /** How sure: the carrying sentence's probability, or the act's share of the statement's words. */
  confidence: number;
  /** 'model', or the cue that overrode it. */
  source: string;
}

/**
 * A sentence more likely a decision (action item) than not makes its statement one: a digest needs
 * the statement that carries a decision even when most of its words explain it. (Cross-validated,
 * 0.3 found a few more decisions at lower precision: AMI decision F1 0.204 against 0.215.)
 */
const ITEM_SENTENCE_MIN_PROBABILITY = 0.5;
// The same rule for a question anywhere in the statement cost macro-F1 (AMI 0.323 → 0.290, ICSI
// 0.390 → 0.345): a question followed by a longer explanation is, by the annotators' acts, mostly
// information. Only a statement that ends on one is a question: a digest must list it under Open
// questions, at a measured cost (AMI macro-F1 0.326 → 0.314, ICSI 0.386 → 0.371).

/**
 * Acts the cue rules (acts.ts) decide when they find one. Decision and action cues ("we decided",
 * "I'll send it by Friday") are rare in meetings but common in the clear statements people post,
 * and right when they fire; an answer needs context the model sees only as a feature (another
 * speaker asked just before). `npm run eval -- acts` prints the model with and without them.
 */
const CUE_DECIDES: ReadonlySet<DialogueAct> = new Set(['decision', 'action_item']);
/**
 * Right after another speaker's question, the rules call a reply an answer (acts.ts: 'after-question',
 * stronger with an opener such as "Yes, …"), unless the model finds a decision or action item in it.
 * The digest marks a question answered by such a reply. Cross-validated, calling only replies with
 * an opener answers made no difference beyond noise (AMI macro-F1 0.323 against 0.326).
 */
const ANSWER_CUES: ReadonlySet<string> = new Set(['answer-opener', 'after-question']);

/**
 * Acts of a contribution's statements, in order. The model is trained on dialogue acts, which are
 * sentence-sized, so each sentence is classified with its neighbours as context, and the statement
 * takes (1) action item or decision when one of its sentences clearly is one, else (2) question
 * when its last sentence clearly asks, else (3) the act with the most expected words,
 * Σ words × p(act), the way the gold act of a statement is the act of most of its words. The cue
 * lexicon has the last word where it fires (CUE_DECIDES, ANSWER_CUES), unless `cues: false` (the
 * eval's model-alone row).
 */
export function classifyActsWithModel(
  model: ActModel,
  statements: { text: string; speaker: string | null }[],
  options: { cues: boolean } = { cues: true },
): ModelActLabel[] {
  const sentencesOf = statements.map((s) => splitSentences(cleanTranscript(s.text)).map((x) => x.text));
  const rules = classifyActs(statements.map((s) => ({ text: s.text, speaker: s.speaker ?? null })));
  return statements.map((s, i) => {
    const rule = rules[i];
    if (options.cues && CUE_DECIDES.has(rule.act)) return { act: rule.act, confidence: rule.confidence, source: `cue:${rule.cue}` };
    const sentences = sentencesOf[i];
    if (sentences.length === 0) return { act: 'information', confidence: rule.confidence, source: 'model' };
    const neighbour = (j: number): ActNeighbour | null => {
      if (j >= 0 && j < sentences.length) return { text: sentences[j], speaker: s.speaker ?? null };
      const k = j < 0 ? i - 1 : i + 1;
      return k >= 0 && k < statements.length ? { text: statements[k].text, speaker: statements[k].speaker ?? null } : null;
    };
    const p = sentences.map((text, j) =>
      model.probabilities({ text, speaker: s.speaker ?? null, previous: neighbour(j - 1), next: neighbour(j + 1) }),
    );
    const act = aggregate(model.classes, p, sentences.map(wordsIn));
    if (options.cues && ANSWER_CUES.has(rule.cue) && !CUE_DECIDES.has(act.act))
      return { act: 'answer', confidence: rule.confidence, source: `cue:${rule.cue}` };
    return act;
  });
}

function aggregate(classes: readonly DialogueAct[], p: number[][], words: number[]): ModelActLabel {
  const maxOf = (act: DialogueAct) => Math.max(...p.map((x) => x[classes.indexOf(act)]));
  const action = maxOf('action_item');
  const decision = maxOf('decision');
  if (action >= ITEM_SENTENCE_MIN_PROBABILITY && action >= decision) return label('action_item', action);
  if (decision >= ITEM_SENTENCE_MIN_PROBABILITY) return label('decision', decision);
  // A statement that ends on a question asks for a reply, however long its lead-up.
  const lastQuestion = p[p.length - 1][classes.indexOf('question')];
  if (lastQuestion >= ITEM_SENTENCE_MIN_PROBABILITY) return label('question', lastQuestion);
  const expected = classes.map((_, c) => p.reduce((sum, x, j) => sum + words[j] * x[c], 0));
  let best = 0;
  for (let c = 1; c < classes.length; c++) if (expected[c] > expected[best]) best = c;
  return label(classes[best], expected[best] / words.reduce((a, b) => a + b, 0));
}

const label = (act: DialogueAct, confidence: number): ModelActLabel => ({
  act,
  confidence: Math.round(confidence * 100) / 100,
  source: 'model',
});
const wordsIn = (text: string) => Math.max(1, words(text).length);
