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

// ---- Interviews: hosts and reviewers (docs/interviews-contract.md) ----
// Prefixed with Interview where a plain name would collide (Answer is /api/ask's).

export interface InterviewQuestionInput {
  prompt: string;
  thinkTimeS?: number;
  timeLimitS?: number;
  retakes?: number;
  isPractice?: boolean;
}

export interface InterviewQuestion {
  id: Id;
  position: number;
  prompt: string;
  thinkTimeS: number;
  timeLimitS: number;
  retakes: number;
  isPractice: boolean;
  hasPromptMedia: boolean;
}

export interface InterviewQuestionSet {
  id: Id;
  spaceId: Id;
  title: string;
  isTemplate: boolean;
  questions: InterviewQuestion[];
}

export interface CriterionAnchors {
  weak: string;
  average: string;
  strong: string;
}

export interface InterviewCriterionInput {
  name: string;
  description?: string;
  /** 1-based position in the question list (practice included); null = the whole interview. */
  question?: number | null;
  scaleMin?: number;
  scaleMax?: number;
  anchors: CriterionAnchors;
}

export interface InterviewCriterion {
  id: Id;
  questionId: Id | null;
  position: number;
  name: string;
  description: string;
  scaleMin: number;
  scaleMax: number;
  anchors: CriterionAnchors;
}

export interface Interview {
  conferenceId: Id;
  spaceId: Id;
  title: string;
  description: string;
  timeline: string;
  aiSummaries: boolean;
  retentionDays: number;
  contactEmail: string | null;
  questionSetId: Id;
  questions: InterviewQuestion[];
  criteria: InterviewCriterion[];
  role: Role;
}

export interface InterviewInput {
  title: string;
  description?: string;
  templateId?: Id;
  questions?: InterviewQuestionInput[];
  criteria: InterviewCriterionInput[];
  timeline?: string;
  aiSummaries?: boolean;
  retentionDays?: number;
  contactEmail?: string;
}

export type InvitationStatus = 'invited' | 'started' | 'completed' | 'expired' | 'revoked' | 'deleted';
export type InterviewDecision = 'advanced' | 'rejected';

export interface InterviewInvitation {
  id: Id;
  candidateName: string;
  candidateEmail: string | null;
  deadline: IsoDate;
  status: InvitationStatus;
  consentedAt: IsoDate | null;
  startedAt: IsoDate | null;
  completedAt: IsoDate | null;
  remindedAt: IsoDate | null;
  decision: InterviewDecision | null;
  /** Non-practice questions answered, of questionCount. */
  answered: number;
  questionCount: number;
  /** Real questions with no answer and no takes left (empty unless invited or started): a host can allow another take. */
  stuck: StuckQuestion[];
}

export interface StuckQuestion {
  questionId: Id;
  /** 1-based, practice included. */
  position: number;
  /** 1-based among the real questions: "Question N" as candidates and the review grid count. */
  number: number;
  prompt: string;
}

export type InterviewAnswerStatus = 'queued' | 'processing' | 'ready' | 'failed' | 'deleted';

export interface InterviewAnswer {
  id: Id;
  invitationId: Id;
  questionId: Id;
  contributionId: Id | null;
  take: number;
  durationMs: number | null;
  status: InterviewAnswerStatus;
  gist: string | null;
  statementCount: number;
}

export interface InterviewScore {
  criterionId: Id;
  value: number;
  comment: string;
}

export interface MyReview {
  submittedAt: IsoDate | null;
  comment: string;
  scores: InterviewScore[];
}

export interface OtherReview {
  reviewer: { id: Id; name: string };
  submittedAt: IsoDate | null;
  comment: string;
  scores: InterviewScore[];
}

export interface CriterionAggregate {
  criterionId: Id;
  /** null while no submitted review scored it. */
  mean: number | null;
  min: number | null;
  max: number | null;
  spread: number | null;
  n: number;
  disagreement: boolean;
}

export interface InterviewAggregate {
  /** 0..1, each criterion normalised to its scale. */
  mean: number;
  reviews: number;
  criteria: CriterionAggregate[];
  disagreement: boolean;
}

export interface ReviewCandidate {
  invitationId: Id;
  name: string;
  status: InvitationStatus;
  completedAt: IsoDate | null;
  decision: InterviewDecision | null;
  answers: InterviewAnswer[];
  myReview: MyReview;
  reviewsSubmitted: number;
}

/** GET /api/interviews/:id/review */
export interface InterviewReview {
  questions: InterviewQuestion[];
  criteria: InterviewCriterion[];
  candidates: ReviewCandidate[];
}

/** GET /api/invitations/:id/scores: others and aggregate are null until mine is submitted. */
export interface InvitationScores {
  mine: MyReview;
  others: OtherReview[] | null;
  aggregate: InterviewAggregate | null;
}

export interface ShortlistEntry {
  invitationId: Id;
  name: string;
  status: InvitationStatus;
  decision: InterviewDecision | null;
  reviews: number;
  aggregate: InterviewAggregate | null;
  rank: number | null;
}

export interface EvidenceStatement {
  statementId: Id;
  startMs: number;
  endMs: number;
  text: string;
  similarity: number;
}

export interface AnswerEvidence {
  ai: true;
  provider: string;
  model: string;
  summary: { text: string; statementIds: Id[] } | null;
  criteria: { criterionId: Id; statements: EvidenceStatement[] }[];
}

/** GET /api/answers/:id */
export interface AnswerDetail {
  answer: InterviewAnswer;
  question: InterviewQuestion;
  candidate: { invitationId: Id; name: string };
  contribution: ContributionDetail | null;
  evidence: AnswerEvidence | null;
}

// ---- Candidate (interview link): /api/i/:token, no session (docs/interviews-contract.md) ----

export type CandidateStatus = 'invited' | 'started' | 'completed' | 'expired' | 'revoked' | 'deleted';

/** The answer the candidate kept for a question, as the link shows it. */
export interface CandidateAnswerState {
  take: number;
  durationMs: number | null;
  status: string;
}

/** A question as the candidate's page gets it: the question plus their own progress on it. */
export interface CandidateQuestion extends InterviewQuestion {
  /** Takes the server counted (a take counts when recording starts). */
  takesUsed: number;
  takesLeft: number;
  answer: CandidateAnswerState | null;
}

/** What the candidate is told before agreeing: who sees the recordings, what AI does, deletion. */
export interface CandidateConsentText {
  reviewers: string;
  ai: string;
  deletion: string;
}

export interface CandidateInterview {
  title: string;
  description: string;
  timeline: string;
  spaceName: string;
  aiSummaries: boolean;
  contactEmail: string | null;
  retentionDays: number;
  consent: CandidateConsentText;
}

/**
 * GET /api/i/:token. Once the candidate's data is deleted (status 'deleted') only the status, the
 * deadline and the interview's title, space name and contact are left: `candidate` is null.
 */
export interface CandidateLink {
  candidate: { name: string } | null;
  status: CandidateStatus;
  deadline: IsoDate;
  consentedAt: IsoDate | null;
  /** Seconds a recording may run past its time limit before the server refuses it. */
  graceS: number;
  interview: CandidateInterview;
  questions: CandidateQuestion[];
}

/** POST /api/i/:token/questions/:qid/takes */
export interface CandidateTake {
  take: number;
  takesUsed: number;
  takesLeft: number;
}
