import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Ai } from '../ai/index.ts';
import type { Db } from '../db/db.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { interviewsRepo } from '../db/repos/interviews.repo.ts';
import { labelsRepo } from '../db/repos/labels.repo.ts';
import { profilesRepo } from '../db/repos/profiles.repo.ts';
import { statementEditsRepo } from '../db/repos/statement-edits.repo.ts';
import { summariesRepo } from '../db/repos/summaries.repo.ts';
import type { TaskPayload } from '../jobs/catalog.ts';
import { currentEmbedding, reindexNeeded, sameModel } from '../search/embedding-schema.ts';
import { toStatementInputs } from './inputs.ts';

/**
 * After a statement is corrected: embed, label and summarise again for that statement and its
 * contribution only, as the pipeline's stages would, and its author's profile. The
 * labeller and summariser see the whole contribution (context: an answer follows a question, tags
 * recur), but only the corrected statement's labels and gist are replaced, so the others do not
 * shift under their readers; user labels and removals stay (labelsRepo.replaceAiLabels). A job
 * for a revision that a later correction replaced does nothing: that correction has its own job.
 */
export async function redoCorrectedStatement(deps: { db: Db; ai: Ai; log: Logger }, task: TaskPayload<'statement-edit'>): Promise<void> {
  const { db, ai } = deps;
  const { embedder, labeler, summariser } = ai;
  const current = await statementEditsRepo(db).revisionOf(task.statementId);
  if (!current || current.revision !== task.revision) return;
  const c = await contributionsRepo(db).byId(current.contribution_id);
  if (!c) return;
  const stored = await currentEmbedding(db);
  if (!stored || !sameModel(stored, embedder)) throw reindexNeeded(stored ?? { provider: '?', model: 'none', dims: 0 }, embedder);

  const statements = toStatementInputs(await contributionsRepo(db).statements(c.id));
  const edited = statements.find((s) => s.id === task.statementId);
  if (!edited) return;
  const [vector] = await embedder.embed([edited.text]);
  const labels = (await labeler.label(statements, { existingTags: await labelsRepo(db).conferenceTags(c.conference_id) })).find(
    (l) => l.statementId === edited.id,
  );
  if (!labels) throw invalidOutput(`${labeler.provider}:${labeler.model} did not label the corrected statement`);

  const withSummaries = await interviewsRepo(db).aiSummariesAllowed(c.conference_id);
  const gists = withSummaries ? await summariser.gists(statements) : null;
  const summary = withSummaries ? await summariser.summarise({ title: c.title, durationMs: c.duration_ms ?? 0, statements }) : null;
  const known = new Set(statements.map((s) => s.id));
  if (gists && gists.length !== statements.length)
    throw invalidOutput(`${summariser.provider}:${summariser.model} returned gists that do not match the statements`);
  if (summary && [...summary.summary, ...summary.chapters].some((x) => x.statementIds.some((id) => !known.has(id)))) {
    throw invalidOutput(`${summariser.provider}:${summariser.model} cited statements it was not given`);
  }

  const done = await db.tx(async (q) => {
    const edits = statementEditsRepo(q);
    if ((await edits.revisionOf(edited.id))?.revision !== task.revision) return false; // corrected again meanwhile
    await contributionsRepo(q).setStatementEmbeddings([edited.id], [vector], embedder.model);
    await edits.refreshContributionEmbedding(c.id, embedder.model);
    await labelsRepo(q).replaceAiLabels([edited.id], [labels], {
      provider: labeler.provider,
      model: labeler.model,
      promptVersion: labeler.promptVersion,
    });
    if (gists && summary) {
      const from = { provider: summariser.provider, model: summariser.model, promptVersion: summariser.promptVersion };
      await summariesRepo(q).saveGists(
        [edited.id],
        [gists[statements.indexOf(edited)]],
        `${from.provider}:${from.model}@${from.promptVersion}`,
      );
      await summariesRepo(q).save(c.id, summary, from);
    }
    if (c.author_id) await profilesRepo(q).refresh(c.space_id, c.author_id, embedder.model);
    await edits.markUnderstood(edited.id, task.revision);
    return true;
  });
  if (done) deps.log.info({ statementId: edited.id, revision: task.revision }, 'corrected statement understood again');
}

const invalidOutput = (message: string) => new AppError('E_AI_INVALID_OUTPUT', message, 502, true);
