import { randomUUID } from 'node:crypto';
import { UploadFields } from '@colloquy/contract';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { z } from 'zod';
import { AppError, badRequest, tooLarge } from '../core/errors.ts';
import { queueMediaContribution } from '../contributions/intake.ts';
import { readCaptionsPart, saveMediaPart } from '../media/upload.ts';
import { parseCaptions } from '../transcript/captions.ts';
import type { Services } from '../services.ts';

/**
 * Reads a multipart upload (the media as "file", optional "captions", title, replyTo, links) and
 * queues it as a contribution of the conference: POST /api/conferences/:id/contributions and a
 * live interview's recording both come this way. Nothing is kept of an upload that is refused.
 */
export async function receiveMediaUpload(
  request: FastifyRequest,
  s: Pick<Services, 'config' | 'db' | 'queue' | 'storage'>,
  target: { conferenceId: string; authorId: string },
): Promise<string> {
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
    await queueMediaContribution(s, id, { ...target, ...text.data }, { ...media, hasCaptions: captions !== null });
  } catch (err) {
    await s.storage.remove(id); // nothing was accepted: keep no half upload
    throw err;
  }
  return id;
}
