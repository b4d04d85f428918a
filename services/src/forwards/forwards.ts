/**
 * Forwarding a statement to a member (an in-app notification) or to an outside expert (an email
 * with a link scoped to that one statement). The forward row and its notification or email are
 * written in one transaction, so neither exists without the other.
 */
import type { Forward } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { AppError, badRequest, conflict, forbidden, linkInvalid, notFound } from '../core/errors.ts';
import { moderationRepo } from '../db/repos/moderation.repo.ts';
import { hashToken } from '../core/secrets.ts';
import type { UserRow } from '../db/repos/users.repo.ts';
import { notify } from '../notify/notifications.ts';
import { enqueueEmail } from '../notify/outbox.ts';
import { peopleRepo, type PersonRow } from '../db/repos/people.repo.ts';
import { embedPeople } from '../people/directory.ts';
import { quote } from '../core/text/quote.ts';
import { forwardsRepo, type ForwardedStatement, type ForwardRow, type LinkRow } from '../db/repos/forwards.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { expertPageUrl, looksLikeToken, newLink } from './links.ts';
import { removeSpanFiles } from './span-media.ts';
import { statementForwarded } from '../webhooks/events.ts';

export type ForwardStatus = 'open' | 'answered' | 'expired' | 'revoked';

export function forwardStatus(f: ForwardRow, now = new Date()): ForwardStatus {
  if (f.revoked_at) return 'revoked';
  if (f.answered_at) return 'answered';
  if (f.expires_at && f.expires_at <= now) return 'expired';
  return 'open';
}

export const forwardView = (f: ForwardRow): Forward => ({
  id: f.id,
  statementId: f.statement_id,
  from: f.from_user_id ? { userId: f.from_user_id, name: f.from_name } : null,
  to: f.to_user_id ? { kind: 'member', id: f.to_user_id, name: f.to_user_name } : { kind: 'expert', id: f.person_id, name: f.person_name },
  note: f.note,
  status: forwardStatus(f),
  createdAt: f.created_at.toISOString(),
  expiresAt: f.expires_at?.toISOString() ?? null,
  revokedAt: f.revoked_at?.toISOString() ?? null,
  openedAt: f.opened_at?.toISOString() ?? null,
  answeredAt: f.answered_at?.toISOString() ?? null,
  answeredContributionId: f.answered_contribution_id,
});

export interface ForwardTarget {
  userId?: string;
  personId?: string;
  email?: string;
  /** The name of a new directory entry made from `email`. */
  name?: string;
}

export interface Forwarder {
  user: UserRow;
  /** Their role in the statement's space. */
  role: string;
}

export interface CreatedForward {
  forward: ForwardRow;
  /** The expert's link, shown once to the forwarder (it is also emailed); null for members. */
  link: string | null;
}

const isHost = (role: string) => role === 'owner' || role === 'host';

export interface ForwardOptions {
  /** The expert's link opens the statement's whole contribution (a shared interview answer), not just its span. */
  wholeContribution?: boolean;
}

export async function createForward(
  s: Pick<Services, 'ai' | 'config' | 'db' | 'queue' | 'publicBase'>,
  statement: ForwardedStatement,
  from: Forwarder,
  target: ForwardTarget,
  note = '',
  options: ForwardOptions = {},
): Promise<CreatedForward> {
  const whole = options.wholeContribution ?? false;
  const given = [target.userId, target.personId, target.email].filter((x) => x !== undefined).length;
  if (given !== 1) throw badRequest('give exactly one of userId, personId or email', 'E_BAD_FORWARD');

  const created = await s.db.tx(async (q) => {
    const to = await resolveTarget(q, statement.space_id, from, target);
    if (to.kind === 'member' && to.userId === from.user.id) throw badRequest('you cannot forward a statement to yourself', 'E_BAD_FORWARD');
    const forwards = forwardsRepo(q);
    const active = await forwards.hasActive(
      statement.id,
      to.kind === 'member' ? to.userId : null,
      to.kind === 'expert' ? to.person.id : null,
    );
    if (active)
      throw conflict('this statement is already forwarded to them (revoke that forward to send a new one)', 'E_ALREADY_FORWARDED');
    const conferenceTitle = (await spacesRepo(q).conferenceTitle(statement.conference_id))!;

    if (to.kind === 'member') {
      const id = await forwards.createForMember({ statementId: statement.id, fromUserId: from.user.id, toUserId: to.userId, note });
      await statementForwarded(s, q, id, statement, 'member');
      await notify(
        q,
        {
          userId: to.userId,
          kind: 'forward',
          spaceId: statement.space_id,
          payload: {
            forwardId: id,
            statementId: statement.id,
            contributionId: statement.contribution_id,
            conferenceId: statement.conference_id,
            conferenceTitle: conferenceTitle,
            startMs: statement.start_ms,
            speaker: statement.speaker,
            from: { userId: from.user.id, name: from.user.name },
            note,
            text: quote(statement.text, 200),
          },
        },
        { batchMinutes: s.config.notify.batchMinutes, queue: s.queue }, // the queue: emailed too, if they want forwards by email
      );
      return { id, link: null, newPerson: null };
    }

    const link = newLink(s.config);
    const id = await forwards.createForExpert({
      statementId: statement.id,
      fromUserId: from.user.id,
      personId: to.person.id,
      note,
      tokenHash: link.tokenHash,
      expiresAt: link.expiresAt,
      wholeContribution: whole,
    });
    await statementForwarded(s, q, id, statement, 'expert');
    const url = expertPageUrl(s.publicBase.url, link.token);
    const email = whole
      ? wholeAnswerEmail(from.user.name, to.person.name, conferenceTitle, note, url, link.expiresAt)
      : expertEmail(from.user.name, to.person.name, conferenceTitle, statement, note, url, link.expiresAt);
    await enqueueEmail(q, s.queue, { to: to.person.email, kind: 'forward', sensitive: true, ...email });
    return { id, link: url, newPerson: to.created ? to.person : null };
  });
  // Outside the transaction: a remote embedder may be slow, and the entry is useful without it.
  if (created.newPerson) await embedPeople(s.db, s.ai.embedder, [created.newPerson]);
  return { forward: (await forwardsRepo(s.db).byId(created.id))!, link: created.link };
}

