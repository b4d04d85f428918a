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
  embedding_model: string | null;
  /** An outside expert's reply: the person, the forward it came through, and the name shown. */
  outside_person_id: string | null;
  via_forward_id: string | null;
  /** The name shown for a contribution with no author account (an expert, an interview candidate). */
  outside_name: string | null;
  status: ContributionStatus;
  stage: ContributionStage;
  progress: number;
  error: string | null;
  error_code: string | null;
  attempts: number;
  heartbeat_at: Date | null;
  eta_seconds: number | null;
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
  /** Hidden from members by a host (moderation); read only where it matters. */
  hidden?: boolean;
}

export interface FanoutContributionRow {
  id: string;
  conference_id: string;
  conference_title: string;
  conference_creator: string | null;
  space_id: string;
  author_id: string | null;
  author_name: string | null;
  title: string;
  reply_to_statement_id: string | null;
  replied_to_author_id: string | null;
  /** An outside expert's answer: its forwarder was told when it arrived (forwards/outside-reply.ts). */
  forwarder_id: string | null;
}

const vectorLiteral = (v: number[]) => `[${v.join(',')}]`;

const SELECT = `select c.*, f.space_id, u.name as author_name
  from contributions c join conferences f on f.id = c.conference_id left join users u on u.id = c.author_id`;

export interface NewContribution {
  id?: string;
  conferenceId: string;
  /** Null for contributions with no account behind them (outside experts, interview candidates). */
  authorId: string | null;
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
  outsideName?: string | null;
  outsidePersonId?: string | null;
  viaForwardId?: string | null;
}

