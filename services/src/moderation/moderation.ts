/**
 * Moderation and deletion. A contribution's author, and its space's owners and hosts, delete it;
 * owners and hosts delete or hide a statement. Everyone else gets the 404 an outsider gets, so
 * nobody learns what exists by trying. Deleting is for good: rows (statements, vectors, labels,
 * summaries, reactions, views, corrections, transcript, recognition pieces cascade with the
 * contribution), media files, span cuts of forwards, pending jobs, quoted text in notifications,
 * exports that hold it. Hiding keeps everything, out of members' sight, until a host unhides it.
 * Interview answers are not moderated here (interview/deletion.ts deletes a candidate's data).
 */
import { rm } from 'node:fs/promises';
import type { ModerationEvent } from '@colloquy/contract';
import { notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { publish } from '../db/repos/events.repo.ts';
import { forwardsRepo } from '../db/repos/forwards.repo.ts';
import { moderationRepo, type ModeratedContributionRow, type ModeratedStatementRow } from '../db/repos/moderation.repo.ts';
import { profilesRepo } from '../db/repos/profiles.repo.ts';
import { statementEditsRepo } from '../db/repos/statement-edits.repo.ts';
import { summariesRepo } from '../db/repos/summaries.repo.ts';
import { transcriptPiecesRepo } from '../db/repos/transcript-pieces.repo.ts';
import { removeSpanFiles } from '../forwards/span-media.ts';
import type { Services } from '../services.ts';
import { cutSpans, withoutStatements } from '../contributions/moderated-views.ts';

export const isHost = (role: string) => role === 'owner' || role === 'host';
export const mayDeleteContribution = (row: { role: string; author_id: string | null }, userId: string) =>
  isHost(row.role) || row.author_id === userId;

type Deps = Pick<Services, 'db' | 'queue' | 'storage' | 'log' | 'ai'>;

/** What the caller may do to a contribution, as its detail says (interview answers: nothing here). */
export async function moderationRights(q: Queryable, contributionId: string, userId: string) {
  const row = await moderationRepo(q).contributionFor(contributionId, userId);
  return { canDelete: Boolean(row && mayDeleteContribution(row, userId)), canModerate: Boolean(row && isHost(row.role)) };
}

async function contributionToDelete(s: Deps, id: string, userId: string): Promise<ModeratedContributionRow> {
  const row = await moderationRepo(s.db).contributionFor(id, userId);
  if (!row || !mayDeleteContribution(row, userId)) throw notFound('contribution');
  return row;
}

/** The statement, if the caller is an owner or host of its space; 404 for anyone else. */
export async function statementToModerate(s: Pick<Services, 'db'>, id: string, userId: string): Promise<ModeratedStatementRow> {
  const row = await moderationRepo(s.db).statementFor(id, userId);
  if (!row || !isHost(row.role)) throw notFound('statement');
  return row;
}

const event = (action: ModerationEvent['action'], row: ModeratedContributionRow, statementId: string | null): ModerationEvent => ({
  type: 'moderation',
  action,
  spaceId: row.space_id,
  conferenceId: row.conference_id,
  contributionId: row.id,
  statementId,
});

/** Fields of a notification's payload that quote what was said or written. */
const QUOTING = ['title', 'excerpt', 'text', 'gist', 'speaker', 'note', 'snippet'];

/**
 * Notifications stay (the reader saw something happen, and counts add up), but an event about
 * something deleted loses every quoted field and says `removed: true`.
 */
export function scrubPayload(payload: Record<string, unknown>, ids: Set<string>): Record<string, unknown> {
  const names = (p: Record<string, unknown>) => [p.contributionId, p.statementId].some((v) => typeof v === 'string' && ids.has(v));
  const scrub = (p: Record<string, unknown>) =>
    names(p) ? { ...Object.fromEntries(Object.entries(p).filter(([k]) => !QUOTING.includes(k))), removed: true } : p;
  const items = Array.isArray(payload.items)
    ? payload.items.map((x) => (x && typeof x === 'object' ? scrub(x as Record<string, unknown>) : x))
    : undefined;
  return { ...scrub(payload), ...(items ? { items } : {}) };
}

async function scrubNotifications(q: Queryable, ids: string[]) {
  const m = moderationRepo(q);
  const set = new Set(ids);
  for (const n of await m.notificationsNaming(ids)) await m.setNotificationPayload(n.id, scrubPayload(n.payload, set));
}

/** Ready exports holding the conference expire now (their zips still hold what was deleted). */
async function expireExports(q: Queryable, row: ModeratedContributionRow) {
  return (await moderationRepo(q).expireExportsHolding(row.conference_id, row.space_id)).flatMap((e) => (e.file_path ? [e.file_path] : []));
}

async function refreshProfiles(s: Deps, spaceId: string, userIds: string[]) {
  for (const userId of userIds) await profilesRepo(s.db).refresh(spaceId, userId, s.ai.embedder.model);
}

export async function deleteContribution(s: Deps, id: string, userId: string): Promise<{ statements: number }> {
  const row = await contributionToDelete(s, id, userId);
  const done = await s.db.tx(async (q) => {
    const statementIds = (await contributionsRepo(q).statements(id)).map((x) => x.id);
    const forwardIds = await forwardsRepo(q).idsForContributions([id]);
    const authors = await moderationRepo(q).authorsOf([id]);
    await moderationRepo(q).rememberRemovedLinks({ contributionIds: [id] });
    await scrubNotifications(q, [id, ...statementIds]);
    const exportFiles = await expireExports(q, row);
    await contributionsRepo(q).deleteMany([id]);
    await publish(q, event('contribution-deleted', row, null));
    return { statements: statementIds.length, forwardIds, authors, exportFiles };
  });
  // Files after the commit: a crash in between leaves orphan files, never rows pointing at nothing.
  await s.queue.cancelPendingFor(s.db, id);
  await s.storage.remove(id);
  await removeFiles(s, done.forwardIds, done.exportFiles);
  await refreshProfiles(s, row.space_id, done.authors);
  s.log.info({ contributionId: id, by: userId, statements: done.statements }, 'contribution deleted');
  return { statements: done.statements };
}

async function removeFiles(s: Deps, forwardIds: string[], exportFiles: string[]) {
  for (const forwardId of forwardIds) await removeSpanFiles(s.storage, forwardId);
  for (const file of exportFiles) await rm(file, { force: true });
}

export async function deleteStatement(s: Deps, id: string, userId: string): Promise<void> {
  const row = await statementToModerate(s, id, userId);
  const done = await s.db.tx(async (q) => {
    const forwardIds = await moderationRepo(q).forwardIdsOf(id);
    const authors = await moderationRepo(q).authorsOf([row.id]);
    // Its words leave the transcript too (captions, expert links, a later re-segmentation).
    // The stored transcript is as heard: a corrected statement's words are under the speaker heard.
    const heard = { startMs: row.start_ms, endMs: row.end_ms, speaker: row.revision > 0 ? row.heard_speaker : row.speaker };
    await contributionsRepo(q).replaceTranscript(row.id, cutSpans(await contributionsRepo(q).transcript(row.id), [heard]));
    await transcriptPiecesRepo(q).clear(row.id); // the recogniser's raw pieces hold the words too
    const summary = await summariesRepo(q).forContribution(row.id);
    if (summary) {
      const { sentences, chapters } = withoutStatements({ sentences: summary.sentences, chapters: summary.chapters }, new Set([id]));
      await summariesRepo(q).save(
        row.id,
        { title: summary.title, summary: sentences, chapters },
        { provider: summary.provider, model: summary.model, promptVersion: summary.prompt_version },
      );
    }
    await moderationRepo(q).rememberRemovedLinks({ statementIds: [id] });
    await scrubNotifications(q, [id]);
    const exportFiles = await expireExports(q, row);
    await moderationRepo(q).deleteStatement(id);
    await statementEditsRepo(q).refreshContributionEmbedding(row.id, s.ai.embedder.model);
    await publish(q, event('statement-deleted', row, id));
    return { forwardIds, authors, exportFiles };
  });
  await removeFiles(s, done.forwardIds, done.exportFiles);
  await refreshProfiles(s, row.space_id, done.authors);
  s.log.info({ statementId: id, by: userId }, 'statement deleted');
}

/** Hides a statement from members, or shows it again (`hidden: false`). */
export async function setStatementHidden(s: Deps, id: string, userId: string, hidden: boolean): Promise<void> {
  const row = await statementToModerate(s, id, userId);
  if (row.hidden === hidden) return;
  await s.db.tx(async (q) => {
    await moderationRepo(q).setHidden(id, hidden ? userId : null);
    // Exports written while it was visible hold it; ones written while hidden lack it.
    const exportFiles = await expireExports(q, row);
    await publish(q, event(hidden ? 'statement-hidden' : 'statement-unhidden', row, id));
    for (const file of exportFiles) await rm(file, { force: true });
  });
  s.log.info({ statementId: id, by: userId, hidden }, hidden ? 'statement hidden' : 'statement shown again');
}
