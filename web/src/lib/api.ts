/**
 * The one client of Colloquy's HTTP API: every page reaches the server through this module only,
 * and this module through the one transport (transport.ts: encoding, errors, upload progress).
 */
import type {
  AddMemberBody,
  AddLabelBody,
  AddPersonBody,
  AppEvent,
  AskBody,
  accountOperations,
  ChangePasswordBody,
  ChunkQuery,
  CreateApiTokenBody,
  CreateConferenceBody,
  CreateExportBody,
  CreateForwardBody,
  CreateInterviewBody,
  CreateUploadBody,
  CreateWebhookBody,
  ContributionEvent,
  Decision,
  DecisionBody,
  ConsentBody,
  EditStatementBody,
  ExpertReplyBody,
  FeedQuery,
  InviteBody,
  NotificationEvent,
  NotificationsQuery,
  PostTranscriptBody,
  QuestionSetBody,
  ReactBody,
  RequestPasswordResetBody,
  ResetPasswordBody,
  ResponseOf,
  SaveScoresBody,
  SearchQuery,
  SetSpeakersBody,
  ShareAnswerBody,
  SignInBody,
  SignUpBody,
  SuggestionsQuery,
  UpdateInterviewBody,
  SaveGuideBody,
  ProposeSlotsBody,
  LiveTranscriptBody,
  PickSlotBody,
  UpdateMeBody,
  UpdatePersonBody,
  UpdatePreferencesBody,
  UpdateWebhookBody,
  ViewBody,
  candidateOperations,
  conferencesOperations,
  contributionsOperations,
  digestsOperations,
  directoryOperations,
  expertOperations,
  exportsOperations,
  feedOperations,
  forwardsOperations,
  interviewOperations,
  liveRoundOperations,
  notificationsOperations,
  reactionsOperations,
  searchOperations,
  sessionOperations,
  spacesOperations,
  speakersOperations,
  statementsOperations,
  webhooksOperations,
  participationOperations,
  NudgeBody,
  moderationOperations,
  ModerationEvent,
} from '@colloquy/contract';
import type { ForwardTarget, Id, User } from '@colloquy/contract';
import type { DraftAgendaBody, LinkAgendaBody, PublishAgendaBody, UpdateAgendaBody, agendasOperations } from '@colloquy/contract';
import type { QueryOf } from './query-of';
import { type Query, type SendOptions, send } from './transport';

export { ApiError, type ApiErrorCode, errorMessage, isNotFound, isTransient, isUnauthorized, type SendProgress } from './transport';

// The operations this client calls: each function's answer is the contract's, so a change there fails `npm run check`.
type Sessions = typeof sessionOperations;
type Accounts = typeof accountOperations;
type Spaces = typeof spacesOperations;
type Directory = typeof directoryOperations;
type Conferences = typeof conferencesOperations;
type Digests = typeof digestsOperations;
type Feed = typeof feedOperations;
type Reactions = typeof reactionsOperations;
type Contributions = typeof contributionsOperations;
type Statements = typeof statementsOperations;
type Forwards = typeof forwardsOperations;
type Speakers = typeof speakersOperations;
type Search = typeof searchOperations;
type Notifications = typeof notificationsOperations;
type Experts = typeof expertOperations;
type Interviews = typeof interviewOperations;
type Candidates = typeof candidateOperations;
type Webhooks = typeof webhooksOperations;
type Exports = typeof exportsOperations;
type Moderation = typeof moderationOperations;
type Live = typeof liveRoundOperations;
type Agendas = typeof agendasOperations;

const get = <T>(path: string, query?: Query, signal?: AbortSignal) => send<T>('GET', path, { query, signal });
const post = <T>(path: string, body?: unknown) => send<T>('POST', path, { body });
const put = <T>(path: string, body: unknown) => send<T>('PUT', path, { body });
const del = <T>(path: string) => send<T>('DELETE', path);

const enc = encodeURIComponent;

/** A multipart upload: progress (through XMLHttpRequest) and cancelling. */
type UploadOptions = Pick<SendOptions, 'onProgress' | 'signal'>;

/**
 * A media contribution's multipart parts: the file and captions are the browser's, the text fields
 * those a transcript takes (the contract describes multipart parts in the operation's summary only).
 */
export type UploadInput = Pick<PostTranscriptBody, 'title' | 'replyTo' | 'links'> & {
  file: Blob;
  /** File name sent with the media (the server sniffs the type; the name is only informative). */
  fileName?: string;
  captions?: Blob | null;
};

