import type { ContributionStage } from '@colloquy/contract';
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import type { StatementDraft, TranscriptSegment } from '../../core/transcript.ts';

export type ContributionStatus = 'queued' | 'processing' | 'ready' | 'failed';

export interface ContributionRow {
  id: string;
  conference_id: string;
  space_id: string;
  author_id: string | null;
  author_name: string | null;
  title: string;
  source: 'upload' | 'transcript';
  reply_to_contribution_id: string | null;
  reply_to_statement_id: string | null;
  links: string[];
  media_path: string | null;
  mime: string | null;
  size_bytes: string | number | null;
  has_video: boolean;
  duration_ms: number | null;
  audio_path: string | null;
  poster_path: string | null;
  captions_path: string | null;
  transcribed_by: string | null;
  status: ContributionStatus;
  stage: ContributionStage;
  progress: number;
  error: string | null;
  error_code: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

export interface StatementRow {
  id: string;
  contribution_id: string;
  seq: number;
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  text: string;
  gist: string | null;
}

const SELECT = `select c.*, f.space_id, u.name as author_name
  from contributions c join conferences f on f.id = c.conference_id left join users u on u.id = c.author_id`;

export interface NewContribution {
  id?: string;
  conferenceId: string;
  authorId: string;
  title: string;
  source: 'upload' | 'transcript';
  stage: string;
  replyToContributionId?: string | null;
  replyToStatementId?: string | null;
  links?: string[];
  mediaPath?: string | null;
  mime?: string | null;
  sizeBytes?: number | null;
  hasVideo?: boolean;
  captionsPath?: string | null;
  durationMs?: number | null;
}

export const contributionsRepo = (q: Queryable) => ({
  create: (c: NewContribution) =>
    one<{ id: string }>(
      q,
      `insert into contributions (id, conference_id, author_id, title, source, stage, reply_to_contribution_id,
         reply_to_statement_id, links, media_path, mime, size_bytes, has_video, captions_path, duration_ms)
       values (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       returning id`,
      [
        c.id ?? null,
        c.conferenceId,
        c.authorId,
        c.title,
        c.source,
        c.stage,
        c.replyToContributionId ?? null,
        c.replyToStatementId ?? null,
        c.links ?? [],
        c.mediaPath ?? null,
        c.mime ?? null,
        c.sizeBytes ?? null,
        c.hasVideo ?? false,
        c.captionsPath ?? null,
        c.durationMs ?? null,
      ],
    ).then((r) => r!.id),

  /** For the pipeline, which acts on behalf of no user. */
  byId: (id: string) => one<ContributionRow>(q, `${SELECT} where c.id = $1`, [id]),

  /** Undefined unless the user is a member of the contribution's space. */
  forUser: (id: string, userId: string) =>
    one<ContributionRow>(q, `${SELECT} join memberships m on m.space_id = f.space_id and m.user_id = $2 where c.id = $1`, [id, userId]),

  listForConference: (conferenceId: string) =>
    q.query<ContributionRow & { statement_count: number }>(
      `select c.*, f.space_id, u.name as author_name,
              (select count(*)::int from statements s where s.contribution_id = c.id) as statement_count
         from contributions c join conferences f on f.id = c.conference_id left join users u on u.id = c.author_id
        where c.conference_id = $1 order by c.created_at`,
      [conferenceId],
    ),

  update: (id: string, fields: Partial<Record<keyof ContributionRow, unknown>>) => {
    const keys = Object.keys(fields);
    const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
    return q.query(`update contributions set ${sets}, updated_at = now() where id = $1`, [
      id,
      ...keys.map((k) => fields[k as keyof ContributionRow]),
    ]);
  },

  /** Progress within a running stage; ignored once the stage has moved on. */
  setProgress: (id: string, stage: string, progress: number) =>
    q.query(`update contributions set progress = $3, updated_at = now() where id = $1 and stage = $2 and status = 'processing'`, [
      id,
      stage,
      progress,
    ]),

  /** Replaces the transcript of a contribution (a re-run of transcription writes the same rows). */
  replaceTranscript: async (id: string, segments: TranscriptSegment[]) => {
    await q.query(`delete from transcript_segments where contribution_id = $1`, [id]);
    if (segments.length === 0) return;
    await q.query(
      `insert into transcript_segments (contribution_id, seq, start_ms, end_ms, speaker, text, words)
       select $1, t.ord - 1, t.s, t.e, t.sp, t.tx, t.w
         from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::jsonb[]) with ordinality as t(s, e, sp, tx, w, ord)`,
      [
        id,
        segments.map((s) => Math.round(s.startMs)),
        segments.map((s) => Math.round(s.endMs)),
        segments.map((s) => s.speaker),
        segments.map((s) => s.text),
        segments.map((s) => (s.words ? JSON.stringify(s.words) : null)),
      ],
    );
  },

  transcript: async (id: string): Promise<TranscriptSegment[]> => {
    const rows = await q.query<{
      start_ms: number;
      end_ms: number;
      speaker: string | null;
      text: string;
      words: TranscriptSegment['words'] | null;
    }>(`select start_ms, end_ms, speaker, text, words from transcript_segments where contribution_id = $1 order by seq`, [id]);
    return rows.map((r) => ({
      startMs: r.start_ms,
      endMs: r.end_ms,
      speaker: r.speaker,
      text: r.text,
      ...(r.words ? { words: r.words } : {}),
    }));
  },

  /**
   * Writes statements by position, updating rows in place so a statement keeps its id (replies and
   * reactions point at it) when the same contribution is segmented again, and drops any surplus.
   */
  replaceStatements: async (id: string, drafts: StatementDraft[]) => {
    if (drafts.length > 0) {
      await q.query(
        `insert into statements (contribution_id, seq, start_ms, end_ms, speaker, text)
         select $1, t.ord - 1, t.s, t.e, t.sp, t.tx
           from unnest($2::int[], $3::int[], $4::text[], $5::text[]) with ordinality as t(s, e, sp, tx, ord)
         on conflict (contribution_id, seq) do update
           set start_ms = excluded.start_ms, end_ms = excluded.end_ms, speaker = excluded.speaker, text = excluded.text`,
        [
          id,
          drafts.map((d) => Math.round(d.startMs)),
          drafts.map((d) => Math.round(d.endMs)),
          drafts.map((d) => d.speaker),
          drafts.map((d) => d.text),
        ],
      );
    }
    await q.query(`delete from statements where contribution_id = $1 and seq >= $2`, [id, drafts.length]);
  },

  statements: (contributionId: string) =>
    q.query<StatementRow>(
      `select id, contribution_id, seq, start_ms, end_ms, speaker, text, gist from statements
        where contribution_id = $1 order by seq`,
      [contributionId],
    ),

  /** A statement, if the user is a member of its space. */
  statementForUser: (id: string, userId: string) =>
    one<StatementRow & { conference_id: string; space_id: string }>(
      q,
      `select s.id, s.contribution_id, s.seq, s.start_ms, s.end_ms, s.speaker, s.text, s.gist, c.conference_id, f.space_id
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
         join memberships m on m.space_id = f.space_id and m.user_id = $2
        where s.id = $1`,
      [id, userId],
    ),

  /** A statement or contribution in the given conference, for reply-to links. */
  replyTarget: (conferenceId: string, id: string) =>
    one<{ kind: 'statement' | 'contribution'; id: string }>(
      q,
      `select 'statement' as kind, s.id from statements s join contributions c on c.id = s.contribution_id
        where s.id = $2 and c.conference_id = $1
       union all
       select 'contribution', c.id from contributions c where c.id = $2 and c.conference_id = $1
       limit 1`,
      [conferenceId, id],
    ),
});
