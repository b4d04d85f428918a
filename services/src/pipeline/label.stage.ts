import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { labelsRepo } from '../db/repos/labels.repo.ts';
import { AppError } from '../core/errors.ts';
import { keepSurelySaidTopics } from '../ai/surely-said-topics.ts';
import { toStatementInputs } from './inputs.ts';
import type { Stage } from './context.ts';

/**
 * A dialogue act and up to 3 topic tags per statement, reusing the conference's existing tags; tags
 * keep to what was surely said (the recogniser's confidence travels with the transcript's words).
 */
export const labelStage: Stage = async (c, ctx) => {
  const { labeler } = ctx.ai;
  const contributions = contributionsRepo(ctx.db);
  const statements = await contributions.statements(c.id);
  if (statements.length === 0) return;
  const inputs = toStatementInputs(statements, await contributions.transcript(c.id));
  const labels = labelsRepo(ctx.db);
  const existingTags = await labels.conferenceTags(c.conference_id);
  const labelled = await labeler.label(inputs, { existingTags, signal: ctx.signal });
  const known = new Set(statements.map((s) => s.id));
  if (labelled.some((l) => !known.has(l.statementId))) {
    throw new AppError('E_AI_INVALID_OUTPUT', `${labeler.provider}:${labeler.model} labelled a statement it was not given`, 502, true);
  }
  const result = keepSurelySaidTopics(labelled, inputs, existingTags);
  await ctx.db.tx((q) =>
    labelsRepo(q).replaceAiLabels([...known], result, {
      provider: labeler.provider,
      model: labeler.model,
      promptVersion: labeler.promptVersion,
    }),
  );
};
