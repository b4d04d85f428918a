/**
 * The `local` Labeler: dialogue acts from cue rules (acts.ts) and topic tags from keyphrases
 * normalised against the conference's tags (topics.ts). Deterministic and offline.
 */
import type { Labeler, StatementInput, StatementLabels } from '../ports.ts';
import { ACTS_MODEL, classifyActs } from './acts.ts';
import { TOPICS_MODEL, assignTopicsInOrder } from './topics.ts';

export class LocalLabeler implements Labeler {
  readonly provider = 'local';
  /** Both rule sets, so a change to either shows in the rows it labels. */
  readonly model = `${ACTS_MODEL}+${TOPICS_MODEL}`;
  /** No prompt: the model name carries the version. */
  readonly promptVersion = 'n/a';

  async label(statements: StatementInput[], ctx: { existingTags: string[]; signal?: AbortSignal }): Promise<StatementLabels[]> {
    ctx.signal?.throwIfAborted();
    const acts = classifyActs(statements);
    const topics = assignTopicsInOrder(
      statements.map((s) => s.text),
      ctx.existingTags,
    );
    return statements.map((s, i) => ({
      statementId: s.id,
      act: acts[i].act,
      confidence: acts[i].confidence,
      topics: topics[i],
    }));
  }
}
