/**
 * Candidate links: a random 256-bit token in the URL, only its SHA-256 stored
 * (invitation_tokens). The first token is mailed with the invitation; a reminder mails a fresh
 * one (the first is never stored in clear), and every token of a live invitation opens it.
 */
import type { InvitationStatus } from '@colloquy/contract';
import { hashToken, newToken } from '../core/secrets.ts';
import type { Queryable } from '../db/db.ts';
import { invitationsRepo } from '../db/repos/invitations.repo.ts';

/** newToken's shape (43 base64url characters): anything else is refused before touching the database. */
export const looksLikeInvitationToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** Mints a token for an invitation, storing only its hash. The caller mails it and forgets it. */
export async function mintInvitationToken(q: Queryable, invitationId: string): Promise<string> {
  const token = newToken();
  await invitationsRepo(q).addToken(hashToken(token), invitationId);
  return token;
}

/** The invitation a token opens, or null: unknown, malformed, revoked and deleted all look alike. */
export async function invitationIdForToken(q: Queryable, token: string): Promise<string | null> {
  if (!looksLikeInvitationToken(token)) return null;
  return invitationsRepo(q).liveIdForToken(hashToken(token));
}

/** The page a candidate opens; its API lives under /api/i/<token>. */
export function candidatePageUrl(base: string, token: string): string {
  return `${base}/i/${token}`;
}

export interface InvitationState {
  deadline: Date;
  started_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
  deleted_at: Date | null;
}

/** One definition of a candidate's status, for hosts, reviewers and the candidate alike. */
export function invitationStatus(i: InvitationState, now = new Date()): InvitationStatus {
  if (i.deleted_at) return 'deleted';
  if (i.revoked_at) return 'revoked';
  if (i.completed_at) return 'completed';
  if (i.deadline <= now) return 'expired';
  return i.started_at ? 'started' : 'invited';
}
