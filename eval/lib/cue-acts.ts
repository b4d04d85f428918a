/**
 * A cue-phrase baseline for dialogue acts: a handful of phrases anyone would try first ("we
 * decided", "I'll send", a question mark). Written once, not tuned on dev; the labels task prints
 * it next to the pipeline so a labeller has to beat the obvious.
 */
import type { Act } from './gold-acts.ts';

const CUES: [Act, RegExp][] = [
  [
    'action_item',
    /\b(action items?|by next (meeting|week|time)|for (the )?next (meeting|time)|(i|you|we|he|she|they)('ll| will) (send|prepare|do|look|make|check|write|email|bring|work on|get))\b/i,
  ],
  [
    'decision',
    /\b(we('ve| have)? decided|decision|we('ll| will) go (with|for)|let's go (with|for)|(we )?agreed|we agree|settled|final (choice|decision))\b/i,
  ],
  ['question', /\?/],
  ['concern', /\b(problem|worr(y|ied)|concern(ed)?|risk|too expensive|not sure|difficult)\b/i],
  ['proposal', /\b(we (could|should|might)|let's|how about|what about|what if|i (suggest|propose)|maybe we)\b/i],
];

/** The first act whose cue the text contains, else information. */
export function cueAct(text: string): Act {
  const joined = text.replace(/\s+'/g, "'").replace(/\s+n't\b/g, "n't"); // ICSI tokenisation: "I 'll"
  return CUES.find(([, cue]) => cue.test(joined))?.[0] ?? 'information';
}
