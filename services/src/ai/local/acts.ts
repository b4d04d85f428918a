/**
 * Dialogue act of a statement from cue lexicons and light syntax: no model, no training data.
 *
 * Each sentence of a statement is matched against cue patterns; a cue has an act and a strength.
 * A statement is 10–90 s of speech and often does several things, so its act is that of the
 * strongest cue over its sentences; equal strengths go to the act a reader most needs surfaced:
 *   decision > action_item > question > proposal > concern > answer > information
 * - A question in the last sentence counts fully, an earlier one a little less (often rhetorical
 *   or answered in place); a statement that ends on a question is asking for a reply.
 * - In a punctuated transcript a sentence that ends in '.' was heard as a statement, so word
 *   order alone ("What I mean is…") does not make it a question; unpunctuated recogniser output
 *   relies on word order.
 * - "answer" is the only act that needs context: the statement follows another speaker's question.
 * - No cue at or above MIN_CUE_STRENGTH: information.
 *
 * Strengths are set by hand, ordered by how reliable each cue is, and checked against how often
 * the winning cue was right on the AMI/ICSI dev statements (tools/acts-eval.ts --cues): e.g. '?'
 * 0.68/0.82, "let's" 0.70/0.50, "we could/should" 0.57/0.44. Decision and concern have only weak
 * proxies in those corpora (DAs linked to decision/problem summary sentences, mostly plain
 * statements of content), so their strengths follow what the words say to a reader instead.
 * Measured on dev statements (tools/acts-eval.ts), macro-F1 over the seven acts: AMI 0.37, ICSI 0.40,
 * against 0.08 / 0.07 for always answering the majority act.
 */
import type { DialogueAct, StatementInput } from '../ports.ts';
import { splitSentences } from '../../core/text/sentences.ts';
import { FILLERS } from '../../core/text/stopwords.ts';
import { cleanTranscript, words } from '../../core/text/tokens.ts';

export const ACTS_MODEL = 'rules-v1';

export interface ActLabel {
  act: DialogueAct;
  /** 0..1: the winning cue's strength, roughly how often such a cue is right. */
  confidence: number;
  /** Which cue decided, for explanations and debugging ("information" when none fired). */
  cue: string;
}

/** What the classifier needs to know about the statement before (another speaker's question?). */
export interface ActContext {
  speaker?: string | null;
  previous?: { text: string; speaker: string | null } | null;
}

interface Cue {
  act: Exclude<DialogueAct, 'answer' | 'information'>;
  name: string;
  /** Matched against the sentence as lower-case words joined by single spaces, fillers removed. */
  pattern: RegExp;
  strength: number;
  /**
   * A question told by word order alone. In a punctuated transcript a sentence ending in '.' was
   * heard as a statement, so such a cue counts only when the sentence ends in '?' or is unpunctuated.
   */
  shaped?: boolean;
  /** Does not apply where the named, more specific cue matches. */
  unless?: string;
}

// Shared pieces of the patterns.
const WE = "(?:we|we'll|we're|we've|we'd)";
const MODAL_PROPOSAL = '(?:could|can|should|might|may|ought to|need to|have to|must)';
const DEADLINE = String.raw`(?:by|before|until|till) (?:the )?(?:next|end|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|noon|then|\d+)|(?:tomorrow|tonight|next (?:week|time|meeting|monday|tuesday|wednesday|thursday|friday)|for the next (?:meeting|time|session)|this (?:afternoon|evening|week)|end of (?:the )?(?:day|week|month))`;
const TASK_VERB =
  '(?:send|email|e-mail|mail|write|prepare|draft|check|look into|look at|find out|figure out|follow up|contact|call|ask|schedule|set up|organise|organize|arrange|fix|finish|review|share|update|circulate|distribute|collect|compile|investigate|research|test|try|run|implement|build|make sure|put together|work on|talk to|get in touch|report|present|bring|upload|post|forward|book|order)';
/** Discourse openers a question may start with ("so what do we…", "and is it…"). */
const LEAD = '(?:(?:and|but|so|okay|ok|well|now|then|or|right|alright|yeah|oh|i mean|sorry) )*';
const SELF_FUTURE = "(?:i'll|i will|i'm going to|i'm gonna|i am going to|i shall|let me)";
const OTHER_FUTURE = String.raw`(?:you'll|you will|he'll|he will|she'll|she will|they'll|they will|\w+ will|you're going to|you are going to|(?:he's|she's|they're) going to)`;

