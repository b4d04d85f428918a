import type { Queryable } from '../db/db.ts';
import { one } from '../db/db.ts';
import type { Services } from '../services.ts';
import { findMentions } from './mentions.ts';
import { notify, type NotificationKind } from './notifications.ts';

interface ReadyContribution {
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

interface StatementLine {
  id: string;
  start_ms: number;
  text: string;
  gist: string | null;
}

const EXCERPT_CHARS = 200;
const excerpt = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : s);

/**
 * Tells a ready contribution's readers about it, once: the author of what it replies to ('reply'),
 * members it names ('mention'), and the conference's followers ('contribution'), each person once
 * with the most specific kind, never the author, and only members of the conference's space.
 * Its author and the conference's creator start following the conference here.
 * Returns the number of notifications made or merged (0 when it was done before).
 */
export async function fanOutContribution(s: Pick<Services, 'db' | 'queue' | 'config'>, contributionId: string): Promise<number> {
  const count = await s.db.tx(async (q) => {
    const claimed = await q.query(
      `insert into notification_fanouts (contribution_id)
       select id from contributions where id = $1 and status = 'ready'
       on conflict do nothing returning contribution_id`,
      [contributionId],
    );
    if (!claimed.length) return 0;
    const c = (await contribution(q, contributionId))!;
    await autoFollow(q, c);

    const members = await q.query<{ userId: string; name: string }>(
      `select u.id as "userId", u.name from memberships m join users u on u.id = m.user_id where m.space_id = $1`,
      [c.space_id],
    );
    const isMember = new Set(members.map((m) => m.userId));
    const statements = await q.query<StatementLine>(
      `select id, start_ms, text, gist from statements where contribution_id = $1 order by seq`,
      [c.id],
    );
    const first = statements[0];
    const base = {
      contributionId: c.id,
      conferenceId: c.conference_id,
      conferenceTitle: c.conference_title,
      title: c.title,
      authorName: c.author_name ?? 'Someone',
      ...(first ? { statementId: first.id, startMs: first.start_ms, excerpt: excerpt(first.gist ?? first.text) } : {}),
    };

    // Most specific first: a person is told once, as the reply's addressee before anything else.
    const recipients = new Map<string, { kind: NotificationKind; payload: Record<string, unknown> }>();
    const add = (userId: string | null, kind: NotificationKind, payload: Record<string, unknown>) => {
      if (userId && userId !== c.author_id && userId !== c.forwarder_id && isMember.has(userId) && !recipients.has(userId)) {
        recipients.set(userId, { kind, payload });
      }
    };

    add(c.replied_to_author_id, 'reply', { ...base, replyToStatementId: c.reply_to_statement_id });
    const candidates = members.filter((m) => m.userId !== c.author_id);
    for (const st of statements) {
      for (const m of findMentions(st.text, candidates)) {
        add(m.userId, 'mention', { ...base, statementId: st.id, startMs: st.start_ms, excerpt: excerpt(st.text) });
      }
    }
    for (const m of findMentions(c.title, candidates)) add(m.userId, 'mention', base);
    const followers = await q.query<{ user_id: string }>(`select user_id from conference_follows where conference_id = $1`, [
      c.conference_id,
    ]);
    for (const f of followers) add(f.user_id, 'contribution', base);

    for (const [userId, r] of recipients) {
      await notify(
        q,
        { userId, kind: r.kind, spaceId: c.space_id, batchKey: `${r.kind}:${c.conference_id}`, payload: r.payload },
        { batchMinutes: s.config.notify.batchMinutes, queue: s.queue },
      );
    }
    return recipients.size;
  });
  if (count) s.queue.wakeTask('notify'); // the emails' rendering, sent inside the transaction
  return count;
}

function contribution(q: Queryable, id: string) {
  return one<ReadyContribution>(
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
  );
}

/** Who takes part in a conference follows it: its creator and everyone who contributed (members only). */
async function autoFollow(q: Queryable, c: ReadyContribution) {
  const users = [c.author_id, c.conference_creator].filter((u): u is string => Boolean(u));
  if (!users.length) return;
  await q.query(
    `insert into conference_follows (user_id, conference_id)
     select m.user_id, $2 from memberships m where m.space_id = $3 and m.user_id = any($1::uuid[])
     on conflict do nothing`,
    [users, c.conference_id, c.space_id],
  );
}
