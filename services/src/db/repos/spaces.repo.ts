import type { Queryable } from '../db.ts';
import { one } from '../db.ts';
import { FORWARD_COUNTS_SQL } from './forwards.repo.ts';
import { statementSeenSql } from './seen.ts';

export type Role = 'owner' | 'host' | 'member';
export const ROLES: Role[] = ['owner', 'host', 'member'];

export interface SpaceRow {
  id: string;
  name: string;
  created_at: Date;
  role: Role;
}

export interface MemberRow {
  user_id: string | null;
  email: string;
  name: string | null;
  role: Role;
  pending: boolean;
}

export interface ConferenceRow {
  id: string;
  space_id: string;
  title: string;
  description: string;
  kind: 'discussion' | 'interview' | 'meeting-import';
  created_by: string | null;
  created_at: Date;
  role: Role;
}

/** Every read here is for a given user and returns nothing for spaces they are not a member of. */
export const spacesRepo = (q: Queryable) => ({
  create: async (name: string, ownerId: string) => {
    const space = await one<{ id: string; name: string; created_at: Date }>(
      q,
      `insert into spaces (name, created_by) values ($1, $2) returning id, name, created_at`,
      [name, ownerId],
    );
    await q.query(`insert into memberships (space_id, user_id, role) values ($1, $2, 'owner')`, [space!.id, ownerId]);
    return { ...space!, role: 'owner' as Role };
  },

  listForUser: (userId: string) =>
    q.query<SpaceRow>(
      `select s.id, s.name, s.created_at, m.role from spaces s
         join memberships m on m.space_id = s.id and m.user_id = $1
        order by s.created_at`,
      [userId],
    ),

  getForUser: (spaceId: string, userId: string) =>
    one<SpaceRow>(
      q,
      `select s.id, s.name, s.created_at, m.role from spaces s
         join memberships m on m.space_id = s.id and m.user_id = $2
        where s.id = $1`,
      [spaceId, userId],
    ),

  members: (spaceId: string) =>
    q.query<MemberRow>(
      `select u.id as user_id, u.email, u.name, m.role, false as pending
         from memberships m join users u on u.id = m.user_id where m.space_id = $1
       union all
       select null, i.email, null, i.role, true from space_invites i where i.space_id = $1
       order by pending, email`,
      [spaceId],
    ),

  /** The names of the space's members, owners first, then hosts, then members, by name. */
  memberNamesByRole: async (spaceId: string): Promise<string[]> => {
    const rows = await q.query<{ name: string }>(
      `select u.name from memberships m join users u on u.id = m.user_id where m.space_id = $1
        order by case m.role when 'owner' then 0 when 'host' then 1 else 2 end, u.name`,
      [spaceId],
    );
    return rows.map((r) => r.name);
  },

  /** Adds (or re-roles) an existing user, or records an invite that signing up will redeem. */
  addMember: async (spaceId: string, email: string, role: Role, invitedBy: string): Promise<MemberRow> => {
    const user = await one<{ id: string; email: string; name: string }>(
      q,
      `select id, email, name from users where lower(email) = lower($1)`,
      [email],
    );
    if (user) {
      await q.query(
        `insert into memberships (space_id, user_id, role) values ($1, $2, $3)
         on conflict (space_id, user_id) do update set role = excluded.role`,
        [spaceId, user.id, role],
      );
      return { user_id: user.id, email: user.email, name: user.name, role, pending: false };
    }
    await q.query(
      `insert into space_invites (space_id, email, role, invited_by) values ($1, lower($2), $3, $4)
       on conflict (space_id, email) do update set role = excluded.role`,
      [spaceId, email, role, invitedBy],
    );
    return { user_id: null, email: email.toLowerCase(), name: null, role, pending: true };
  },

  /** A member's or pending invite's role by email (null when neither). */
  roleByEmail: async (spaceId: string, email: string): Promise<Role | null> =>
    (
      await one<{ role: Role }>(
        q,
        `select m.role from memberships m join users u on u.id = m.user_id where m.space_id = $1 and lower(u.email) = lower($2)
         union all
         select i.role from space_invites i where i.space_id = $1 and i.email = lower($2)
         limit 1`,
        [spaceId, email],
      )
    )?.role ?? null,

  /**
   * Removes a member (and what they follow in the space) or a pending invite, by email. Returns
   * whether anything was removed.
   */
  removeMember: async (spaceId: string, email: string): Promise<boolean> => {
    const user = await one<{ id: string }>(
      q,
      `delete from memberships m using users u
        where m.space_id = $1 and u.id = m.user_id and lower(u.email) = lower($2) returning u.id`,
      [spaceId, email],
    );
    if (user) {
      await q.query(
        `delete from conference_follows cf using conferences f where cf.user_id = $2 and f.id = cf.conference_id and f.space_id = $1`,
        [spaceId, user.id],
      );
      await q.query(`delete from tag_follows where user_id = $2 and space_id = $1`, [spaceId, user.id]);
    }
    const invite = await q.query(`delete from space_invites where space_id = $1 and email = lower($2) returning email`, [spaceId, email]);
    return Boolean(user) || invite.length > 0;
  },

  countOwners: async (spaceId: string) =>
    (await one<{ n: number }>(q, `select count(*)::int as n from memberships where space_id = $1 and role = 'owner'`, [spaceId]))!.n,

  /** Turns pending invites for this email into memberships (at sign-up). */
  redeemInvites: (userId: string, email: string) =>
    q.query(
      `with redeemed as (delete from space_invites where email = lower($2) returning space_id, role)
       insert into memberships (space_id, user_id, role) select space_id, $1, role from redeemed
       on conflict do nothing`,
      [userId, email],
    ),

  createConference: (c: { spaceId: string; title: string; description: string; kind: string; createdBy: string }) =>
    one<Omit<ConferenceRow, 'role'>>(
      q,
      `insert into conferences (space_id, title, description, kind, created_by)
       values ($1, $2, $3, $4, $5) returning *`,
      [c.spaceId, c.title, c.description, c.kind, c.createdBy],
    ),

  conferencesForUser: (spaceId: string, userId: string) =>
    q.query<ConferenceRow & { contribution_count: number }>(
      `select f.*, m.role,
              (select count(*)::int from contributions c where c.conference_id = f.id) as contribution_count
         from conferences f join memberships m on m.space_id = f.space_id and m.user_id = $2
        where f.space_id = $1 order by f.created_at desc`,
      [spaceId, userId],
    ),

  conferenceForUser: (conferenceId: string, userId: string) =>
    one<ConferenceRow>(
      q,
      `select f.*, m.role from conferences f
         join memberships m on m.space_id = f.space_id and m.user_id = $2
        where f.id = $1`,
      [conferenceId, userId],
    ),

  /** The space's members, other than `exceptUserId`, who have not seen a statement nor been forwarded it, with their profile tags. */
  membersToRouteTo: (statementId: string, spaceId: string, exceptUserId: string) =>
    q.query<{ id: string; name: string; tags: string[] | null }>(
      `select u.id, u.name, ep.tags
         from statements s join contributions c on c.id = s.contribution_id
         join memberships m on m.space_id = $3 join users u on u.id = m.user_id
         left join expertise_profiles ep on ep.space_id = m.space_id and ep.user_id = u.id
        where s.id = $1 and u.id <> $2 and not ${statementSeenSql('u.id', 's', 'c')}
          and not exists (select 1 from forwards f where f.statement_id = s.id and f.to_user_id = u.id and ${FORWARD_COUNTS_SQL})`,
      [statementId, exceptUserId, spaceId],
    ),

  /** A member of the space with this user id, or undefined. */
  memberById: (spaceId: string, userId: string) =>
    one<{ id: string }>(q, `select u.id from memberships m join users u on u.id = m.user_id where m.space_id = $1 and u.id = $2`, [
      spaceId,
      userId,
    ]),

  /** A member of the space with this email address (any case), or undefined. */
  memberByEmail: (spaceId: string, email: string) =>
    one<{ id: string }>(
      q,
      `select u.id from memberships m join users u on u.id = m.user_id where m.space_id = $1 and lower(u.email) = lower($2)`,
      [spaceId, email],
    ),

  isMember: async (spaceId: string, userId: string) =>
    (await q.query(`select 1 from memberships where space_id = $1 and user_id = $2`, [spaceId, userId])).length > 0,

  conferenceTitle: async (conferenceId: string) =>
    (await one<{ title: string }>(q, `select title from conferences where id = $1`, [conferenceId]))?.title,

  /** The spaces a user belongs to, in the order they joined. */
  spaceIdsOf: async (userId: string): Promise<string[]> => {
    const rows = await q.query<{ space_id: string }>(`select space_id from memberships where user_id = $1 order by created_at`, [userId]);
    return rows.map((r) => r.space_id);
  },

  /** Every member of a space (for name matching and membership checks). */
  memberUsers: (spaceId: string) =>
    q.query<{ userId: string; name: string }>(
      `select u.id as "userId", u.name from memberships m join users u on u.id = m.user_id where m.space_id = $1`,
      [spaceId],
    ),

  /** A conference, whoever asks (for work done on a member's behalf after access was checked). */
  conferenceById: (conferenceId: string) => one<Omit<ConferenceRow, 'role'>>(q, `select * from conferences where id = $1`, [conferenceId]),

  /** A conference by an id given as text (undefined, not an error, when it is not a uuid). */
  conferenceByIdText: (id: string) =>
    one<{ id: string; space_id: string }>(q, `select id, space_id from conferences where id::text = $1`, [id]),

  /** The space's first owner. */
  firstOwnerId: async (spaceId: string) =>
    (
      await one<{ id: string }>(
        q,
        `select user_id as id from memberships where space_id = $1 and role = 'owner' order by created_at limit 1`,
        [spaceId],
      )
    )?.id,
});
