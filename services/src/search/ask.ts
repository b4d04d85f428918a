/**
 * Ask: an answer to a question from the statements the caller may see, each sentence citing the
 * statements it used. The question's type steers which statements answer it: "what did we
 * decide…" wants a statement labelled decision, "who will… / what are the next steps" one
 * labelled action item, "when…" either. When such a question finds no labelled statement about
 * its subject, the answer says so ("I found no decision about the target group") instead of
 * quoting a loosely related line as if it were the decision. The answer is never empty.
 */
import type { CitedSentence, StatementInput, Summariser } from '../ai/ports.ts';
import { AppError } from '../core/errors.ts';
import { stem } from '../core/text/stem.ts';
import { STOPWORDS } from '../core/text/stopwords.ts';
import { plainWords } from './query-syntax.ts';
import { searchStatements, type SearchDeps, type SearchHit } from './search.ts';

export type QuestionKind = 'decision' | 'action_item' | 'when' | 'open';

/** A date, a day, a time of day or a relative time: what a "when" answer carries. */
const TIME_EXPRESSION =
  /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|tomorrow|tonight|today|yesterday|next (week|month|year|time|meeting)|this (week|month|year)|end of (the )?(week|month|year|quarter)|weekend|morning|afternoon|evening|deadline|\d{1,2}(:\d\d)? ?(am|pm|o'clock)|\d{1,2}(st|nd|rd|th)|(in|within) (a|one|two|three|four|\d+) (days?|weeks?|months?))\b/i;

const hasLabel = (h: SearchHit, value: string) => h.labels.some((l) => l.value === value);

/**
 * What each kind looks for: its cue in the question, the labels worth a search of their own, which
 * statements answer it, and the noun of the "found none" sentence.
 */
const KINDS: Record<Exclude<QuestionKind, 'open'>, { cue: RegExp; labels: string[]; fits: (h: SearchHit) => boolean; noun: string }> = {
  decision: {
    cue: /\b(decid\w*|decision\w*|agree\w*|conclu\w*|settled?|chose|chosen|choose|opt(ed)? for|went with|go with|outcome)\b/i,
    labels: ['decision'],
    fits: (h) => hasLabel(h, 'decision'),
    noun: 'decision',
  },
  action_item: {
    cue: /\b(who (will|is going to|'?s going to|should|has to|must|would)|action items?|next steps?|to-?dos?|assigned|responsible for|follow(ing)?[- ]up|take care of)\b/i,
    labels: ['action_item'],
    fits: (h) => hasLabel(h, 'action_item'),
    noun: 'action item',
  },
  when: {
    cue: /^\s*when\b|\b(by when|what (date|day|time)|deadline|due)\b/i,
    labels: ['action_item', 'decision'],
    fits: (h) => TIME_EXPRESSION.test(h.text),
    noun: 'date',
  },
};

/** Words that frame the question rather than name its subject ("what did we decide about X"). */
const FRAME = new Set(
  'what which who whom whose when why how did do does we they you group team people decide decided decision decisions agree agreed discuss discussed say said talk talked think thought will would should going next step steps action item items about on for regarding the'.split(
    ' ',
  ),
);

export function questionKind(question: string): QuestionKind {
  for (const kind of ['decision', 'action_item', 'when'] as const) if (KINDS[kind].cue.test(question)) return kind;
  return 'open';
}

/** The question's subject words: its plain words without the framing and stop words. */
export function subjectWords(question: string): string[] {
  return plainWords(question).filter((w) => {
    const lower = w.toLowerCase();
    return !FRAME.has(lower) && !STOPWORDS.retrieval.has(lower) && !KINDS.decision.cue.test(lower);
  });
}

/** Whether a statement mentions any of the subject's words (Porter stems, so "targets" meets "target"). */
export function mentions(text: string, subject: string[]): boolean {
  if (subject.length === 0) return true;
  const stems = new Set(subject.map((w) => stem(w.toLowerCase(), 'porter')));
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).some((w) => stems.has(stem(w, 'porter')));
}

export interface AskDeps extends SearchDeps {
  summariser: Summariser;
}

export interface AskParams {
  question: string;
  userId: string;
  space?: string;
  conference?: string;
}

/** Statements given to the summariser, and of those the labelled ones a typed question prefers. */
const ASK_STATEMENTS = 8;
const PREFERRED_STATEMENTS = 4;

export async function answerQuestion(d: AskDeps, p: AskParams): Promise<{ answer: CitedSentence[]; hits: SearchHit[] }> {
  const kind = questionKind(p.question);
  const subject = subjectWords(p.question);
  const about = subject.join(' ') || p.question.trim();
  const scope = { userId: p.userId, space: p.space, conference: p.conference, mode: 'hybrid' as const };
  const { hits } = await searchStatements(d, { ...scope, q: p.question, limit: ASK_STATEMENTS });

  let preferred: SearchHit[] = [];
  let lead: CitedSentence[] = [];
  if (kind !== 'open') {
    const { labels, fits, noun } = KINDS[kind];
    // Labelled statements about the subject rank low in a search for the whole question when other
    // lines share more of its words: each label gets a search for the subject of its own.
    const found = await Promise.all(labels.map((label) => searchStatements(d, { ...scope, q: about, label, limit: PREFERRED_STATEMENTS })));
    preferred = dedupe([...found.flatMap((f) => f.hits), ...hits])
      .filter((h) => fits(h) && mentions(h.text, subject))
      .slice(0, PREFERRED_STATEMENTS);
    if (preferred.length === 0) lead = [{ text: `I found no ${noun} about ${about}.`, statementIds: [] }];
  }

  // An open question none of whose hits mentions its subject was matched by vector closeness alone.
  if (kind === 'open' && subject.length > 0 && !hits.some((h) => mentions(h.text, subject))) {
    return { answer: [{ text: `I found nothing about ${about} in what you can see.`, statementIds: [] }], hits: [] };
  }
  const taken = new Set(preferred.map((h) => h.statementId));
  // After "I found no decision about X", only lines that mention X: nothing unrelated is quoted.
  const rest = hits.filter((h) => !taken.has(h.statementId) && (lead.length === 0 || mentions(h.text, subject)));
  const fromPreferred = await answerFrom(d.summariser, p.question, preferred);
  const fromRest = await answerFrom(d.summariser, p.question, rest);
  // The preferred statements' sentences lead; the rest follow, up to the usual length of an answer.
  const answer = [
    ...lead,
    ...fromPreferred,
    ...(preferred.length > 0 ? fromRest.slice(0, Math.max(1, 3 - fromPreferred.length)) : fromRest),
  ];
  if (answer.length === 0) answer.push({ text: `I found nothing about ${about} in what you can see.`, statementIds: [] });
  const cited = new Set(answer.flatMap((a) => a.statementIds));
  return { answer, hits: dedupe([...preferred, ...hits]).filter((h) => cited.has(h.statementId)) };
}

/** The summariser's cited answer from these hits; citing a statement it was not given is refused. */
async function answerFrom(summariser: Summariser, question: string, hits: SearchHit[]): Promise<CitedSentence[]> {
  if (hits.length === 0) return [];
  const inputs: StatementInput[] = hits.map((h) => ({
    id: h.statementId,
    text: h.text,
    speaker: h.speaker,
    startMs: h.startMs,
    endMs: h.endMs,
  }));
  const answer = await summariser.answer(question, inputs);
  const given = new Set(inputs.map((i) => i.id));
  if (answer.some((a) => a.statementIds.some((id) => !given.has(id)))) {
    throw new AppError('E_AI_INVALID_OUTPUT', 'the model cited statements it was not given', 502, true);
  }
  return answer;
}

const dedupe = (hits: SearchHit[]) => [...new Map(hits.map((h) => [h.statementId, h])).values()];
