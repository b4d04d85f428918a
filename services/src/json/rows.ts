import type { ContributionRow, StatementRow } from '../db/repos/contributions.repo.ts';
import type { ConferenceRow, MemberRow, SpaceRow } from '../db/repos/spaces.repo.ts';
import type { ApiTokenRow, SessionRow, UserRow } from '../db/repos/users.repo.ts';
import type { LabelRow } from '../db/repos/labels.repo.ts';
import type { SummaryRow } from '../db/repos/summaries.repo.ts';
import type { SearchHit } from '../search/search.ts';
import type { NotificationRow } from '../db/repos/notifications.repo.ts';
import type { Preferences as PreferencesRow } from '../db/repos/preferences.repo.ts';
import type { PersonRow } from '../db/repos/people.repo.ts';
import type {
  AccountSession,
  ApiToken,
  Conference,
  Contribution,
  Label,
  Member,
  Notification,
  Person,
  Preferences,
  SearchHit as Hit,
  Space,
  Statement,
  Summary,
  User,
} from '@colloquy/contract';

/** Rows (snake_case) → API JSON (camelCase). */

export const userView = (u: UserRow): User => ({ id: u.id, email: u.email, name: u.name, createdAt: u.created_at.toISOString() });

export const sessionView = (row: SessionRow, currentId: string | null): AccountSession => ({
  id: row.id,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  expiresAt: row.expires_at.toISOString(),
  userAgent: row.user_agent,
  address: row.address,
  current: row.id === currentId,
});

export const apiTokenView = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  expiresAt: row.expires_at?.toISOString() ?? null,
});

export const spaceView = (s: Pick<SpaceRow, 'id' | 'name' | 'created_at' | 'role'>): Space => ({
  id: s.id,
  name: s.name,
  role: s.role,
  createdAt: s.created_at.toISOString(),
});

export const memberView = (m: MemberRow): Member => ({
  userId: m.user_id,
  email: m.email,
  name: m.name,
  role: m.role,
  pending: m.pending,
});

export const conferenceView = (c: Omit<ConferenceRow, 'role'> & { contribution_count?: number }): Conference => ({
  id: c.id,
  spaceId: c.space_id,
  title: c.title,
  description: c.description,
  kind: c.kind,
  createdAt: c.created_at.toISOString(),
  ...(c.contribution_count !== undefined ? { contributionCount: c.contribution_count } : {}),
});

/** Columns of an outside expert's reply (contributions.*); absent from rows that do not select them. */
type OutsideColumns = { outside_person_id?: string | null; outside_name?: string | null };

export const contributionView = (c: ContributionRow & OutsideColumns & { statement_count?: number }): Contribution => ({
  id: c.id,
  conferenceId: c.conference_id,
  spaceId: c.space_id,
  authorId: c.author_id,
  authorName: c.author_name,
  title: c.title,
  source: c.source,
  status: c.status,
  stage: c.stage,
  progress: c.progress,
  etaSeconds: c.status === 'processing' ? (c.eta_seconds ?? null) : null,
  error: c.error,
  errorCode: c.error_code,
  attempts: c.attempts,
  mime: c.mime,
  hasVideo: c.has_video,
  durationMs: c.duration_ms,
  sizeBytes: c.size_bytes === null ? null : Number(c.size_bytes),
  links: c.links,
  replyTo: { contributionId: c.reply_to_contribution_id, statementId: c.reply_to_statement_id },
  transcribedBy: c.transcribed_by,
  // An outside expert's reply through a forward link: no author account, their directory entry and name instead.
  outside: c.outside_person_id || c.outside_name ? { personId: c.outside_person_id ?? null, name: c.outside_name ?? null } : null,
  mediaUrl: c.media_path ? `/api/media/${c.id}` : null,
  posterUrl: c.poster_path ? `/api/contributions/${c.id}/poster.jpg` : null,
  captionsUrl: `/api/contributions/${c.id}/captions.vtt`,
  ...(c.statement_count !== undefined ? { statementCount: c.statement_count } : {}),
  createdAt: c.created_at.toISOString(),
  updatedAt: c.updated_at.toISOString(),
});

export const labelView = (l: LabelRow): Label => ({ kind: l.kind, value: l.value, source: l.source, confidence: l.confidence });

/** A statement with its visible labels (pass all labels of a batch; this one's are picked out). */
export const statementView = (s: StatementRow, labels: LabelRow[] = []): Statement => ({
  id: s.id,
  contributionId: s.contribution_id,
  seq: s.seq,
  startMs: s.start_ms,
  endMs: s.end_ms,
  speaker: s.speaker,
  text: s.text,
  gist: s.gist,
  labels: labels.filter((l) => l.statement_id === s.id).map(labelView),
});

export const summaryView = (s: SummaryRow): Summary => ({
  title: s.title,
  sentences: s.sentences,
  chapters: s.chapters,
  provider: s.provider,
  model: s.model,
  promptVersion: s.prompt_version,
});

export const hitView = (h: SearchHit): Hit => ({ ...h, labels: h.labels.map(labelView) });

export const personView = (p: PersonRow): Person => ({
  id: p.id,
  spaceId: p.space_id,
  name: p.name,
  email: p.email,
  bio: p.bio,
  tags: p.tags,
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
});

export const notificationView = (n: NotificationRow): Notification => ({
  id: n.id,
  kind: n.kind,
  spaceId: n.space_id,
  payload: n.payload,
  count: n.count,
  createdAt: n.created_at.toISOString(),
  updatedAt: n.updated_at.toISOString(),
  readAt: n.read_at?.toISOString() ?? null,
});

export const preferencesView = (p: PreferencesRow): Preferences => ({
  digestFrequency: p.digestFrequency,
  emailKinds: p.emailKinds,
  nudges: p.nudges,
  lastDigestAt: p.lastDigestAt?.toISOString() ?? null,
});
