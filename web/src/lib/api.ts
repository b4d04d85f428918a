/**
 * The one client of Colloquy's HTTP API: every page reaches the server through this module only,
 * and this module through the one transport (transport.ts: encoding, errors, upload progress).
 */
import type {
  Answer,
  AnswerDetail,
  AppNotification,
  CandidateAnswerState,
  CandidateLink,
  CandidateTake,
  Conference,
  ConferenceKind,
  Contribution,
  ContributionDetail,
  ContributionEvent,
  Digest,
  ExpertLink,
  FeedItem,
  FeedSort,
  Follows,
  Forward,
  ForwardTarget,
  Id,
  Interview,
  InterviewDecision,
  InterviewInput,
  InterviewInvitation,
  InterviewQuestion,
  InterviewQuestionInput,
  InterviewQuestionSet,
  InterviewReview,
  InterviewScore,
  InvitationScores,
  Member,
  MyReview,
  NotificationEvent,
  Person,
  PersonInput,
  Preferences,
  ReactionState,
  Role,
  SearchHit,
  SearchQuery,
  ShortlistEntry,
  Space,
  SpaceDigest,
  Statement,
  Suggestion,
  TranscriptInput,
  UploadInput,
  User,
  ViewState,
  Visit,
} from './types';
import { type Query, type SendOptions, send } from './transport';

export { ApiError, errorMessage, isNotFound, isTransient, isUnauthorized, type SendProgress } from './transport';

const get = <T>(path: string, query?: Query, signal?: AbortSignal) => send<T>('GET', path, { query, signal });
const post = <T>(path: string, body?: unknown) => send<T>('POST', path, { body });
const put = <T>(path: string, body: unknown) => send<T>('PUT', path, { body });
const del = <T>(path: string) => send<T>('DELETE', path);

const enc = encodeURIComponent;

/** A multipart upload: progress (through XMLHttpRequest) and cancelling. */
type UploadOptions = Pick<SendOptions, 'onProgress' | 'signal'>;

// ---- accounts ----

export const auth = {
  signup: (input: { email: string; password: string; name: string }) => post<{ user: User }>('/api/auth/signup', input).then((r) => r.user),
  login: (input: { email: string; password: string }) => post<{ user: User }>('/api/auth/login', input).then((r) => r.user),
  logout: () => post<void>('/api/auth/logout'),
  /** The signed-in user; rejects with a 401 ApiError when nobody is. */
  me: () => get<{ user: User }>('/api/me').then((r) => r.user),
};

// ---- spaces ----

export const spaces = {
  list: () => get<{ spaces: Space[] }>('/api/spaces').then((r) => r.spaces),
  create: (name: string) => post<{ space: Space }>('/api/spaces', { name }).then((r) => r.space),
  /** A space with its members. */
  get: (id: Id) => get<{ space: Space; members: Member[] }>(`/api/spaces/${enc(id)}`),
  addMember: (id: Id, email: string, role: Role = 'member') =>
    post<{ member: Member }>(`/api/spaces/${enc(id)}/members`, { email, role }).then((r) => r.member),
  conferences: (id: Id) => get<{ conferences: Conference[] }>(`/api/spaces/${enc(id)}/conferences`).then((r) => r.conferences),
  createConference: (id: Id, input: { title: string; description?: string; kind?: ConferenceKind }) =>
    post<{ conference: Conference }>(`/api/spaces/${enc(id)}/conferences`, input).then((r) => r.conference),
  digest: (id: Id, since?: string) => get<{ digest: SpaceDigest }>(`/api/spaces/${enc(id)}/digest`, { since }).then((r) => r.digest),
  follows: (id: Id) => get<Follows>(`/api/spaces/${enc(id)}/follows`),
  followTag: (id: Id, tag: string) => post<{ following: boolean }>(`/api/spaces/${enc(id)}/tags/${enc(tag)}/follow`),
  unfollowTag: (id: Id, tag: string) => del<{ following: boolean }>(`/api/spaces/${enc(id)}/tags/${enc(tag)}/follow`),
};

// ---- the directory of outside experts ----

