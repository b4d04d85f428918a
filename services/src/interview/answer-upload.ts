/**
 * Resumable uploads of a take: the browser declares the size, then sends chunks at increasing
 * offsets, each kept in the media store (upload-chunks.ts). A dropped connection costs one
 * chunk: the client asks how much arrived and goes on from there. A chunk sent twice is accepted
 * twice. Completing checks what the bytes really are (sniff, then ffprobe for the length) before
 * the take becomes an answer.
 */
import type { ChunkReceived, CreatedUpload, CreateUploadBody, KeptAnswer, UploadStatus } from '@colloquy/contract';
import { randomUUID } from 'node:crypto';
import { AppError, conflict, notFound, tooLarge, unsupportedMedia } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { answersRepo, type UploadRow } from '../db/repos/answers.repo.ts';
import { probeWithinLimit } from '../media/decoded-length.ts';
import { SNIFF_BYTES, sniffMedia } from '../media/sniff.ts';
import type { Services } from '../services.ts';
import { answerOfUpload, keepAnswer } from './answers.ts';
import { assertCanAnswer, isUuid, lockInvitation, type CandidateInvitation, type QuestionRow } from './candidate.ts';
import { assembledUpload, removeChunks, saveChunk } from './upload-chunks.ts';
import { latestTake, openQuestion } from './takes.ts';

const staleTake = () => conflict('a newer take of this question was started: upload that one', 'E_STALE_TAKE');

/** The invitation's upload, locked unless only read; another candidate's upload id is simply not found. */
async function lockUpload(q: Queryable, invitationId: string, uploadId: string, lock = true): Promise<UploadRow> {
  if (!isUuid(uploadId)) throw notFound('upload');
  const found = await answersRepo(q).upload(invitationId, uploadId, lock);
  if (!found) throw notFound('upload');
  return found;
}

async function assertLatestTake(q: Queryable, upload: Pick<UploadRow, 'invitation_id' | 'question_id' | 'take'>) {
  if ((await latestTake(q, upload.invitation_id, upload.question_id)) !== upload.take) throw staleTake();
}

export async function createUpload(
  s: Pick<Services, 'config' | 'db' | 'storage' | 'tools'>,
  invitationId: string,
  questionId: string,
  body: CreateUploadBody,
): Promise<CreatedUpload> {
  const { maxUploadBytes } = s.config;
  const { uploadId, replaced } = await s.db.tx(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    assertCanAnswer(inv);
    const question = await openQuestion(q, inv, questionId);
    const latest = await latestTake(q, inv.id, question.id);
    if (latest === 0) throw conflict('start a take before uploading it', 'E_STALE_TAKE');
    if (body.take !== latest) throw staleTake();
    if (body.sizeBytes > maxUploadBytes)
      throw tooLarge(`the recording is larger than the upload limit of ${Math.round(maxUploadBytes / 1048576)} MB`);
    // Only one upload per question is ever useful: earlier unfinished ones (an older take, a reload) go.
    const replaced = await answersRepo(q).deleteUnfinishedUploads(inv.id, question.id);
    return { uploadId: await answersRepo(q).createUpload(inv.id, question.id, body.take, body.sizeBytes), replaced };
  });
  for (const id of replaced) await removeChunks(s.storage, id);
  return { uploadId, receivedBytes: 0, chunkBytes: s.config.interviews.chunkBytes };
}

/**
 * Writes a chunk at `offset`. Bytes already received are acknowledged without writing (a resend
 * after a lost response); a chunk starting past what arrived leaves a gap and is refused.
 */
export async function appendChunk(
  s: Pick<Services, 'config' | 'db' | 'storage' | 'tools'>,
  invitationId: string,
  uploadId: string,
  offset: number,
  chunk: Buffer,
): Promise<ChunkReceived> {
  if (chunk.length === 0) throw new AppError('E_EMPTY_CHUNK', 'the chunk is empty', 400);
  if (chunk.length > s.config.interviews.chunkBytes) throw tooLarge(`a chunk may hold at most ${s.config.interviews.chunkBytes} bytes`);
  return s.db.tx(async (q) => {
    assertCanAnswer(await lockInvitation(q, invitationId));
    const upload = await lockUpload(q, invitationId, uploadId);
    const end = offset + chunk.length;
    if (end <= upload.received_bytes) return { receivedBytes: upload.received_bytes };
    if (offset > upload.received_bytes) {
      throw conflict(`expected the chunk at offset ${upload.received_bytes}, got ${offset}: resume from there`, 'E_UPLOAD_OFFSET');
    }
    if (end > upload.size_bytes) throw tooLarge(`the chunk ends at byte ${end}, past the declared size of ${upload.size_bytes}`);
    await assertLatestTake(q, upload);
    // Stored under the row lock, so chunks of one upload never interleave.
    await saveChunk(s.storage, upload.id, offset, chunk);
    await answersRepo(q).setReceived(upload.id, end);
    return { receivedBytes: end };
  });
}

