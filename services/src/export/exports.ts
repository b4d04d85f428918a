import fs from 'node:fs';
import path from 'node:path';
import type { CreateExportBody } from '@colloquy/contract';
import { badRequest, forbidden, notFound } from '../core/errors.ts';
import { exportsRepo, type ExportRow } from '../db/repos/exports.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import type { Services } from '../services.ts';
import { buildExport, exportKey } from './build.ts';

type Deps = Pick<Services, 'config' | 'db' | 'queue' | 'storage' | 'log'>;

/**
 * Asks for an export. Owners and hosts may export a whole conference or space; any member their
 * own contributions. Outsiders get 404, like everywhere else.
 */
export async function requestExport(s: Deps, userId: string, body: CreateExportBody & { mine: boolean }): Promise<ExportRow> {
  const spaces = spacesRepo(s.db);
  let spaceId: string;
  let role: string;
  if (body.conferenceId) {
    const conference = await spaces.conferenceForUser(body.conferenceId, userId);
    if (!conference) throw notFound('conference');
    if (conference.kind === 'interview')
      throw badRequest("an interview opening's answers are not exported: candidates have their own retention rules");
    spaceId = conference.space_id;
    role = conference.role;
  } else {
    const space = await spaces.getForUser(body.spaceId!, userId);
    if (!space) throw notFound('space');
    spaceId = space.id;
    role = space.role;
  }
  if (!body.mine && role !== 'owner' && role !== 'host')
    throw forbidden('only owners and hosts export everything; export your own contributions with mine: true');
  const e = await s.db.tx(async (q) => {
    const created = await exportsRepo(q).create({ spaceId, conferenceId: body.conferenceId ?? null, mine: body.mine, requestedBy: userId });
    await s.queue.sendTask('export', { exportId: created.id }, { q });
    return created;
  });
  s.queue.wakeTask('export');
  return e;
}

/**
 * The export job: writes the zip to a scratch file and puts it in the media store (so the API
 * process that serves the download need not share the worker's disk); it is downloadable until it
 * expires.
 */
export async function runExport(s: Deps, exportId: string): Promise<void> {
  const repo = exportsRepo(s.db);
  const e = await repo.byId(exportId);
  if (!e || e.status === 'ready' || e.status === 'expired') return;
  await repo.start(e.id);
  const key = exportKey(e.id);
  try {
    const bytes = await s.storage.withScratchFile(async (file) => {
      const written = await buildExport(s, e, file);
      await s.storage.putFile(key, file);
      return written;
    }, '.zip');
    await repo.finish(e.id, { path: key, bytes, expiresAt: new Date(Date.now() + s.config.exports.hours * 3600_000) });
  } catch (err) {
    s.log.error({ err, exportId }, 'export failed');
    await repo.fail(e.id, 'the export could not be written; try again');
  }
}

/** Removes the files of expired exports (hourly). */
export async function sweepExpiredExports(s: Pick<Services, 'db' | 'storage'>): Promise<number> {
  const repo = exportsRepo(s.db);
  const expired = await repo.expired();
  for (const e of expired) {
    if (e.file_path && isLegacyExportFile(e.file_path)) fs.rmSync(e.file_path, { force: true });
    else if (e.file_path) await s.storage.delete([e.file_path]);
    await repo.markExpired(e.id);
  }
  return expired.length;
}

/** Exports made before the media store held them were kept at an absolute path on the worker's disk. */
export const isLegacyExportFile = (filePath: string) => path.isAbsolute(filePath);
