import type { Queryable } from '../db.ts';

export interface SpeakerLinkRow {
  speaker: string;
  user_id: string | null;
  user_name: string | null;
  /** null: the label has no link row (its statements count as the contribution author's). */
  source: 'name' | 'host' | null;
  statement_count: number;
}

export interface LinkedTurnRow {
  speaker: string | null;
  /** The member the label is linked to; the contribution's author when the label has no link row. */
  user_id: string | null;
  text: string;
  start_ms: number;
  end_ms: number;
}

/** Transcript speaker labels ↔ members (db/migrations/0012_speaker_links.sql). */
export const speakersRepo = (q: Queryable) => ({
  /** Every speaker label of a contribution's transcript, with its link (if any) and how many statements it has. */
  linksOf: (contributionId: string) =>
    q.query<SpeakerLinkRow>(
      `select t.speaker, l.user_id, u.name as user_name, l.source,
              (select count(*)::int from statements s where s.contribution_id = $1 and s.speaker = t.speaker) as statement_count
         from (select distinct speaker from transcript_segments where contribution_id = $1 and speaker is not null
               union select speaker from speaker_links where contribution_id = $1) t
         left join speaker_links l on l.contribution_id = $1 and l.speaker = t.speaker
         left join users u on u.id = l.user_id
        order by (select min(ts.seq) from transcript_segments ts where ts.contribution_id = $1 and ts.speaker = t.speaker) nulls last, t.speaker`,
      [contributionId],
    ),

  /** Sets the links of these labels (null: nobody in the space); other labels keep theirs. */
  setLinks: (contributionId: string, links: { speaker: string; userId: string | null }[], source: 'name' | 'host', by: string | null) =>
    q.query(
      `insert into speaker_links (contribution_id, speaker, user_id, source, confirmed_by)
       select $1, t.speaker, t.user_id, $4, $5 from unnest($2::text[], $3::uuid[]) as t(speaker, user_id)
       on conflict (contribution_id, speaker) do update
         set user_id = excluded.user_id, source = excluded.source, confirmed_by = excluded.confirmed_by, updated_at = now()`,
      [contributionId, links.map((l) => l.speaker), links.map((l) => l.userId), source, by],
    ),

  /** The transcript's turns in order, each with the member who said it (the conversation evidence for routing). */
  linkedTurns: (contributionId: string) =>
    q.query<LinkedTurnRow>(
      `select t.speaker, case when l.contribution_id is null then c.author_id else l.user_id end as user_id,
              t.text, t.start_ms, t.end_ms
         from transcript_segments t join contributions c on c.id = t.contribution_id
         left join speaker_links l on l.contribution_id = t.contribution_id and l.speaker = t.speaker
        where t.contribution_id = $1
        order by t.seq`,
      [contributionId],
    ),

  /** The member who said a statement (its speaker's link, else the contribution's author); null when nobody known. */
  authorOf: async (statementId: string) =>
    (await q.query<{ user_id: string | null }>(`select user_id from statement_authors where statement_id = $1`, [statementId]))[0]
      ?.user_id ?? null,
});
