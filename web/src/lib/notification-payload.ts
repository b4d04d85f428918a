/**
 * A notification's payload, read for the notifications page. The contract leaves the payload open
 * (a record whose fields depend on the kind and the event), so each field the page shows is
 * checked here as it is read, rather than trusted to fit a shape written down in the web app.
 */
import type { Notification } from '@colloquy/contract';

/** What the page shows of one event; `items` holds every event of a burst (empty for a single one). */
export interface PayloadView {
  contributionId?: string;
  conferenceId?: string;
  conferenceTitle?: string;
  statementId?: string;
  forwardId?: string;
  startMs?: number;
  title?: string;
  authorName?: string;
  excerpt?: string;
  note?: string;
  text?: string;
  speaker?: string;
  spaceName?: string;
  /** Who forwarded (forward notifications). */
  fromName?: string;
  /** The outside expert who answered (reply notifications). */
  outsideName?: string;
  /** What it was about was deleted: its quoted text is gone (moderation). */
  removed: boolean;
  items: PayloadView[];
}

type Payload = Notification['payload'];

const isRecord = (v: unknown): v is Payload => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const nameOf = (v: unknown) => (isRecord(v) ? text(v.name) : undefined);

export function readPayload(p: Payload): PayloadView {
  return {
    contributionId: text(p.contributionId),
    conferenceId: text(p.conferenceId),
    conferenceTitle: text(p.conferenceTitle),
    statementId: text(p.statementId),
    forwardId: text(p.forwardId),
    startMs: typeof p.startMs === 'number' ? p.startMs : undefined,
    title: text(p.title),
    authorName: text(p.authorName),
    excerpt: text(p.excerpt),
    note: text(p.note),
    text: text(p.text),
    speaker: text(p.speaker),
    spaceName: text(p.spaceName),
    fromName: nameOf(p.from),
    outsideName: nameOf(p.outside),
    removed: p.removed === true,
    items: Array.isArray(p.items) ? p.items.filter(isRecord).map(readPayload) : [],
  };
}
