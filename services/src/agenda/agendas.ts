/**
 * The agenda of a conference's next live meeting: drafted from the conference, edited and
 * published by its hosts (members are notified, webhooks told), and linked afterwards to the
 * imported recording of the meeting. Members read the published agenda; outsiders get 404.
 */
import type { Agenda, DraftAgendaBody, PublishAgendaBody, UpdateAgendaBody } from '@colloquy/contract';
import { AppError, badRequest, forbidden, notFound } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { agendasRepo, type AgendaRow, type NewAgendaItem } from '../db/repos/agendas.repo.ts';
import type { ContributionRow } from '../db/repos/contributions.repo.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { answeredQuestions } from '../db/repos/digest.repo.ts';
import { spacesRepo, type ConferenceRow } from '../db/repos/spaces.repo.ts';
import { notify } from '../notify/notifications.ts';
import type { Services } from '../services.ts';
import { agendaPublished } from '../webhooks/events.ts';
import { DRAFT_MAX_ITEMS, draftItems, type DraftStatement } from './draft.ts';
import { discussedIn } from './linking.ts';
import { agendaView } from './view.ts';

type Deps = Pick<Services, 'config' | 'db' | 'queue' | 'ai'>;

const isHost = (c: ConferenceRow) => c.role === 'owner' || c.role === 'host';

/** The conference as the caller may see it (404 otherwise); with `host`, 403 for plain members. */
export async function conferenceFor(s: Pick<Services, 'db'>, conferenceId: string, userId: string, need: 'member' | 'host' = 'member') {
  const conference = await spacesRepo(s.db).conferenceForUser(conferenceId, userId);
  if (!conference) throw notFound('conference');
  if (need === 'host' && !isHost(conference)) throw forbidden('only owners and hosts edit the agenda');
  return conference;
}

async function existingAgenda(q: Queryable, conferenceId: string): Promise<AgendaRow> {
  const agenda = await agendasRepo(q).forConference(conferenceId);
  if (!agenda) throw notFound('agenda');
  return agenda;
}

/** Hosts see the agenda in any state; members only once it is published (null before). */
export async function readAgenda(s: Pick<Services, 'db'>, conferenceId: string, userId: string): Promise<Agenda | null> {
  const conference = await conferenceFor(s, conferenceId, userId);
  const agenda = await agendasRepo(s.db).forConference(conference.id);
  if (!agenda || (agenda.status !== 'published' && !isHost(conference))) return null;
  return agendaView(s.db, agenda);
}

/** The published agenda for exports: members may export what they may read. */
export async function readableAgenda(s: Pick<Services, 'db'>, conferenceId: string, userId: string) {
  const agenda = await readAgenda(s, conferenceId, userId);
  if (!agenda) throw notFound('agenda');
  return agenda;
}

/** Drafts (or drafts again) the agenda from what the conference left open. */
export async function draftAgenda(s: Deps, conferenceId: string, userId: string, body: DraftAgendaBody): Promise<Agenda> {
  const conference = await conferenceFor(s, conferenceId, userId, 'host');
  const items = await draftFromConference(s.db, conference.id, new Date());
  const agenda = await s.db.tx(async (q) => {
    const row = await agendasRepo(q).startDraft(conference.id, body.title?.trim() || `Next meeting: ${conference.title}`, userId);
    await agendasRepo(q).replaceItems(row.id, items);
    return row;
  });
  return agendaView(s.db, agenda);
}

/** The draft's items for a conference (the eval and the route share this). */
export async function draftFromConference(q: Queryable, conferenceId: string, now: Date): Promise<NewAgendaItem[]> {
  const rows = await agendasRepo(q).draftStatements(conferenceId);
  const questions = rows.filter((r) => r.act === 'question').map((r) => r.id);
  const answered = await answeredQuestions(q, questions);
  const statements: DraftStatement[] = rows.map((r) => ({
    id: r.id,
    contributionId: r.contribution_id,
    contributionCreatedAt: new Date(r.contribution_created_at),
    seq: r.seq,
    speaker: r.speaker,
    text: r.text,
    gist: r.gist,
    act: r.act,
    topics: r.topics ?? [],
    embedding: r.embedding,
    reactions: r.reactions ?? {},
    responders: r.responders ?? [],
    answered: answered.has(r.id),
  }));
  return draftItems(statements, { now, maxItems: DRAFT_MAX_ITEMS });
}

/** A host's edit: title, meeting time, and the items in their new order (left out = removed). */
export async function updateAgenda(s: Deps, conferenceId: string, userId: string, body: UpdateAgendaBody): Promise<Agenda> {
  const conference = await conferenceFor(s, conferenceId, userId, 'host');
  const repo = agendasRepo(s.db);
  const agenda = await existingAgenda(s.db, conference.id);
  await s.db.tx(async (q) => {
    const r = agendasRepo(q);
    if (body.items) await r.replaceItems(agenda.id, await editedItems(q, agenda, conference.id, body.items));
    await r.update(agenda.id, {
      title: body.title?.trim() || undefined,
      startsAt: body.startsAt === undefined ? undefined : body.startsAt === null ? null : new Date(body.startsAt),
      durationMinutes: body.durationMinutes,
    });
  });
  return agendaView(s.db, (await repo.forConference(conference.id))!);
}

