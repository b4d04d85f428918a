import { PASSWORD_MAX, PASSWORD_MIN } from '@colloquy/contract';
import { AppError, badRequest } from '../core/errors.ts';

/**
 * The rules for a new password (sign-up, change, reset), after NIST SP 800-63B: long enough, not
 * absurdly long (each hash costs 32 MiB of scrypt), and not something anyone would guess first
 * (one character repeated, or the account's own email). Length counts characters, not bytes.
 */
export function checkNewPassword(password: string, account: { email: string }): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw badRequest(`the password needs at least ${PASSWORD_MIN} characters`, 'E_WEAK_PASSWORD');
  if (length > PASSWORD_MAX) throw new AppError('E_PASSWORD_TOO_LONG', `the password may have at most ${PASSWORD_MAX} characters`);
  if (new Set(password).size === 1) throw badRequest('the password is one character repeated: choose another', 'E_WEAK_PASSWORD');
  const lower = password.toLowerCase();
  const email = account.email.toLowerCase();
  if (lower === email || lower === email.split('@')[0])
    throw badRequest('the password is your email address: choose another', 'E_WEAK_PASSWORD');
}
