/** Agendas for a conference's next live meeting (0021_agendas.sql) and what drafting one reads. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface AgendaRow {
  id: string;
  conference_id: string;
  title: string;
  status: 'draft' | 'published';
  starts_at: Date | null;
  duration_minutes: number | null;
  published_at: Date | null;
  published_by: string | null;
  linked_contribution_id: string | null;
  linked_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type AgendaItemKind = 'question' | 'proposal' | 'concern' | 'decision' | 'action' | 'topic';

export interface AgendaItemRow {
  id: string;
  agenda_id: string;
  position: number;
  kind: AgendaItemKind;
  title: string;
  why: string;
  score: number;
  statement_ids: string[];
  discussed: boolean | null;
  discussed_statement_ids: string[];
}

export interface NewAgendaItem {
  /** Keep an item's id across an edit. */
  id?: string;
  kind: AgendaItemKind;
  title: string;
  why: string;
  score: number;
  statementIds: string[];
}

/** A statement an item cites, with what a citation shows. */
export interface CitedStatementRow {
  id: string;
  contribution_id: string;
  conference_id: string;
  start_ms: number;
  end_ms: number;
  speaker: string | null;
  author_name: string | null;
  text: string;
  gist: string | null;
}

/** A statement of the conference as drafting sees it. */
export interface DraftStatementRow {
  id: string;
  contribution_id: string;
  contribution_created_at: Date;
  reply_to_statement_id: string | null;
  seq: number;
  start_ms: number;
  end_ms: number;
  /** The speaker, else the contribution's author. */
  speaker: string | null;
  text: string;
  gist: string | null;
  act: string | null;
  topics: string[] | null;
  embedding: number[] | null;
  reactions: Record<string, number> | null;
  /** Distinct people who reacted to it or posted a reply to it. */
  responders: string[] | null;
}

const AGENDA_COLUMNS = `id, conference_id, title, status, starts_at, duration_minutes, published_at, published_by,
  linked_contribution_id, linked_at, created_by, created_at, updated_at`;

export const agendasRepo = (q: Queryable) => ({
  forConference: (conferenceId: string) =>
    one<AgendaRow>(q, `select ${AGENDA_COLUMNS} from agendas where conference_id = $1`, [conferenceId]),

  /** Creates the conference's agenda, or returns an existing one to draft with a new title. */
  startDraft: (conferenceId: string, title: string, userId: string) =>
    one<AgendaRow>(
      q,
      `insert into agendas (conference_id, title, created_by) values ($1, $2, $3)
       on conflict (conference_id) do update
         set title = excluded.title, status = 'draft', published_at = null, published_by = null,
             linked_contribution_id = null, linked_at = null, updated_at = now()
       returning ${AGENDA_COLUMNS}`,
      [conferenceId, title, userId],
    ) as Promise<AgendaRow>,

  items: (agendaId: string) =>
    q.query<AgendaItemRow>(
      `select id, agenda_id, position, kind, title, why, score, statement_ids, discussed, discussed_statement_ids
         from agenda_items where agenda_id = $1 order by position`,
      [agendaId],
    ),

  /** Replaces the items by these, in this order (ids given are kept, so links to them survive). */
  replaceItems: async (agendaId: string, items: NewAgendaItem[]) => {
    await q.query(`delete from agenda_items where agenda_id = $1`, [agendaId]);
    for (const [position, item] of items.entries()) {
      await q.query(
        `insert into agenda_items (id, agenda_id, position, kind, title, why, score, statement_ids)
         values (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8::uuid[])`,
        [item.id ?? null, agendaId, position, item.kind, item.title, item.why, item.score, item.statementIds],
      );
    }
    await q.query(`update agendas set updated_at = now() where id = $1`, [agendaId]);
  },

  update: (agendaId: string, p: { title?: string; startsAt?: Date | null; durationMinutes?: number | null }) =>
    q.query(
      `update agendas set title = coalesce($2, title),
              starts_at = case when $3 then $4::timestamptz else starts_at end,
              duration_minutes = case when $5 then $6::int else duration_minutes end,
              updated_at = now()
        where id = $1`,
      [agendaId, p.title ?? null, p.startsAt !== undefined, p.startsAt ?? null, p.durationMinutes !== undefined, p.durationMinutes ?? null],
    ),

  /** Marks it published; false when it already was (so publishing twice notifies once). */
  publish: async (agendaId: string, userId: string) =>
    Boolean(
      await one(
        q,
        `update agendas set status = 'published', published_at = now(), published_by = $2, updated_at = now()
          where id = $1 and status = 'draft' returning id`,
        [agendaId, userId],
      ),
    ),

  /** Records the live meeting's contribution and, per item, whether and where it was discussed. */
  link: async (agendaId: string, contributionId: string, items: { id: string; discussed: boolean; statementIds: string[] }[]) => {
    await q.query(`update agendas set linked_contribution_id = $2, linked_at = now(), updated_at = now() where id = $1`, [
      agendaId,
      contributionId,
    ]);
    for (const item of items) {
      await q.query(`update agenda_items set discussed = $2, discussed_statement_ids = $3::uuid[] where id = $1 and agenda_id = $4`, [
        item.id,
        item.discussed,
        item.statementIds,
        agendaId,
      ]);
    }
  },

  /** Every statement of the conference's ready contributions, in the order said, with labels, reactions and replies. */
  draftStatements: (conferenceId: string) =>
    q.query<DraftStatementRow>(
      `select s.id, s.contribution_id, c.created_at as contribution_created_at, c.reply_to_statement_id, s.seq, s.start_ms, s.end_ms,
              coalesce(s.speaker, u.name, c.outside_name) as speaker, s.text, s.gist, s.embedding::real[] as embedding,
              (select l.value from labels l where l.statement_id = s.id and l.kind = 'act' and not l.removed
                order by l.source = 'user' desc, l.confidence desc nulls last limit 1) as act,
              (select array_agg(l.value order by l.value) from labels l where l.statement_id = s.id and l.kind = 'topic' and not l.removed) as topics,
              (select jsonb_object_agg(kind, n) from (select r.kind, count(*)::int as n from reactions r where r.statement_id = s.id group by r.kind) k) as reactions,
              (select array_agg(distinct who) from (
                 select r.user_id::text as who from reactions r where r.statement_id = s.id
                 union select coalesce(rc.author_id::text, rc.outside_name) from contributions rc
                  where rc.reply_to_statement_id = s.id and rc.status = 'ready') w where who is not null) as responders
         from statements s
         join contributions c on c.id = s.contribution_id
         left join users u on u.id = c.author_id
        where c.conference_id = $1 and c.status = 'ready'
        order by c.created_at, c.id, s.seq`,
      [conferenceId],
    ),

  /** The statements with these ids that belong to the conference, with what a citation shows. */
  citedStatements: (ids: string[], conferenceId: string) =>
    ids.length === 0
      ? Promise.resolve([] as CitedStatementRow[])
      : q.query<CitedStatementRow>(
          `select s.id, s.contribution_id, c.conference_id, s.start_ms, s.end_ms, s.speaker, u.name as author_name, s.text, s.gist
             from statements s join contributions c on c.id = s.contribution_id left join users u on u.id = c.author_id
            where s.id = any($1::uuid[]) and c.conference_id = $2`,
          [ids, conferenceId],
        ),

  /** How many distinct speakers a contribution's statements have. */
  speakerCount: async (contributionId: string) =>
    (await one<{ n: number }>(q, `select count(distinct speaker)::int as n from statements where contribution_id = $1`, [contributionId]))
      ?.n ?? 0,
});
