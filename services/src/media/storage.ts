import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../core/errors.ts';

/**
 * Where media lives: local disk (DATA_DIR/media, the default) or an S3-compatible bucket
 * (MEDIA_STORE=s3). Both hold objects under keys such as `<contributionId>/original`; names come
 * from this module, never from an uploaded file's name, and keys are what the database stores.
 * Tools that need a file (ffmpeg, the recogniser) get one through `withLocalFile`, and write
 * theirs into a scratch file that `putFile` moves in.
 */
export const MEDIA_FILES = {
  original: 'original',
  captions: 'captions.txt',
  audio: 'audio.wav',
  poster: 'poster.jpg',
} as const;

export interface ByteRange {
  start: number;
  /** Inclusive, like HTTP ranges. */
  end: number;
}

/** Keys are relative, slash-separated and never climb out of the store. */
export function assertKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.split('/').some((p) => p === '..' || p === '.'))
    throw new Error('media path outside the media folder');
  return key;
}

export const mediaMissing = () => new AppError('E_MEDIA_MISSING', 'the media file is missing from storage', 500, false);

export abstract class MediaStorage {
  abstract readonly kind: 'local' | 's3';
  /** Where the objects are, for logs and messages: a folder or s3://bucket/prefix. */
  abstract readonly location: string;

  /** @param scratchDir local folder for temporary files (DATA_DIR/tmp), swept of day-old leftovers at start. */
  constructor(readonly scratchDir: string) {
    fs.mkdirSync(scratchDir, { recursive: true });
    sweepOldScratch(scratchDir);
  }

  /** Stores a stream, a buffer or a text under `key`; readers never see a half-written object. */
  abstract put(key: string, body: Readable | Buffer | string): Promise<void>;
  /** Moves a local file (usually a scratch file) in under `key`. */
  abstract putFile(key: string, file: string): Promise<void>;
  /** The object's size in bytes, or null when there is none. */
  abstract size(key: string): Promise<number | null>;
  /** The object's bytes (or one range of them); E_MEDIA_MISSING when there is none. */
  abstract read(key: string, range?: ByteRange): Promise<Readable>;
  /** Keys under a prefix, e.g. `forwards/<id>-` or `<contributionId>/`. */
  abstract list(prefix: string): Promise<string[]>;
  abstract delete(keys: string[]): Promise<void>;
  abstract copy(from: string, to: string): Promise<void>;
  /** Runs `fn` with a local file holding the object: the file itself on disk, a download from a bucket (removed afterwards). */
  abstract withLocalFile<T>(key: string, fn: (file: string) => Promise<T>): Promise<T>;
  /** Fails with a clear message when the store cannot be used (start-up check). */
  abstract check(): Promise<void>;

  /** Releases connections (a bucket's client). */
  close(): void {}

  relative(contributionId: string, file: keyof typeof MEDIA_FILES): string {
    if (!/^[0-9a-f-]{36}$/.test(contributionId)) throw new Error(`not a contribution id: ${contributionId}`);
    return `${contributionId}/${MEDIA_FILES[file]}`;
  }

  async readText(key: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.read(key)) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.delete(await this.list(assertKey(prefix)));
  }

  /** Deletes everything stored for a contribution (or a question's prompt video). */
  async remove(contributionId: string): Promise<void> {
    await this.deletePrefix(`${path.posix.dirname(this.relative(contributionId, 'original'))}/`);
  }

  /** Runs `fn` with a fresh scratch path (nothing is there yet), removed afterwards whatever happens. */
  async withScratchFile<T>(fn: (file: string) => Promise<T>, suffix = ''): Promise<T> {
    const file = path.join(this.scratchDir, `${randomUUID()}${suffix}`);
    try {
      return await fn(file);
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  }
}

const DAY_MS = 24 * 3600_000;

/** Scratch files of a killed process; other processes sharing DATA_DIR are using only recent ones. */
function sweepOldScratch(dir: string) {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > DAY_MS) fs.rmSync(file, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}
