/**
 * The API's JSON, written by hand from the route schemas in services/src/http (schemas.ts and
 * routes/*.ts; the OpenAPI document is at /api/docs/json). Fields are camelCase; times are ISO
 * strings; media times are milliseconds from the start of a contribution.
 */

export type Id = string;
export type IsoDate = string;

export interface ApiErrorBody {
  error: { code: string; message: string };
}

// ---- accounts and spaces ----

export interface User {
  id: Id;
  email: string;
  name: string;
  createdAt: IsoDate;
}

export type Role = 'owner' | 'host' | 'member';

export interface Space {
  id: Id;
  name: string;
  /** Your role in it. */
  role: Role;
  createdAt: IsoDate;
}

export interface Member {
  userId: Id | null;
  email: string;
  name: string | null;
  role: Role;
  /** Invited by email; becomes a member at sign-up. */
  pending: boolean;
}

export type ConferenceKind = 'discussion' | 'interview' | 'meeting-import';

export interface Conference {
  id: Id;
  spaceId: Id;
  title: string;
  description: string;
  kind: ConferenceKind;
  contributionCount?: number;
  createdAt: IsoDate;
}

// ---- statements and contributions ----

export type Act = 'question' | 'proposal' | 'decision' | 'action_item' | 'concern' | 'answer' | 'information';

export interface Label {
  kind: 'act' | 'topic';
  value: string;
  source: 'ai' | 'user';
  confidence: number | null;
}

/** Reaction counts by kind, e.g. {agree: 3}; kinds nobody used are left out. */
export type ReactionCounts = Record<string, number>;

export interface Statement {
  id: Id;
  contributionId: Id;
  seq: number;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  labels: Label[];
  reactions?: ReactionCounts;
}

export interface CitedSentence {
  text: string;
  statementIds: Id[];
}

export interface Chapter {
  title: string;
  startMs: number;
  statementIds: Id[];
}

export interface Summary {
  title: string;
  sentences: CitedSentence[];
  chapters: Chapter[];
  provider: string;
  model: string;
  promptVersion: string;
}

export type ContributionStatus = 'queued' | 'processing' | 'ready' | 'failed';

