import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams } from './common.ts';
import { defineOperations } from './operation.ts';

/** A transcript speaker label and the member it stands for (routing and profiles credit them). */
export const SpeakerLink = z.object({
  speaker: z.string().describe('the label as the transcript gives it, e.g. "Ana" or "ID (B)"'),
  userId: Id.nullable().describe('the member who spoke under this label; null: nobody in this space (or not linked)'),
  name: z.string().nullable().describe("the member's display name"),
  source: z
    .enum(['name', 'host'])
    .nullable()
    .describe("'name': matched by display name at import, not yet confirmed; 'host': set or confirmed by a host; null: never linked"),
  statementCount: z.int(),
});
export type SpeakerLink = z.infer<typeof SpeakerLink>;

/** One label → member, as the importer or a host gives it. */
export const SpeakerAssignment = z.strictObject({
  speaker: Text(200, { min: 1 }),
  userId: Id.nullable().describe('a member of the space, or null for nobody in this space'),
});
export type SpeakerAssignment = z.infer<typeof SpeakerAssignment>;

export const SetSpeakersBody = z.strictObject({ speakers: z.array(SpeakerAssignment).min(1).max(500) });
export type SetSpeakersBody = z.infer<typeof SetSpeakersBody>;

const SpeakersAnswer = z.object({ speakers: z.array(SpeakerLink) });

export const speakersOperations = defineOperations({
  listSpeakers: {
    method: 'GET',
    url: '/api/contributions/:id/speakers',
    tags: ['contributions'],
    summary: "A contribution's transcript speakers and the members they are linked to",
    params: IdParams,
    response: { 200: SpeakersAnswer },
  },
  setSpeakers: {
    method: 'PUT',
    url: '/api/contributions/:id/speakers',
    tags: ['contributions'],
    summary: 'Link (or confirm) transcript speakers to members: owners and hosts of the space only',
    description:
      'Each label is linked to a member of the space, or to nobody (userId null). Labels not given keep their link. ' +
      'Suggestions then never offer a statement to the person who said it, and their statements count as theirs.',
    params: IdParams,
    body: SetSpeakersBody,
    response: { 200: SpeakersAnswer },
  },
});
