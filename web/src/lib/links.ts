/**
 * Where things live in the web app. Pages build links through these functions only, so a route
 * can move (the player, for one) by changing one line here.
 */
import type { Id } from '@colloquy/contract';

export const spaceHref = (spaceId: Id) => `/s/${spaceId}`;
export const conferenceHref = (conferenceId: Id) => `/c/${conferenceId}`;
/** Host pages: the space's members, its directory of outside experts, importing a meeting into a conference. */
export const membersHref = (spaceId: Id) => `/s/${spaceId}/members`;
export const directoryHref = (spaceId: Id) => `/s/${spaceId}/directory`;
export const importHref = (conferenceId: Id) => `/c/${conferenceId}/import`;
/** The recorder; with `replyTo` (a statement or contribution id) the recording answers it. */
export const recordHref = (conferenceId: Id, replyTo?: Id) =>
  `/c/${conferenceId}/record${replyTo ? `?replyTo=${encodeURIComponent(replyTo)}` : ''}`;
export const searchHref = (q: string) => `/search?q=${encodeURIComponent(q)}`;

/** The player at a moment of a contribution: `t` in whole seconds, `s` the statement said then. */
export function playerHref(conferenceId: Id, contributionId: Id, startMs = 0, statementId?: Id): string {
  const params = new URLSearchParams({ t: String(Math.floor(startMs / 1000)) });
  if (statementId) params.set('s', statementId);
  return `/c/${conferenceId}/watch/${contributionId}?${params}`;
}

/** The sign-in page, coming back to `next` (a path on this site) afterwards. */
export function loginHref(next?: string): string {
  return next && next !== '/' && next.startsWith('/') && !next.startsWith('//') ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/** A `next` parameter made safe to navigate to: only paths on this site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