export const people = {
  list: (spaceId: Id) => get<{ people: Person[] }>(`/api/spaces/${enc(spaceId)}/people`).then((r) => r.people),
  create: (spaceId: Id, input: PersonInput) => post<{ person: Person }>(`/api/spaces/${enc(spaceId)}/people`, input).then((r) => r.person),
  update: (id: Id, input: Partial<PersonInput>) =>
    send<{ person: Person }>('PATCH', `/api/people/${enc(id)}`, { body: input }).then((r) => r.person),
  remove: (id: Id) => del<void>(`/api/people/${enc(id)}`),
};

// ---- conferences ----

export const conferences = {
  /** A conference with its contributions (statuses, reaction counts; no statements). */
  get: (id: Id, signal?: AbortSignal) =>
    get<{ conference: Conference; contributions: Contribution[] }>(`/api/conferences/${enc(id)}`, undefined, signal),
  /** What you have not seen since your last visit (or `since`). */
  digest: (id: Id, since?: string) => get<{ digest: Digest }>(`/api/conferences/${enc(id)}/digest`, { since }).then((r) => r.digest),
  feed: (id: Id, options: { sort?: FeedSort; q?: string; limit?: number; unseen?: boolean } = {}) =>
    get<{ items: FeedItem[] }>(`/api/conferences/${enc(id)}/feed`, options).then((r) => r.items),
  /** Record a visit: call when the conference page opens, before asking for the digest. */
  visit: (id: Id) => post<Visit>(`/api/conferences/${enc(id)}/visit`),
  follow: (id: Id) => post<{ following: boolean }>(`/api/conferences/${enc(id)}/follow`),
  unfollow: (id: Id) => del<{ following: boolean }>(`/api/conferences/${enc(id)}/follow`),
  /** Post a transcript without media; it runs segment → … → summarise like an upload. */
  postTranscript: (id: Id, input: TranscriptInput) =>
    post<{ contribution: Contribution }>(`/api/conferences/${enc(id)}/transcripts`, input).then((r) => r.contribution),
  /** Upload a video or audio contribution (multipart), with progress. Answers as soon as it is queued. */
  upload: (id: Id, input: UploadInput, options: UploadOptions = {}) => {
    const form = new FormData();
    // Fields before files: the server reads the parts in order.
    if (input.title) form.append('title', input.title);
    if (input.replyTo) form.append('replyTo', input.replyTo);
    for (const link of input.links ?? []) form.append('links', link);
    form.append('file', input.file, input.fileName ?? (input.file instanceof File ? input.file.name : 'recording'));
    if (input.captions) form.append('captions', input.captions, input.captions instanceof File ? input.captions.name : 'captions.vtt');
    return send<{ contribution: Contribution }>('POST', `/api/conferences/${enc(id)}/contributions`, { ...options, body: form }).then(
      (r) => r.contribution,
    );
  },
};

// ---- contributions and statements ----

export const contributions = {
  /** Status, statements with labels, summary and reaction counts. */
  get: (id: Id, signal?: AbortSignal) =>
    get<{ contribution: ContributionDetail }>(`/api/contributions/${enc(id)}`, undefined, signal).then((r) => r.contribution),
  /** Run a failed contribution again from the stage that failed. */
  retry: (id: Id) => post<{ contribution: Contribution }>(`/api/contributions/${enc(id)}/retry`).then((r) => r.contribution),
  /** Report watched ranges ([startMs, endMs]) or that its digest line was opened. */
  view: (id: Id, input: { ranges?: [number, number][]; opened?: boolean }, options: { keepalive?: boolean } = {}) =>
    send<ViewState>('POST', `/api/contributions/${enc(id)}/views`, { body: input, keepalive: options.keepalive }),
};

