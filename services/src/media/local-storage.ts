import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ByteRange, MediaStorage, assertKey, mediaMissing } from './storage.ts';

const PARTIAL = '.partial';

/** Media on local disk: DATA_DIR/media/<key>. An object is written beside its place and renamed in when whole. */
export class LocalMediaStorage extends MediaStorage {
  readonly kind = 'local' as const;

  constructor(
    readonly root: string,
    scratchDir: string,
  ) {
    super(scratchDir);
    fs.mkdirSync(root, { recursive: true });
  }

  get location() {
    return this.root;
  }

  /** Absolute path of a key, refusing anything that would leave the media root. */
  resolve(key: string): string {
    const full = path.resolve(this.root, assertKey(key));
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error('media path outside the media folder');
    return full;
  }

  async put(key: string, body: Readable | Buffer | string): Promise<void> {
    const target = this.resolve(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Written next to its place (same file system, so the rename is atomic) and renamed in when whole.
    const partial = `${target}.${randomUUID().slice(0, 8)}${PARTIAL}`;
    try {
      if (typeof body === 'string' || Buffer.isBuffer(body)) await fs.promises.writeFile(partial, body, { flag: 'wx' });
      else await pipeline(body, fs.createWriteStream(partial, { flags: 'wx' }));
      await fs.promises.rename(partial, target);
    } finally {
      await fs.promises.rm(partial, { force: true });
    }
  }

  async putFile(key: string, file: string): Promise<void> {
    await this.moveIn(file, this.resolve(key));
  }

  private async moveIn(file: string, target: string) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.rename(file, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // DATA_DIR/tmp on another filesystem than the media: copy, then drop the scratch file.
      const partial = `${target}.${randomUUID().slice(0, 8)}${PARTIAL}`;
      try {
        await fs.promises.copyFile(file, partial);
        await fs.promises.rename(partial, target);
      } finally {
        await fs.promises.rm(partial, { force: true });
      }
      await fs.promises.rm(file, { force: true });
    }
  }

  async size(key: string): Promise<number | null> {
    const file = this.resolve(key);
    try {
      const info = await fs.promises.stat(file);
      return info.isFile() ? info.size : null;
    } catch {
      return null;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.resolve(key);
    const handle = await fs.promises.open(file, 'r').catch(() => {
      throw mediaMissing();
    });
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async list(prefix: string): Promise<string[]> {
    assertKey(prefix);
    // A prefix is a folder (`<id>/`) or a folder and the start of names in it (`forwards/<id>-`).
    const dir = prefix.endsWith('/') ? prefix.slice(0, -1) : path.posix.dirname(prefix);
    const entries = await fs.promises.readdir(this.resolve(dir), { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .filter((key) => key.startsWith(prefix) && !key.endsWith(PARTIAL))
      .sort();
  }

  async delete(keys: string[]): Promise<void> {
    const dirs = new Set<string>();
    for (const key of keys) {
      const file = this.resolve(key);
      await fs.promises.rm(file, { force: true });
      dirs.add(path.dirname(file));
    }
    // Leave no empty folder behind (a contribution's, an upload's chunks).
    for (const dir of dirs) if (dir !== this.root) await fs.promises.rmdir(dir).catch(() => undefined);
  }

  /** The contribution's whole folder at once (as before there were stores). */
  override async remove(contributionId: string): Promise<void> {
    await fs.promises.rm(path.dirname(this.resolve(this.relative(contributionId, 'original'))), { recursive: true, force: true });
  }

  async copy(from: string, to: string): Promise<void> {
    if ((await this.size(from)) === null) throw mediaMissing();
    await this.put(to, fs.createReadStream(this.resolve(from)));
  }

  async withLocalFile<T>(key: string, fn: (file: string) => Promise<T>): Promise<T> {
    const file = this.resolve(key);
    if ((await this.size(key)) === null) throw mediaMissing();
    return fn(file);
  }

  async check(): Promise<void> {
    await fs.promises.access(this.root, fs.constants.W_OK);
  }
}