type Resolved = { kind: 'member'; userId: string } | { kind: 'expert'; person: PersonRow; created: boolean };

async function resolveTarget(q: Queryable, spaceId: string, from: Forwarder, target: ForwardTarget): Promise<Resolved> {
  const members = spacesRepo(q);
  if (target.userId !== undefined) {
    const user = await members.memberById(spaceId, target.userId);
    if (!user) throw badRequest('userId is not a member of this space', 'E_BAD_FORWARD');
    return { kind: 'member', userId: user.id };
  }
  const people = peopleRepo(q);
  if (target.personId !== undefined) {
    const person = await people.byId(target.personId);
    if (!person || person.space_id !== spaceId) throw badRequest("personId is not in this space's directory", 'E_BAD_FORWARD');
    return { kind: 'expert', person, created: false };
  }
  const email = target.email!.trim();
  // A member's address means the member: they get it in the app, not through a link.
  const user = await members.memberByEmail(spaceId, email);
  if (user) return { kind: 'member', userId: user.id };
  const known = await people.byEmail(spaceId, email);
  if (known) return { kind: 'expert', person: known, created: false };
  if (!isHost(from.role)) throw forbidden('only owners and hosts can add someone new to the directory; pick someone already in it');
  const name = target.name?.trim() || email.split('@')[0];
  return { kind: 'expert', person: await people.create(spaceId, { name, email }, from.user.id), created: true };
}

function expertEmail(
  fromName: string,
  toName: string,
  conferenceTitle: string,
  statement: ForwardedStatement,
  note: string,
  url: string,
  expiresAt: Date,
) {
  const said = statement.speaker ? `${statement.speaker} said` : 'Someone said';
  const text = [
    `Hello ${toName},`,
    '',
    `${fromName} would like your view on a moment from "${conferenceTitle}".`,
    ...(note.trim() ? ['', `Their note: ${note.trim()}`] : []),
    '',
    `${said}: “${quote(statement.text, 300)}”`,
    '',
    `Watch it and answer with a video or a few lines of text: ${url}`,
    '',
    `The link opens this one moment only and works until ${expiresAt.toUTCString()}. If you did not expect this email, you can ignore it.`,
  ].join('\n');
  return { subject: `${fromName} asks for your view on “${quote(statement.text, 60)}”`, text };
}

/** A shared answer: the note says what it answers (the question); no quote picks out one moment. */
function wholeAnswerEmail(fromName: string, toName: string, conferenceTitle: string, note: string, url: string, expiresAt: Date) {
  const text = [
    `Hello ${toName},`,
    '',
    `${fromName} would like your view on an answer recorded for "${conferenceTitle}".`,
    ...(note.trim() ? ['', `Their note: ${note.trim()}`] : []),
    '',
    `Watch it and answer with a video or a few lines of text: ${url}`,
    '',
    `The link opens this one answer only and works until ${expiresAt.toUTCString()}. If you did not expect this email, you can ignore it.`,
  ].join('\n');
  return { subject: `${fromName} asks for your view on an answer for “${quote(conferenceTitle, 60)}”`, text };
}

/** Revokes a forward: hosts and owners of the space, and whoever forwarded it. */
export async function revokeForward(s: Pick<Services, 'db' | 'storage'>, id: string, user: UserRow): Promise<ForwardRow> {
  const access = await forwardsRepo(s.db).accessFor(id, user.id);
  if (!access) throw notFound('forward');
  if (!isHost(access.role) && access.from_user_id !== user.id)
    throw forbidden('only hosts, owners and the person who forwarded it can revoke a forward');
  await forwardsRepo(s.db).revoke(id);
  await removeSpanFiles(s.storage, id);
  return (await forwardsRepo(s.db).byId(id))!;
}

export type { LinkRow };

/** The link behind a token, or E_LINK_INVALID (404) when it is unknown, expired or revoked: one answer for all. */
export async function resolveLink(q: Queryable, token: string): Promise<LinkRow> {
  if (!looksLikeToken(token)) throw linkInvalid();
  const link = await forwardsRepo(q).linkByTokenHash(hashToken(token));
  if (!link && (await moderationRepo(q).isRemovedLink(hashToken(token)))) throw new AppError('E_LINK_REMOVED');
  if (!link) throw linkInvalid();
  return link;
}

export const markOpened = (q: Queryable, forwardId: string) => forwardsRepo(q).markOpened(forwardId);
