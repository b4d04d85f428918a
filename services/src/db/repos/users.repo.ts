import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
}

/** What a request was signed in with: a session cookie or a personal API token. */
export interface Credential {
  kind: 'session' | 'token';
  id: string;
  lastUsedAt: Date | null;
}

export interface SessionRow {
  id: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date;
  user_agent: string | null;
  address: string | null;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
}

/** Where a session was started from, as shown in the owner's list of sessions. */
export interface SessionOrigin {
  userAgent: string | null;
  address: string | null;
}

const USER_COLUMNS = 'u.id, u.email, u.name, u.password_hash, u.created_at';

export const usersRepo = (q: Queryable) => ({
  byEmail: (email: string) => one<UserRow>(q, `select * from users where lower(email) = lower($1)`, [email]),

  byId: (id: string) => one<UserRow>(q, `select * from users where id = $1`, [id]),

  /** Returns undefined when the email is taken. */
  create: (u: { email: string; name: string; passwordHash: string }) =>
    one<UserRow>(
      q,
      `insert into users (email, name, password_hash) values ($1, $2, $3)
       on conflict ((lower(email))) do nothing returning *`,
      [u.email, u.name, u.passwordHash],
    ),

  rename: (id: string, name: string) => one<UserRow>(q, `update users set name = $2 where id = $1 returning *`, [id, name]),

  setPasswordHash: (id: string, passwordHash: string) => q.query(`update users set password_hash = $2 where id = $1`, [id, passwordHash]),

  createSession: (userId: string, tokenHash: string, days: number, origin: SessionOrigin) =>
    q.query(
      `insert into sessions (user_id, token_hash, expires_at, last_used_at, user_agent, address)
       values ($1, $2, now() + make_interval(days => $3::int), now(), $4, $5)`,
      [userId, tokenHash, Math.ceil(days), origin.userAgent, origin.address],
    ),

  deleteSession: (tokenHash: string) => q.query(`delete from sessions where token_hash = $1`, [tokenHash]),

  /**
   * The user behind a session cookie or an API token, if it is valid and unexpired, with what it
   * was (so a handler knows "this session", and the caller's list shows when each was last used).
   */
  byTokenHash: async (tokenHash: string): Promise<{ user: UserRow; credential: Credential } | undefined> => {
    const row = await one<UserRow & { credential: Credential['kind']; credential_id: string; last_used_at: Date | null }>(
      q,
      `select ${USER_COLUMNS}, 'session' as credential, s.id as credential_id, s.last_used_at
         from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.expires_at > now()
       union all
       select ${USER_COLUMNS}, 'token' as credential, t.id as credential_id, t.last_used_at
         from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = $1 and (t.expires_at is null or t.expires_at > now())
       limit 1`,
      [tokenHash],
    );
    if (!row) return undefined;
    const { credential, credential_id, last_used_at, ...user } = row;
    return { user, credential: { kind: credential, id: credential_id, lastUsedAt: last_used_at } };
  },

  /** Records that a session or token was used, unless that was recorded less than `minutes` ago (one write per few minutes, not per request). */
  touch: (credential: Pick<Credential, 'kind' | 'id'>, minutes: number) =>
    q.query(
      `update ${credential.kind === 'session' ? 'sessions' : 'api_tokens'} set last_used_at = now()
        where id = $1 and (last_used_at is null or last_used_at < now() - make_interval(mins => $2::int))`,
      [credential.id, minutes],
    ),

  /** A user's unexpired sessions, the most recently used first. */
  sessions: (userId: string) =>
    q.query<SessionRow>(
      `select id, created_at, last_used_at, expires_at, user_agent, address from sessions
        where user_id = $1 and expires_at > now()
        order by coalesce(last_used_at, created_at) desc, created_at desc`,
      [userId],
    ),

  /** Deletes one of the user's sessions; false when the user has no such session. */
  revokeSession: async (userId: string, sessionId: string) =>
    (await q.query(`delete from sessions where id = $1 and user_id = $2 returning id`, [sessionId, userId])).length > 0,

  /** Deletes every session of the user but `keepId` (none kept when null); how many went. */
  revokeSessionsExcept: async (userId: string, keepId: string | null) =>
    (await q.query(`delete from sessions where user_id = $1 and id is distinct from $2 returning id`, [userId, keepId])).length,

  createApiToken: (userId: string, name: string, tokenHash: string) =>
    one<{ id: string; name: string; created_at: Date }>(
      q,
      `insert into api_tokens (user_id, name, token_hash) values ($1, $2, $3) returning id, name, created_at`,
      [userId, name, tokenHash],
    ),

  /** A user's API tokens, newest first: never the hash. */
  apiTokens: (userId: string) =>
    q.query<ApiTokenRow>(
      `select id, name, created_at, last_used_at, expires_at from api_tokens where user_id = $1 order by created_at desc, id`,
      [userId],
    ),

  /** Deletes one of the user's API tokens; false when the user has no such token. */
  revokeApiToken: async (userId: string, tokenId: string) =>
    (await q.query(`delete from api_tokens where id = $1 and user_id = $2 returning id`, [tokenId, userId])).length > 0,
});
