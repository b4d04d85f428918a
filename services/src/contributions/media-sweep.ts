import fs from 'node:fs/promises';
import path from 'node:path';
import { mediaOwnersRepo } from '../db/repos/media-owners.repo.ts';
import { LocalMediaStorage } from '../media/local-storage.ts';
import { MEDIA_FILES } from '../media/storage.ts';
import type { Services } from '../services.ts';

/**
 * What faults leave in the media folder, removed at start and hourly: the folder of an upload
 * killed or stalled before its contribution was stored (no row owns it), an interview part file
 * whose upload is gone, a temporary file a killed ffmpeg or prompt upload left (`*.partial`,
 * `incoming-*`), and the intermediate WAV of a contribution already transcribed. Only what was
 * last written more than `graceMs` ago goes, so an upload still arriving is never touched.
 * Local disk only: a bucket receives whole objects (never a partial file), and the transcribe
 * stage deletes its WAV through the store; a bucket lifecycle rule covers what a crash leaves there.
 */
export const MEDIA_SWEEP_GRACE_MS = 60 * 60_000;

export interface MediaSweepResult {
  folders: number;
  files: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMPORARY = /(\.partial$|^incoming-)/;

export async function sweepMedia(
  s: Pick<Services, 'db' | 'storage' | 'log'>,
  options: { now?: number; graceMs?: number } = {},
): Promise<MediaSweepResult> {
  const cutoff = (options.now ?? Date.now()) - (options.graceMs ?? MEDIA_SWEEP_GRACE_MS);
  const result: MediaSweepResult = { folders: 0, files: 0 };
  if (!(s.storage instanceof LocalMediaStorage)) return result;
  const root = s.storage.root;
  const remove = async (target: string, kind: keyof MediaSweepResult) => {
    await fs.rm(target, { recursive: true, force: true });
    result[kind]++;
  };

  const folders = (await fs.readdir(root, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory() && UUID.test(e.name))
    .map((e) => e.name);
  const repo = mediaOwnersRepo(s.db);
  const owned = await repo.owned(folders);
  const transcribed = await repo.transcribed(folders.filter((id) => owned.has(id)));
  for (const id of folders) {
    const dir = path.join(root, id);
    const files = await filesIn(dir);
    if (!owned.has(id)) {
      if (Math.max((await fs.stat(dir)).mtimeMs, ...files.map((f) => f.mtimeMs)) < cutoff) await remove(dir, 'folders');
      continue;
    }
    for (const f of files) {
      const leftover = TEMPORARY.test(f.name) && f.mtimeMs < cutoff;
      if (leftover || (f.name === MEDIA_FILES.audio && transcribed.has(id))) await remove(path.join(dir, f.name), 'files');
    }
  }

  // An interview answer arrives as chunks in uploads/<upload id>/ (interview/upload-chunks.ts).
  const uploadsDir = path.join(root, 'uploads');
  const uploads = (await fs.readdir(uploadsDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory() && UUID.test(e.name))
    .map((e) => e.name);
  const live = await repo.uploads(uploads);
  for (const id of uploads) {
    if (live.has(id)) continue;
    const dir = path.join(uploadsDir, id);
    const files = await filesIn(dir);
    if (Math.max((await fs.stat(dir)).mtimeMs, ...files.map((f) => f.mtimeMs)) < cutoff) await remove(dir, 'files');
  }

  if (result.folders || result.files) s.log.info(result, 'swept media left behind by interrupted work');
  return result;
}

async function filesIn(dir: string): Promise<{ name: string; mtimeMs: number }[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = [];
  for (const e of entries.filter((x) => x.isFile())) {
    const info = await fs.stat(path.join(dir, e.name)).catch(() => null);
    if (info) files.push({ name: e.name, mtimeMs: info.mtimeMs });
  }
  return files;
}