const CUES: Cue[] = [
  // Decisions: the group has settled something.
  {
    act: 'decision',
    name: 'decided',
    pattern:
      /\b(?:we|we've|we have|we've all|i've|it's been|it was|it has been|has been|have been) (?:just )?(?:decided|agreed|settled|concluded|chosen)\b/,
    strength: 0.75,
  },
  {
    act: 'decision',
    name: 'decision-noun',
    pattern:
      /\b(?:the|our|final|a) decision (?:is|was|has been)\b|\b(?:that's|that is|it's|it is) (?:decided|settled|agreed|final)\b|\bwe (?:are|all) (?:in )?agree(?:d|ment)?\b|\bwe agree\b|\bagreed\b/,
    strength: 0.65,
  },
  {
    act: 'decision',
    name: 'go-with',
    pattern: new RegExp(
      String.raw`\b(?:${WE}|let's) (?:(?:will|are|gonna|going to|are going to) )?(?:just )?(?:go|going) (?:with|for)\b|\b(?:${WE}|let's) (?:(?:will|gonna|going to|are going to) )?stick (?:with|to)\b|\bso (?:that's|that is) (?:it|that|settled|decided)\b`,
    ),
    strength: 0.6,
  },
  // Taking up a proposal: "okay, let's do that", "sounds good, we'll go for it".
  {
    act: 'decision',
    name: 'accept',
    pattern:
      /\b(?:let's do (?:that|it|this)|we'll do (?:that|it)|go for it|that's the plan|(?:sounds|that's|that is) (?:good|great|fine|perfect|settled),? (?:then |so )?(?:let's|we'll)|(?:okay|ok|alright|fine|good|right) (?:then|so),? (?:we'll|let's) (?:do|go|use|take|have|keep|stick))\b/,
    strength: 0.65,
  },
  {
    act: 'decision',
    name: 'we-will-use',
    pattern:
      /\b(?:so|okay|ok|alright|right|then) (?:then )?(?:we'll|we will|we're going to|we are going to|we're gonna) (?:use|have|make|take|do|keep|include|put)\b(?! to\b)/,
    strength: 0.42,
  },

  // Action items: someone will do something, ideally by a time.
  {
    act: 'action_item',
    name: 'action-item',
    pattern: /\baction (?:item|point)s?\b|\bto-?do list\b|\bhomework\b|\bassignments?\b|\bdeadline\b/,
    strength: 0.7,
  },
  {
    act: 'action_item',
    name: 'commit-deadline',
    pattern: new RegExp(String.raw`\b(?:${SELF_FUTURE}|${OTHER_FUTURE}|${WE} (?:will|need to|have to|should)) .*\b(?:${DEADLINE})\b`),
    strength: 0.75,
  },
  {
    act: 'action_item',
    name: 'commit-task',
    pattern: new RegExp(String.raw`\b(?:${SELF_FUTURE}|${OTHER_FUTURE}) (?:\w+ )?(?:${TASK_VERB})\b`),
    strength: 0.55,
  },
  {
    act: 'action_item',
    name: 'assign',
    pattern:
      /\b(?:your (?:job|task|role|homework) (?:is|will be)|(?:is|are|will be) responsible for|(?:is|are|will be) in charge of|will (?:be )?(?:take|taking) care of|(?:will|is going to|are going to|is gonna|are gonna) (?:be )?work(?:ing)? on)\b/,
    strength: 0.5,
  },

  // Questions: '?' when the transcript is punctuated, else the shape of the sentence.
  // "Okay?", "Right?", "Any questions?" check the floor rather than ask something.
  {
    act: 'question',
    name: 'floor-check',
    pattern:
      /^(?:(?:and|so|okay|ok|right|alright|yeah|well|um) )*(?:okay|ok|right|alright|yeah|yes|no|you know|see|you see|huh|sorry|pardon|any questions|questions|any comments|comments|any thoughts|thoughts|anything else|understood|clear|makes sense)(?: so far| then)? \?$/,
    strength: 0.6,
  },
  { act: 'question', name: 'question-mark', pattern: /\?$/, strength: 0.8, unless: 'floor-check' },
  {
    act: 'question',
    name: 'wh-question',
    pattern: new RegExp(
      String.raw`^${LEAD}(?:(?:what|who|how|why)(?! (?:i|we) (?:mean|meant|say|said|think|thought|want|wanted|like|was saying|did|do)\b) (?:is|are|was|were|do|does|did|can|could|would|should|will|shall|have|has|had|many|much|long|often|far|kind|sort|else|exactly|if|you|we|they|it|that|this|the|about)|(?:when|where) (?:is|are|was|were|do|does|did|can|could|would|should|will|shall|have|has)|which (?:one|ones|of|way|option|kind|\w+ (?:do|does|did|is|are|should|would|will|can)))\b`,
    ),
    strength: 0.6,
    shaped: true,
  },
  {
    act: 'question',
    name: 'yes-no-question',
    pattern: new RegExp(
      String.raw`^${LEAD}(?:do|does|did|is|are|was|were|can|could|would|will|have|has|had|should|shall|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|shouldn't) (?:you|we|i|they|he|she|it|there|that|this|these|those|anyone|anybody|everyone|everybody|somebody|someone|people|the|your|our)\b`,
    ),
    strength: 0.6,
    shaped: true,
  },
  {
    act: 'question',
    name: 'elicit',
    pattern:
      /\b(?:any (?:questions?|ideas?|thoughts?|comments?|suggestions?|objections?|opinions?)|what do you (?:think|guys think|reckon|say)|(?:i was|i'm) wondering (?:if|whether|what|how|why|who|where|when)|i wonder (?:if|whether|what|how|why|who|where|when)|do you (?:know|think|have|want|mean|agree)|does (?:anyone|anybody) (?:know|have|want)|is there (?:any|a|an)|are there any|(?:can|could) (?:you|someone|somebody) (?:tell|explain|remind))\b/,
    strength: 0.6,
  },

  // Proposals: suggestions and offers.
  { act: 'proposal', name: 'lets', pattern: /\b(?:let's|let us)\b(?! (?:see|say|think|hope|not forget)\b)/, strength: 0.6 },
  {
    act: 'proposal',
    name: 'suggest',
    pattern:
      /\b(?:i (?:would |'d |d )?(?:suggest|propose|recommend)|my (?:suggestion|proposal|recommendation|idea) (?:is|would be)|i (?:would|'d) (?:go for|prefer|rather|like to (?:suggest|propose|see|have))|how about|what about|why (?:don't|not) (?:we|you|just)|why not\b|one (?:option|idea|possibility|alternative) (?:is|would be|could be)|(?:an|another) (?:option|alternative|idea) (?:is|would be|could be|might be))\b/,
    strength: 0.65,
  },
  {
    act: 'proposal',
    name: 'we-could',
    pattern: new RegExp(
      String.raw`(?<!\b(?:if|whether|that|what|how|which|where|when|because|cause|than|maximum|all) )\b(?:maybe |perhaps |i think |i guess |so )?(?:we (?:just )?${MODAL_PROPOSAL}|you (?:just )?(?:could|should|might|ought to|may want to|might want to)) (?:also |just |maybe |perhaps |probably |still |even |then |always )?(?!be\b|see\b|say\b|know\b|tell\b|hear\b|get\b|imagine\b|do that\b)\w+`,
    ),
    strength: 0.5,
  },
  {
    act: 'proposal',
    name: 'it-would-be-good',
    pattern:
      /\b(?:it|that|this) (?:would|could|might) be (?:nice|good|better|great|best|useful|interesting|cool|worth|an idea|a good idea|fun)\b|\bit(?:'s| is)? (?:might be )?worth (?:\w+ing)\b|\b(?:maybe|perhaps) (?:we|you|i) (?:can|could|should|might)\b|\bshall we\b|\bshould we\b|\bwe might want to\b|\bwhat if we\b/,
    strength: 0.6,
  },
  {
    act: 'proposal',
    name: 'you-should',
    pattern:
      /\b(?:(?:maybe|perhaps|i think|i guess|then) you (?:should|need to)(?! be able)|i (?:would|'d) (?:make|have|put|use|add|keep|drop|choose|take|say we)|(?:i think|i guess|i believe) (?:it's|it is|it'd be|it would be) (?:important|better|best|good|nice|wise|necessary) to|(?:it|this|that|they|the \w+) (?:should|ought to|must|needs to|has to) (?:be|have|look|feel|include|support)\b)/,
    strength: 0.45,
  },
  // An imperative at the start of a sentence directs what someone should do ("Just use that.").
  {
    act: 'proposal',
    name: 'imperative',
    pattern: new RegExp(
      String.raw`^${LEAD}(?:(?:just|maybe|perhaps|please|then|also) )*(?:make sure|use|try|put|give|take|add|check|keep|send|feed|start|stop|move|change|remove|drop|write|call|ask|tell|set up|run|test|leave|bring|note|mark|record|turn|switch|pick|choose|include|consider|skip|forget about|remember to|don't (?:forget|worry|bother|use|put|do)|go (?:ahead|for|with|back)|think about|talk to|look (?:at|into|for)|get (?:rid|a|an|some|the))\b`,
    ),
    strength: 0.45,
  },
  {
    act: 'proposal',
    name: 'offer',
    pattern: new RegExp(
      String.raw`\b(?:${SELF_FUTURE}|i can|i could)\b(?!')(?! (?:see|say|tell|imagine|think|guess|understand|remember)\b)`,
    ),
    strength: 0.45,
  },

  // Concerns: risks, problems, doubts.
  {
    act: 'concern',
    name: 'worried',
    pattern:
      /\b(?:i'm|i am|i was|i'd be|we're|we are) (?:a (?:bit|little) |quite |very |really |slightly |somewhat )?(?:worried|concerned|afraid|nervous|skeptical|sceptical|uneasy|unsure)\b|\bmy (?:worry|concern|fear)\b|\bi (?:doubt|fear)\b/,
    strength: 0.7,
  },
  {
    act: 'concern',
    name: 'problem-is',
    pattern:
      /\bthe (?:main |only |big |biggest |real |other )?(?:problem|issue|trouble|risk|danger|downside|drawback|difficulty|concern|catch|worry|snag|disadvantage) (?:is|was|would be|with|here)\b|\b(?:a|the|big|real|serious|major) (?:problem|issue|risk|bug|trouble)\b|\brisky\b|\bunfortunately\b/,
    strength: 0.55,
  },
  {
    act: 'concern',
    name: 'wont-work',
    pattern:
      /\b(?:won't|wouldn't|doesn't|don't|didn't|can't|cannot|isn't|is not|does not) (?:really |quite |actually )?(?:work|working|possible|feasible|fit|help|enough|scale)\b|\btoo (?:expensive|costly|much|many|big|heavy|small|complicated|complex|difficult|hard|slow|late|risky|fragile)\b|\bnot (?:possible|feasible|enough|sure (?:that|if|whether|about)|convinced)\b|\b(?:might|could|would|will) (?:be )?(?:a )?(?:problem|problematic|difficult|tricky|hard|expensive|an issue)\b|\bcan't afford\b|\bbroken\b|\b(?:have to|would have to|need to) (?:sacrifice|lose|give up|drop)\b/,
    strength: 0.45,
  },
];

const CUE_BY_NAME = new Map(CUES.map((c) => [c.name, c]));

/** Priority among equally strong cues: what a reader would most want surfaced. */
const PRIORITY: Record<DialogueAct, number> = {
  decision: 6,
  action_item: 5,
  question: 4,
  proposal: 3,
  concern: 2,
  answer: 1,
  information: 0,
};

/** Below this, no cue is trusted and the statement is information. */
const MIN_CUE_STRENGTH = 0.4;
/** How often "no cue" meant information on the dev statements (0.60 AMI, 0.65 ICSI). */
const INFORMATION_CONFIDENCE = 0.62;
/** A question that is not the statement's last sentence is often rhetorical or answered in place. */
const EARLIER_QUESTION_FACTOR = 0.85;
const ANSWER_OPENER =
  /^(?:yes|yeah|yep|yup|no|nope|nah|sure|right|exactly|correct|absolutely|definitely|probably|because|cause|i think|i don't think|i don't know|i'm not sure|not really|not sure|it's|it is|that's|that is|well|actually|i guess|i believe|depends|it depends)\b/;
const ANSWER_AFTER_QUESTION = 0.45;
const ANSWER_WITH_OPENER = 0.55;

interface SentenceForm {
  /** Lower-case words, fillers and immediate repetitions removed, joined by spaces; ' ?' appended when it asks. */
  form: string;
  /** The sentence ends in '.' or '!' in a punctuated transcript: heard as a statement. */
  declarative: boolean;
}

function sentenceForms(text: string): SentenceForm[] {
  const cleaned = cleanTranscript(text);
  const punctuated = /[.?!]/.test(cleaned);
  return splitSentences(cleaned).map((s) => {
    const tokens: string[] = [];
    for (const w of words(s.text)) {
      if (FILLERS.has(w)) continue;
      if (tokens[tokens.length - 1] === w) continue; // "we we will" → "we will": disfluent repeats
      tokens.push(w);
    }
    const asks = /\?["')\]]*$/.test(s.text);
    return {
      form: tokens.join(' ') + (asks ? ' ?' : ''),
      declarative: punctuated && /[.!]["')\]]*$/.test(s.text),
    };
  });
}

/** Strength of a cue in one sentence, or 0 when it does not apply there. */
function cueStrength(cue: Cue, sentence: SentenceForm, isLast: boolean): number {
  if (!cue.pattern.test(sentence.form)) return 0;
  if (cue.unless && CUE_BY_NAME.get(cue.unless)!.pattern.test(sentence.form)) return 0;
  if (cue.act !== 'question') return cue.strength;
  if (cue.shaped && sentence.declarative) return 0;
  return isLast ? cue.strength : cue.strength * EARLIER_QUESTION_FACTOR;
}

/** Every cue that fires in a text, with its strongest strength over the sentences (features for the act model). */
export function cueHits(text: string): { cue: string; act: DialogueAct; strength: number }[] {
  const forms = sentenceForms(text);
  const hits = new Map<string, { cue: string; act: DialogueAct; strength: number }>();
  forms.forEach((sentence, i) => {
    for (const cue of CUES) {
      const strength = cueStrength(cue, sentence, i === forms.length - 1);
      if (strength > (hits.get(cue.name)?.strength ?? 0)) hits.set(cue.name, { cue: cue.name, act: cue.act, strength });
    }
  });
  return [...hits.values()];
}

/** Whether a statement asks something (used for the next statement's "answer" and elsewhere). */
export function asksQuestion(text: string): boolean {
  const forms = sentenceForms(text);
  const last = forms[forms.length - 1];
  return last !== undefined && CUES.some((c) => c.act === 'question' && cueStrength(c, last, true) >= MIN_CUE_STRENGTH);
}

/** The dialogue act of one statement. */
export function classifyAct(text: string, context: ActContext = {}): ActLabel {
  const forms = sentenceForms(text);
  let best: ActLabel = { act: 'information', confidence: 0, cue: 'information' };
  const consider = (act: DialogueAct, strength: number, cue: string) => {
    const better = strength > best.confidence || (strength === best.confidence && PRIORITY[act] > PRIORITY[best.act]);
    if (better) best = { act, confidence: strength, cue };
  };

  forms.forEach((sentence, i) => {
    for (const cue of CUES) {
      const strength = cueStrength(cue, sentence, i === forms.length - 1);
      if (strength > 0) consider(cue.act, strength, cue.name);
    }
  });

  const previous = context.previous;
  const otherSpeaker = previous && (previous.speaker ?? null) !== (context.speaker ?? null);
  if (previous && otherSpeaker && asksQuestion(previous.text)) {
    const opener = forms[0] && ANSWER_OPENER.test(forms[0].form);
    consider('answer', opener ? ANSWER_WITH_OPENER : ANSWER_AFTER_QUESTION, opener ? 'answer-opener' : 'after-question');
  }

  if (best.confidence < MIN_CUE_STRENGTH) return { act: 'information', confidence: INFORMATION_CONFIDENCE, cue: 'information' };
  return { ...best, confidence: round(best.confidence) };
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Acts of a contribution's statements in order: each sees the one before it as context. */
export function classifyActs(statements: Pick<StatementInput, 'text' | 'speaker'>[]): ActLabel[] {
  return statements.map((s, i) => classifyAct(s.text, { speaker: s.speaker, previous: i > 0 ? statements[i - 1] : null }));
}

/**
 * Acts a digest gives a section of its own. A statement should carry at most one of them, so the
 * segmenter cuts between sentences that carry different ones (segment.ts, SentenceActs).
 */
const SECTION_ACTS: ReadonlySet<DialogueAct> = new Set(['decision', 'action_item', 'question', 'proposal']);
/**
 * Only cues this reliable cut a statement: '?' (0.8), "we decided" (0.75), "I'll … by Friday" (0.75),
 * "action item" (0.7). No proposal cue is that sure, so proposals stay with what surrounds them.
 */
const SENTENCE_ACT_MIN_STRENGTH = 0.7;
/** A sentence of fewer words ("Okay?", "Decided.") is a reaction, not an act of its own. */
const SENTENCE_ACT_MIN_WORDS = 4;

/** The act one sentence clearly carries, if it is one a digest lists separately; else null. */
export function sentenceActOf(sentence: string): DialogueAct | null {
  const forms = sentenceForms(sentence);
  const wordsSaid = forms.reduce((n, f) => n + f.form.split(' ').filter((w) => w && w !== '?').length, 0);
  if (wordsSaid < SENTENCE_ACT_MIN_WORDS) return null;
  let best: { act: DialogueAct; strength: number } | null = null;
  forms.forEach((form, i) => {
    for (const cue of CUES) {
      const strength = cueStrength(cue, form, i === forms.length - 1);
      if (strength < SENTENCE_ACT_MIN_STRENGTH || !SECTION_ACTS.has(cue.act)) continue;
      if (!best || strength > best.strength || (strength === best.strength && PRIORITY[cue.act] > PRIORITY[best.act])) {
        best = { act: cue.act, strength };
      }
    }
  });
  return (best as { act: DialogueAct } | null)?.act ?? null;
}