// ---- accounts ----

/**
 * Who is signed in, asked once and then known: every page's load needs it, and asking the server
 * each time would cost a round trip per navigation. What changes the session here updates it; a
 * 401 from anywhere else (the session was revoked elsewhere) calls `auth.forget()`.
 */
let signedIn: Promise<User | null> | null = null;
const knowing = <U extends User | null>(user: U): U => {
  signedIn = Promise.resolve(user);
  return user;
};

export const auth = {
  signup: (input: SignUpBody) => post<ResponseOf<Sessions['signUp'], 201>>('/api/auth/signup', input).then((r) => knowing(r.user)),
  login: (input: SignInBody) => post<ResponseOf<Sessions['signIn']>>('/api/auth/login', input).then((r) => knowing(r.user)),
  logout: () => post<void>('/api/auth/logout').finally(() => knowing(null)),
  /** The signed-in user, or null when nobody is (the server answers 200 either way: no error in the console). */
  me: (): Promise<User | null> =>
    (signedIn ??= get<ResponseOf<Sessions['getMe']>>('/api/me').then(
      (r) => r.user,
      (err) => {
        signedIn = null; // not known after all: ask again next time
        throw err;
      },
    )),
  /** The session may have changed behind our back: the next `me()` asks the server. */
  forget: () => {
    signedIn = null;
  },
  /** Emails a reset link if an account uses the address; the answer is the same either way. */
  requestPasswordReset: (input: RequestPasswordResetBody) =>
    post<ResponseOf<Sessions['requestPasswordReset'], 202>>('/api/auth/password-reset', input).then((r) => r.message),
  /** Sets a new password; every session of that account is signed out (this browser's too, if it was one). */
  resetPassword: (input: ResetPasswordBody) =>
    post<ResponseOf<Sessions['resetPassword']>>('/api/auth/password-reset/confirm', input).finally(() => auth.forget()),
};

/** The signed-in person's own account: name, password, sessions, API tokens. */
export const account = {
  rename: (input: UpdateMeBody) => send<ResponseOf<Accounts['updateMe']>>('PATCH', '/api/me', { body: input }).then((r) => knowing(r.user)),
  changePassword: (input: ChangePasswordBody) => post<ResponseOf<Accounts['changePassword']>>('/api/me/password', input),
  sessions: () => get<ResponseOf<Accounts['listSessions']>>('/api/me/sessions').then((r) => r.sessions),
  /** Revoking the current session signs this browser out. */
  revokeSession: (id: Id, current: boolean) => del<void>(`/api/me/sessions/${enc(id)}`).then(() => void (current && knowing(null))),
  tokens: () => get<ResponseOf<Accounts['listApiTokens']>>('/api/tokens').then((r) => r.tokens),
  createToken: (input: CreateApiTokenBody) => post<ResponseOf<Accounts['createApiToken'], 201>>('/api/tokens', input),
  revokeToken: (id: Id) => del<void>(`/api/tokens/${enc(id)}`),
};

// ---- spaces ----

export const spaces = {
  list: () => get<ResponseOf<Spaces['listSpaces']>>('/api/spaces').then((r) => r.spaces),
  create: (name: string) => post<ResponseOf<Spaces['createSpace'], 201>>('/api/spaces', { name }).then((r) => r.space),
  /** A space with its members. */
  get: (id: Id) => get<ResponseOf<Spaces['getSpace']>>(`/api/spaces/${enc(id)}`),
  /** Add a member or invite an email (sent an invitation); for someone already in, this changes their role. */
  addMember: (id: Id, email: string, role: AddMemberBody['role'] = 'member') =>
    post<ResponseOf<Spaces['addMember'], 201>>(`/api/spaces/${enc(id)}/members`, { email, role } satisfies AddMemberBody).then(
      (r) => r.member,
    ),
  /** Remove a member or a pending invite (by email); their access ends at once. */
  removeMember: (id: Id, email: string) => del<void>(`/api/spaces/${enc(id)}/members/${enc(email)}`),
  conferences: (id: Id) => get<ResponseOf<Spaces['listConferences']>>(`/api/spaces/${enc(id)}/conferences`).then((r) => r.conferences),
  createConference: (id: Id, input: CreateConferenceBody) =>
    post<ResponseOf<Spaces['createConference'], 201>>(`/api/spaces/${enc(id)}/conferences`, input).then((r) => r.conference),
  digest: (id: Id, since?: string) =>
    get<ResponseOf<Digests['getSpaceDigest']>>(`/api/spaces/${enc(id)}/digest`, { since }).then((r) => r.digest),
  follows: (id: Id) => get<ResponseOf<Reactions['listFollows']>>(`/api/spaces/${enc(id)}/follows`),
  followTag: (id: Id, tag: string) => post<ResponseOf<Reactions['followTag']>>(`/api/spaces/${enc(id)}/tags/${enc(tag)}/follow`),
  unfollowTag: (id: Id, tag: string) => del<ResponseOf<Reactions['unfollowTag']>>(`/api/spaces/${enc(id)}/tags/${enc(tag)}/follow`),
};

