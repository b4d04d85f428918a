import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { stripControlChars } from '@colloquy/contract';
import { AppError, tooLarge, unsupportedMedia } from '../core/errors.ts';
import { sniffCaptions, sniffMedia, type SniffResult } from './sniff.ts';

const SNIFF_BYTES = 4096;

/** Where the checked bytes go: a store's put (disk or bucket) or a scratch file. */
export type MediaSink = (body: Readable) => Promise<void>;

/**
 * Streams an uploaded media part into `sink`, sniffing its type from the first bytes: a file that
 * is not audio or video is refused (415) as soon as its head arrives, whatever its name says. The
 * size limit is enforced by the multipart parser while streaming (413). A refused or failed part
 * leaves nothing behind: the sink gets the error and drops what it had.
 */
export async function saveMediaPart(
  file: Readable & { truncated?: boolean },
  sink: MediaSink,
  maxBytes: number,
): Promise<{ sniff: SniffResult; bytes: number }> {
  let head = Buffer.alloc(0);
  let sniff: SniffResult | null = null;
  let bytes = 0;
  const inspect = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (!sniff) {
        head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES) {
          sniff = sniffMedia(head);
          if (!sniff) return done(notMedia());
        }
      }
      done(null, chunk);
    },
    flush(done) {
      if (!sniff) sniff = sniffMedia(head);
      done(sniff ? null : notMedia());
    },
  });
  const body = new PassThrough();
  // A sink that gives up (a bucket that went away) stops the upload too, instead of leaving it waiting.
  const storing = sink(body).catch((err: unknown) => {
    body.destroy(err as Error);
    throw err;
  });
  const [piped, stored] = await Promise.allSettled([pipeline(file, inspect, body), storing]);
  if (piped.status === 'rejected') throw piped.reason; // the upload's own fault comes first (415, 413)
  if (stored.status === 'rejected') throw stored.reason;
  if (file.truncated) throw tooLarge(`the file is larger than the upload limit of ${Math.round(maxBytes / 1048576)} MB`);
  if (bytes === 0) throw new AppError('E_EMPTY_FILE', 'the uploaded file is empty', 400);
  return { sniff: sniff!, bytes };
}

const notMedia = () =>
  unsupportedMedia('the file is not a supported audio or video format (mp4, mov, webm, mkv, mp3, m4a, wav, ogg, flac…)');

/** Reads a caption file part into memory (they are small), refusing anything that is not WebVTT or SRT. */
export async function readCaptionsPart(file: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of file as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      file.resume();
      throw tooLarge(`the caption file is larger than ${Math.round(maxBytes / 1024)} KB`);
    }
    chunks.push(chunk);
  }
  // Stray control characters are dropped (a caption line cannot show them; PostgreSQL cannot store a NUL).
  const text = stripControlChars(Buffer.concat(chunks).toString('utf8'));
  if (!sniffCaptions(text)) throw new AppError('E_UNSUPPORTED_CAPTIONS', 'captions must be a WebVTT (.vtt) or SubRip (.srt) file', 415);
  return text;
}
