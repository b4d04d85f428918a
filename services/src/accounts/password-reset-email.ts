import { escapeHtml } from '../core/text/html.ts';
import type { RenderedEmail } from '../notify/notification-email.ts';

/**
 * The reset page with its token. The token travels in the fragment, which browsers never send to a
 * server: it stays out of access logs and proxies, and out of Referer headers.
 */
export const passwordResetLink = (base: string, token: string) => `${base}/password-reset#token=${encodeURIComponent(token)}`;

/** The email with a password reset link. It says how long the link works and what to do if it was not you. */
export function renderPasswordResetEmail(to: { name: string }, link: string, minutes: number): RenderedEmail {
  const subject = 'Reset your Colloquy password';
  const text = [
    `Hello ${to.name},`,
    '',
    'Someone (we hope you) asked to reset the password of your Colloquy account.',
    `Choose a new password here (the link works once, for ${minutes} minutes):`,
    link,
    '',
    'Setting a new password signs you out everywhere else.',
    'If you did not ask for this, ignore this email: your password stays as it is.',
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>Hello ${escapeHtml(to.name)},</p>`,
    '<p>Someone (we hope you) asked to reset the password of your Colloquy account.</p>',
    `<p><a href="${escapeHtml(link)}">Choose a new password</a>. The link works once, for ${minutes} minutes.</p>`,
    '<p>Setting a new password signs you out everywhere else.</p>',
    '<p style="color:#666;font-size:small">If you did not ask for this, ignore this email: your password stays as it is.</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
