/**
 * Live events travel through PostgreSQL NOTIFY, so a worker in another process reaches the API
 * process that holds the browser's event stream. Payloads carry ids and state, never content.
 * Publishing is db/repos/events.repo.ts; listening is core/event-hub.ts.
 */
export const EVENTS_CHANNEL = 'colloquy_events';

/** The payloads are the contract's (contract/src/events.ts): what /api/events sends is what is published. */
export type { AppEvent, ContributionEvent, NotificationEvent } from '@colloquy/contract';