// ---- the directory of outside experts ----

export const people = {
  list: (spaceId: Id) => get<ResponseOf<Directory['listPeople']>>(`/api/spaces/${enc(spaceId)}/people`).then((r) => r.people),
  create: (spaceId: Id, input: AddPersonBody) =>
    post<ResponseOf<Directory['addPerson'], 201>>(`/api/spaces/${enc(spaceId)}/people`, input).then((r) => r.person),
  update: (id: Id, input: UpdatePersonBody) =>
    send<ResponseOf<Directory['updatePerson']>>('PATCH', `/api/people/${enc(id)}`, { body: input }).then((r) => r.person),
  remove: (id: Id) => del<void>(`/api/people/${enc(id)}`),
};

// ---- exports (a zip of a conference or a space; your own contributions) ----

export const exports = {
  list: () => get<ResponseOf<Exports['listExports']>>('/api/exports').then((r) => r.exports),
  create: (input: CreateExportBody) => post<ResponseOf<Exports['createExport'], 202>>('/api/exports', input).then((r) => r.export),
  get: (id: Id) => get<ResponseOf<Exports['getExport']>>(`/api/exports/${enc(id)}`).then((r) => r.export),
};

// ---- webhooks (owners and hosts) ----

export const webhooks = {
  list: (spaceId: Id) => get<ResponseOf<Webhooks['listWebhooks']>>(`/api/spaces/${enc(spaceId)}/webhooks`).then((r) => r.webhooks),
  /** The answer holds the signing secret: shown once. */
  create: (spaceId: Id, input: CreateWebhookBody) =>
    post<ResponseOf<Webhooks['createWebhook'], 201>>(`/api/spaces/${enc(spaceId)}/webhooks`, input),
  update: (id: Id, input: UpdateWebhookBody) =>
    send<ResponseOf<Webhooks['updateWebhook']>>('PATCH', `/api/webhooks/${enc(id)}`, { body: input }).then((r) => r.webhook),
  remove: (id: Id) => del<void>(`/api/webhooks/${enc(id)}`),
  deliveries: (id: Id) =>
    get<ResponseOf<Webhooks['listWebhookDeliveries']>>(`/api/webhooks/${enc(id)}/deliveries`).then((r) => r.deliveries),
};

// ---- conferences ----

export const conferences = {
  /** A conference with its contributions (statuses, reaction counts; no statements). */
  get: (id: Id, signal?: AbortSignal) => get<ResponseOf<Conferences['getConference']>>(`/api/conferences/${enc(id)}`, undefined, signal),
  /** What you have not seen since your last visit (or `since`). */
  digest: (id: Id, since?: string) =>
    get<ResponseOf<Digests['getConferenceDigest']>>(`/api/conferences/${enc(id)}/digest`, { since }).then((r) => r.digest),
  feed: (id: Id, options: QueryOf<typeof FeedQuery> = {}) =>
    get<ResponseOf<Feed['getFeed']>>(`/api/conferences/${enc(id)}/feed`, options).then((r) => r.items),
  /** Record a visit: call when the conference page opens, before asking for the digest. */
  visit: (id: Id) => post<ResponseOf<Reactions['recordVisit']>>(`/api/conferences/${enc(id)}/visit`),
  follow: (id: Id) => post<ResponseOf<Reactions['followConference']>>(`/api/conferences/${enc(id)}/follow`),
  unfollow: (id: Id) => del<ResponseOf<Reactions['unfollowConference']>>(`/api/conferences/${enc(id)}/follow`),
  /** Post a transcript without media; it runs segment → … → summarise like an upload. */
  postTranscript: (id: Id, input: PostTranscriptBody) =>
    post<ResponseOf<Contributions['postTranscript'], 202>>(`/api/conferences/${enc(id)}/transcripts`, input).then((r) => r.contribution),
  /** Upload a video or audio contribution (multipart), with progress. Answers as soon as it is queued. */
  upload: (id: Id, input: UploadInput, options: UploadOptions = {}) => {
    const form = new FormData();
    // Fields before files: the server reads the parts in order.
    if (input.title) form.append('title', input.title);
    if (input.replyTo) form.append('replyTo', input.replyTo);
    for (const link of input.links ?? []) form.append('links', link);
    form.append('file', input.file, input.fileName ?? (input.file instanceof File ? input.file.name : 'recording'));
    if (input.captions) form.append('captions', input.captions, input.captions instanceof File ? input.captions.name : 'captions.vtt');
    return send<ResponseOf<Contributions['uploadContribution'], 202>>('POST', `/api/conferences/${enc(id)}/contributions`, {
      ...options,
      body: form,
    }).then((r) => r.contribution);
  },
};

