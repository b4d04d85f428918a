import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { summariesRepo } from '../db/repos/summaries.repo.ts';
import { AppError } from '../core/errors.ts';
import { toStatementInputs } from './inputs.ts';
import type { Stage } from './context.ts';
import { interviewsRepo } from '../db/repos/interviews.repo.ts';

/** A one-line gist per statement; a title, a cited summary and chapters per contribution. */
export const summariseStage: Stage = async (c, ctx) => {
  if (!(await interviewsRepo(ctx.db).aiSummariesAllowed(c.conference_id))) return; // an interview whose candidates were promised no AI summaries
  const { summariser } = ctx.ai;
  const contributions = contributionsRepo(ctx.db);
  // With the transcript's words, so titles and chapter titles keep to what was surely said.
  const statements = toStatementInputs(await contributions.statements(c.id), await contributions.transcript(c.id));
  if (statements.length === 0) return;
  const gists = await summariser.gists(statements, { signal: ctx.signal });
  ctx.progress(0.5);
  const summary = await summariser.summarise({ title: c.title, durationMs: c.duration_ms ?? 0, statements }, { signal: ctx.signal });
  const known = new Set(statements.map((s) => s.id));
  const cited = [...summary.summary, ...summary.chapters].flatMap((x) => x.statementIds);
  if (gists.length !== statements.length || cited.some((id) => !known.has(id))) {
    // Grounding is the contract: an uncited or wrongly cited summary is a model error, retried.
    throw new AppError(
      'E_AI_INVALID_OUTPUT',
      `${summariser.provider}:${summariser.model} returned gists or citations that do not match the statements`,
      502,
      true,
    );
  }
  const from = { provider: summariser.provider, model: summariser.model, promptVersion: summariser.promptVersion };
  await ctx.db.tx(async (q) => {
    const repo = summariesRepo(q);
    await repo.saveGists(
      statements.map((s) => s.id),
      gists,
      `${from.provider}:${from.model}@${from.promptVersion}`,
    );
    await repo.save(c.id, summary, from);
  });
};
