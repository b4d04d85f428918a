import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';
import { Text } from './text.ts';

/**
 * The agenda for a conference's next live meeting: drafted from what is still open in the
 * conference, edited and published by a host, exported, and linked to the meeting's recording.
 */
export const AGENDA_ITEM_KINDS = ['question', 'proposal', 'concern', 'decision', 'action', 'topic'] as const;
export const AgendaItemKind = z.enum(AGENDA_ITEM_KINDS);
export type AgendaItemKind = z.infer<typeof AgendaItemKind>;

/** A statement an item cites, with where to play it. */
export const AgendaCitation = z.object({
  statementId: Id,
  contributionId: Id,
  startMs: z.int(),
  endMs: z.int(),
  speaker: z.string().nullable(),
  text: z.string().describe("the statement's gist, else its opening"),
  /** The web app's player at that second. */
  link: z.string(),
});
export type AgendaCitation = z.infer<typeof AgendaCitation>;

export const AgendaItem = z.object({
  id: Id,
  position: z.int(),
  kind: AgendaItemKind.describe(
    'open question, proposal without a decision, concern, decision to confirm, action item to follow up, or a topic a host added',
  ),
  title: z.string(),
  /** Why it is on the agenda, in a few words ("3 people spoke to it · 2 reactions · 5 days old"). */
  why: z.string(),
  score: z.number().describe('how much it matters (reactions, distinct people who spoke to it, age); the draft is ordered by it'),
  citations: z.array(AgendaCitation),
  /** After linking to the live meeting: discussed there (true), not discussed (false); null before. */
  discussed: z.boolean().nullable(),
  /** Where the live meeting discussed it, best first. */
  discussedAt: z.array(AgendaCitation),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Agenda = z.object({
  id: Id,
  conferenceId: Id,
  title: z.string(),
  status: z.enum(['draft', 'published']),
  /** The live meeting's start and length as the host chose them (needed for the .ics export). */
  startsAt: IsoDate.nullable(),
  durationMinutes: z.int().nullable(),
  publishedAt: IsoDate.nullable(),
  /** The imported recording or transcript of the live meeting the items are linked to. */
  linkedContributionId: Id.nullable(),
  linkedAt: IsoDate.nullable(),
  items: z.array(AgendaItem),
  updatedAt: IsoDate,
});
export type Agenda = z.infer<typeof Agenda>;

const MeetingTime = {
  startsAt: IsoDate.nullable().optional(),
  durationMinutes: z
    .int()
    .min(5)
    .max(24 * 60)
    .nullable()
    .optional(),
};

export const AGENDA_MAX_ITEMS = 30;

export const AgendaItemInput = z.strictObject({
  /** An item of the draft (keeps its citations); none for an item the host adds. */
  id: Id.optional(),
  title: Text(300, { oneLine: true, min: 1 }),
  kind: AgendaItemKind.optional(),
  /** Statements of this conference a new item cites (an existing item keeps its own when absent). */
  statementIds: z.array(Id).max(20).optional(),
});
export type AgendaItemInput = z.infer<typeof AgendaItemInput>;

/** The whole edited agenda: items in their new order; items left out are removed. */
export const UpdateAgendaBody = z.strictObject({
  title: Text(300, { oneLine: true, min: 1 }).optional(),
  ...MeetingTime,
  items: z.array(AgendaItemInput).max(AGENDA_MAX_ITEMS).optional(),
});
export type UpdateAgendaBody = z.infer<typeof UpdateAgendaBody>;

export const DraftAgendaBody = z.strictObject({ title: Text(300, { oneLine: true, min: 1 }).optional() });
export type DraftAgendaBody = z.infer<typeof DraftAgendaBody>;

export const PublishAgendaBody = z.strictObject({ ...MeetingTime });
export type PublishAgendaBody = z.infer<typeof PublishAgendaBody>;

export const LinkAgendaBody = z.strictObject({ contributionId: Id });
export type LinkAgendaBody = z.infer<typeof LinkAgendaBody>;

const AgendaAnswer = z.object({ agenda: Agenda });

export const agendasOperations = defineOperations({
  getAgenda: {
    method: 'GET',
    url: '/api/conferences/:id/agenda',
    tags: ['agenda'],
    summary: "The conference's agenda for the next live meeting: hosts see the draft, members the published agenda (null before)",
    params: IdParams,
    response: { 200: z.object({ agenda: Agenda.nullable() }) },
  },
  draftAgenda: {
    method: 'POST',
    url: '/api/conferences/:id/agenda/draft',
    tags: ['agenda'],
    summary:
      'Draft (or draft again) the agenda from the conference: open questions, proposals without a decision, concerns, decisions to confirm (owners and hosts)',
    description:
      'Each item cites its statements; items are ordered by reactions, how many people spoke to them and age. Drafting again replaces the items and returns the agenda to draft.',
    params: IdParams,
    body: DraftAgendaBody,
    response: { 201: AgendaAnswer },
  },
  updateAgenda: {
    method: 'PUT',
    url: '/api/conferences/:id/agenda',
    tags: ['agenda'],
    summary: 'Edit the agenda: title, meeting time, and the items in their order (rename, reorder, remove, add) (owners and hosts)',
    params: IdParams,
    body: UpdateAgendaBody,
    response: { 200: AgendaAnswer },
  },
  publishAgenda: {
    method: 'POST',
    url: '/api/conferences/:id/agenda/publish',
    tags: ['agenda'],
    summary:
      "Publish the agenda: members get a notification (and an email, by their preferences) and the space's webhooks agenda.published",
    params: IdParams,
    body: PublishAgendaBody,
    response: { 200: AgendaAnswer },
  },
  linkAgenda: {
    method: 'POST',
    url: '/api/conferences/:id/agenda/link',
    tags: ['agenda'],
    summary:
      "Link the published agenda to the live meeting's imported recording or transcript: each item gets the statements where it was discussed, or is marked not discussed",
    description:
      'Done automatically when the first meeting (a ready contribution with two or more speakers, not a reply) arrives after publishing.',
    params: IdParams,
    body: LinkAgendaBody,
    response: { 200: AgendaAnswer },
  },
  agendaMarkdown: {
    method: 'GET',
    url: '/api/conferences/:id/agenda.md',
    tags: ['agenda'],
    summary: 'The agenda as Markdown, each item with its play links',
    params: IdParams,
    response: { 200: { description: 'Markdown', content: { 'text/markdown': { schema: z.string() } } } },
  },
  agendaCalendar: {
    method: 'GET',
    url: '/api/conferences/:id/agenda.ics',
    tags: ['agenda'],
    summary: 'The live meeting as an iCalendar (RFC 5545) event: the agenda with its links in the description',
    params: IdParams,
    response: { 200: { description: 'iCalendar', content: { 'text/calendar': { schema: z.string() } } } },
  },
});
