import { randomUUID } from 'node:crypto';
import { contributionsOperations, conferencesOperations, UploadFields } from '@colloquy/contract';
import type { FastifyInstance } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, badRequest, forbidden, notFound, tooLarge } from '../../core/errors.ts';
import { spacesRepo } from '../../db/repos/spaces.repo.ts';
import { contributionsRepo } from '../../db/repos/contributions.repo.ts';
import { reactionsRepo } from '../../db/repos/reactions.repo.ts';
import { totalReactions } from '../../engagement/reactions.ts';
import { parseCaptions } from '../../transcript/captions.ts';
import { parseTranscriptText } from '../../transcript/plain.ts';
import { queueMediaContribution, queueTranscriptContribution } from '../../contributions/intake.ts';
import { requireUser } from '../auth.ts';
import { readCaptionsPart, saveMediaPart } from '../../media/upload.ts';
import { conferenceView, contributionView } from '../../json/rows.ts';
import type { Services } from '../../services.ts';
import { routeOf } from '../route.ts';

export async function conferencesRoutes(fastify: FastifyInstance, s: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const conferenceFor = async (id: string, userId: string) =>
    (await spacesRepo(s.db).conferenceForUser(id, userId)) ?? Promise.reject(notFound('conference'));

  app.route({
    ...routeOf(conferencesOperations.getConference),
    handler: async (request) => {
      const conference = await conferenceFor(request.params.id, requireUser(request).id);
      const contributions = await contributionsRepo(s.db).listForConference(conference.id);
      const reactions = await reactionsRepo(s.db).forContributions(contributions.map((c) => c.id));
      return {
        conference: conferenceView(conference),
        contributions: contributions.map((c) => ({
          ...contributionView(c),
          reactionCount: totalReactions(reactions.get(c.id)),
          reactions: reactions.get(c.id) ?? {},
        })),
      };
    },
  });

  app.route({
    ...routeOf(contributionsOperations.uploadContribution),
    handler: async (request, reply) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      const { maxUploadBytes, maxCaptionsBytes } = s.config;
      // Refuse what is declared too large before reading any of it.
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > maxUploadBytes + maxCaptionsBytes + 1024 * 1024) {
        throw tooLarge(`the upload is larger than the limit of ${Math.round(maxUploadBytes / 1048576)} MB`);
      }
      if (!request.isMultipart()) throw new AppError('E_NOT_MULTIPART', 'send multipart/form-data with the media in a "file" field', 415);

      const id = randomUUID();
      try {
        const fields: Record<string, string[]> = {};
        let media: Awaited<ReturnType<typeof saveMediaPart>> | null = null;
        let captions: string | null = null;
        const parts = request.parts({ limits: { fileSize: maxUploadBytes, files: 2, fields: 30, fieldSize: 64 * 1024 } });
        for await (const part of parts as AsyncIterable<MultipartFile | MultipartValue<string>>) {
          if (part.type === 'file') {
            if (part.fieldname === 'file' && !media)
              media = await saveMediaPart(part.file, (body) => s.storage.put(s.storage.relative(id, 'original'), body), maxUploadBytes);
            else if (part.fieldname === 'captions' && captions === null) captions = await readCaptionsPart(part.file, maxCaptionsBytes);
            else {
              part.file.resume();
              throw badRequest(`unexpected file field "${part.fieldname}" (expected "file" and optionally "captions")`);
            }
          } else {
            fields[part.fieldname] = [...(fields[part.fieldname] ?? []), String(part.value)];
          }
        }
        const text = UploadFields.safeParse({ title: fields.title?.[0], replyTo: fields.replyTo?.[0], links: fields.links });
        if (!text.success) throw badRequest(z.prettifyError(text.error), 'E_VALIDATION');
        if (!media) throw badRequest('attach the media as the "file" field', 'E_NO_FILE');
        if (captions !== null) {
          parseCaptions(captions); // a malformed caption file is refused now, with the line at fault
          await s.storage.put(s.storage.relative(id, 'captions'), captions);
        }
        await queueMediaContribution(
          s,
          id,
          { conferenceId: conference.id, authorId: user.id, ...text.data },
          { ...media, hasCaptions: captions !== null },
        );
      } catch (err) {
        await s.storage.remove(id); // nothing was accepted: keep no half upload
        throw err;
      }
      const contribution = await contributionsRepo(s.db).byId(id);
      return reply.status(202).send({ contribution: contributionView(contribution!) });
    },
  });

  app.route({
    ...routeOf(contributionsOperations.postTranscript),
    bodyLimit: 50 * 1024 * 1024,
    handler: async (request, reply) => {
      const user = requireUser(request);
      const conference = await conferenceFor(request.params.id, user.id);
      if (request.body.speakers?.length && conference.role === 'member')
        throw forbidden('only owners and hosts can say who the speakers are; leave out "speakers" to link them by name');
      const { transcript, turns, ...rest } = request.body;
      // The refinement lets exactly one through: the turns, or a caption file or plain transcript to read them from.
      const fromText = transcript === undefined ? turns! : parseTranscriptText(transcript);
      const id = await queueTranscriptContribution(s, { ...rest, turns: fromText, conferenceId: conference.id, authorId: user.id });
      const contribution = await contributionsRepo(s.db).byId(id);
      return reply.status(202).send({ contribution: contributionView(contribution!) });
    },
  });
}