export const statements = {
  get: (id: Id) => get<{ statement: Statement & { conferenceId: Id } }>(`/api/statements/${enc(id)}`).then((r) => r.statement),
  reactions: (id: Id) => get<ReactionState>(`/api/statements/${enc(id)}/reactions`),
  /** With atMs the reaction lands on the statement said at that moment of the same contribution. */
  react: (id: Id, kind: string, atMs?: number) =>
    post<ReactionState>(`/api/statements/${enc(id)}/reactions`, atMs === undefined ? { kind } : { kind, atMs }),
  unreact: (id: Id, kind: string) => del<ReactionState>(`/api/statements/${enc(id)}/reactions/${enc(kind)}`),
  addLabel: (id: Id, kind: 'act' | 'topic', value: string) =>
    post<{ statement: Statement }>(`/api/statements/${enc(id)}/labels`, { kind, value }).then((r) => r.statement),
  removeLabel: (id: Id, kind: 'act' | 'topic', value: string) =>
    del<{ statement: Statement }>(`/api/statements/${enc(id)}/labels/${enc(kind)}/${enc(value)}`).then((r) => r.statement),
  /** Who should see this statement, each with reasons. */
  suggestions: (id: Id, limit?: number) =>
    get<{ suggestions: Suggestion[] }>(`/api/statements/${enc(id)}/suggestions`, { limit }).then((r) => r.suggestions),
};

// ---- forwards ----

export const forwards = {
  /** `link` is an outside expert's link, shown once; null for members. */
  create: (statementId: Id, target: ForwardTarget, note = '') =>
    post<{ forward: Forward; link: string | null }>(`/api/statements/${enc(statementId)}/forwards`, { ...target, note }),
  list: (statementId: Id) => get<{ forwards: Forward[] }>(`/api/statements/${enc(statementId)}/forwards`).then((r) => r.forwards),
  revoke: (id: Id) => del<{ forward: Forward }>(`/api/forwards/${enc(id)}`).then((r) => r.forward),
};

// ---- search and ask ----

export const search = (query: SearchQuery, signal?: AbortSignal) =>
  get<{ results: SearchHit[] }>('/api/search', { ...query }, signal).then((r) => r.results);

export const ask = (question: string, scope: { space?: Id; conference?: Id } = {}) => post<Answer>('/api/ask', { question, ...scope });

// ---- notifications and preferences ----

export const notifications = {
  list: (options: { unread?: boolean; limit?: number } = {}) =>
    get<{ notifications: AppNotification[]; unread: number }>('/api/notifications', options),
  read: (id: Id) => post<{ notification: AppNotification; unread: number }>(`/api/notifications/${enc(id)}/read`),
  readAll: () => post<{ marked: number; unread: number }>('/api/notifications/read-all'),
};

export const preferences = {
  get: () => get<{ preferences: Preferences }>('/api/me/preferences').then((r) => r.preferences),
  put: (input: Partial<Pick<Preferences, 'digestFrequency' | 'emailKinds'>>) =>
    put<{ preferences: Preferences }>('/api/me/preferences', input).then((r) => r.preferences),
};

// ---- expert links: the token is the only credential ----

export const expert = {
  get: (token: string) => get<ExpertLink>(`/api/x/${enc(token)}`),
  replyText: (token: string, text: string) => post<{ contribution: { id: Id; status: string } }>(`/api/x/${enc(token)}/replies`, { text }),
  replyFile: (token: string, file: Blob, options: UploadOptions = {}) => {
    const form = new FormData();
    form.append('file', file, file instanceof File ? file.name : 'reply');
    return send<{ contribution: { id: Id; status: string } }>('POST', `/api/x/${enc(token)}/replies`, { ...options, body: form });
  },
};

// ---- live events: one EventSource shared by every subscriber ----

export interface EventHandlers {
  contribution?: (e: ContributionEvent) => void;
  notification?: (e: NotificationEvent) => void;
  /** Called on every (re)connection: events may have been missed, so refresh what you show. */
  open?: () => void;
}

const subscribers = new Set<EventHandlers>();
let source: EventSource | null = null;

function openSource() {
  source = new EventSource('/api/events');
  source.addEventListener('open', () => subscribers.forEach((h) => h.open?.()));
  for (const type of ['contribution', 'notification'] as const) {
    source.addEventListener(type, (msg) => {
      let data: ContributionEvent & NotificationEvent;
      try {
        data = JSON.parse((msg as MessageEvent<string>).data);
      } catch {
        return;
      }
      subscribers.forEach((h) => h[type]?.(data));
    });
  }
  // The browser reconnects by itself; a closed source (e.g. signed out) is reopened on the next subscribe.
}

