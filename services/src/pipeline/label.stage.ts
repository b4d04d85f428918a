import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { labelsRepo } from '../db/repos/labels.repo.ts';
import { AppError } from '../core/errors.ts';
import { toStatementInputs } from './inputs.ts';
import type { Stage } from './context.ts';

/** A dialogue act and 1–3 topic tags per statement, reusing the conference's existing tags. */
export const labelStage: Stage = async (c, ctx) => {
  const { labeler } = ctx.ai;
  const statements = await contributionsRepo(ctx.db).statements(c.id);
  if (statements.length === 0) return;
  const labels = labelsRepo(ctx.db);
  const existingTags = await labels.conferenceTags(c.conference_id);
  const result = await labeler.label(toStatementInputs(statements), { existingTags, signal: ctx.signal });
  const known = new Set(statements.map((s) => s.id));
  if (result.some((l) => !known.has(l.statementId))) {
    throw new AppError('E_AI_INVALID_OUTPUT', `${labeler.provider}:${labeler.model} labelled a statement it was not given`, 502, true);
  }
  await ctx.db.tx((q) =>
    labelsRepo(q).replaceAiLabels([...known], result, {
      provider: labeler.provider,
      model: labeler.model,
      promptVersion: labeler.promptVersion,
    }),
  );
};
