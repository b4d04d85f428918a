/**
 * Scheduling the live round: hosts propose slots (start, duration, the video-call link); an
 * advanced candidate picks one through their link. A slot holds one candidate and a candidate one
 * slot, enforced by the database (live-rounds.repo.ts). Booking or moving mails both sides an
 * `.ics` invitation (METHOD:REQUEST, one UID per candidate, SEQUENCE up on each move).
 */
import { LIVE_LIMITS, type CandidateLiveRound, type CandidateSlot, type LiveSlot, type ProposeSlotsBody } from '@colloquy/contract';
import { buildCalendar, type CalendarPerson } from '../core/ics.ts';
import { badRequest, conflict, forbidden, notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { liveRoundsRepo, type LiveSlotRow } from '../db/repos/live-rounds.repo.ts';
import { enqueueEmail } from '../notify/outbox.ts';
import type { Services } from '../services.ts';
import { interviewClosed, isUuid, type CandidateInvitation } from './candidate.ts';
import { openingForHost } from './interviews.ts';
import { isHostRole } from './question-sets.ts';
import { openingForMember } from './review-access.ts';

const MINUTE = 60_000;
const endOf = (slot: Pick<LiveSlotRow, 'starts_at' | 'duration_min'>) => new Date(slot.starts_at.getTime() + slot.duration_min * MINUTE);

export const slotView = (r: LiveSlotRow): LiveSlot => ({
  id: r.id,
  startsAt: r.starts_at.toISOString(),
  endsAt: endOf(r).toISOString(),
  durationMin: r.duration_min,
  callLink: r.call_link,
  booked: r.booked_by ? { invitationId: r.booked_by, candidateName: r.candidate_name ?? '', bookedAt: r.booked_at!.toISOString() } : null,
});

const candidateSlotView = (r: LiveSlotRow): CandidateSlot => ({
  id: r.id,
  startsAt: r.starts_at.toISOString(),
  endsAt: endOf(r).toISOString(),
  durationMin: r.duration_min,
});

export const notAdvanced = () => conflict('this candidate is not advanced to the live round', 'E_NOT_ADVANCED');
const unavailable = (why: string) => conflict(why, 'E_SLOT_UNAVAILABLE');
const badSlots = (message: string) => badRequest(message, 'E_BAD_SLOTS');

export async function listSlots(s: Pick<Services, 'db'>, conferenceId: string, userId: string): Promise<LiveSlot[]> {
  const opening = await openingForMember(s.db, conferenceId, userId);
  return (await liveRoundsRepo(s.db).slots(opening.conferenceId)).map(slotView);
}

/** A call link is https (a meeting tool's room): anything else is refused rather than mailed to a candidate. */
function cleanCallLink(raw: string): string {
  const link = raw.trim();
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw badSlots('the video-call link is not a URL');
  }
  if (url.protocol !== 'https:') throw badSlots('the video-call link must start with https://');
  return url.toString();
}

export async function proposeSlots(
  s: Pick<Services, 'db'>,
  conferenceId: string,
  userId: string,
  input: ProposeSlotsBody,
  now = new Date(),
): Promise<LiveSlot[]> {
  const opening = await openingForHost(s.db, conferenceId, userId, 'propose interview slots');
  if (input.slots.length === 0) throw badSlots('give at least one slot');
  const callLink = cleanCallLink(input.callLink);
  const { min, max } = LIVE_LIMITS.durationMin;
  const slots = input.slots.map((x, i) => {
    const startsAt = new Date(x.startsAt);
    if (Number.isNaN(startsAt.getTime())) throw badSlots(`slot ${i + 1}: the start is not an ISO date and time`);
    if (startsAt <= now) throw badSlots(`slot ${i + 1} starts in the past`);
    if (!Number.isInteger(x.durationMin) || x.durationMin < min || x.durationMin > max)
      throw badSlots(`slot ${i + 1}: the duration must be ${min}–${max} minutes`);
    return { startsAt, durationMin: x.durationMin };
  });
  await liveRoundsRepo(s.db).addSlots(opening.conference_id, userId, callLink, slots);
  return (await liveRoundsRepo(s.db).slots(opening.conference_id)).map(slotView);
}

/** Withdraws a slot nobody booked (hosts of its opening; everyone else 404). */
export async function deleteSlot(s: Pick<Services, 'db'>, slotId: string, userId: string) {
  const slot = await liveRoundsRepo(s.db).slotById(slotId);
  if (!slot) throw notFound('slot');
  const opening = await openingForMember(s.db, slot.conference_id, userId).catch(() => Promise.reject(notFound('slot')));
  if (!isHostRole(opening.role)) throw forbidden('only owners and hosts can withdraw interview slots');
  if (!(await liveRoundsRepo(s.db).deleteFreeSlot(slot.id))) throw unavailable('a candidate booked this slot: it cannot be withdrawn');
}