// ---- contributions and statements ----

export const contributions = {
  /** Status, statements with labels, summary and reaction counts. */
  get: (id: Id, signal?: AbortSignal) =>
    get<ResponseOf<Contributions['getContribution']>>(`/api/contributions/${enc(id)}`, undefined, signal).then((r) => r.contribution),
  /** Run a failed contribution again from the stage that failed. */
  retry: (id: Id) =>
    post<ResponseOf<Contributions['retryContribution'], 202>>(`/api/contributions/${enc(id)}/retry`).then((r) => r.contribution),
  /** Report watched ranges ([startMs, endMs]) or that its digest line was opened. */
  view: (id: Id, input: ViewBody, options: { keepalive?: boolean } = {}) =>
    send<ResponseOf<Reactions['recordView']>>('POST', `/api/contributions/${enc(id)}/views`, { body: input, keepalive: options.keepalive }),
  /** Its transcript's speaker labels and the members they are linked to. */
  speakers: (id: Id) => get<ResponseOf<Speakers['listSpeakers']>>(`/api/contributions/${enc(id)}/speakers`).then((r) => r.speakers),
  /** Link (or confirm) speaker labels to members: owners and hosts. */
  setSpeakers: (id: Id, speakers: SetSpeakersBody['speakers']) =>
    put<ResponseOf<Speakers['setSpeakers']>>(`/api/contributions/${enc(id)}/speakers`, { speakers } satisfies SetSpeakersBody).then(
      (r) => r.speakers,
    ),
};

export const statements = {
  get: (id: Id) => get<ResponseOf<Statements['getStatement']>>(`/api/statements/${enc(id)}`).then((r) => r.statement),
  reactions: (id: Id) => get<ResponseOf<Reactions['getReactions']>>(`/api/statements/${enc(id)}/reactions`),
  /** With atMs the reaction lands on the statement said at that moment of the same contribution. */
  react: (id: Id, kind: string, atMs?: number) =>
    post<ResponseOf<Reactions['react']>>(
      `/api/statements/${enc(id)}/reactions`,
      (atMs === undefined ? { kind } : { kind, atMs }) satisfies ReactBody,
    ),
  unreact: (id: Id, kind: string) => del<ResponseOf<Reactions['unreact']>>(`/api/statements/${enc(id)}/reactions/${enc(kind)}`),
  addLabel: (id: Id, kind: AddLabelBody['kind'], value: string) =>
    post<ResponseOf<Statements['addLabel'], 201>>(`/api/statements/${enc(id)}/labels`, { kind, value } satisfies AddLabelBody).then(
      (r) => r.statement,
    ),
  removeLabel: (id: Id, kind: AddLabelBody['kind'], value: string) =>
    del<ResponseOf<Statements['removeLabel']>>(`/api/statements/${enc(id)}/labels/${enc(kind)}/${enc(value)}`).then((r) => r.statement),
  /** Correct what was heard (its author, owners and hosts); `baseRevision` guards against overwriting another correction. */
  edit: (id: Id, input: EditStatementBody) =>
    send<ResponseOf<Statements['editStatement']>>('PATCH', `/api/statements/${enc(id)}`, { body: input }).then((r) => r.statement),
  /** Its corrections, newest first. */
  history: (id: Id) => get<ResponseOf<Statements['statementHistory']>>(`/api/statements/${enc(id)}/history`).then((r) => r.revisions),
  /** Who should see this statement, each with reasons. */
  suggestions: (id: Id, limit?: number) =>
    get<ResponseOf<Forwards['suggestRecipients']>>(`/api/statements/${enc(id)}/suggestions`, { limit } satisfies QueryOf<
      typeof SuggestionsQuery
    >).then((r) => r.suggestions),
};

