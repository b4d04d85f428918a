/** An agenda row and its items → the contract's JSON, each citation with its player path. */
import type { Agenda, AgendaCitation } from '@colloquy/contract';
import { isBackchannel, trimAtWord } from '../core/text/disfluency.ts';
import { cleanTranscript } from '../core/text/tokens.ts';
import type { Queryable } from '../db/db.ts';
import { agendasRepo, type AgendaRow, type CitedStatementRow } from '../db/repos/agendas.repo.ts';
import { playerPath } from '../webhooks/emit.ts';

const CITATION_CHARS = 200;

export async function agendaView(q: Queryable, agenda: AgendaRow): Promise<Agenda> {
  const repo = agendasRepo(q);
  const items = await repo.items(agenda.id);
  const ids = [...new Set(items.flatMap((i) => [...i.statement_ids, ...i.discussed_statement_ids]))];
  const byId = new Map((await repo.citedStatements(ids, agenda.conference_id)).map((r) => [r.id, r]));
  const cite = (list: string[]) => list.flatMap((id) => (byId.has(id) ? [citation(byId.get(id)!)] : []));
  return {
    id: agenda.id,
    conferenceId: agenda.conference_id,
    title: agenda.title,
    status: agenda.status,
    startsAt: agenda.starts_at?.toISOString() ?? null,
    durationMinutes: agenda.duration_minutes,
    publishedAt: agenda.published_at?.toISOString() ?? null,
    linkedContributionId: agenda.linked_contribution_id,
    linkedAt: agenda.linked_at?.toISOString() ?? null,
    updatedAt: agenda.updated_at.toISOString(),
    items: items.map((i) => ({
      id: i.id,
      position: i.position,
      kind: i.kind,
      title: i.title,
      why: i.why,
      score: Number(i.score),
      citations: cite(i.statement_ids),
      discussed: i.discussed,
      discussedAt: cite(i.discussed_statement_ids),
    })),
  };
}

function citation(r: CitedStatementRow): AgendaCitation {
  const clean = cleanTranscript(r.text);
  const text = r.gist?.trim() && !isBackchannel(r.gist) ? r.gist.trim() : clean;
  return {
    statementId: r.id,
    contributionId: r.contribution_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    speaker: r.speaker ?? r.author_name,
    text: trimAtWord(text, CITATION_CHARS),
    link: playerPath(r.conference_id, r.contribution_id, { statementId: r.id, startMs: r.start_ms }),
  };
}
