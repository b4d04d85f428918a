/**
 * A resumable upload's bytes while it collects: one stored object per chunk,
 * uploads/<upload id>/<offset>, in the media store (disk or bucket), so whichever API process gets
 * the next chunk can take it. Completing reads them back in order as one stream.
 */
import { Readable } from 'node:stream';
import type { MediaStorage } from '../media/storage.ts';

export const uploadChunksPrefix = (uploadId: string) => `uploads/${uploadId}/`;

// Zero-padded, so the keys sort in byte order.
const chunkKey = (uploadId: string, offset: number) => `${uploadChunksPrefix(uploadId)}${String(offset).padStart(16, '0')}`;

export function saveChunk(storage: MediaStorage, uploadId: string, offset: number, chunk: Buffer): Promise<void> {
  return storage.put(chunkKey(uploadId, offset), chunk);
}

export function removeChunks(storage: MediaStorage, uploadId: string): Promise<void> {
  return storage.deletePrefix(uploadChunksPrefix(uploadId));
}

/**
 * The upload's first `size` bytes in order. A chunk sent again over bytes that already arrived
 * (a resend after a lost response) overlaps its predecessor: those bytes are skipped.
 */
export function assembledUpload(storage: MediaStorage, uploadId: string, size: number): Readable {
  async function* bytes() {
    const prefix = uploadChunksPrefix(uploadId);
    let position = 0;
    for (const key of await storage.list(prefix)) {
      if (position >= size) break;
      const offset = Number(key.slice(prefix.length));
      if (offset > position) throw new Error(`upload ${uploadId} misses bytes ${position}–${offset}`);
      const length = (await storage.size(key)) ?? 0;
      const end = Math.min(offset + length, size);
      if (end <= position) continue;
      for await (const chunk of await storage.read(key, { start: position - offset, end: end - offset - 1 })) yield chunk as Buffer;
      position = end;
    }
    if (position < size) throw new Error(`upload ${uploadId} has ${position} of ${size} bytes`);
  }
  return Readable.from(bytes());
}
