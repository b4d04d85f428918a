import type { TimedWord } from './transcript.ts';

/**
 * What the models read and write, as data: the vocabulary the AI ports, the pipeline and the
 * repositories that store it share (ai/ports.ts holds the ports themselves).
 */

export const DIALOGUE_ACTS = ['question', 'proposal', 'decision', 'action_item', 'concern', 'answer', 'information'] as const;
export type DialogueAct = (typeof DIALOGUE_ACTS)[number];

/** A statement as the models see it: its text plus a little context. */
export interface StatementInput {
  id: string;
  text: string;
  speaker: string | null;
  startMs: number;
  endMs: number;
  /**
   * The recognised words of the statement with the recogniser's confidence, when a recogniser
   * made the transcript: titles and tags are made only of what was surely said (core/text/surely-said.ts).
   */
  words?: readonly TimedWord[];
}

export interface StatementLabels {
  statementId: string;
  act: DialogueAct;
  /** 0..1 */
  confidence: number;
  /** 1–3 short lowercase topic tags, reusing `existingTags` where they fit. */
  topics: string[];
}

/** A sentence of generated text and the statements it came from (grounding). */
export interface CitedSentence {
  text: string;
  statementIds: string[];
}

export interface Chapter {
  title: string;
  startMs: number;
  statementIds: string[];
}

export interface ContributionSummary {
  title: string;
  /** 2–4 sentences. */
  summary: CitedSentence[];
  /** Only for media longer than ~5 minutes; otherwise empty. */
  chapters: Chapter[];
}
