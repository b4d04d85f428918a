import { describe, expect, it } from 'vitest';
import { renderSpaceInviteEmail } from './space-invite-email.ts';

describe('renderSpaceInviteEmail', () => {
  const mail = renderSpaceInviteEmail(
    { email: 'dan@example.org', spaceId: 'sp1', spaceName: 'R&D <core>', inviterName: 'Ana', role: 'host' },
    'http://127.0.0.1:4000',
  );

  it('links to sign-up with the invited address, landing on the space', () => {
    expect(mail.subject).toBe('Ana invited you to "R&D <core>" on Colloquy');
    expect(mail.text).toContain('http://127.0.0.1:4000/signup?email=dan%40example.org&next=%2Fs%2Fsp1');
    expect(mail.text).toContain('as a host');
  });

  it('escapes the space name in HTML', () => {
    expect(mail.html).toContain('R&amp;D &lt;core&gt;');
    expect(mail.html).not.toContain('<core>');
  });
});
