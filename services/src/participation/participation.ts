/**
 * A conference's participation: per member of its space, what they said (statements and speaking
 * time, credited through speaker links), what they were asked and have not answered, and whether
 * they opened the conference since others last contributed. Hosts see everyone, a member only
 * themselves: a shy member's silence is for the facilitator to notice, not for the room.
 */
import type { Ask as AskJson, Participant, Participation } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { participationRepo, type ParticipantRow } from '../db/repos/participation.repo.ts';
import type { ConferenceRow } from '../db/repos/spaces.repo.ts';
import { openAsks, type Ask } from '../notify/asks.ts';

/** The UTC day of `now` (YYYY-MM-DD): the unit of "one nudge a day". */
export const utcDay = (now: Date) => now.toISOString().slice(0, 10);

export const isHostRole = (role: string | null | undefined) => role === 'owner' || role === 'host';

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export const askView = (a: Ask): AskJson => ({
  kind: a.kind,
  statementId: a.statementId,
  contributionId: a.contributionId,
  startMs: a.startMs,
  text: a.text,
  askedBy: a.askedBy,
  askedAt: a.askedAt.toISOString(),
});

/** The participation of a conference as `viewer` may see it. */
export async function conferenceParticipation(
  q: Queryable,
  conference: ConferenceRow,
  viewer: { id: string },
  now = new Date(),
): Promise<Participation> {
  const repo = participationRepo(q);
  const host = isHostRole(conference.role);
  const people = await repo.participants(conference.id, conference.space_id, utcDay(now));
  const speaking = await repo.speaking(conference.id);
  const asks = await openAsks(
    q,
    conference.id,
    people.map((p) => ({ userId: p.user_id, name: p.name })),
  );

  const byUser = new Map(speaking.filter((r) => r.user_id).map((r) => [r.user_id!, r]));
  const memberIds = new Set(people.map((p) => p.user_id));
  const totalMs = speaking.reduce((n, r) => n + r.speaking_ms, 0);
  const totalStatements = speaking.reduce((n, r) => n + r.statements, 0);
  // Outside experts, labels linked to nobody, and people who have left the space.
  const others = speaking.filter((r) => !r.user_id || !memberIds.has(r.user_id));
  const othersMs = others.reduce((n, r) => n + r.speaking_ms, 0);
  const othersStatements = others.reduce((n, r) => n + r.statements, 0);

  const line = (p: ParticipantRow): Participant => {
    const said = byUser.get(p.user_id);
    const lastOthers = p.last_others_at ? new Date(p.last_others_at) : null;
    const lastOpened = p.last_opened_at ? new Date(p.last_opened_at) : null;
    return {
      userId: p.user_id,
      name: p.name,
      role: p.role,
      contributions: p.contributions,
      statements: said?.statements ?? 0,
      speakingMs: Math.round(said?.speaking_ms ?? 0),
      speakingShare: share(said?.speaking_ms ?? 0, totalMs),
      statementShare: share(said?.statements ?? 0, totalStatements),
      asked: asks.filter((a) => a.userId === p.user_id).map(askView),
      lastOpenedAt: lastOpened?.toISOString() ?? null,
      notOpenedSince: lastOthers !== null && (lastOpened === null || lastOpened < lastOthers),
      nudgedToday: p.nudged_today,
      lastNudgedAt: p.last_nudged_at ? new Date(p.last_nudged_at).toISOString() : null,
      acceptsNudges: p.nudges,
    };
  };

  const contributions = await repo.contributions(conference.id);
  return {
    conferenceId: conference.id,
    lastContributionAt: contributions.last_at ? new Date(contributions.last_at).toISOString() : null,
    totals: { contributions: contributions.count, statements: totalStatements, speakingMs: Math.round(totalMs) },
    others: {
      statements: othersStatements,
      speakingMs: Math.round(othersMs),
      speakingShare: share(othersMs, totalMs),
      statementShare: share(othersStatements, totalStatements),
    },
    members: people.filter((p) => host || p.user_id === viewer.id).map(line),
    canNudge: host,
  };
}
