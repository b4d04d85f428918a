/**
 * The `local` Labeler: dialogue acts from the model trained on the AMI and ICSI annotations,
 * combined with the cue rules (act-model.ts, acts.ts), and topic tags from keyphrases normalised
 * against the conference's tags (topics.ts). Deterministic and offline.
 */
import type { Labeler, StatementInput, StatementLabels } from '../ports.ts';
import { classifyActsWithModel, shippedActModel } from './act-model.ts';
import { ACTS_MODEL } from './acts.ts';
import { TOPICS_MODEL, assignTopicsInOrder } from './topics.ts';

export class LocalLabeler implements Labeler {
  readonly provider = 'local';
  /** The act model, the cue rules and the topic rules, so a change to any shows in the rows it labels. */
  readonly model = `acts-${shippedActModel().version}+${ACTS_MODEL}+${TOPICS_MODEL}`;
  /** No prompt: the model name carries the version. */
  readonly promptVersion = 'n/a';

  async label(statements: StatementInput[], ctx: { existingTags: string[]; signal?: AbortSignal }): Promise<StatementLabels[]> {
    ctx.signal?.throwIfAborted();
    const acts = classifyActsWithModel(
      shippedActModel(),
      statements.map((s) => ({ text: s.text, speaker: s.speaker ?? null })),
    );
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
