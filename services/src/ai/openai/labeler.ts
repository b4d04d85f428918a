import type { Labeler, StatementInput, StatementLabels } from '../ports.ts';
import type { Prompts } from '../prompts.ts';
import { invalidOutput, promptSource } from './errors.ts';
import { StatementLabels as StatementLabelsSchema, type StatementLabelsOutput } from './schemas.ts';
import { canonicalAlias, contextStatement, referStatements, type StatementRefs } from './statement-refs.ts';
import type { StructuredChat } from './structured-chat.ts';
import { matchTopics } from './topic-tags.ts';

/**
 * Dialogue act and topic tags for statements, from prompts/label.md. Statements go in batches; each
 * batch sees the statement before it as context (an answer follows a question), and the tags of
 * earlier batches join the conference's existing tags so one contribution's tags stay consistent.
 */

export interface OpenAiLabelerOptions {
  chat: StructuredChat;
  prompts: Prompts;
  /** Statements per request. */
  batchSize?: number;
  /** Budget for the statement texts of one request. */
  maxPromptChars?: number;
}

const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_MAX_PROMPT_CHARS = 24_000;
const NO_TAGS = '(none yet)';
// Most used first, so the cut keeps the tags worth reusing; matching still uses them all.
const MAX_TAGS_SHOWN = 100;

export function createOpenAiLabeler(options: OpenAiLabelerOptions): Labeler {
  const { chat } = options;
  const task = chat.task(options.prompts.get('label'), 'StatementLabels', StatementLabelsSchema);
  const { prompt } = task;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const maxChars = options.maxPromptChars ?? DEFAULT_MAX_PROMPT_CHARS;

  /** Every shown statement labelled exactly once, nothing else; output in input order. */
  function check(answer: StatementLabelsOutput, refs: StatementRefs, tags: readonly string[]): StatementLabels[] {
    const fail = (detail: string) => invalidOutput(promptSource(prompt), detail);
    const byAlias = new Map<string, StatementLabels>();
    for (const label of answer.labels) {
      const alias = canonicalAlias(label.id);
      const statement = refs.byAlias.get(alias);
      if (!statement) throw fail(`label for unknown statement id "${label.id}" (given: ${refs.aliases.join(', ')})`);
      if (byAlias.has(alias)) throw fail(`statement ${alias} labelled twice`);
      if (!Number.isFinite(label.confidence) || label.confidence < 0 || label.confidence > 1) {
        throw fail(`confidence ${label.confidence} for ${alias} is outside 0..1`);
      }
      const topics = matchTopics(label.topics, tags);
      if (!topics.ok) throw fail(`${alias}: ${topics.reason}`);
      byAlias.set(alias, { statementId: statement.id, act: label.act, confidence: label.confidence, topics: topics.topics });
    }
    const missing = refs.aliases.filter((a) => !byAlias.has(a));
    if (missing.length)
      throw fail(`no label for ${missing.join(', ')} (${answer.labels.length} labels for ${refs.aliases.length} statements)`);
    return refs.aliases.map((a) => byAlias.get(a)!);
  }

  async function label(statements: StatementInput[], ctx: { existingTags: string[]; signal?: AbortSignal }): Promise<StatementLabels[]> {
    const fresh: string[] = []; // tags this contribution introduced, shown first to later batches
    const labels: StatementLabels[] = [];
    for (let start = 0; start < statements.length; start += batchSize) {
      const tags = [...new Set([...fresh, ...ctx.existingTags])];
      const refs = referStatements(statements.slice(start, start + batchSize), { maxChars });
      const answer = await task.run(
        {
          statements: refs.text,
          previous: contextStatement(statements[start - 1]),
          existingTags: tags.length ? tags.slice(0, MAX_TAGS_SHOWN).join(', ') : NO_TAGS,
        },
        { signal: ctx.signal },
      );
      for (const result of check(answer, refs, tags)) {
        labels.push(result);
        for (const topic of result.topics) if (!tags.includes(topic) && !fresh.includes(topic)) fresh.push(topic);
      }
    }
    return labels;
  }

  return { provider: 'openai', model: chat.model, promptVersion: prompt.version, label };
}
