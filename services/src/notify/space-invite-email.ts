import { escapeHtml } from './links.ts';
import type { RenderedEmail } from './notification-email.ts';

export interface SpaceInvite {
  email: string;
  spaceId: string;
  spaceName: string;
  inviterName: string;
  role: 'owner' | 'host' | 'member';
}

/**
 * The email to someone invited to a space who has no account yet: a link to sign up with that
 * address (signing up redeems the invite) that lands on the space.
 */
export function renderSpaceInviteEmail(invite: SpaceInvite, base: string): RenderedEmail {
  const link = `${base}/signup?${new URLSearchParams({ email: invite.email, next: `/s/${invite.spaceId}` })}`;
  const as = invite.role === 'member' ? 'a member' : `a ${invite.role}`;
  const subject = `${invite.inviterName} invited you to "${invite.spaceName}" on Colloquy`.replace(/\s+/g, ' ').slice(0, 200);
  const text = [
    'Hello,',
    '',
    `${invite.inviterName} invited you to join "${invite.spaceName}" on Colloquy as ${as}.`,
    'Colloquy is where the team posts short videos instead of meeting; you can read what was said before you watch.',
    '',
    `Create your account with this email address (${invite.email}) to join:`,
    link,
    '',
    'If you did not expect this, ignore this email: nothing happens until you sign up.',
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    '<p>Hello,</p>',
    `<p>${escapeHtml(invite.inviterName)} invited you to join <strong>${escapeHtml(invite.spaceName)}</strong> on Colloquy as ${as}.</p>`,
    `<p><a href="${escapeHtml(link)}">Create your account</a> with this email address (${escapeHtml(invite.email)}) to join.</p>`,
    '<p style="color:#666;font-size:small">If you did not expect this, ignore this email: nothing happens until you sign up.</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
