/**
 * An outside expert's answer through a link: a contribution in the statement's conference, replying
 * to that statement, with no author account (author_id null) but the person, their name and the
 * forward recorded. It then runs through the pipeline like any other contribution. The contribution,
 * the forward's "answered" mark, the forwarder's notification and the first pipeline job are one
 * transaction.
 */
import type { Queryable } from '../db/db.ts';
import { contributionsRepo, type NewContribution } from '../db/repos/contributions.repo.ts';
import { forwardsRepo } from '../db/repos/forwards.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { notify } from '../notify/notifications.ts';
import { firstStage } from '../jobs/catalog.ts';
import type { SniffResult } from '../media/sniff.ts';
import type { Services } from '../services.ts';
import type { LinkRow } from './forwards.ts';
import { forwardAnswered } from '../webhooks/events.ts';

export type OutsideReply =
  | { kind: 'text'; text: string }
  /** The media is already stored at storage.relative(id, 'original'). */
  | { kind: 'media'; id: string; sniff: SniffResult; bytes: number };

/** A text reply becomes a one-turn transcript; its length is read at 150 words a minute. */
const WORDS_PER_MINUTE = 150;

export async function queueOutsideReply(
  s: Pick<Services, 'db' | 'queue' | 'storage'>,
  link: LinkRow,
  reply: OutsideReply,
): Promise<string> {
  const source = reply.kind === 'text' ? 'transcript' : 'upload';
  const stage = firstStage(source);
  const base: NewContribution = {
    conferenceId: link.conference_id,
    authorId: null, // outside replies have no account behind them
    title: `Reply from ${link.person_name}`,
    source,
    stage,
    replyToStatementId: link.statement_id,
    outsidePersonId: link.person_id,
    viaForwardId: link.forward_id,
    outsideName: link.person_name,
  };
  const id = await s.db.tx(async (q) => {
    const repo = contributionsRepo(q);
    let id: string;
    if (reply.kind === 'text') {
      const text = reply.text.trim();
      const words = text.split(/\s+/).filter(Boolean).length;
      const endMs = Math.max(1000, Math.round((words * 60_000) / WORDS_PER_MINUTE));
      id = await repo.create({ ...base, durationMs: endMs });
      await repo.replaceTranscript(id, [{ startMs: 0, endMs, speaker: link.person_name, text }]);
      await repo.update(id, { transcribed_by: 'text' });
    } else {
      id = await repo.create({
        ...base,
        id: reply.id,
        mediaPath: s.storage.relative(reply.id, 'original'),
        mime: reply.sniff.mime,
        sizeBytes: reply.bytes,
      });
    }
    await markAnswered(s, q, id, link);
    await s.queue.send(stage, id, q);
    return id;
  });
  s.queue.wake(stage);
  return id;
}

/** The forward is answered, and the forwarder hears about it. */
async function markAnswered(s: Pick<Services, 'db' | 'queue'>, q: Queryable, contributionId: string, link: LinkRow) {
  await forwardsRepo(q).markAnswered(link.forward_id, contributionId);
  await forwardAnswered(s, q, link, contributionId);
  // The forwarder hears about it, if they are still in the space.
  if (link.from_user_id) {
    if (await spacesRepo(q).isMember(link.space_id, link.from_user_id)) {
      await notify(
        q,
        {
          userId: link.from_user_id,
          kind: 'reply',
          spaceId: link.space_id,
          payload: {
            forwardId: link.forward_id,
            statementId: link.statement_id,
            contributionId,
            conferenceId: link.conference_id,
            conferenceTitle: link.conference_title,
            title: `Reply from ${link.person_name}`,
            outside: { personId: link.person_id, name: link.person_name },
          },
        },
        { batchMinutes: 0, queue: s.queue },
      );
    }
  }
}

/** The expert's own replies through this link, so their page can show what is processing. */
export const repliesVia = (q: Queryable, forwardId: string) => contributionsRepo(q).viaForward(forwardId);
