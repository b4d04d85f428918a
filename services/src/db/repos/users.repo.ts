import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
}

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

  createSession: (userId: string, tokenHash: string, days: number) =>
    q.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + make_interval(days => $3::int))`, [
      userId,
      tokenHash,
      Math.ceil(days),
    ]),

  deleteSession: (tokenHash: string) => q.query(`delete from sessions where token_hash = $1`, [tokenHash]),

  /** The user behind a session cookie or an API token, if it is valid and unexpired. */
  byTokenHash: (tokenHash: string) =>
    one<UserRow>(
      q,
      `select u.* from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.expires_at > now()
       union all
       select u.* from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = $1 and (t.expires_at is null or t.expires_at > now())
       limit 1`,
      [tokenHash],
    ),

  createApiToken: (userId: string, name: string, tokenHash: string) =>
    one<{ id: string; name: string; created_at: Date }>(
      q,
      `insert into api_tokens (user_id, name, token_hash) values ($1, $2, $3) returning id, name, created_at`,
      [userId, name, tokenHash],
    ),
});