// ---- forwards ----

// ---- moderation: authors delete their contributions; owners and hosts delete and hide statements ----

export const moderation = {
  deleteContribution: (id: Id) => del<ResponseOf<Moderation['deleteContribution']>>(`/api/contributions/${enc(id)}`).then((r) => r.deleted),
  deleteStatement: (id: Id) => del<ResponseOf<Moderation['deleteStatement']>>(`/api/statements/${enc(id)}`).then((r) => r.deleted),
  hide: (id: Id) => post<ResponseOf<Moderation['hideStatement']>>(`/api/statements/${enc(id)}/hide`).then((r) => r.statement),
  unhide: (id: Id) => post<ResponseOf<Moderation['unhideStatement']>>(`/api/statements/${enc(id)}/unhide`).then((r) => r.statement),
};

export const forwards = {
  /** `link` is an outside expert's link, shown once; null for members. */
  create: (statementId: Id, target: ForwardTarget, note = '') =>
    post<ResponseOf<Forwards['forwardStatement'], 201>>(`/api/statements/${enc(statementId)}/forwards`, {
      ...target,
      note,
    } satisfies CreateForwardBody),
  list: (statementId: Id) =>
    get<ResponseOf<Forwards['listForwards']>>(`/api/statements/${enc(statementId)}/forwards`).then((r) => r.forwards),
  revoke: (id: Id) => del<ResponseOf<Forwards['revokeForward']>>(`/api/forwards/${enc(id)}`).then((r) => r.forward),
};

// ---- search and ask ----

export const search = (query: QueryOf<typeof SearchQuery, 'q'>, signal?: AbortSignal) =>
  get<ResponseOf<Search['search']>>('/api/search', { ...query }, signal);

export const ask = (question: string, scope: Omit<AskBody, 'question'> = {}) =>
  post<ResponseOf<Search['ask']>>('/api/ask', { question, ...scope } satisfies AskBody);

// ---- notifications and preferences ----

export const notifications = {
  list: (options: QueryOf<typeof NotificationsQuery> = {}) =>
    get<ResponseOf<Notifications['listNotifications']>>('/api/notifications', options),
  read: (id: Id) => post<ResponseOf<Notifications['markNotificationRead']>>(`/api/notifications/${enc(id)}/read`),
  readAll: () => post<ResponseOf<Notifications['markAllNotificationsRead']>>('/api/notifications/read-all'),
};

export const preferences = {
  get: () => get<ResponseOf<Notifications['getPreferences']>>('/api/me/preferences').then((r) => r.preferences),
  put: (input: UpdatePreferencesBody) =>
    put<ResponseOf<Notifications['updatePreferences']>>('/api/me/preferences', input).then((r) => r.preferences),
};

// ---- expert links: the token is the only credential ----

export const expert = {
  get: (token: string) => get<ResponseOf<Experts['getExpertLink']>>(`/api/x/${enc(token)}`),
  replyText: (token: string, text: string) =>
    post<ResponseOf<Experts['replyAsExpert'], 202>>(`/api/x/${enc(token)}/replies`, { text } satisfies ExpertReplyBody),
  replyFile: (token: string, file: Blob, options: UploadOptions = {}) => {
    const form = new FormData();
    form.append('file', file, file instanceof File ? file.name : 'reply');
    return send<ResponseOf<Experts['replyAsExpert'], 202>>('POST', `/api/x/${enc(token)}/replies`, { ...options, body: form });
  },
};

// ---- live events: one EventSource shared by every subscriber ----

export interface EventHandlers {
  contribution?: (e: ContributionEvent) => void;
  notification?: (e: NotificationEvent) => void;
  /** Something in your spaces was deleted, hidden or shown again. */
  moderation?: (e: ModerationEvent) => void;
  /** Called on every (re)connection: events may have been missed, so refresh what you show. */
  open?: () => void;
}

const subscribers = new Set<EventHandlers>();
let source: EventSource | null = null;

function openSource() {
  source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    for (const h of subscribers) h.open?.();
  });
  for (const type of ['contribution', 'notification', 'moderation'] as const)
    source.addEventListener(type, (msg) => deliver(type, (msg as MessageEvent<string>).data));
  // The browser reconnects by itself; a closed source (e.g. signed out) is reopened on the next subscribe.
}

