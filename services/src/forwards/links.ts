/**
 * Expert links: a random 256-bit token in the URL, only its SHA-256 stored (forwards.token_hash),
 * expiring after FORWARD_LINK_DAYS. The token is the whole credential for one statement, so it is
 * never logged by us, never stored in clear, and checked only by hash.
 */
import { hashToken, newToken } from '../core/secrets.ts';
import type { Config } from '../config.ts';

export interface NewLink {
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

export function newLink(config: Pick<Config, 'forwards'>, now = new Date()): NewLink {
  const token = newToken();
  return { token, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + config.forwards.linkDays * 86_400_000) };
}

/** newToken's shape (43 base64url characters): anything else is refused before touching the database. */
export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** The web page an expert opens; the API for it lives under /api/x/<token>. */
export function expertPageUrl(base: string, token: string): string {
  return `${base}/x/${token}`;
}