/** Listen to /api/events; returns the function that stops listening. */
export function subscribeEvents(handlers: EventHandlers): () => void {
  subscribers.add(handlers);
  if (!source || source.readyState === EventSource.CLOSED) openSource();
  else if (source.readyState === EventSource.OPEN) handlers.open?.();
  return () => {
    subscribers.delete(handlers);
    if (subscribers.size === 0) {
      source?.close();
      source = null;
    }
  };
}

// ---- interviews: hosts build and invite, reviewers score (docs/interviews-contract.md) ----

export const interviews = {
  /** The space's saved question templates. */
  templates: (spaceId: Id) =>
    get<{ questionSets: InterviewQuestionSet[] }>(`/api/spaces/${enc(spaceId)}/question-sets`).then((r) => r.questionSets),
  saveTemplate: (spaceId: Id, input: { title: string; questions: InterviewQuestionInput[] }) =>
    post<{ questionSet: InterviewQuestionSet }>(`/api/spaces/${enc(spaceId)}/question-sets`, input).then((r) => r.questionSet),
  /** Creates the opening (a conference of kind 'interview'). */
  create: (spaceId: Id, input: InterviewInput) =>
    post<{ interview: Interview }>(`/api/spaces/${enc(spaceId)}/interviews`, input).then((r) => r.interview),
  get: (id: Id) => get<{ interview: Interview }>(`/api/interviews/${enc(id)}`).then((r) => r.interview),
  update: (id: Id, input: Partial<Pick<Interview, 'timeline' | 'aiSummaries' | 'retentionDays' | 'contactEmail'>>) =>
    send<{ interview: Interview }>('PATCH', `/api/interviews/${enc(id)}`, { body: input }).then((r) => r.interview),
  invitations: (id: Id) => get<{ invitations: InterviewInvitation[] }>(`/api/interviews/${enc(id)}/invitations`).then((r) => r.invitations),
  /** Mails each candidate their link; `deadline` (ISO) or `deadlineDays` (default 7). */
  invite: (id: Id, input: { candidates: { name: string; email: string }[]; deadline?: string; deadlineDays?: number }) =>
    post<{ invitations: InterviewInvitation[] }>(`/api/interviews/${enc(id)}/invitations`, input).then((r) => r.invitations),
  /** Questions (no practice), criteria and every candidate with their answers and your review. */
  review: (id: Id) => get<InterviewReview>(`/api/interviews/${enc(id)}/review`),
  shortlist: (id: Id) => get<{ candidates: ShortlistEntry[] }>(`/api/interviews/${enc(id)}/shortlist`).then((r) => r.candidates),
  /** The host's video asking a question (members only). */
  promptMediaUrl: (questionId: Id) => `/api/questions/${enc(questionId)}/prompt-media`,
  /** Sets or replaces a question's prompt video (hosts; at most 3 minutes). */
  setPromptMedia: (questionId: Id, file: Blob, onProgress?: UploadOptions['onProgress']) => {
    const form = new FormData();
    form.append('file', file);
    return send<{ question: InterviewQuestion }>('PUT', `/api/questions/${enc(questionId)}/prompt-media`, { body: form, onProgress }).then(
      (r) => r.question,
    );
  },
};

