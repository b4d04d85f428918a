import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';

/** An outside expert in a space's directory. */
export const Person = z.object({
  id: Id,
  spaceId: Id,
  name: z.string(),
  email: z.string(),
  bio: z.string(),
  tags: z.array(z.string()),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Person = z.infer<typeof Person>;

const personFields = {
  name: Text(200, { min: 1, oneLine: true }),
  email: z.email().max(254),
  bio: Text(5000),
  tags: z.array(Text(60, { min: 1 })).max(30),
};

export const AddPersonBody = z.strictObject({ ...personFields, bio: personFields.bio.optional(), tags: personFields.tags.optional() });
export type AddPersonBody = z.infer<typeof AddPersonBody>;
export const UpdatePersonBody = z
  .strictObject(personFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
export type UpdatePersonBody = z.infer<typeof UpdatePersonBody>;

const PersonAnswer = z.object({ person: Person });

export const directoryOperations = defineOperations({
  listPeople: {
    method: 'GET',
    url: '/api/spaces/:id/people',
    tags: ['directory'],
    summary: "The space's directory of outside experts (any member may read it)",
    params: IdParams,
    response: { 200: z.object({ people: z.array(Person) }) },
  },
  addPerson: {
    method: 'POST',
    url: '/api/spaces/:id/people',
    tags: ['directory'],
    summary: 'Add an outside expert to the directory (owners and hosts); bio and tags make their profile for suggestions',
    params: IdParams,
    body: AddPersonBody,
    response: { 201: PersonAnswer },
  },
  updatePerson: {
    method: 'PATCH',
    url: '/api/people/:id',
    tags: ['directory'],
    summary: 'Edit an expert in the directory (owners and hosts); a new bio or tags re-embeds their profile',
    params: IdParams,
    body: UpdatePersonBody,
    response: { 200: PersonAnswer },
  },
  removePerson: {
    method: 'DELETE',
    url: '/api/people/:id',
    tags: ['directory'],
    summary: 'Remove an expert from the directory (owners and hosts); their open links stop working, their replies stay',
    params: IdParams,
    response: { 204: z.null().describe('removed') },
  },
});
