/**
 * The live round of one candidate: advancing them (the decision becomes "advanced" and they are
 * mailed the slot picker), scoring the live interview on the guide (the one-way scoring rules,
 * round "live": blind until you submit), its recording or transcript (a contribution of the
 * opening's conference, so search finds it beside the answers) and the combined picture.
 */
import type { CombinedView, LiveRound, SaveScoresBody } from '@colloquy/contract';
import { conflict } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { invitationsRepo } from '../db/repos/invitations.repo.ts';
import { liveRoundsRepo } from '../db/repos/live-rounds.repo.ts';
import type { ReviewRound } from '../db/repos/scores.repo.ts';
import type { UserRow } from '../db/repos/users.repo.ts';
import type { Services } from '../services.ts';
import { invitationForHost } from './invitations.ts';
import { criteriaOf } from './interviews.ts';
import { notAdvanced, slotView } from './live-slots.ts';
import { invitationForMember } from './review-access.ts';
import { aggregateOf, readScores, saveDraft, submitReview, submittedReviews } from './scoring.ts';
import { mailTimeline } from './timeline-mail.ts';

async function roundView(q: Queryable, invitationId: string): Promise<LiveRound | null> {
  const repo = liveRoundsRepo(q);
  const round = await repo.round(invitationId);
  if (!round) return null;
  const [slot, recording] = await Promise.all([
    repo.slotOf(invitationId),
    round.contribution_id ? contributionsRepo(q).byId(round.contribution_id) : undefined,
  ]);
  return {
    invitationId,
    advancedAt: round.advanced_at.toISOString(),
    slot: slot ? slotView(slot) : null,
    recording: recording ? { id: recording.id, status: recording.status, title: recording.title } : null,
  };
}

/** Advances a candidate (hosts): recorded as the decision, and mailed once with the slot picker. */
export async function advanceToLive(s: Pick<Services, 'db' | 'queue' | 'publicBase'>, invitationId: string, userId: string) {
  const found = await invitationForHost(s.db, invitationId, userId, 'advance candidates');
  if (found.deleted_at) throw conflict("this candidate's data was deleted: they cannot be advanced", 'E_CANDIDATE_DELETED');
  if (found.revoked_at) throw conflict('this invitation was revoked', 'E_INVITATION_CLOSED');
  const advanced = await s.db.tx(async (q) => {
    if (!(await liveRoundsRepo(q).advance(invitationId, userId))) return false;
    if (found.decision !== 'advanced') await invitationsRepo(q).decide(invitationId, 'advanced');
    await mailTimeline(q, s, invitationId, 'interview-advanced');
    return true;
  });
  if (advanced) s.queue.wakeTask('mail');
  return (await roundView(s.db, invitationId))!;
}

/** A member's view of one candidate's live round; 409 E_NOT_ADVANCED before it exists. */
async function liveInvitationForMember(q: Queryable, invitationId: string, userId: string) {
  const found = await invitationForMember(q, invitationId, userId);
  if (!(await liveRoundsRepo(q).round(found.invitation.id))) throw notAdvanced();
  return found;
}

const LIVE: ReviewRound = 'live';

export async function readLiveScores(s: Pick<Services, 'db'>, invitationId: string, user: UserRow) {
  await liveInvitationForMember(s.db, invitationId, user.id);
  return readScores(s, invitationId, user, LIVE);
}

export async function saveLiveDraft(s: Pick<Services, 'db'>, invitationId: string, user: UserRow, input: SaveScoresBody) {
  await liveInvitationForMember(s.db, invitationId, user.id);
  return saveDraft(s, invitationId, user, input, LIVE);
}

export async function submitLiveScores(s: Pick<Services, 'db'>, invitationId: string, user: UserRow) {
  await liveInvitationForMember(s.db, invitationId, user.id);
  return submitReview(s, invitationId, user, LIVE);
}

/** One round's side of the picture: the aggregate only for a member who submitted in that round. */
async function roundSummary(q: Queryable, invitationId: string, conferenceId: string, userId: string, round: ReviewRound) {
  const submitted = await submittedReviews(q, [invitationId], round);
  const mine = submitted.some((r) => r.row.reviewer_id === userId);
  return {
    submitted: mine,
    reviews: submitted.length,
    aggregate: mine
      ? aggregateOf(
          await criteriaOf(q, conferenceId),
          submitted.map((r) => r.review),
        )
      : null,
  };
}

/** GET /api/invitations/:id/live: the live round and both aggregates, each blind until you scored that round. */
export async function combinedView(s: Pick<Services, 'db'>, invitationId: string, userId: string): Promise<CombinedView> {
  const { invitation, opening } = await invitationForMember(s.db, invitationId, userId);
  const [liveRound, oneWay, live] = await Promise.all([
    roundView(s.db, invitation.id),
    roundSummary(s.db, invitation.id, opening.conferenceId, userId, 'one-way'),
    roundSummary(s.db, invitation.id, opening.conferenceId, userId, LIVE),
  ]);
  return { liveRound, oneWay, live };
}

/**
 * Ties an imported recording or transcript to the candidate's live round (hosts). `queue` makes
 * the contribution in the opening's conference (the usual upload or transcript intake) and
 * returns its id; a recording imported before is deleted (one recording per round).
 */
export async function importLiveRecording(
  s: Pick<Services, 'db' | 'storage'>,
  invitationId: string,
  userId: string,
  queue: (conferenceId: string) => Promise<string>,
): Promise<LiveRound> {
  const found = await invitationForHost(s.db, invitationId, userId, "import a live round's recording");
  if (found.deleted_at) throw conflict("this candidate's data was deleted", 'E_CANDIDATE_DELETED');
  if (!(await liveRoundsRepo(s.db).round(invitationId))) throw notAdvanced();
  const contributionId = await queue(found.conference_id);
  const replaced = await s.db.tx(async (q) => {
    const previous = await liveRoundsRepo(q).setRecording(invitationId, contributionId);
    if (previous && previous !== contributionId) await contributionsRepo(q).deleteMany([previous]);
    return previous;
  });
  if (replaced && replaced !== contributionId) s.storage.remove(replaced);
  return (await roundView(s.db, invitationId))!;
}
