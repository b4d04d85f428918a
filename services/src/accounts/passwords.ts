import { AppError } from '../core/errors.ts';
import { hashPassword, verifyPassword } from '../core/secrets.ts';
import type { Queryable } from '../db/db.ts';
import { passwordResetsRepo } from '../db/repos/password-resets.repo.ts';
import { usersRepo, type UserRow } from '../db/repos/users.repo.ts';
import type { Services } from '../services.ts';
import { checkNewPassword } from './password-policy.ts';

/**
 * Stores a new password hash, closes the account's open reset links and signs out every session
 * but `keepSessionId`: whoever knew the old password (or held a session) is out at once. API
 * tokens stay: they are separate credentials, listed and revoked on their own. Returns how many
 * sessions were signed out.
 */
export async function replacePassword(q: Queryable, userId: string, passwordHash: string, keepSessionId: string | null): Promise<number> {
  await usersRepo(q).setPasswordHash(userId, passwordHash);
  await passwordResetsRepo(q).closeAll(userId);
  return usersRepo(q).revokeSessionsExcept(userId, keepSessionId);
}

/** A signed-in user changes their password, proving they know the current one; their other sessions are signed out. */
export async function changePassword(
  s: Pick<Services, 'db'>,
  user: UserRow,
  currentSessionId: string | null,
  passwords: { current: string; next: string },
): Promise<number> {
  if (!(await verifyPassword(passwords.current, user.password_hash))) throw new AppError('E_WRONG_PASSWORD');
  checkNewPassword(passwords.next, user);
  const hash = await hashPassword(passwords.next);
  return s.db.tx((q) => replacePassword(q, user.id, hash, currentSessionId));
}