export const invitations = {
  remind: (id: Id) => post<{ invitation: InterviewInvitation }>(`/api/invitations/${enc(id)}/remind`).then((r) => r.invitation),
  /** Revokes the invitation: the candidate's links stop working. */
  revoke: (id: Id) => del<void>(`/api/invitations/${enc(id)}`),
  decide: (id: Id, decision: InterviewDecision | null) =>
    post<{ invitation: InterviewInvitation }>(`/api/invitations/${enc(id)}/decision`, { decision }).then((r) => r.invitation),
  deleteData: (id: Id) => del<{ invitation: InterviewInvitation }>(`/api/invitations/${enc(id)}/data`).then((r) => r.invitation),
  /** One more take of a question for this candidate, e.g. after a recording was lost. */
  allowExtraTake: (id: Id, questionId: Id) =>
    post<{ invitation: InterviewInvitation }>(`/api/invitations/${enc(id)}/questions/${enc(questionId)}/extra-take`).then(
      (r) => r.invitation,
    ),
  /** Your review; others' and the aggregate only once yours is submitted. */
  scores: (id: Id) => get<InvitationScores>(`/api/invitations/${enc(id)}/scores`),
  saveScores: (id: Id, input: { scores: InterviewScore[]; comment?: string }) =>
    put<{ mine: MyReview }>(`/api/invitations/${enc(id)}/scores`, input).then((r) => r.mine),
  submitScores: (id: Id) => post<{ mine: MyReview }>(`/api/invitations/${enc(id)}/scores/submit`).then((r) => r.mine),
};

export const interviewAnswers = {
  /** The answer with its contribution (player, transcript) and the AI evidence, if any. */
  get: (id: Id) => get<AnswerDetail>(`/api/answers/${enc(id)}`),
  /** An expert link to the whole answer, mailed to `email`. */
  share: (id: Id, input: { email: string; name: string; note?: string }) =>
    post<{ forward: { id: Id; expiresAt: string } }>(`/api/answers/${enc(id)}/share`, input).then((r) => r.forward),
};

// ---- a candidate's interview link: the token is the only credential (no session) ----

const candidateBase = (token: string) => `/api/i/${enc(token)}`;

export const candidate = {
  get: (token: string) => get<CandidateLink>(candidateBase(token)),
  consent: (token: string) => post<{ consentedAt: string }>(`${candidateBase(token)}/consent`, { agree: true }),
  /** The host's video (or audio) asking the question; for a <video src>. */
  promptMediaUrl: (token: string, questionId: Id) => `${candidateBase(token)}/questions/${enc(questionId)}/prompt-media`,
  /** Counts a take as recording starts; refused once no retakes are left (409 E_NO_RETAKES_LEFT). */
  startTake: (token: string, questionId: Id) => post<CandidateTake>(`${candidateBase(token)}/questions/${enc(questionId)}/takes`),
  /** Hands the interview in: every real question must have its answer. */
  complete: (token: string) => post<{ completedAt: string }>(`${candidateBase(token)}/complete`),
  /** Deletes every recording, transcript and score of this candidate; the link stops working. */
  deleteData: (token: string) => post<{ status: 'deleted' }>(`${candidateBase(token)}/deletion`),
  /** A kept take's resumable upload, step by step; interview/chunked-upload.ts drives it (retries, resuming). */
  uploads: {
    create: (token: string, questionId: Id, input: { take: number; sizeBytes: number }, signal?: AbortSignal) =>
      send<{ uploadId: Id; receivedBytes: number; chunkBytes: number }>(
        'POST',
        `${candidateBase(token)}/questions/${enc(questionId)}/uploads`,
        {
          body: input,
          signal,
        },
      ),
    /** How many bytes the server holds: where to go on from. */
    status: (token: string, uploadId: Id, signal?: AbortSignal) =>
      get<{ receivedBytes: number; sizeBytes: number; completed: boolean }>(
        `${candidateBase(token)}/uploads/${enc(uploadId)}`,
        undefined,
        signal,
      ),
    /** The bytes from `offset`; 409 E_UPLOAD_OFFSET when the server holds a different offset. */
    putChunk: (token: string, uploadId: Id, offset: number, chunk: Blob, signal?: AbortSignal) =>
      send<{ receivedBytes: number }>('PUT', `${candidateBase(token)}/uploads/${enc(uploadId)}`, {
        query: { offset },
        body: chunk,
        signal,
      }),
    /** Idempotent: completing twice returns the same answer. */
    complete: (token: string, uploadId: Id, signal?: AbortSignal) =>
      send<{ answer: CandidateAnswerState & { questionId: Id } }>('POST', `${candidateBase(token)}/uploads/${enc(uploadId)}/complete`, {
        signal,
      }).then((r) => r.answer),
  },
};
