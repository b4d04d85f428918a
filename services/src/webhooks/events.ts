import type { Queryable } from '../db/db.ts';
import type { ContributionRow } from '../db/repos/contributions.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { emitWebhookEvent, playerPath } from './emit.ts';

/** The events Colloquy reports to webhooks, one function each, called where the thing happens. */
type Deps = Pick<Services, 'db' | 'queue'>;

export function contributionFinished(s: Deps, c: ContributionRow, type: 'contribution.ready' | 'contribution.failed') {
  return emitWebhookEvent(s, {
    type,
    spaceId: c.space_id,
    key: `${type}:${c.id}`,
    data: {
      contributionId: c.id,
      conferenceId: c.conference_id,
      title: c.title,
      ...(type === 'contribution.failed' ? { errorCode: c.error_code } : {}),
      links: { player: playerPath(c.conference_id, c.id) },
    },
  });
}

interface ForwardedStatement {
  id: string;
  contribution_id: string;
  conference_id: string;
  space_id: string;
  start_ms: number;
}

export function statementForwarded(s: Deps, q: Queryable, forwardId: string, st: ForwardedStatement, recipient: 'member' | 'expert') {
  return emitWebhookEvent(
    s,
    {
      type: 'statement.forwarded',
      spaceId: st.space_id,
      key: `statement.forwarded:${forwardId}`,
      data: {
        forwardId,
        statementId: st.id,
        contributionId: st.contribution_id,
        conferenceId: st.conference_id,
        recipient,
        links: { statement: playerPath(st.conference_id, st.contribution_id, { statementId: st.id, startMs: st.start_ms }) },
      },
    },
    q,
  );
}

export function forwardAnswered(
  s: Deps,
  q: Queryable,
  link: { forward_id: string; statement_id: string; conference_id: string; space_id: string },
  replyId: string,
) {
  return emitWebhookEvent(
    s,
    {
      type: 'forward.answered',
      spaceId: link.space_id,
      key: `forward.answered:${link.forward_id}`,
      data: {
        forwardId: link.forward_id,
        statementId: link.statement_id,
        replyContributionId: replyId,
        conferenceId: link.conference_id,
        links: { reply: playerPath(link.conference_id, replyId) },
      },
    },
    q,
  );
}

export async function interviewCompleted(s: Deps, q: Queryable, inv: { id: string; conference_id: string }, completedAt: Date) {
  const conference = await spacesRepo(q).conferenceById(inv.conference_id);
  if (!conference) return 0;
  return emitWebhookEvent(
    s,
    {
      type: 'interview.completed',
      spaceId: conference.space_id,
      key: `interview.completed:${inv.id}`,
      data: {
        invitationId: inv.id,
        conferenceId: inv.conference_id,
        completedAt: completedAt.toISOString(),
        links: { review: `/c/${inv.conference_id}/review/${inv.id}` },
      },
    },
    q,
  );
}

export function agendaPublished(
  s: Deps,
  q: Queryable,
  p: {
    agenda: { id: string; conference_id: string; title: string; starts_at: Date | null; published_at: Date | null };
    spaceId: string;
    itemCount: number;
  },
) {
  return emitWebhookEvent(
    s,
    {
      type: 'agenda.published',
      spaceId: p.spaceId,
      key: `agenda.published:${p.agenda.id}:${p.agenda.published_at?.getTime() ?? 0}`,
      data: {
        agendaId: p.agenda.id,
        conferenceId: p.agenda.conference_id,
        title: p.agenda.title,
        itemCount: p.itemCount,
        startsAt: p.agenda.starts_at?.toISOString() ?? null,
        links: { agenda: `/c/${p.agenda.conference_id}/agenda` },
      },
    },
    q,
  );
}
