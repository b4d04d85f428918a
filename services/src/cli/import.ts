import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { usersRepo } from '../db/repos/users.repo.ts';
import { sniffCaptions, sniffMedia } from '../media/sniff.ts';
import { parseCaptions } from '../transcript/captions.ts';
import { queueMediaContribution } from '../contributions/intake.ts';
import { startRuntime } from '../main.ts';

export interface ImportOptions {
  file: string;
  conferenceId: string;
  captions?: string;
  title?: string;
  /** Who the contribution is from; defaults to an owner of the conference's space. */
  authorEmail?: string;
  replyTo?: string;
  links?: string[];
  wait: boolean;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `colloquy import`: the same intake as an upload through the API, from a local file. Runs the
 * pipeline in this process (and waits) unless --no-wait, in which case other workers pick it up.
 */
export async function importMedia(config: Config, o: ImportOptions): Promise<boolean> {
  const size = fileSize(o.file);
  if (size > config.maxUploadBytes) throw new Error(`${o.file} is larger than MAX_UPLOAD_MB (${config.maxUploadBytes / 1048576} MB)`);
  const sniff = sniffMedia(readHead(o.file));
  if (!sniff) throw new Error(`${o.file} is not a supported audio or video file`);
  const captions = o.captions ? fs.readFileSync(o.captions, 'utf8') : null;
  if (captions !== null) {
    if (!sniffCaptions(captions)) throw new Error(`${o.captions} is not a WebVTT or SRT caption file`);
    parseCaptions(captions);
  }

  const rt = await startRuntime(config, { workers: o.wait });
  try {
    const spaces = spacesRepo(rt.db);
    const conference = await spaces.conferenceByIdText(o.conferenceId);
    if (!conference) throw new Error(`no conference ${o.conferenceId}`);
    const authorId = o.authorEmail ? (await usersRepo(rt.db).byEmail(o.authorEmail))?.id : await spaces.firstOwnerId(conference.space_id);
    if (!authorId)
      throw new Error(
        o.authorEmail ? `no user ${o.authorEmail}` : 'the space has no owner to attribute the contribution to; pass --author',
      );
    if (!(await spaces.isMember(conference.space_id, authorId))) throw new Error("the author is not a member of the conference's space");

    const id = randomUUID();
    try {
      await rt.storage.put(rt.storage.relative(id, 'original'), fs.createReadStream(o.file));
      if (captions !== null) await rt.storage.put(rt.storage.relative(id, 'captions'), captions);
      await queueMediaContribution(
        rt,
        id,
        { conferenceId: conference.id, authorId, title: o.title, replyTo: o.replyTo, links: o.links },
        { sniff, bytes: size, hasCaptions: captions !== null },
      );
    } catch (err) {
      await rt.storage.remove(id);
      throw err instanceof AppError ? new Error(err.message) : err;
    }
    say(`contribution ${id} queued`);
    if (!o.wait) return true;
    return await waitUntilDone(rt.db, id);
  } finally {
    await rt.close();
  }
}

async function waitUntilDone(db: Parameters<typeof contributionsRepo>[0], id: string): Promise<boolean> {
  const repo = contributionsRepo(db);
  let last = '';
  for (;;) {
    const c = (await repo.byId(id))!;
    const line = `${c.status} ${c.stage} ${Math.round(c.progress * 100)}%`;
    if (line !== last) say(line);
    last = line;
    if (c.status === 'failed') {
      say(`failed at ${c.stage}: ${c.error}`);
      return false;
    }
    if (c.status === 'ready') {
      const statements = await repo.statements(id);
      say(`ready: ${statements.length} statement(s)`);
      for (const s of statements)
        say(`  [${fmt(s.start_ms)}–${fmt(s.end_ms)}] ${s.speaker ? `${s.speaker}: ` : ''}${s.text.slice(0, 100)}`);
      return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const fmt = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    throw new Error(`cannot read ${file}`);
  }
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}
