import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { exportsRepo, type ExportRow } from '../db/repos/exports.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { contributionDetail } from '../contributions/detail.ts';
import { visibleTranscript } from '../contributions/visible-transcript.ts';
import { conferenceView } from '../json/rows.ts';
import { sniffMedia, SNIFF_BYTES } from '../media/sniff.ts';
import type { MediaStorage } from '../media/storage.ts';
import type { Services } from '../services.ts';
import { toWebVtt } from '../transcript/captions.ts';

export const EXPORT_FORMAT = 1;
const EXTENSION: Record<string, string> = { matroska: 'mkv', mpegts: 'ts', mpeg: 'mpg' };

/**
 * Writes an export's zip: colloquy-export.json (each conference with its contributions as
 * GET /api/contributions/:id gives them: statements, labels, gists, reactions, summary), each
 * contribution's captions (captions/<conference>/<contribution>.vtt) and its original media
 * (media/<conference>/<contribution>.<ext>). Interview openings are left out of a space export.
 */
export async function buildExport(s: Pick<Services, 'db' | 'storage'>, e: ExportRow, file: string): Promise<number> {
  const spaces = spacesRepo(s.db);
  const contributions = contributionsRepo(s.db);
  const conferences = e.conference_id
    ? [(await spaces.conferenceById(e.conference_id))!]
    : (await spaces.conferencesForUser(e.space_id, e.requested_by)).filter((c) => c.kind !== 'interview').reverse();
  const space = (await spaces.getForUser(e.space_id, e.requested_by))!;

  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, fs.createWriteStream(file));
  const perConference = await Promise.all(
    conferences.map(async (conference) => ({
      conference,
      rows: (await contributions.listForConference(conference.id)).filter((c) => !e.mine || c.author_id === e.requested_by),
    })),
  );
  const total = Math.max(
    1,
    perConference.reduce((n, p) => n + p.rows.length, 0),
  );
  let done = 0;
  const out = [];
  for (const { conference, rows } of perConference) {
    const items = [];
    for (const c of rows) {
      items.push(await contributionDetail(s.db, c, { withAi: true }));
      const segments = await visibleTranscript(s.db, c.id);
      if (segments.length) zip.addBuffer(Buffer.from(toWebVtt(segments)), `captions/${conference.id}/${c.id}.vtt`);
      const mediaPath = c.media_path;
      if (mediaPath && (await s.storage.size(mediaPath)) !== null) {
        // Opened when the zip gets to it: one object at a time from disk or bucket.
        const name = `media/${conference.id}/${c.id}.${await extensionOf(s.storage, mediaPath)}`;
        zip.addReadStreamLazy(name, { compress: false }, (done) => {
          s.storage.read(mediaPath).then(
            (stream) => done(null, stream),
            (err: unknown) => done(err, undefined as never),
          );
        });
      }
      done++;
      await exportsRepo(s.db).setProgress(e.id, (0.9 * done) / total); // the last tenth: writing the zip
    }
    out.push({ ...conferenceView(conference), contributions: items });
  }
  const document = {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    scope: { spaceId: e.space_id, conferenceId: e.conference_id, mine: e.mine },
    space: { id: space.id, name: space.name },
    conferences: out,
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(document, null, 2)}\n`), 'colloquy-export.json');
  zip.end();
  await written;
  return fs.statSync(file).size;
}

async function extensionOf(storage: MediaStorage, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.read(key, { start: 0, end: SNIFF_BYTES - 1 })) chunks.push(chunk as Buffer);
  const container = sniffMedia(Buffer.concat(chunks))?.container ?? 'bin';
  return EXTENSION[container] ?? container;
}

/** An export's zip in the media store: exports/<id>.zip (a fixed name, never from input). */
export const exportKey = (id: string) => `exports/${id}.zip`;
