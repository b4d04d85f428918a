import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export const profilesRepo = (q: Queryable) => ({
  /**
   * Recomputes a member's expertise profile in a space from all their statements there (as
   * statement_authors credits them: their transcript speaker's link, else the contribution's
   * author): the mean of the vectors (cosine ignores its length) and their most frequent topic tags.
   */
  refresh: (spaceId: string, userId: string, model: string) =>
    q.query(
      `insert into expertise_profiles (space_id, user_id, embedding, embedding_model, tags, statement_count, updated_at)
       select $1, $2, avg(s.embedding), $3,
              coalesce((select array_agg(value) from (
                 select l.value from labels l join statement_authors a2 on a2.statement_id = l.statement_id
                   join contributions c2 on c2.id = a2.contribution_id join conferences f2 on f2.id = c2.conference_id
                  where f2.space_id = $1 and a2.user_id = $2 and l.kind = 'topic' and not l.removed
                  group by l.value order by count(*) desc, l.value limit 10) top), '{}'),
              count(*)::int, now()
         from statements s join statement_authors a on a.statement_id = s.id
         join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
        where f.space_id = $1 and a.user_id = $2 and s.embedding_model = $3
       on conflict (space_id, user_id) do update set embedding = excluded.embedding, embedding_model = excluded.embedding_model,
         tags = excluded.tags, statement_count = excluded.statement_count, updated_at = now()`,
      [spaceId, userId, model],
    ),

  /** A member's profile vector in a space, whatever model made it; null when there is none. */
  vectorOf: async (userId: string, spaceId: string): Promise<number[] | null> =>
    (
      await one<{ embedding: number[] | null }>(
        q,
        `select embedding::real[] as embedding from expertise_profiles where user_id = $1 and space_id = $2`,
        [userId, spaceId],
      )
    )?.embedding ?? null,

  /** Sets every existing profile's vector to the mean of its member's statement vectors in the space, labelled `model`. */
  averageStatementEmbeddings: (model: string) =>
    q.query(
      `update expertise_profiles p set embedding = m.v, embedding_model = $1
         from (select f.space_id, a.user_id, avg(s.embedding) as v from statements s
                 join statement_authors a on a.statement_id = s.id
                 join contributions c on c.id = s.contribution_id join conferences f on f.id = c.conference_id
                where s.embedding is not null group by f.space_id, a.user_id) m
        where m.space_id = p.space_id and m.user_id = p.user_id`,
      [model],
    ),
});
