/**
 * Gold dialogue acts in Colloquy's seven classes (question, proposal, decision, action_item,
 * concern, answer, information), derived from the corpora's own annotation. The mapping is ours;
 * it is documented in eval/README.md and applied the same way to every meeting.
 *
 * AMI (15 types):
 *   el.inf, el.ass, el.sug, el.und → question · sug, off → proposal · be.neg → concern
 *   inf, ass → information · an act that answers another speaker's elicitation (adjacency pair) → answer
 *   bck, stl, fra, und, be.pos, oth, untyped → none (backchannels, fragments, feedback: no content act)
 * ICSI (MRDA), per segment of the label ('fh|s^cs' has two):
 *   qy, qw, qr, qrr, qo, qh → question · s^cs, s^co → proposal · s^ar, s^arp → concern
 *   s^na, s^ng, s^no, s^nd → answer · other s → information · b, fh, fg, h, %, %-, %--, z → none
 * Both: an act linked to a sentence of the summary's "decisions" section → decision, of the
 * "actions" section (AMI only) → action_item. These override the type above.
 */
import type { Corpus, GoldDialogueAct } from './datasets.ts';

export const ACTS = ['question', 'proposal', 'decision', 'action_item', 'concern', 'answer', 'information'] as const;
export type Act = (typeof ACTS)[number];

/** Which act wins a tie: the rarer, more useful one. */
export const ACT_PRIORITY: readonly Act[] = ['action_item', 'decision', 'question', 'concern', 'proposal', 'answer', 'information'];

const AMI_ACTS: Record<string, Act> = {
  'el.inf': 'question',
  'el.ass': 'question',
  'el.sug': 'question',
  'el.und': 'question',
  sug: 'proposal',
  off: 'proposal',
  'be.neg': 'concern',
  inf: 'information',
  ass: 'information',
};

const MRDA_QUESTIONS = new Set(['qy', 'qw', 'qr', 'qrr', 'qo', 'qh']);
const MRDA_SPECIFIC: Record<string, Act> = {
  cs: 'proposal',
  co: 'proposal',
  ar: 'concern',
  arp: 'concern',
  na: 'answer',
  ng: 'answer',
  no: 'answer',
  nd: 'answer',
};

/** The gold act of one dialogue act, or null when it carries none. */
export function goldActOf(da: GoldDialogueAct, corpus: Corpus): Act | null {
  if (da.linkedSections.includes('actions')) return 'action_item';
  if (da.linkedSections.includes('decisions')) return 'decision';
  return corpus === 'AMI' ? amiAct(da) : mrdaAct(da.tag);
}

function amiAct(da: GoldDialogueAct): Act | null {
  const base = AMI_ACTS[da.tag] ?? null;
  if (da.isAnswer && (base === 'information' || base === 'proposal' || base === 'concern')) return 'answer';
  return base;
}

/** MRDA label such as 'fh|s^cs.%-' → the highest-priority act among its segments. */
export function mrdaAct(label: string): Act | null {
  const acts = label
    .split('|')
    .map((segment) => {
      const [general, ...specific] = segment.split('^').map((t) => t.replace(/[.:].*$/, ''));
      if (MRDA_QUESTIONS.has(general)) return 'question';
      if (general !== 's') return null;
      for (const tag of specific) if (MRDA_SPECIFIC[tag]) return MRDA_SPECIFIC[tag];
      return 'information';
    })
    .filter((a): a is Act => a !== null);
  return ACT_PRIORITY.find((a) => acts.includes(a)) ?? null;
}

/**
 * The gold act of a statement: the act with the most words among its overlapping dialogue acts
 * (ties go to ACT_PRIORITY); null when none of them carries an act.
 */
export function majorityAct(acts: { act: Act | null; words: number }[]): Act | null {
  const weight = new Map<Act, number>();
  for (const { act, words } of acts) if (act) weight.set(act, (weight.get(act) ?? 0) + Math.max(1, words));
  let best: Act | null = null;
  for (const act of ACT_PRIORITY) {
    const w = weight.get(act) ?? 0;
    if (w > 0 && (best === null || w > weight.get(best)!)) best = act;
  }
  return best;
}