// ---- the candidate's side ----

/** What the candidate sees: null unless advanced; the slot they picked and the free ones to come. */
export async function candidateLive(
  s: Pick<Services, 'db'>,
  inv: CandidateInvitation,
  now = new Date(),
): Promise<CandidateLiveRound | null> {
  if (inv.deleted_at) return null;
  const repo = liveRoundsRepo(s.db);
  if (!(await repo.round(inv.id))) return null;
  const [picked, open] = await Promise.all([repo.slotOf(inv.id), repo.openSlots(inv.conference_id, now)]);
  return { picked: picked ? { ...candidateSlotView(picked), callLink: picked.call_link } : null, open: open.map(candidateSlotView) };
}

/** Books the slot for the candidate (moving them off any other); both sides get the invitation. */
export async function pickSlot(
  s: Pick<Services, 'db' | 'queue' | 'publicBase'>,
  inv: CandidateInvitation,
  slotId: string,
  now = new Date(),
): Promise<CandidateLiveRound | null> {
  if (inv.deleted_at) throw interviewClosed('your recordings were deleted: this link accepts nothing more');
  if (!isUuid(slotId)) throw notFound('slot');
  const booked = await s.db.tx(async (q) => {
    const repo = liveRoundsRepo(q);
    if (!(await repo.lockRound(inv.id))) throw notAdvanced();
    const slot = await repo.slotById(slotId);
    // Another opening's slot is not found: a link reaches its own opening only.
    if (!slot || slot.conference_id !== inv.conference_id) throw notFound('slot');
    if (slot.booked_by === inv.id) return false;
    await repo.release(inv.id);
    if (!(await repo.book(slot.id, inv.conference_id, inv.id, now)))
      throw unavailable(slot.booked_by ? 'someone else booked this slot: pick another' : 'this slot has already started: pick another');
    await mailBooking(q, s, inv.id, slot, await repo.nextSequence(inv.id));
    return true;
  });
  if (booked) s.queue.wakeTask('mail');
  return candidateLive(s, inv, now);
}

/** The `.ics` both sides get: the same UID for the candidate's round, so a move replaces the event. */
export function bookingCalendar(
  ctx: { invitationId: string; title: string; spaceName: string; candidate: CalendarPerson | null; host: CalendarPerson | null },
  slot: Pick<LiveSlotRow, 'starts_at' | 'duration_min' | 'call_link'>,
  sequence: number,
  host: string,
) {
  return buildCalendar(
    [
      {
        uid: `live-${ctx.invitationId}@${host}`,
        start: slot.starts_at,
        end: endOf(slot),
        summary: `Live interview: ${ctx.title}`,
        description: `Live interview for "${ctx.title}" with ${ctx.spaceName}.\nVideo call: ${slot.call_link}`,
        location: slot.call_link,
        url: slot.call_link,
        sequence,
        ...(ctx.host ? { organizer: ctx.host } : {}),
        attendees: [ctx.candidate, ctx.host].filter((p): p is CalendarPerson => p !== null),
      },
    ],
    { method: 'REQUEST' },
  );
}

async function mailBooking(
  q: Queryable,
  s: Pick<Services, 'queue' | 'publicBase'>,
  invitationId: string,
  slot: LiveSlotRow,
  sequence: number,
) {
  const ctx = await liveRoundsRepo(q).bookingMail(invitationId);
  if (!ctx) return;
  const candidate = ctx.candidate_email ? { email: ctx.candidate_email, name: ctx.candidate_name } : null;
  const host = ctx.host_email ? { email: ctx.host_email, name: ctx.host_name ?? undefined } : null;
  const calendar = bookingCalendar(
    { invitationId, title: ctx.title, spaceName: ctx.space_name, candidate, host },
    slot,
    sequence,
    new URL(s.publicBase.url).hostname,
  );
  const when = `${slot.starts_at.toUTCString()} (${slot.duration_min} minutes)`;
  const subject = `Live interview: ${ctx.title}, ${slot.starts_at.toUTCString()}`.replace(/\s+/g, ' ').slice(0, 200);
  const lines = (who: string, what: string) =>
    [`Hello ${who},`, what, `When: ${when}`, `Video call: ${slot.call_link}`, 'The calendar invitation is attached.'].join('\n\n');
  if (candidate) {
    await enqueueEmail(q, s.queue, {
      to: candidate.email,
      kind: 'interview-live-invite',
      subject,
      text: lines(ctx.candidate_name, `Your live interview for "${ctx.title}" with ${ctx.space_name} is booked.`),
      calendar,
    });
  }
  if (host) {
    await enqueueEmail(q, s.queue, {
      to: host.email,
      kind: 'interview-live-invite',
      subject,
      text: lines(ctx.host_name ?? host.email, `${ctx.candidate_name} booked a live interview for "${ctx.title}".`),
      calendar,
    });
  }
}
