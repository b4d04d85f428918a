export { DIGEST_FREQUENCIES, preferencesRepo, type DigestFrequency, type Preferences } from '../db/repos/preferences.repo.ts';

/** Notification kinds that may also go out by email (the digest has its own setting). */
export const EMAIL_KINDS = ['contribution', 'reply', 'forward', 'mention'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
