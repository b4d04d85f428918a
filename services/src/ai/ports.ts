/**
 * The AI capabilities the pipeline and search use, one port each. Adapters: `local` (offline,
 * deterministic, no key) and `openai` (any OpenAI-compatible endpoint, through LangChain).
 * Every output that came from a model carries provider, model and prompt version so rows can say
 * where they came from.
 */

import type { CitedSentence, ContributionSummary, StatementInput, StatementLabels } from '../core/understanding.ts';

export { DIALOGUE_ACTS } from '../core/understanding.ts';
export type { Chapter, CitedSentence, ContributionSummary, DialogueAct, StatementInput, StatementLabels } from '../core/understanding.ts';

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

export interface Labeler extends ModelInfo {
  readonly promptVersion: string;
  /**
   * Labels statements of one contribution, in order (the previous statement is context: an answer
   * follows a question). `existingTags` are the conference's tags, most used first: reuse them
   * rather than inventing near-duplicates.
   */
  label(statements: StatementInput[], ctx: { existingTags: string[]; signal?: AbortSignal }): Promise<StatementLabels[]>;
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
