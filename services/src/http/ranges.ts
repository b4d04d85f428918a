import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, notFound } from '../core/errors.ts';
import type { MediaStorage } from '../media/storage.ts';

/**
 * Serves a stored object with single-range HTTP Range support (what <video> seeking uses). From a
 * bucket the bytes are proxied through here, so the caller's access was checked like for disk.
 */
export async function sendFileWithRanges(request: FastifyRequest, reply: FastifyReply, storage: MediaStorage, key: string, mime: string) {
  const size = await storage.size(key);
  if (size === null) throw notFound('media');
  reply.header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=3600').type(mime);
  const range = request.headers.range;
  if (!range) return reply.header('content-length', size).send(await storage.read(key));

  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = match?.[1] ? Number(match[1]) : NaN;
  let end = match?.[2] ? Number(match[2]) : size - 1;
  if (match && !match[1] && match[2]) {
    start = Math.max(0, size - Number(match[2])); // suffix range: the last N bytes
    end = size - 1;
  }
  if (!match || Number.isNaN(start) || start >= size || end < start) {
    reply.header('content-range', `bytes */${size}`);
    throw new AppError('E_RANGE_NOT_SATISFIABLE', `range ${range} is outside the file (${size} bytes)`, 416);
  }
  end = Math.min(end, size - 1);
  return reply
    .status(206)
    .header('content-range', `bytes ${start}-${end}/${size}`)
    .header('content-length', end - start + 1)
    .send(await storage.read(key, { start, end }));
}