/** One event's data to every subscriber's handler for its name (`event: contribution` or `event: notification`). */
function deliver(type: AppEvent['type'], data: string) {
  let event: AppEvent;
  try {
    event = JSON.parse(data);
  } catch {
    return;
  }
  for (const h of subscribers) {
    if (type === 'contribution') h.contribution?.(event as ContributionEvent);
    else if (type === 'moderation') h.moderation?.(event as ModerationEvent);
    else h.notification?.(event as NotificationEvent);
  }
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
    get<ResponseOf<Interviews['listQuestionSets']>>(`/api/spaces/${enc(spaceId)}/question-sets`).then((r) => r.questionSets),
  saveTemplate: (spaceId: Id, input: QuestionSetBody) =>
    post<ResponseOf<Interviews['createQuestionSet'], 201>>(`/api/spaces/${enc(spaceId)}/question-sets`, input).then((r) => r.questionSet),
  /** Creates the opening (a conference of kind 'interview'). */
  create: (spaceId: Id, input: CreateInterviewBody) =>
    post<ResponseOf<Interviews['createInterview'], 201>>(`/api/spaces/${enc(spaceId)}/interviews`, input).then((r) => r.interview),
  get: (id: Id) => get<ResponseOf<Interviews['getInterview']>>(`/api/interviews/${enc(id)}`).then((r) => r.interview),
  update: (id: Id, input: UpdateInterviewBody) =>
    send<ResponseOf<Interviews['updateInterview']>>('PATCH', `/api/interviews/${enc(id)}`, { body: input }).then((r) => r.interview),
  invitations: (id: Id) =>
    get<ResponseOf<Interviews['listInvitations']>>(`/api/interviews/${enc(id)}/invitations`).then((r) => r.invitations),
  /** Mails each candidate their link; `deadline` (ISO) or `deadlineDays` (default 7). */
  invite: (id: Id, input: InviteBody) =>
    post<ResponseOf<Interviews['inviteCandidates'], 201>>(`/api/interviews/${enc(id)}/invitations`, input).then((r) => r.invitations),
  /** Questions (no practice), criteria and every candidate with their answers and your review. */
  review: (id: Id) => get<ResponseOf<Interviews['getReviewGrid']>>(`/api/interviews/${enc(id)}/review`),
  shortlist: (id: Id) => get<ResponseOf<Interviews['getShortlist']>>(`/api/interviews/${enc(id)}/shortlist`).then((r) => r.candidates),
  /** The host's video asking a question (members only). */
  promptMediaUrl: (questionId: Id) => `/api/questions/${enc(questionId)}/prompt-media`,
  /** Sets or replaces a question's prompt video (hosts; at most 3 minutes). */
  setPromptMedia: (questionId: Id, file: Blob, onProgress?: UploadOptions['onProgress']) => {
    const form = new FormData();
    form.append('file', file);
    return send<ResponseOf<Interviews['setPromptMedia']>>('PUT', `/api/questions/${enc(questionId)}/prompt-media`, {
      body: form,
      onProgress,
    }).then((r) => r.question);
  },
};

export const invitations = {
  remind: (id: Id) => post<ResponseOf<Interviews['remindCandidate']>>(`/api/invitations/${enc(id)}/remind`).then((r) => r.invitation),
  /** Revokes the invitation: the candidate's links stop working. */
  revoke: (id: Id) => del<void>(`/api/invitations/${enc(id)}`),
  decide: (id: Id, decision: Decision | null) =>
    post<ResponseOf<Interviews['decideOnCandidate']>>(`/api/invitations/${enc(id)}/decision`, { decision } satisfies DecisionBody).then(
      (r) => r.invitation,
    ),
  deleteData: (id: Id) => del<ResponseOf<Interviews['deleteCandidateData']>>(`/api/invitations/${enc(id)}/data`).then((r) => r.invitation),
  /** One more take of a question for this candidate, e.g. after a recording was lost. */
  allowExtraTake: (id: Id, questionId: Id) =>
    post<ResponseOf<Interviews['grantExtraTake']>>(`/api/invitations/${enc(id)}/questions/${enc(questionId)}/extra-take`).then(
      (r) => r.invitation,
    ),
  /** Your review; others' and the aggregate only once yours is submitted. */
  scores: (id: Id) => get<ResponseOf<Interviews['getInvitationScores']>>(`/api/invitations/${enc(id)}/scores`),
  saveScores: (id: Id, input: SaveScoresBody) =>
    put<ResponseOf<Interviews['saveScores']>>(`/api/invitations/${enc(id)}/scores`, input).then((r) => r.mine),
  submitScores: (id: Id) => post<ResponseOf<Interviews['submitReview']>>(`/api/invitations/${enc(id)}/scores/submit`).then((r) => r.mine),
};