async function editedItems(q: Queryable, agenda: AgendaRow, conferenceId: string, input: NonNullable<UpdateAgendaBody['items']>) {
  const existing = new Map((await agendasRepo(q).items(agenda.id)).map((i) => [i.id, i]));
  const cited = new Set(input.flatMap((i) => i.statementIds ?? []));
  const valid = new Set((await agendasRepo(q).citedStatements([...cited], conferenceId)).map((r) => r.id));
  const seen = new Set<string>();
  return input.map((item): NewAgendaItem => {
    const before = item.id ? existing.get(item.id) : undefined;
    if (item.id && (!before || seen.has(item.id)))
      throw badRequest(`item ${item.id} is not on this agenda (or is given twice)`, 'E_BAD_AGENDA');
    if (item.id) seen.add(item.id);
    const statementIds = item.statementIds ?? before?.statement_ids ?? [];
    if (statementIds.some((id) => !valid.has(id)) && item.statementIds)
      throw badRequest('an item cites a statement that is not in this conference', 'E_BAD_AGENDA');
    const title = item.title.trim();
    if (!title) throw badRequest('an item needs a title', 'E_BAD_AGENDA');
    return {
      id: before?.id,
      kind: item.kind ?? before?.kind ?? 'topic',
      title,
      why: before?.why ?? 'added by a host',
      score: before?.score ?? 0,
      statementIds,
    };
  });
}

/** Publishes the agenda: a notification (and email, by preference) to every other member, and agenda.published. */
export async function publishAgenda(s: Deps, conferenceId: string, userId: string, body: PublishAgendaBody): Promise<Agenda> {
  const conference = await conferenceFor(s, conferenceId, userId, 'host');
  const repo = agendasRepo(s.db);
  const agenda = await existingAgenda(s.db, conference.id);
  const notified = await s.db.tx(async (q) => {
    const r = agendasRepo(q);
    if (body.startsAt !== undefined || body.durationMinutes !== undefined) {
      await r.update(agenda.id, {
        startsAt: body.startsAt === undefined ? undefined : body.startsAt === null ? null : new Date(body.startsAt),
        durationMinutes: body.durationMinutes,
      });
    }
    if (!(await r.publish(agenda.id, userId))) return 0; // published before: nobody is told twice
    const items = await r.items(agenda.id);
    const members = await spacesRepo(q).memberUsers(conference.space_id);
    const publisher = members.find((m) => m.userId === userId);
    const fresh = (await r.forConference(conference.id))!;
    const payload = {
      agendaId: agenda.id,
      conferenceId: conference.id,
      conferenceTitle: conference.title,
      title: fresh.title,
      authorName: publisher?.name ?? 'A host',
      itemCount: items.length,
      startsAt: fresh.starts_at?.toISOString() ?? null,
      excerpt: items
        .slice(0, 3)
        .map((i) => i.title)
        .join(' · '),
    };
    for (const m of members) {
      if (m.userId === userId) continue;
      await notify(q, { userId: m.userId, kind: 'agenda', spaceId: conference.space_id, payload }, { batchMinutes: 0, queue: s.queue });
    }
    await agendaPublished(s, q, { agenda: fresh, spaceId: conference.space_id, itemCount: items.length });
    return members.length - 1;
  });
  if (notified) s.queue.wakeTask('notify');
  return agendaView(s.db, (await repo.forConference(conference.id))!);
}

/** Links the published agenda to the live meeting's contribution (a host's choice). */
export async function linkAgenda(s: Deps, conferenceId: string, userId: string, contributionId: string): Promise<Agenda> {
  const conference = await conferenceFor(s, conferenceId, userId, 'host');
  const agenda = await existingAgenda(s.db, conference.id);
  if (agenda.status !== 'published') throw new AppError('E_AGENDA_NOT_PUBLISHED');
  const c = await contributionsRepo(s.db).byId(contributionId);
  if (!c || c.conference_id !== conference.id || c.status !== 'ready') throw new AppError('E_BAD_AGENDA_LINK');
  await linkToMeeting(s, agenda, c, userId);
  return agendaView(s.db, (await agendasRepo(s.db).forConference(conference.id))!);
}

/**
 * After a contribution is ready: when the conference has a published agenda not linked yet and
 * this is the live meeting (posted after publishing, not a reply, two or more speakers), link it.
 */
export async function linkAfterImport(s: Deps, c: ContributionRow): Promise<boolean> {
  const agenda = await agendasRepo(s.db).forConference(c.conference_id);
  if (agenda?.status !== 'published' || agenda.linked_contribution_id || !agenda.published_at) return false;
  if (c.status !== 'ready' || c.created_at < agenda.published_at || c.reply_to_contribution_id || c.reply_to_statement_id) return false;
  if ((await agendasRepo(s.db).speakerCount(c.id)) < 2) return false;
  // Searching runs as someone who may see the conference: the agenda's publisher (or its author).
  const asUser = agenda.published_by ?? agenda.created_by;
  if (!asUser) return false;
  await linkToMeeting(s, agenda, c, asUser);
  return true;
}

async function linkToMeeting(s: Deps, agenda: AgendaRow, c: ContributionRow, userId: string) {
  const items = await agendasRepo(s.db).items(agenda.id);
  const cited = await agendasRepo(s.db).citedStatements([...new Set(items.flatMap((i) => i.statement_ids))], agenda.conference_id);
  const textOf = new Map(cited.map((r) => [r.id, r.text]));
  const links: { id: string; discussed: boolean; statementIds: string[] }[] = [];
  for (const item of items) {
    // The item's own title, and what its statements said: a live meeting rarely repeats a title word for word.
    const query = [item.title, ...item.statement_ids.map((id) => textOf.get(id) ?? '')].join(' ');
    const hits = await discussedIn(s, { userId, conferenceId: agenda.conference_id, contributionId: c.id, query });
    links.push({ id: item.id, discussed: hits.length > 0, statementIds: hits });
  }
  await s.db.tx((q) => agendasRepo(q).link(agenda.id, c.id, links));
}