export const contributionsRepo = (q: Queryable) => ({
  create: (c: NewContribution) =>
    one<{ id: string }>(
      q,
      `insert into contributions (id, conference_id, author_id, title, source, stage, reply_to_contribution_id,
         reply_to_statement_id, links, media_path, mime, size_bytes, has_video, captions_path, duration_ms,
         outside_name, outside_person_id, via_forward_id)
       values (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
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
        c.outsideName ?? null,
        c.outsidePersonId ?? null,
        c.viaForwardId ?? null,
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
              (select count(*)::int from statements s where s.contribution_id = c.id and s.hidden_at is null) as statement_count
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

  /** Outside replies that came in through any of the given forwards. */
  idsViaForwards: async (forwardIds: string[]): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(`select c.id from contributions c where c.via_forward_id = any($1::uuid[])`, [forwardIds]);
    return rows.map((r) => r.id);
  },

  /** Deletes contributions; their statements, labels, vectors, reactions and expert links cascade. */
  deleteMany: (ids: string[]) => q.query(`delete from contributions where id = any($1::uuid[])`, [ids]),

  /** Progress within a running stage; ignored once the stage has moved on. */
  /** Progress within the running stage, and its estimate of the seconds left (null: unknown). */
  /** False when the stage is no longer running (a late report after it finished must not be published). */
  setProgress: async (id: string, stage: string, progress: number, etaSeconds: number | null = null): Promise<boolean> =>
    (
      await q.query(
        `update contributions set progress = $3, eta_seconds = $4, heartbeat_at = now(), updated_at = now()
          where id = $1 and stage = $2 and status = 'processing' returning id`,
        [id, stage, progress, etaSeconds],
      )
    ).length > 0,

  /** The running stage is alive (jobs/queue.ts hands a job without heartbeat to another worker). */
  heartbeat: (id: string, stage: string) =>
    q.query(`update contributions set heartbeat_at = now() where id = $1 and stage = $2 and status = 'processing'`, [id, stage]),

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
      `select id, contribution_id, seq, start_ms, end_ms, speaker, text, gist, hidden_at is not null as hidden from statements
        where contribution_id = $1 order by seq`,
      [contributionId],
    ),

  /**
   * For each keyed query vector, the contribution's statements by cosine similarity, closest first.
   * Only vectors of `model` are comparable (a reindex may be half way through).
   */
  statementsClosestTo: (contributionId: string, queries: { key: string; vector: number[] }[], model: string) =>
    q.query<{ key: string; id: string; start_ms: number; end_ms: number; text: string; similarity: number }>(
      `select k.key, s.id, s.start_ms, s.end_ms, s.text, 1 - (s.embedding <=> k.v::vector) as similarity
         from statements s cross join unnest($2::text[], $3::text[]) as k(key, v)
        where s.contribution_id = $1 and s.embedding is not null and s.embedding_model = $4
        order by k.key, similarity desc, s.seq`,
      [contributionId, queries.map((x) => x.key), queries.map((x) => `[${x.vector.join(',')}]`), model],
    ),

  /** A statement, if the user is a member of its space (a hidden one: only for its owners and hosts). */
  statementForUser: (id: string, userId: string) =>
    one<StatementRow & { conference_id: string; space_id: string }>(
      q,
      `select s.id, s.contribution_id, s.seq, s.start_ms, s.end_ms, s.speaker, s.text, s.gist, c.conference_id, f.space_id
         from statements s join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
         join memberships m on m.space_id = f.space_id and m.user_id = $2
        where s.id = $1 and (s.hidden_at is null or m.role in ('owner', 'host'))`,
      [id, userId],
    ),

  /** A statement or contribution in the given conference, for reply-to links. */
  replyTarget: (conferenceId: string, id: string) =>
    one<{ kind: 'statement' | 'contribution'; id: string }>(
      q,
      `select 'statement' as kind, s.id from statements s join contributions c on c.id = s.contribution_id
        where s.id = $2 and c.conference_id = $1 and s.hidden_at is null
       union all
       select 'contribution', c.id from contributions c where c.id = $2 and c.conference_id = $1
       limit 1`,
      [conferenceId, id],
    ),

  /** A statement's stored vector as pgvector text, if `model` made it. */
  statementEmbeddingText: async (statementId: string, model: string) =>
    (
      await one<{ v: string }>(
        q,
        `select embedding::text as v from statements where id = $1 and embedding is not null and embedding_model = $2`,
        [statementId, model],
      )
    )?.v,

  /**
   * Per author in a space (members by user id as 'u:<id>', experts by person id as 'p:<id>'): how
   * many statements, and their activity (each statement weighs 0.5^(age in days / halfLifeDays)).
   */
  statementCountsByAuthor: (spaceId: string, userIds: string[], personIds: string[], halfLifeDays: number) =>
    q.query<{ owner: string; n: number; activity: number }>(
      `select case when a.user_id = any($2::uuid[]) then 'u:' || a.user_id else 'p:' || a.person_id end as owner, count(*)::int as n,
              sum(power(0.5, greatest(0, extract(epoch from now() - c.created_at)) / 86400.0 / $4))::float8 as activity
         from statement_authors a join contributions c on c.id = a.contribution_id join conferences f on f.id = c.conference_id
        where f.space_id = $1 and (a.user_id = any($2::uuid[]) or a.person_id = any($3::uuid[]))
        group by 1`,
      [spaceId, userIds, personIds, halfLifeDays],
    ),

  /**
   * Each author's k statements in the space closest to a vector literal (owner keyed as in
   * statementCountsByAuthor): an exact scan, a per-author top-k that one shared ANN list cannot guarantee.
   */
  closestStatementsByAuthor: (p: {
    vectorLiteral: string;
    spaceId: string;
    userIds: string[];
    personIds: string[];
    model: string;
    exceptStatementId: string;
    k: number;
  }) =>
    q.query<{
      owner: string;
      id: string;
      text: string;
      similarity: number;
      contribution_id: string;
      conference_id: string;
      start_ms: number;
      created_at: Date;
      is_reply: boolean;
    }>(
      `select owner, id, text, similarity, contribution_id, conference_id, start_ms, created_at, is_reply from (
         select case when a.user_id = any($3::uuid[]) then 'u:' || a.user_id else 'p:' || a.person_id end as owner,
                s.id, s.text, s.contribution_id, c.conference_id, s.start_ms, c.created_at,
                (c.reply_to_statement_id is not null or c.reply_to_contribution_id is not null or c.via_forward_id is not null) as is_reply,
                1 - (s.embedding <=> $1::vector) as similarity,
                row_number() over (partition by coalesce(a.user_id, a.person_id) order by s.embedding <=> $1::vector, s.id) as rank
           from statements s join statement_authors a on a.statement_id = s.id
           join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
          where f.space_id = $2 and s.id <> $6 and s.embedding is not null and s.embedding_model = $5 and s.hidden_at is null
            and (a.user_id = any($3::uuid[]) or a.person_id = any($4::uuid[]))
       ) ranked where rank <= $7`,
      [p.vectorLiteral, p.spaceId, p.userIds, p.personIds, p.model, p.exceptStatementId, p.k],
    ),

  /** The author (member or expert) of what a contribution replies to (a statement or a contribution). */
  repliedToAuthors: (contributionId: string) =>
    q.query<{ author_id: string | null; outside_person_id: string | null }>(
      `select coalesce(a.user_id, t.author_id) as author_id, case when a.statement_id is null then t.outside_person_id else a.person_id end as outside_person_id
         from contributions c
         left join statement_authors a on a.statement_id = c.reply_to_statement_id
         join contributions t on t.id = coalesce(a.contribution_id, c.reply_to_contribution_id)
        where c.id = $1`,
      [contributionId],
    ),

  /** The contributions that came in through a forward's link, oldest first. */
  viaForward: (forwardId: string) =>
    q.query<{ id: string; status: ContributionStatus; created_at: Date }>(
      `select id, status, created_at from contributions where via_forward_id = $1 order by created_at, id`,
      [forwardId],
    ),

  /** What telling readers about a contribution needs: its conference, author, title and whom it replies to. */
  forFanout: (id: string) =>
    one<FanoutContributionRow>(
      q,
      `select c.id, c.conference_id, f.title as conference_title, f.created_by as conference_creator, f.space_id,
              c.author_id, coalesce(u.name, p.name, c.outside_name) as author_name,
              coalesce(nullif(c.title, ''), cs.title, '') as title,
              c.reply_to_statement_id,
              coalesce(sc.author_id, rc.author_id) as replied_to_author_id,
              fw.from_user_id as forwarder_id
         from contributions c
         join conferences f on f.id = c.conference_id
         left join users u on u.id = c.author_id
         left join people p on p.id = c.outside_person_id
         left join contribution_summaries cs on cs.contribution_id = c.id
         left join statements rs on rs.id = c.reply_to_statement_id
         left join contributions sc on sc.id = rs.contribution_id
         left join contributions rc on rc.id = c.reply_to_contribution_id
         left join forwards fw on fw.id = c.via_forward_id
        where c.id = $1`,
      [id],
    ),

  /** Stores statement vectors (pgvector literals of `vectors[i]` for `ids[i]`), made by `model`. */
  setStatementEmbeddings: (ids: string[], vectors: number[][], model: string) =>
    q.query(
      `update statements s set embedding = t.v::vector, embedding_model = $3
         from unnest($1::uuid[], $2::text[]) as t(id, v) where s.id = t.id`,
      [ids, vectors.map(vectorLiteral), model],
    ),

  /** The contribution's own vector ("more like this"); null clears it. */
  setEmbedding: (id: string, vector: number[] | null, model: string | null) =>
    q.query(`update contributions set embedding = $2::vector, embedding_model = $3 where id = $1`, [
      id,
      vector ? vectorLiteral(vector) : null,
      model,
    ]),

  /** Statements in id order after `afterId`, for walking every statement in batches. */
  statementTextsAfter: (afterId: string, limit: number) =>
    q.query<{ id: string; text: string }>(`select id, text from statements where id > $1 order by id limit $2`, [afterId, limit]),

  /** Sets every contribution's vector to the mean of its statements' vectors, labelled `model`. */
  averageStatementEmbeddings: (model: string) =>
    q.query(
      `update contributions c set embedding = m.v, embedding_model = $1
         from (select contribution_id, avg(embedding) as v from statements where embedding is not null group by contribution_id) m
        where m.contribution_id = c.id`,
      [model],
    ),
});
