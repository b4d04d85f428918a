import { badRequest } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { followsRepo } from '../db/repos/follows.repo.ts';
import type { TranscriptSegment } from '../core/transcript.ts';
import { firstStage } from '../jobs/catalog.ts';
import type { Services } from '../services.ts';
import type { SniffResult } from '../media/sniff.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { linkImportedSpeakers, type ExplicitLink } from '../people/speakers.ts';

/**
 * Turning an accepted upload or transcript into a queued contribution. Shared by the HTTP API and
 * the command line, so both validate and enqueue the same way.
 */

export interface Intake {
  conferenceId: string;
  authorId: string;
  title?: string;
  replyTo?: string;
  links?: string[];
}

/** A media contribution may come from someone without an account (a candidate): no author, their name instead. */
export interface MediaIntake extends Omit<Intake, 'authorId'> {
  authorId: string | null;
  outsideName?: string;
}

const MAX_LINKS = 20;

export function normaliseLinks(raw: string[] = []): string[] {
  const links = raw.flatMap((l) => l.split(/[\s,]+/)).filter(Boolean);
  if (links.length > MAX_LINKS) throw badRequest(`at most ${MAX_LINKS} links`, 'E_BAD_LINKS');
  for (const link of links) {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw badRequest(`not a link: ${link.slice(0, 100)}`, 'E_BAD_LINKS');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw badRequest(`links must be http(s): ${link.slice(0, 100)}`, 'E_BAD_LINKS');
  }
  return links;
}

async function resolveReplyTo(s: Pick<Services, 'db'>, conferenceId: string, replyTo?: string) {
  if (!replyTo) return { replyToContributionId: null, replyToStatementId: null };
  const target = /^[0-9a-f-]{36}$/i.test(replyTo) ? await contributionsRepo(s.db).replyTarget(conferenceId, replyTo) : undefined;
  if (!target) throw badRequest('replyTo must be the id of a contribution or statement in this conference', 'E_BAD_REPLY_TO');
  return target.kind === 'statement'
    ? { replyToContributionId: null, replyToStatementId: target.id }
    : { replyToContributionId: target.id, replyToStatementId: null };
}

/**
 * Queues a media contribution whose files are already in storage under `id`. `alsoInTx` writes
 * rows that belong with it (an interview answer) in the same transaction.
 */
export async function queueMediaContribution(
  s: Pick<Services, 'db' | 'queue' | 'storage'>,
  id: string,
  intake: MediaIntake,
  media: { sniff: SniffResult; bytes: number; hasCaptions: boolean },
  alsoInTx?: (q: Queryable, id: string) => Promise<void>,
): Promise<string> {
  const reply = await resolveReplyTo(s, intake.conferenceId, intake.replyTo);
  const stage = firstStage('upload');
  await s.db.tx(async (q) => {
    await contributionsRepo(q).create({
      id,
      conferenceId: intake.conferenceId,
      authorId: intake.authorId,
      title: intake.title?.trim() ?? '',
      source: 'upload',
      stage,
      ...reply,
      links: normaliseLinks(intake.links),
      mediaPath: s.storage.relative(id, 'original'),
      mime: media.sniff.mime,
      sizeBytes: media.bytes,
      captionsPath: media.hasCaptions ? s.storage.relative(id, 'captions') : null,
      outsideName: intake.outsideName || null,
    });
    await alsoInTx?.(q, id);
    await followAsContributor(q, intake.conferenceId, intake.authorId);
    await s.queue.send(stage, id, q);
  });
  s.queue.wake(stage);
  return id;
}

/** Contributors follow the conference from their first post (members only; not candidates or experts). */
async function followAsContributor(q: Queryable, conferenceId: string, authorId: string | null) {
  if (authorId) await followsRepo(q).followConferenceAsMember(authorId, conferenceId);
}

export interface TurnInput {
  speaker?: string | null;
  text: string;
  startMs: number;
  endMs: number;
}

/**
 * Queues a contribution made of a transcript with no media (an imported meeting). Its speaker
 * labels are linked to members (people/speakers.ts): as `speakers` says (the caller checks that
 * the importer may say so), else by display name.
 */
export async function queueTranscriptContribution(
  s: Pick<Services, 'db' | 'queue'>,
  intake: Intake & { speaker?: string; turns: TurnInput[]; speakers?: ExplicitLink[] },
): Promise<string> {
  const turns = intake.turns.filter((t) => t.text.trim());
  if (turns.length === 0) throw badRequest('the transcript has no text', 'E_EMPTY_TRANSCRIPT');
  turns.forEach((t, i) => {
    if (!(t.endMs >= t.startMs)) throw badRequest(`turn ${i}: endMs must not be before startMs`, 'E_BAD_TRANSCRIPT');
  });
  const segments: TranscriptSegment[] = turns.map((t) => ({
    startMs: t.startMs,
    endMs: t.endMs,
    speaker: t.speaker?.trim() || intake.speaker?.trim() || null,
    text: t.text.trim(),
  }));
  const reply = await resolveReplyTo(s, intake.conferenceId, intake.replyTo);
  const stage = firstStage('transcript');
  const id = await s.db.tx(async (q) => {
    const repo = contributionsRepo(q);
    const id = await repo.create({
      conferenceId: intake.conferenceId,
      authorId: intake.authorId,
      title: intake.title?.trim() ?? '',
      source: 'transcript',
      stage,
      ...reply,
      links: normaliseLinks(intake.links),
      durationMs: Math.max(...segments.map((t) => t.endMs)),
    });
    await repo.replaceTranscript(id, segments);
    await repo.update(id, { transcribed_by: 'import' });
    await linkSpeakers(q, id, intake.conferenceId, segments, intake.speakers);
    await followAsContributor(q, intake.conferenceId, intake.authorId);
    await s.queue.send(stage, id, q);
    return id;
  });
  s.queue.wake(stage);
  return id;
}

async function linkSpeakers(q: Queryable, id: string, conferenceId: string, segments: TranscriptSegment[], explicit?: ExplicitLink[]) {
  const labels = [...new Set(segments.map((t) => t.speaker).filter((x): x is string => x !== null))];
  if (labels.length === 0 && !explicit?.length) return;
  const spaceId = (await spacesRepo(q).conferenceById(conferenceId))!.space_id;
  const members = (await spacesRepo(q).members(spaceId)).filter((m) => m.user_id !== null).map((m) => ({ id: m.user_id!, name: m.name }));
  await linkImportedSpeakers(q, id, labels, members, explicit);
}
