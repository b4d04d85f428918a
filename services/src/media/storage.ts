import fs from 'node:fs';
import path from 'node:path';

/**
 * Media files on disk: DATA_DIR/media/<contributionId>/<fixed name>. Names come from this module,
 * never from an uploaded file's name. Paths stored in the database are relative to the media root.
 */
export const MEDIA_FILES = {
  original: 'original',
  captions: 'captions.txt',
  audio: 'audio.wav',
  poster: 'poster.jpg',
} as const;

export class MediaStorage {
  constructor(readonly root: string) {}

  relative(contributionId: string, file: keyof typeof MEDIA_FILES): string {
    if (!/^[0-9a-f-]{36}$/.test(contributionId)) throw new Error(`not a contribution id: ${contributionId}`);
    return `${contributionId}/${MEDIA_FILES[file]}`;
  }

  /** Absolute path of a stored relative path, refusing anything that would leave the media root. */
  resolve(relativePath: string): string {
    const full = path.resolve(this.root, relativePath);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error('media path outside the media folder');
    return full;
  }

  pathOf(contributionId: string, file: keyof typeof MEDIA_FILES): string {
    return this.resolve(this.relative(contributionId, file));
  }

  ensureDir(contributionId: string): string {
    const dir = path.dirname(this.pathOf(contributionId, 'original'));
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  remove(contributionId: string) {
    fs.rmSync(path.dirname(this.pathOf(contributionId, 'original')), { recursive: true, force: true });
  }
}
