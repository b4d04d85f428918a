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
export const participationHref = (conferenceId: Id) => `/c/${conferenceId}/participation`;
/** The agenda for the conference's next live meeting. */
export const agendaHref = (conferenceId: Id) => `/c/${conferenceId}/agenda`;
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
  const path = safeNext(next ?? null);
  return path !== '/' ? `/login?next=${encodeURIComponent(path)}` : '/login';
}

// Any origin will do: it only tells a path on this site from one that leaves it.
const HERE = 'http://colloquy.invalid';

/**
 * A `next` parameter made safe to navigate to: only paths on this site. Browsers drop tabs and
 * line breaks from URLs and read `\` as `/`, so `/\t/evil.example/` would become `//evil.example/`
 * (another site): such characters are refused, and what is left must resolve to this origin.
 */
export function safeNext(next: string | null): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (!next?.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001F\u007F]/.test(next)) return '/';
  const url = new URL(next, HERE);
  return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
