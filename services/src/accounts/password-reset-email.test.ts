import { describe, expect, it } from 'vitest';
import { passwordResetLink, renderPasswordResetEmail } from './password-reset-email.ts';

describe('the password reset email', () => {
  const link = passwordResetLink('http://127.0.0.1:4000', 'abc_DEF-123');
  const mail = renderPasswordResetEmail({ name: 'Ana <admin>' }, link, 30);

  it('carries the token in the link’s fragment, which browsers do not send to servers', () => {
    expect(link).toBe('http://127.0.0.1:4000/password-reset#token=abc_DEF-123');
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it('says how long the link works and what happens if it was not you', () => {
    expect(mail.text).toContain('for 30 minutes');
    expect(mail.text).toMatch(/did not ask for this, ignore this email/);
  });

  it('escapes the name in HTML', () => {
    expect(mail.html).toContain('Ana &lt;admin&gt;');
    expect(mail.html).not.toContain('<admin>');
  });
});