export const interviewAnswers = {
  /** The answer with its contribution (player, transcript) and the AI evidence, if any. */
  get: (id: Id) => get<ResponseOf<Interviews['getAnswer']>>(`/api/answers/${enc(id)}`),
  /** An expert link to the whole answer, mailed to `email`. */
  share: (id: Id, input: ShareAnswerBody) =>
    post<ResponseOf<Interviews['shareAnswer'], 201>>(`/api/answers/${enc(id)}/share`, input).then((r) => r.forward),
};

// ---- the live round of an interview: guide, slots, advancing, live scores, recording ----

export const liveRound = {
  guide: (conferenceId: Id) =>
    get<ResponseOf<Live['getLiveGuide']>>(`/api/interviews/${enc(conferenceId)}/live-guide`).then((r) => r.guide),
  saveGuide: (conferenceId: Id, input: SaveGuideBody) =>
    put<ResponseOf<Live['saveLiveGuide']>>(`/api/interviews/${enc(conferenceId)}/live-guide`, input).then((r) => r.guide),
  slots: (conferenceId: Id) =>
    get<ResponseOf<Live['listLiveSlots']>>(`/api/interviews/${enc(conferenceId)}/live-slots`).then((r) => r.slots),
  proposeSlots: (conferenceId: Id, input: ProposeSlotsBody) =>
    post<ResponseOf<Live['proposeLiveSlots'], 201>>(`/api/interviews/${enc(conferenceId)}/live-slots`, input).then((r) => r.slots),
  deleteSlot: (slotId: Id) => del<void>(`/api/live-slots/${enc(slotId)}`),
  /** Decision "advanced" and an email with the slot picker (once). */
  advance: (invitationId: Id) =>
    post<ResponseOf<Live['advanceToLive']>>(`/api/invitations/${enc(invitationId)}/live-round`).then((r) => r.liveRound),
  /** The live round and both aggregates, each blind until you scored that round. */
  combined: (invitationId: Id) => get<ResponseOf<Live['getCombinedView']>>(`/api/invitations/${enc(invitationId)}/live`),
  scores: (invitationId: Id) => get<ResponseOf<Live['getLiveScores']>>(`/api/invitations/${enc(invitationId)}/live/scores`),
  saveScores: (invitationId: Id, input: SaveScoresBody) =>
    put<ResponseOf<Live['saveLiveScores']>>(`/api/invitations/${enc(invitationId)}/live/scores`, input).then((r) => r.mine),
  submitScores: (invitationId: Id) =>
    post<ResponseOf<Live['submitLiveScores']>>(`/api/invitations/${enc(invitationId)}/live/scores/submit`).then((r) => r.mine),
  importTranscript: (invitationId: Id, input: LiveTranscriptBody) =>
    post<ResponseOf<Live['importLiveTranscript'], 202>>(`/api/invitations/${enc(invitationId)}/live/transcript`, input).then(
      (r) => r.liveRound,
    ),
};

// ---- a candidate's interview link: the token is the only credential (no session) ----

const candidateBase = (token: string) => `/api/i/${enc(token)}`;

