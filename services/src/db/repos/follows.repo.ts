import type { Queryable } from '../db.ts';

/** What a member follows: conferences (new contributions notify them) and topic tags (feed relevance). */
export const followsRepo = (q: Queryable) => ({
  followConference: (userId: string, conferenceId: string) =>
    q.query(`insert into conference_follows (user_id, conference_id) values ($1, $2) on conflict do nothing`, [userId, conferenceId]),

  unfollowConference: (userId: string, conferenceId: string) =>
    q.query(`delete from conference_follows where user_id = $1 and conference_id = $2`, [userId, conferenceId]),

  followTag: (userId: string, spaceId: string, tag: string) =>
    q.query(`insert into tag_follows (user_id, space_id, tag) values ($1, $2, $3) on conflict do nothing`, [userId, spaceId, tag]),

  unfollowTag: (userId: string, spaceId: string, tag: string) =>
    q.query(`delete from tag_follows where user_id = $1 and space_id = $2 and tag = $3`, [userId, spaceId, tag]),

  /** The conferences (of this space) and tags a user follows there. */
  inSpace: async (userId: string, spaceId: string) => {
    const [conferences, tags] = await Promise.all([
      q.query<{ conference_id: string }>(
        `select cf.conference_id from conference_follows cf join conferences f on f.id = cf.conference_id
          where cf.user_id = $1 and f.space_id = $2 order by cf.created_at`,
        [userId, spaceId],
      ),
      q.query<{ tag: string }>(`select tag from tag_follows where user_id = $1 and space_id = $2 order by tag`, [userId, spaceId]),
    ]);
    return { conferenceIds: conferences.map((r) => r.conference_id), tags: tags.map((r) => r.tag) };
  },

  followsConference: async (userId: string, conferenceId: string) =>
    (await q.query(`select 1 from conference_follows where user_id = $1 and conference_id = $2`, [userId, conferenceId])).length > 0,

  /** Who follows a conference. */
  followersOf: async (conferenceId: string): Promise<string[]> => {
    const rows = await q.query<{ user_id: string }>(`select user_id from conference_follows where conference_id = $1`, [conferenceId]);
    return rows.map((r) => r.user_id);
  },

  /** Makes these users follow the conference, those of them who are members of its space. */
  followConferenceAsMembers: (userIds: string[], conferenceId: string, spaceId: string) =>
    q.query(
      `insert into conference_follows (user_id, conference_id)
       select m.user_id, $2 from memberships m where m.space_id = $3 and m.user_id = any($1::uuid[])
       on conflict do nothing`,
      [userIds, conferenceId, spaceId],
    ),
  /** Follows a conference as a member of its space (nothing when they are not one). */
  followConferenceAsMember: (userId: string, conferenceId: string) =>
    q.query(
      `insert into conference_follows (user_id, conference_id)
       select m.user_id, f.id from conferences f join memberships m on m.space_id = f.space_id and m.user_id = $1
        where f.id = $2
       on conflict do nothing`,
      [userId, conferenceId],
    ),
});
