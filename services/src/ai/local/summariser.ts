/**
 * The `local` Summariser: extractive gists, summaries, chapters and answers (summarise.ts). Every
 * sentence it returns was said in the statements it cites.
 */
import { AppError } from '../../core/errors.ts';
import type { CitedSentence, ContributionSummary, StatementInput, Summariser } from '../ports.ts';
import { SUMMARISER_MODEL, answerFrom, chaptersOf, gistOf, summaryOf, titleFrom } from './summarise.ts';

export class LocalSummariser implements Summariser {
  readonly provider = 'local';
  readonly model = SUMMARISER_MODEL;
  /** No prompt: the model name carries the version. */
  readonly promptVersion = 'n/a';

  async gists(statements: StatementInput[], opts?: { signal?: AbortSignal }): Promise<string[]> {
    opts?.signal?.throwIfAborted();
    return statements.map((s) => gistOf(s.text));
  }

  async summarise(
    input: { title: string; durationMs: number; statements: StatementInput[] },
    opts?: { signal?: AbortSignal },
  ): Promise<ContributionSummary> {
    opts?.signal?.throwIfAborted();
    const title = input.title.trim() || titleFrom(input.statements);
    return { title, summary: summaryOf(input.statements), chapters: chaptersOf(input.statements, input.durationMs) };
  }

  async answer(question: string, statements: StatementInput[], opts?: { signal?: AbortSignal }): Promise<CitedSentence[]> {
    opts?.signal?.throwIfAborted();
    if (!question.trim()) throw new AppError('E_VALIDATION', 'the question is empty', 400);
    return answerFrom(question, statements);
  }
}