export const candidate = {
  get: (token: string) => get<ResponseOf<Candidates['getCandidateLink']>>(candidateBase(token)),
  /** The live round: the slot picked and the free ones; null unless advanced. */
  live: (token: string) => get<ResponseOf<Live['getCandidateLive']>>(`${candidateBase(token)}/live`).then((r) => r.liveRound),
  pickSlot: (token: string, slotId: Id) =>
    post<ResponseOf<Live['pickLiveSlot']>>(`${candidateBase(token)}/live/slot`, { slotId } satisfies PickSlotBody).then((r) => r.liveRound),
  consent: (token: string) =>
    post<ResponseOf<Candidates['giveConsent']>>(`${candidateBase(token)}/consent`, { agree: true } satisfies ConsentBody),
  /** The host's video (or audio) asking the question; for a <video src>. */
  promptMediaUrl: (token: string, questionId: Id) => `${candidateBase(token)}/questions/${enc(questionId)}/prompt-media`,
  /** Counts a take as recording starts; refused once no retakes are left (409 E_NO_RETAKES_LEFT). */
  startTake: (token: string, questionId: Id) =>
    post<ResponseOf<Candidates['startTake'], 201>>(`${candidateBase(token)}/questions/${enc(questionId)}/takes`),
  /** Hands the interview in: every real question must have its answer. */
  complete: (token: string) => post<ResponseOf<Candidates['completeInterview']>>(`${candidateBase(token)}/complete`),
  /** Deletes every recording, transcript and score of this candidate; the link stops working. */
  deleteData: (token: string) => post<ResponseOf<Candidates['requestDeletion']>>(`${candidateBase(token)}/deletion`),
  /** A kept take's resumable upload, step by step; interview/chunked-upload.ts drives it (retries, resuming). */
  uploads: {
    create: (token: string, questionId: Id, input: CreateUploadBody, signal?: AbortSignal) =>
      send<ResponseOf<Candidates['createUpload'], 201>>('POST', `${candidateBase(token)}/questions/${enc(questionId)}/uploads`, {
        body: input,
        signal,
      }),
    /** How many bytes the server holds: where to go on from. */
    status: (token: string, uploadId: Id, signal?: AbortSignal) =>
      get<ResponseOf<Candidates['getUploadStatus']>>(`${candidateBase(token)}/uploads/${enc(uploadId)}`, undefined, signal),
    /** The bytes from `offset`; 409 E_UPLOAD_OFFSET when the server holds a different offset. */
    putChunk: (token: string, uploadId: Id, offset: number, chunk: Blob, signal?: AbortSignal) =>
      send<ResponseOf<Candidates['appendChunk']>>('PUT', `${candidateBase(token)}/uploads/${enc(uploadId)}`, {
        query: { offset } satisfies ChunkQuery,
        body: chunk,
        signal,
      }),
    /** Idempotent: completing twice returns the same answer. */
    complete: (token: string, uploadId: Id, signal?: AbortSignal) =>
      send<ResponseOf<Candidates['completeUpload'], 201>>('POST', `${candidateBase(token)}/uploads/${enc(uploadId)}/complete`, {
        signal,
      }).then((r) => r.answer),
  },
};

// ---- participation and nudges ----
type ParticipationOps = typeof participationOperations;

export const participation = {
  /** Who took part (hosts: every member; a member: their own line). */
  get: (conferenceId: Id) =>
    get<ResponseOf<ParticipationOps['getParticipation']>>(`/api/conferences/${enc(conferenceId)}/participation`).then(
      (r) => r.participation,
    ),
  /** One nudge per member and conference a day: a second is 409 E_ALREADY_NUDGED. */
  nudge: (conferenceId: Id, userId: Id, input: NudgeBody = {}) =>
    post<ResponseOf<ParticipationOps['nudgeMember'], 201>>(
      `/api/conferences/${enc(conferenceId)}/participation/${enc(userId)}/nudge`,
      input satisfies NudgeBody,
    ).then((r) => r.nudge),
};

// ---- the agenda for the next live meeting ----

const agendaBase = (conferenceId: Id) => `/api/conferences/${enc(conferenceId)}/agenda`;
export const agendas = {
  /** Hosts get the draft too; members null until it is published. */
  get: (conferenceId: Id) => get<ResponseOf<Agendas['getAgenda']>>(agendaBase(conferenceId)).then((r) => r.agenda),
  draft: (conferenceId: Id, input: DraftAgendaBody = {}) =>
    post<ResponseOf<Agendas['draftAgenda'], 201>>(`${agendaBase(conferenceId)}/draft`, input).then((r) => r.agenda),
  update: (conferenceId: Id, input: UpdateAgendaBody) =>
    put<ResponseOf<Agendas['updateAgenda']>>(agendaBase(conferenceId), input).then((r) => r.agenda),
  publish: (conferenceId: Id, input: PublishAgendaBody = {}) =>
    post<ResponseOf<Agendas['publishAgenda']>>(`${agendaBase(conferenceId)}/publish`, input).then((r) => r.agenda),
  link: (conferenceId: Id, contributionId: Id) =>
    post<ResponseOf<Agendas['linkAgenda']>>(`${agendaBase(conferenceId)}/link`, { contributionId } satisfies LinkAgendaBody).then(
      (r) => r.agenda,
    ),
  markdownUrl: (conferenceId: Id) => `${agendaBase(conferenceId)}.md`,
  calendarUrl: (conferenceId: Id) => `${agendaBase(conferenceId)}.ics`,
};
