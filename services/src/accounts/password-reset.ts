import { AppError } from '../core/errors.ts';
import { hashPassword, hashToken, newToken } from '../core/secrets.ts';
import { passwordResetsRepo } from '../db/repos/password-resets.repo.ts';
import { usersRepo } from '../db/repos/users.repo.ts';
import { enqueueEmail } from '../notify/outbox.ts';
import type { Services } from '../services.ts';
import { checkNewPassword } from './password-policy.ts';
import { replacePassword } from './passwords.ts';
import { passwordResetLink, renderPasswordResetEmail } from './password-reset-email.ts';

/** What POST /api/auth/password-reset answers, whether or not an account uses the address. */
export const RESET_REQUESTED = 'If an account uses this email address, we sent it a link to choose a new password.';

/**
 * Mails a reset link to the account with this email, if there is one; otherwise does nothing,
 * and the caller answers the same either way. The token is random (256 bits), stored hashed,
 * expires after PASSWORD_RESET_MINUTES and works once. The email leaves through the outbox, in
 * the transaction that stores the link.
 */
export async function requestPasswordReset(s: Pick<Services, 'db' | 'queue' | 'publicBase' | 'config'>, email: string): Promise<void> {
  const user = await usersRepo(s.db).byEmail(email);
  if (!user) return;
  const minutes = s.config.auth.passwordResetMinutes;
  const token = newToken();
  await s.db.tx(async (q) => {
    await passwordResetsRepo(q).create(user.id, hashToken(token), minutes);
    const mail = renderPasswordResetEmail(user, passwordResetLink(s.publicBase.url, token), minutes);
    // Sensitive: the outbox table forgets the body (the link) once it is delivered.
    await enqueueEmail(q, s.queue, { to: user.email, kind: 'password-reset', sensitive: true, ...mail });
  });
}

/**
 * Sets a new password with a reset link's token: the link is used up, every session of the
 * account is signed out (nobody is signed in by this: the person signs in with the new password).
 * A refused password leaves the link usable, so the person can try another.
 */
export async function resetPassword(
  s: Pick<Services, 'db'>,
  token: string,
  password: string,
): Promise<{ email: string; signedOut: number }> {
  const tokenHash = hashToken(token);
  const link = await passwordResetsRepo(s.db).find(tokenHash);
  assertUsable(link);
  const user = await usersRepo(s.db).byId(link.user_id);
  if (!user) throw new AppError('E_RESET_LINK_INVALID');
  checkNewPassword(password, user);
  const hash = await hashPassword(password);
  const signedOut = await s.db.tx(async (q) => {
    // Checked again as it is used: of two requests with one token, only one gets past here.
    if (!(await passwordResetsRepo(q).use(tokenHash))) {
      assertUsable(await passwordResetsRepo(q).find(tokenHash));
      throw new AppError('E_RESET_LINK_USED');
    }
    return replacePassword(q, user.id, hash, null);
  });
  return { email: user.email, signedOut };
}

function assertUsable<T extends { used: boolean; expired: boolean }>(link: T | undefined): asserts link is T {
  if (!link) throw new AppError('E_RESET_LINK_INVALID');
  if (link.used) throw new AppError('E_RESET_LINK_USED');
  if (link.expired) throw new AppError('E_RESET_LINK_EXPIRED');
}
