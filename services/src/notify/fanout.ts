import type { Queryable } from '../db/db.ts';
import { contributionsRepo, type FanoutContributionRow } from '../db/repos/contributions.repo.ts';
import { followsRepo } from '../db/repos/follows.repo.ts';
import { notificationsRepo } from '../db/repos/notifications.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { findMentions } from './mentions.ts';
import { notify, type NotificationKind } from './notifications.ts';

const EXCERPT_CHARS = 200;
const excerpt = (s: string) => (s.length > EXCERPT_CHARS ? `${s.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : s);

/**
 * Tells a ready contribution's readers about it, once: the author of what it replies to ('reply'),
 * members it names ('mention'), and the conference's followers ('contribution'), each person once
 * with the most specific kind, never the author, and only members of the conference's space.
 * Its author and the conference's creator start following the conference here.
 * Returns the number of notifications made or merged (0 when it was done before).
 */
export async function fanOutContribution(s: Pick<Services, 'config' | 'db' | 'queue'>, contributionId: string): Promise<number> {
  const count = await s.db.tx(async (q) => {
    if (!(await notificationsRepo(q).claimFanout(contributionId))) return 0;
    const c = (await contributionsRepo(q).forFanout(contributionId))!;
    await autoFollow(q, c);

    const members = await spacesRepo(q).memberUsers(c.space_id);
    const isMember = new Set(members.map((m) => m.userId));
    const statements = await contributionsRepo(q).statements(c.id);
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
    for (const userId of await followsRepo(q).followersOf(c.conference_id)) add(userId, 'contribution', base);

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

/** Who takes part in a conference follows it: its creator and everyone who contributed (members only). */
async function autoFollow(q: Queryable, c: FanoutContributionRow) {
  const users = [c.author_id, c.conference_creator].filter((u): u is string => Boolean(u));
  if (!users.length) return;
  await followsRepo(q).followConferenceAsMembers(users, c.conference_id, c.space_id);
}
