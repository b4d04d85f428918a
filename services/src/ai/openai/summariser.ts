import type { Chapter, CitedSentence, ContributionSummary, StatementInput, Summariser } from '../ports.ts';
import type { Prompts } from '../prompts.ts';
import { invalidOutput, promptSource } from './errors.ts';
import { CitedAnswer, ContributionSummary as ContributionSummarySchema, StatementGists } from './schemas.ts';
import { canonicalAlias, clock, escapeText, referStatements, resolveCitations, type StatementRefs } from './statement-refs.ts';
import type { StructuredChat } from './structured-chat.ts';

/**
 * Gists, contribution summaries and cited answers, from prompts/gist.md, summarize.md and
 * answer.md. Everything generated is grounded: each sentence must cite statements that were shown
 * to the model, and an answer citing anything else is rejected, not repaired.
 */

export interface OpenAiSummariserOptions {
  chat: StructuredChat;
  prompts: Prompts;
  /** Statements per gist request. */
  gistBatchSize?: number;
  /** Budget for the statement texts of one request (a long meeting is clipped evenly). */
  maxPromptChars?: number;
}

const DEFAULT_GIST_BATCH_SIZE = 20;
const DEFAULT_MAX_PROMPT_CHARS = 60_000;
/** Chapters only pay off in longer media (ports.ts: "longer than ~5 minutes"). */
export const CHAPTERS_FROM_MS = 5 * 60_000;
const MAX_CHAPTERS = 12;
const MAX_ANSWER_SENTENCES = 6;
const MAX_GIST_CHARS = 240;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export function createOpenAiSummariser(
  options: OpenAiSummariserOptions,
): Summariser & { promptVersions: Record<'gist' | 'summarize' | 'answer', string> } {
  const { chat, prompts } = options;
  const gistTask = chat.task(prompts.get('gist'), 'StatementGists', StatementGists);
  const summaryTask = chat.task(prompts.get('summarize'), 'ContributionSummary', ContributionSummarySchema);
  const answerTask = chat.task(prompts.get('answer'), 'CitedAnswer', CitedAnswer);
  const gistBatchSize = Math.max(1, options.gistBatchSize ?? DEFAULT_GIST_BATCH_SIZE);
  const maxChars = options.maxPromptChars ?? DEFAULT_MAX_PROMPT_CHARS;

  /** Text plus at least one citation, every citation one of the shown statements. */
  function citedSentence(
    raw: { text: string; statementIds: string[] },
    refs: StatementRefs,
    fail: (d: string) => Error,
    where: string,
  ): CitedSentence {
    const text = oneLine(raw.text);
    if (!text) throw fail(`${where} is empty`);
    const { ids, unknown } = resolveCitations(refs, raw.statementIds);
    if (unknown.length) throw fail(`${where} cites statement id(s) that were not given: ${unknown.join(', ')}`);
    if (ids.length === 0) throw fail(`${where} cites no statement`);
    return { text, statementIds: ids };
  }

  async function gistBatch(batch: StatementInput[], signal?: AbortSignal): Promise<string[]> {
    const refs = referStatements(batch, { maxChars });
    const answer = await gistTask.run({ statements: refs.text }, { signal });
    const fail = (detail: string) => invalidOutput(promptSource(gistTask.prompt), detail);
    const byAlias = new Map<string, string>();
    for (const item of answer.gists) {
      const alias = canonicalAlias(item.id);
      if (!refs.byAlias.has(alias)) throw fail(`gist for unknown statement id "${item.id}" (given: ${refs.aliases.join(', ')})`);
      if (byAlias.has(alias)) throw fail(`two gists for ${alias}`);
      const gist = oneLine(item.gist);
      if (!gist) throw fail(`empty gist for ${alias}`);
      if (gist.length > MAX_GIST_CHARS) throw fail(`the gist for ${alias} is ${gist.length} characters, not one line`);
      byAlias.set(alias, gist);
    }
    const missing = refs.aliases.filter((a) => !byAlias.has(a));
    if (missing.length) throw fail(`no gist for ${missing.join(', ')}`);
    return refs.aliases.map((a) => byAlias.get(a)!);
  }

  async function gists(statements: StatementInput[], opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    const out: string[] = [];
    for (let start = 0; start < statements.length; start += gistBatchSize) {
      out.push(...(await gistBatch(statements.slice(start, start + gistBatchSize), opts.signal)));
    }
    return out;
  }

  async function summarise(
    input: { title: string; durationMs: number; statements: StatementInput[] },
    opts: { signal?: AbortSignal } = {},
  ): Promise<ContributionSummary> {
    // Nothing was said (a silent clip): there is nothing to summarise or cite.
    if (input.statements.length === 0) return { title: input.title, summary: [], chapters: [] };
    const refs = referStatements(input.statements, { maxChars });
    const wantChapters = input.durationMs >= CHAPTERS_FROM_MS && input.statements.length >= 2;
    const answer = await summaryTask.run(
      {
        title: escapeText(oneLine(input.title)) || '(untitled)',
        duration: clock(input.durationMs),
        wantChapters: wantChapters ? 'yes' : 'no',
        statements: refs.text,
      },
      opts,
    );
    const fail = (detail: string) => invalidOutput(promptSource(summaryTask.prompt), detail);

    const title = oneLine(answer.title)
      .replace(/^["'“]+|["'”]+$/g, '')
      .replace(/\.$/, '');
    if (!title) throw fail('empty title');
    // One short statement cannot honestly fill two sentences.
    const minSentences = input.statements.length === 1 ? 1 : 2;
    if (answer.summary.length < minSentences || answer.summary.length > 4) {
      throw fail(`${answer.summary.length} summary sentences (expected ${minSentences}–4)`);
    }
    const summary = answer.summary.map((s, i) => citedSentence(s, refs, fail, `summary sentence ${i + 1}`));

    // Chapters that were not asked for are left out: the prompt said to return none.
    let chapters: Chapter[] = [];
    if (wantChapters) {
      if (answer.chapters.length < 2 || answer.chapters.length > MAX_CHAPTERS) {
        throw fail(`${answer.chapters.length} chapters (expected 2–${MAX_CHAPTERS})`);
      }
      const startOf = new Map(input.statements.map((s) => [s.id, s.startMs]));
      chapters = answer.chapters
        .map((c, i) => {
          const { text, statementIds } = citedSentence({ text: c.title, statementIds: c.statementIds }, refs, fail, `chapter ${i + 1}`);
          return { title: text, startMs: Math.min(...statementIds.map((id) => startOf.get(id)!)), statementIds };
        })
        .sort((a, b) => a.startMs - b.startMs);
    }
    return { title, summary, chapters };
  }

  async function answer(question: string, statements: StatementInput[], opts: { signal?: AbortSignal } = {}): Promise<CitedSentence[]> {
    if (statements.length === 0) return [];
    const refs = referStatements(statements, { maxChars });
    const result = await answerTask.run({ question: escapeText(oneLine(question)), statements: refs.text }, opts);
    const fail = (detail: string) => invalidOutput(promptSource(answerTask.prompt), detail);
    if (result.sentences.length > MAX_ANSWER_SENTENCES)
      throw fail(`${result.sentences.length} sentences (at most ${MAX_ANSWER_SENTENCES})`);
    // An empty list is the model saying the statements do not answer the question.
    return result.sentences.map((s, i) => citedSentence(s, refs, fail, `sentence ${i + 1}`));
  }

  const promptVersions = { gist: gistTask.prompt.version, summarize: summaryTask.prompt.version, answer: answerTask.prompt.version };
  return {
    provider: 'openai',
    model: chat.model,
    // One field for three prompts: an edit to any of them changes it.
    promptVersion: `summarize@${promptVersions.summarize}+gist@${promptVersions.gist}+answer@${promptVersions.answer}`,
    promptVersions,
    gists,
    summarise,
    answer,
  };
}
