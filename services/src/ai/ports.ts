/**
 * The AI capabilities the pipeline and search use, one port each. Adapters: `local` (offline,
 * deterministic, no key) and `openai` (any OpenAI-compatible endpoint, through LangChain).
 * Every output that came from a model carries provider, model and prompt version so rows can say
 * where they came from.
 */

export interface ModelInfo {
  /** 'local' | 'openai' */
  readonly provider: string;
  /** e.g. 'hash-ngram-384-v1', 'text-embedding-3-small', 'gpt-4o-mini' */
  readonly model: string;
}

export interface Embedder extends ModelInfo {
  /** Fixed per deployment; a change needs `colloquy reindex`. */
  readonly dims: number;
  /** One L2-normalised vector per text, in order. */
  embed(texts: string[], opts?: { signal?: AbortSignal }): Promise<number[][]>;
}

export const DIALOGUE_ACTS = ['question', 'proposal', 'decision', 'action_item', 'concern', 'answer', 'information'] as const;
export type DialogueAct = (typeof DIALOGUE_ACTS)[number];

/** A statement as the models see it: its text plus a little context. */
export interface StatementInput {
  id: string;
  text: string;
  speaker: string | null;
  startMs: number;
  endMs: number;
}

export interface StatementLabels {
  statementId: string;
  act: DialogueAct;
  /** 0..1 */
  confidence: number;
  /** 1–3 short lowercase topic tags, reusing `existingTags` where they fit. */
  topics: string[];
}

export interface Labeler extends ModelInfo {
  readonly promptVersion: string;
  /**
   * Labels statements of one contribution, in order (the previous statement is context: an answer
   * follows a question). `existingTags` are the conference's tags, most used first: reuse them
   * rather than inventing near-duplicates.
   */
  label(statements: StatementInput[], ctx: { existingTags: string[]; signal?: AbortSignal }): Promise<StatementLabels[]>;
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

export interface Summariser extends ModelInfo {
  readonly promptVersion: string;
  /** A one-line gist per statement, in order. */
  gists(statements: StatementInput[], opts?: { signal?: AbortSignal }): Promise<string[]>;
  summarise(
    input: { title: string; durationMs: number; statements: StatementInput[] },
    opts?: { signal?: AbortSignal },
  ): Promise<ContributionSummary>;
  /** An answer of a few sentences to a question, each citing the statements it used (only those given). */
  answer(question: string, statements: StatementInput[], opts?: { signal?: AbortSignal }): Promise<CitedSentence[]>;
}

export interface AiStatus {
  ok: boolean;
  message: string;
}