export async function uploadStatus(s: Pick<Services, 'db'>, invitationId: string, uploadId: string): Promise<UploadStatus> {
  const upload = await lockUpload(s.db, invitationId, uploadId, false);
  return { receivedBytes: upload.received_bytes, sizeBytes: upload.size_bytes, completed: Boolean(upload.completed_at) };
}

// Completing reads and moves files outside any transaction: one completion per upload at a time.
const completing = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (completing.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
  completing.set(key, run);
  try {
    return await run;
  } finally {
    if (completing.get(key) === run) completing.delete(key);
  }
}

/** Turns a fully received upload into the question's answer; completing it again returns that answer. */
export function completeUpload(
  s: Pick<Services, 'config' | 'db' | 'queue' | 'storage' | 'tools'>,
  invitationId: string,
  uploadId: string,
): Promise<KeptAnswer> {
  return oneAtATime(uploadId, () => completeOnce(s, invitationId, uploadId));
}

/** Either the answer this upload already became, or what completing it needs. */
type Checked = { done: KeptAnswer } | { done: null; inv: CandidateInvitation; upload: UploadRow; question: QuestionRow };

async function completeOnce(
  s: Pick<Services, 'config' | 'db' | 'queue' | 'storage' | 'tools'>,
  invitationId: string,
  uploadId: string,
): Promise<KeptAnswer> {
  const checked = await s.db.tx<Checked>(async (q) => {
    const inv = await lockInvitation(q, invitationId);
    const upload = await lockUpload(q, invitationId, uploadId);
    if (upload.completed_at && !inv.deleted_at) {
      const answer = await answerOfUpload(q, upload);
      if (answer) return { done: answer };
    }
    assertCanAnswer(inv);
    if (upload.received_bytes < upload.size_bytes) {
      throw conflict(`only ${upload.received_bytes} of ${upload.size_bytes} bytes arrived: send the rest first`, 'E_UPLOAD_INCOMPLETE');
    }
    const question = await openQuestion(q, inv, upload.question_id);
    await assertLatestTake(q, upload);
    return { done: null, inv, upload, question };
  });
  if (checked.done) return checked.done;
  const { inv, upload, question } = checked;

  const sniff = sniffMedia(await readHead(s, upload));
  if (!sniff) {
    await dropUpload(s, upload.id);
    throw unsupportedMedia('the recording is not a supported audio or video format');
  }

  const contributionId = randomUUID();
  const original = s.storage.relative(contributionId, 'original');
  try {
    await s.storage.put(original, assembledUpload(s.storage, upload.id, upload.size_bytes));
    await removeChunks(s.storage, upload.id);
    // The length is read through, not taken from the headers (a forged m4a says 5 s and holds 300 s);
    // that also handles a browser's MediaRecorder WebM, whose header carries no length.
    const allowedS = question.time_limit_s + s.config.interviews.graceS;
    const info = await s.storage.withLocalFile(original, (file) =>
      probeWithinLimit(s.tools, file, Math.min(allowedS * 1000, s.config.maxMediaMs), (ms) =>
        answerTooLong(ms, allowedS, question.time_limit_s),
      ),
    );
    return await keepAnswer(
      s,
      {
        invitationId: inv.id,
        conferenceId: inv.conference_id,
        candidateName: inv.candidate_name,
        question,
        uploadId: upload.id,
        take: upload.take,
      },
      { contributionId, sniff, bytes: upload.size_bytes, durationMs: info.durationMs },
    );
  } catch (err) {
    // Refused or failed: no file is kept, and the take stays counted.
    await s.storage.remove(contributionId);
    await dropUpload(s, upload.id);
    throw err;
  }
}

function answerTooLong(durationMs: number, allowedS: number, limitS: number): AppError {
  // Reading stops just past the limit, so a length measured there only says "longer".
  const length = durationMs <= (allowedS + 2) * 1000 ? `more than ${allowedS} s` : `${Math.round(durationMs / 1000)} s`;
  return new AppError(
    'E_ANSWER_TOO_LONG',
    `the answer lasts ${length}, longer than the ${limitS} s allowed: record it again if you have a take left`,
    422,
  );
}

async function readHead(s: Pick<Services, 'storage'>, upload: UploadRow): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = assembledUpload(s.storage, upload.id, Math.min(SNIFF_BYTES, upload.size_bytes));
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
  } catch {
    throw notFound('upload');
  }
  return Buffer.concat(chunks, length);
}

async function dropUpload(s: Pick<Services, 'db' | 'queue' | 'storage'>, uploadId: string) {
  await answersRepo(s.db).dropUnfinishedUpload(uploadId);
  await removeChunks(s.storage, uploadId);
}
