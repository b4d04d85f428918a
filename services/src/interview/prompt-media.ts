/**
 * A question's prompt video: a short clip of a host asking it, stored as
 * DATA_DIR/media/<question id>/original. Sniffed from its bytes and probed before it replaces
 * the previous one, so a question never points at a file that is not playable media.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PROMPT_MEDIA_MAX_S } from '@colloquy/contract';
import { forbidden } from '../core/errors.ts';
import { probeWithinLimit } from '../media/decoded-length.ts';
import { questionSetsRepo } from '../db/repos/question-sets.repo.ts';
import type { Services } from '../services.ts';
import { saveMediaPart } from '../media/upload.ts';
import { assertNotStarted, isHostRole, promptTooLong, questionForUser, type QuestionRow } from './question-sets.ts';

/** The question whose prompt video the caller may set (hosts, before any candidate started): checked before any byte is read. */
export async function promptMediaTarget(
  s: Pick<Services, 'db'>,
  questionId: string,
  userId: string,
): Promise<QuestionRow & { conference_id: string | null }> {
  const question = await questionForUser(s.db, questionId, userId);
  if (!isHostRole(question.role)) throw forbidden('only owners and hosts can set a prompt video');
  await assertNotStarted(s.db, question.conference_id);
  return question;
}

/** Stores an uploaded prompt video for a question from promptMediaTarget, replacing any earlier one. */
export async function savePromptMedia(
  s: Pick<Services, 'config' | 'db' | 'storage' | 'tools'>,
  question: QuestionRow,
  file: Readable & { truncated?: boolean },
): Promise<QuestionRow> {
  // Checked in a scratch file first, so a refused video never replaces the stored one.
  return s.storage.withScratchFile(async (incoming) => {
    const toScratch = (body: Readable) => pipeline(body, fs.createWriteStream(incoming, { flags: 'wx' }));
    const { sniff } = await saveMediaPart(file, toScratch, s.config.maxUploadBytes);
    // Its length read through, not taken from headers an uploader can forge.
    await probeWithinLimit(s.tools, incoming, PROMPT_MEDIA_MAX_S * 1000, () => promptTooLong(PROMPT_MEDIA_MAX_S));
    const key = s.storage.relative(question.id, 'original');
    await s.storage.putFile(key, incoming);
    return await questionSetsRepo(s.db).setPromptMedia(question.id, key, sniff.mime);
  });
}

/** The stored key and type of a question's prompt video for a member of its space (404 when there is none). */
export async function promptMediaFor(
  s: Pick<Services, 'db' | 'storage'>,
  questionId: string,
  userId: string,
): Promise<{ key: string; mime: string } | null> {
  const question = await questionForUser(s.db, questionId, userId);
  if (!question.prompt_media_path) return null;
  return { key: question.prompt_media_path, mime: question.prompt_mime ?? 'application/octet-stream' };
}
