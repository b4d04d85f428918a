/**
 * Nudges to the unheard: a host's one click, and the reminder sweep for members asked something
 * NUDGE_AFTER_HOURS ago who have not answered. Each is an in-app notification and an email, only
 * for members who accept nudges, and never more than one per member and conference a UTC day:
 * the nudges table's unique key holds that whichever process or click comes first.
 */
import type { Nudge } from '@colloquy/contract';
import { AppError, badRequest, conflict, forbidden } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { participationRepo, type ParticipantRow } from '../db/repos/participation.repo.ts';
import { spacesRepo, type ConferenceRow } from '../db/repos/spaces.repo.ts';
import { askLine } from '../notify/ask-lines.ts';
import { openAsks, type Ask } from '../notify/asks.ts';
import { notify } from '../notify/notifications.ts';
import { enqueueEmail } from '../notify/outbox.ts';
import type { Services } from '../services.ts';
import { renderNudgeEmail } from './nudge-email.ts';
import { isHostRole, utcDay } from './participation.ts';

/** Asks older than this before they became due are not reminded of (a first run does not dig up the past). */
const REMIND_WINDOW_MS = 7 * 24 * 3600_000;
/** A nudge's notification quotes at most this many asks. */
const MAX_ASKS = 5;

type NudgeServices = Pick<Services, 'db' | 'queue' | 'publicBase'>;

interface Delivery {
  member: Pick<ParticipantRow, 'user_id' | 'name' | 'email'>;
  conference: { id: string; title: string; space_id: string };
  asks: Ask[];
  by: { id: string; name: string } | null;
  message?: string;
  day: string;
}

/** Claims the day's nudge and makes its notification and email in the same transaction; undefined when one went out today. */
async function deliverNudge(q: Queryable, s: NudgeServices, d: Delivery): Promise<string | undefined> {
  const id = await participationRepo(q).claimNudge({
    userId: d.member.user_id,
    conferenceId: d.conference.id,
    day: d.day,
    source: d.by ? 'host' : 'reminder',
    byUserId: d.by?.id ?? null,
    statementIds: [...new Set(d.asks.map((a) => a.statementId))],
  });
  if (!id) return undefined;
  const quoted = d.asks.slice(0, MAX_ASKS);
  const first = quoted[0];
  await notify(
    q,
    {
      userId: d.member.user_id,
      kind: 'nudge',
      spaceId: d.conference.space_id,
      payload: {
        nudgeId: id,
        conferenceId: d.conference.id,
        conferenceTitle: d.conference.title,
        ...(d.by ? { from: { id: d.by.id, name: d.by.name } } : {}),
        ...(d.message ? { note: d.message } : {}),
        ...(first
          ? { contributionId: first.contributionId, statementId: first.statementId, startMs: first.startMs, excerpt: first.text }
          : {}),
        asks: quoted.map((a) => ({
          kind: a.kind,
          statementId: a.statementId,
          contributionId: a.contributionId,
          startMs: a.startMs,
          text: a.text,
        })),
      },
    },
    { batchMinutes: 0 },
  );
  const base = s.publicBase.url;
  const mail = renderNudgeEmail(
    {
      recipient: d.member.name,
      conference: d.conference,
      byName: d.by?.name ?? null,
      message: d.message,
      asks: quoted.map((a) => askLine(a, base)),
    },
    base,
  );
  await enqueueEmail(q, s.queue, { to: d.member.email, ...mail, kind: 'nudge' });
  return id;
}

/** A host nudges a member of the conference's space now. */
export async function nudgeMember(
  s: NudgeServices,
  p: { conference: ConferenceRow; host: { id: string; name: string }; userId: string; message?: string; now?: Date },
): Promise<Nudge> {
  const { conference } = p;
  if (!isHostRole(conference.role)) throw forbidden('only owners and hosts can nudge members');
  if (p.userId === p.host.id) throw badRequest('you cannot nudge yourself');
  const day = utcDay(p.now ?? new Date());
  const people = await participationRepo(s.db).participants(conference.id, conference.space_id, day);
  const member = people.find((m) => m.user_id === p.userId);
  if (!member) throw badRequest('that user is not a member of this space', 'E_NOT_A_MEMBER');
  if (!member.nudges) throw conflict(`${member.name} turned nudges off`, 'E_NUDGES_OFF');
  const asks = (
    await openAsks(
      s.db,
      conference.id,
      people.map((m) => ({ userId: m.user_id, name: m.name })),
    )
  ).filter((a) => a.userId === member.user_id);
  const message = p.message?.trim() || undefined;
  const id = await s.db.tx((q) => deliverNudge(q, s, { member, conference, asks, by: p.host, message, day }));
  if (!id) throw new AppError('E_ALREADY_NUDGED', `${member.name} was nudged about this conference today: one nudge a day`);
  s.queue.wakeTask('mail');
  return { id, userId: member.user_id, conferenceId: conference.id, day, asks: asks.length };
}

/**
 * The reminder sweep (hourly): each member asked something between NUDGE_AFTER_HOURS (+ a week)
 * and NUDGE_AFTER_HOURS ago, who has not answered and was not reminded of it, gets one nudge per
 * conference quoting all of it. Returns how many nudges went out.
 */
export async function sendDueNudges(
  s: Pick<Services, 'config' | 'db' | 'log' | 'queue' | 'publicBase'>,
  now = new Date(),
): Promise<number> {
  const dueBy = new Date(now.getTime() - s.config.nudges.afterHours * 3600_000);
  const from = new Date(dueBy.getTime() - REMIND_WINDOW_MS);
  const day = utcDay(now);
  let sent = 0;
  for (const conferenceId of await participationRepo(s.db).conferencesAskedBetween(from, dueBy)) {
    try {
      sent += await remindIn(s, conferenceId, { from, dueBy, day });
    } catch (err) {
      // One conference's failure must not hold back the others; the next run tries again.
      s.log.error({ err, conferenceId }, 'nudge reminders failed');
    }
  }
  if (sent) {
    s.queue.wakeTask('mail');
    s.log.info({ sent }, 'nudge reminders queued');
  }
  return sent;
}

async function remindIn(s: NudgeServices, conferenceId: string, w: { from: Date; dueBy: Date; day: string }): Promise<number> {
  const conference = await spacesRepo(s.db).conferenceById(conferenceId);
  if (!conference) return 0;
  const repo = participationRepo(s.db);
  const people = await repo.participants(conference.id, conference.space_id, w.day);
  const reminded = await repo.remindedOf(conference.id);
  const asks = await openAsks(
    s.db,
    conference.id,
    people.map((m) => ({ userId: m.user_id, name: m.name })),
  );
  let sent = 0;
  for (const member of people) {
    if (!member.nudges || member.nudged_today) continue;
    const due = asks.filter(
      (a) =>
        a.userId === member.user_id && a.askedAt >= w.from && a.askedAt <= w.dueBy && !reminded.has(`${member.user_id}:${a.statementId}`),
    );
    if (!due.length) continue;
    if (await s.db.tx((q) => deliverNudge(q, s, { member, conference, asks: due, by: null, day: w.day }))) sent++;
  }
  return sent;
}
