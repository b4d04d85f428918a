/**
 * Live events travel through PostgreSQL NOTIFY, so a worker in another process reaches the API
 * process that holds the browser's event stream. Payloads carry ids and state, never content.
 */
export const EVENTS_CHANNEL = 'colloquy_events';

export interface ContributionEvent {
  type: 'contribution';
  id: string;
  conferenceId: string;
  spaceId: string;
  status: string;
  stage: string;
  progress: number;
  error: string | null;
}

/** Something new for one user (a notification was created, or a burst grew); only they receive it. */
export interface NotificationEvent {
  type: 'notification';
  userId: string;
  id: string;
  kind: string;
  count: number;
}

export type AppEvent = ContributionEvent | NotificationEvent;