export interface Contribution {
  id: Id;
  conferenceId: Id;
  spaceId: Id;
  authorId: Id | null;
  authorName: string | null;
  title: string;
  source: 'upload' | 'transcript';
  status: ContributionStatus;
  /** The stage it is at, or failed in: probe, audio, transcribe, segment, embed, label, summarise, profile. */
  stage: string;
  /** 0..1 within the stage. */
  progress: number;
  error: string | null;
  errorCode: string | null;
  attempts: number;
  mime: string | null;
  hasVideo: boolean;
  durationMs: number | null;
  sizeBytes: number | null;
  links: string[];
  replyTo: { contributionId: Id | null; statementId: Id | null };
  transcribedBy: string | null;
  /** An outside expert's reply through a forward link (authorId is null). */
  outside: { personId: Id | null; name: string | null } | null;
  mediaUrl: string | null;
  posterUrl: string | null;
  captionsUrl: string;
  statementCount?: number;
  reactionCount?: number;
  reactions?: ReactionCounts;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** GET /api/contributions/:id: the contribution with its statements and summary. */
export interface ContributionDetail extends Contribution {
  statements: Statement[];
  summary: Summary | null;
  statementCount: number;
  reactionCount: number;
  reactions: ReactionCounts;
}

export interface TranscriptTurn {
  speaker?: string | null;
  text: string;
  startMs: number;
  endMs: number;
}

export interface TranscriptInput {
  title?: string;
  speaker?: string;
  replyTo?: Id;
  links?: string[];
  turns: TranscriptTurn[];
}

export interface UploadInput {
  file: Blob;
  /** File name sent with the media (the server sniffs the type; the name is only informative). */
  fileName?: string;
  captions?: Blob | null;
  title?: string;
  /** A contribution or statement id in the same conference. */
  replyTo?: Id;
  links?: string[];
}

// ---- digests, feed, reactions, views ----

export type DigestSectionKey = 'decisions' | 'questions' | 'proposals' | 'actions' | 'other';

export interface DigestItem {
  statementId: Id;
  contributionId: Id;
  conferenceId: Id;
  startMs: number;
  endMs: number;
  speaker: string | null;
  gist: string;
  act: string | null;
  /** Questions only. */
  answered?: boolean;
  answer?: { statementId: Id | null; contributionId: Id };
}

export interface DigestSection {
  key: DigestSectionKey;
  title: string;
  items: DigestItem[];
}

export interface Digest {
  conferenceId: Id;
  /** Start of the period; null means everything unseen. */
  since: IsoDate | null;
  summary: CitedSentence[];
  sections: DigestSection[];
  /** Unseen contributions in the period. */
  contributionCount: number;
  /** Video time not yet watched. */
  unseenMs: number;
  /** Estimated time to read this digest. */
  readingMs: number;
}

export interface SpaceDigest {
  spaceId: Id;
  spaceName: string;
  since: IsoDate | null;
  conferences: { conferenceId: Id; title: string; digest: Digest }[];
  unseenMs: number;
  readingMs: number;
}

export type FeedSort = 'ranked' | 'recent';

export interface FeedItem {
  statement: Statement;
  reactions: ReactionCounts;
  seen: boolean;
  score: number;
  parts: { relevance: number; reactions: number; recency: number };
}

export interface ReactionState {
  statementId: Id;
  reactions: ReactionCounts;
  /** The kinds you reacted with. */
  mine: string[];
  /** The kinds one may react with. */
  kinds: string[];
}

export interface ViewState {
  /** Merged [startMs, endMs) ranges. */
  watched: [number, number][];
  watchedMs: number;
  seen: boolean;
  seenAt: IsoDate | null;
}

export interface Visit {
  /** Where "since your last visit" starts; null on a first visit. */
  previousVisitAt: IsoDate | null;
  lastVisitAt: IsoDate;
}

export interface Follows {
  conferenceIds: Id[];
  tags: string[];
}

// ---- search and ask ----

export interface SearchHit {
  statementId: Id;
  contributionId: Id;
  conferenceId: Id;
  spaceId: Id;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  /** HTML-escaped text with matched terms in <mark>. */
  snippet: string;
  labels: Label[];
  score: number;
}

export interface SearchQuery {
  q: string;
  space?: Id;
  conference?: Id;
  speaker?: string;
  /** An act or a topic. */
  label?: string;
  from?: IsoDate;
  to?: IsoDate;
  limit?: number;
  mode?: 'hybrid' | 'vector' | 'text';
}

export interface Answer {
  answer: CitedSentence[];
  statements: SearchHit[];
}

// ---- routing and forwards ----

export interface Suggestion {
  kind: 'member' | 'expert';
  id: Id;
  name: string;
  score: number;
  reasons: string[];
  evidence: { statementId: Id; contributionId: Id; startMs: number; text: string; similarity: number }[];
}

export type ForwardStatus = 'open' | 'answered' | 'expired' | 'revoked';

export interface Forward {
  id: Id;
  statementId: Id;
  from: { userId: Id; name: string | null } | null;
  to: { kind: 'member' | 'expert'; id: Id | null; name: string | null };
  note: string;
  status: ForwardStatus;
  createdAt: IsoDate;
  expiresAt: IsoDate | null;
  revokedAt: IsoDate | null;
  openedAt: IsoDate | null;
  answeredAt: IsoDate | null;
  answeredContributionId: Id | null;
}

/** One of userId, personId or email; `name` names a new expert added by email. */
export type ForwardTarget = { userId: Id } | { personId: Id } | { email: string; name?: string };

export interface Person {
  id: Id;
  spaceId: Id;
  name: string;
  email: string;
  bio: string;
  tags: string[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface PersonInput {
  name: string;
  email: string;
  bio?: string;
  tags?: string[];
}

// ---- notifications and preferences ----

export type NotificationKind = 'contribution' | 'reply' | 'forward' | 'mention' | 'digest';

/** What a notification is about; `items` holds every event of a burst. Fields depend on the kind. */
export interface NotificationPayload {
  contributionId?: Id;
  conferenceId?: Id;
  conferenceTitle?: string;
  statementId?: Id;
  startMs?: number;
  title?: string;
  authorName?: string;
  excerpt?: string;
  note?: string;
  text?: string;
  from?: { userId: Id; name: string | null };
  spaceName?: string;
  items?: NotificationPayload[];
  [key: string]: unknown;
}

export interface AppNotification {
  id: Id;
  kind: NotificationKind;
  spaceId: Id | null;
  payload: NotificationPayload;
  /** How many events this notification gathers. */
  count: number;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  readAt: IsoDate | null;
}

export type DigestFrequency = 'daily' | 'weekly' | 'off';
export type EmailKind = 'contribution' | 'reply' | 'forward' | 'mention';

export interface Preferences {
  digestFrequency: DigestFrequency;
  emailKinds: EmailKind[];
  lastDigestAt: IsoDate | null;
}

// ---- expert links (/x/:token, no session) ----

export interface TranscriptCue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

export interface ExpertLink {
  statement: { text: string; speaker: string | null; startMs: number; endMs: number; gist: string | null };
  transcript: TranscriptCue[];
  conferenceTitle: string;
  forwarderName: string | null;
  expertName: string;
  note: string;
  expiresAt: IsoDate;
  /** The span alone: the file starts at startMs of the original. */
  media: { url: string; startMs: number; endMs: number; mime: string } | null;
  replies: { id: Id; status: string; createdAt: IsoDate }[];
}

// ---- live events (/api/events) ----

export interface ContributionEvent {
  type: 'contribution';
  id: Id;
  conferenceId: Id;
  spaceId: Id;
  status: ContributionStatus;
  stage: string;
  progress: number;
  error: string | null;
}

export interface NotificationEvent {
  type: 'notification';
  userId: Id;
  id: Id;
  kind: NotificationKind;
  count: number;
}
