import { z } from 'zod';
import { Text, TITLE_MAX } from './text.ts';
import { Id, IdParams, IsoDate } from './common.ts';
import { Conference, ConferenceKind } from './conferences.ts';
import { defineOperations } from './operation.ts';

export const Role = z.enum(['owner', 'host', 'member']);
export type Role = z.infer<typeof Role>;

/** A space (a team or project) with the caller's role in it. */
export const Space = z.object({ id: Id, name: z.string(), role: Role, createdAt: IsoDate });
export type Space = z.infer<typeof Space>;

export const Member = z.object({
  userId: Id.nullable(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  pending: z.boolean().describe('invited by email; becomes a member at sign-up'),
});
export type Member = z.infer<typeof Member>;

export const CreateSpaceBody = z.object({ name: Text(200, { min: 1, oneLine: true }) });
export type CreateSpaceBody = z.infer<typeof CreateSpaceBody>;
export const AddMemberBody = z.object({ email: z.email().max(254), role: Role.default('member') });
export type AddMemberBody = z.input<typeof AddMemberBody>;
export const CreateConferenceBody = z.object({
  title: Text(TITLE_MAX, { min: 1 }),
  description: Text(10000).default(''),
  kind: ConferenceKind.default('discussion'),
});
export type CreateConferenceBody = z.input<typeof CreateConferenceBody>;

export const spacesOperations = defineOperations({
  createSpace: {
    method: 'POST',
    url: '/api/spaces',
    tags: ['spaces'],
    summary: 'Create a space (a team or project); you become its owner',
    body: CreateSpaceBody,
    response: { 201: z.object({ space: Space }) },
  },
  listSpaces: {
    method: 'GET',
    url: '/api/spaces',
    tags: ['spaces'],
    summary: 'Spaces you are a member of',
    response: { 200: z.object({ spaces: z.array(Space) }) },
  },
  getSpace: {
    method: 'GET',
    url: '/api/spaces/:id',
    tags: ['spaces'],
    summary: 'A space with its members',
    params: IdParams,
    response: { 200: z.object({ space: Space, members: z.array(Member) }) },
  },
  addMember: {
    method: 'POST',
    url: '/api/spaces/:id/members',
    tags: ['spaces'],
    summary:
      'Add a member by email with a role, or change a member’s role (owners and hosts; only owners change an owner); unknown emails become invites, sent by email',
    params: IdParams,
    body: AddMemberBody,
    response: { 201: z.object({ member: Member }) },
  },
  removeMember: {
    method: 'DELETE',
    url: '/api/spaces/:id/members/:email',
    tags: ['spaces'],
    summary: 'Remove a member or a pending invite (owners and hosts; only owners remove owners; anyone may leave)',
    description: 'Access ends at once: every request checks the membership. The last owner cannot be removed.',
    params: z.object({ id: Id, email: Text(254, { min: 3, oneLine: true }) }),
    response: { 204: z.null().describe('removed') },
  },
  createConference: {
    method: 'POST',
    url: '/api/spaces/:id/conferences',
    tags: ['conferences'],
    summary: 'Create a conference in a space (owners and hosts)',
    params: IdParams,
    body: CreateConferenceBody,
    response: { 201: z.object({ conference: Conference }) },
  },
  listConferences: {
    method: 'GET',
    url: '/api/spaces/:id/conferences',
    tags: ['conferences'],
    summary: "A space's conferences, newest first",
    params: IdParams,
    response: { 200: z.object({ conferences: z.array(Conference) }) },
  },
});
