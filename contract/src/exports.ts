import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { binary } from './contributions.ts';
import { defineOperations } from './operation.ts';

export const ExportJob = z.object({
  id: Id,
  spaceId: Id,
  /** null: the whole space. */
  conferenceId: Id.nullable(),
  /** Only the requester's own contributions. */
  mine: z.boolean(),
  status: z.enum(['queued', 'running', 'ready', 'failed', 'expired']),
  progress: z.number().min(0).max(1),
  bytes: z.number().int().nullable(),
  error: z.string().nullable(),
  /** Where the zip is downloaded (the requester's session only), once ready and until it expires. */
  downloadUrl: z.string().nullable(),
  createdAt: IsoDate,
  expiresAt: IsoDate.nullable(),
});
export type ExportJob = z.infer<typeof ExportJob>;

export const CreateExportBody = z
  .strictObject({
    spaceId: Id.optional(),
    conferenceId: Id.optional(),
    /** Only your own contributions: any member may; a whole conference or space is for owners and hosts. */
    mine: z.boolean().default(false),
  })
  .refine((b) => (b.spaceId === undefined) !== (b.conferenceId === undefined), 'give exactly one of spaceId or conferenceId');
export type CreateExportBody = z.input<typeof CreateExportBody>;

const ExportAnswer = z.object({ export: ExportJob });

export const exportsOperations = defineOperations({
  createExport: {
    method: 'POST',
    url: '/api/exports',
    tags: ['exports'],
    summary:
      'Export a conference or a space as a zip (a job): JSON of contributions, statements, labels, reactions and summaries, captions and media',
    description:
      'Owners and hosts export everything; any member may export their own contributions (`mine: true`). Interview openings are not part of a space export (candidates have their own retention rules).',
    body: CreateExportBody,
    response: { 202: ExportAnswer },
  },
  listExports: {
    method: 'GET',
    url: '/api/exports',
    tags: ['exports'],
    summary: 'Your exports, newest first',
    response: { 200: z.object({ exports: z.array(ExportJob) }) },
  },
  getExport: {
    method: 'GET',
    url: '/api/exports/:id',
    tags: ['exports'],
    summary: "An export's status and progress; its downloadUrl once ready",
    params: IdParams,
    response: { 200: ExportAnswer },
  },
  downloadExport: {
    method: 'GET',
    url: '/api/exports/:id/download',
    tags: ['exports'],
    summary: 'The zip (only for whoever asked for it, until it expires: 410 after)',
    params: IdParams,
    response: { 200: binary('application/zip', 'the export') },
  },
});
