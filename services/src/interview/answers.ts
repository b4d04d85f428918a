/**
 * Keeping an answer: the take's file becomes a contribution in the opening's conference, with no
 * author account but the candidate's name, and runs through the pipeline like any upload
 * (transcript, statements, gists, labels, vectors). The contribution, the answers row, the upload's
 * completion and the first pipeline job are one transaction: an answer never points at nothing.
 */
import type { KeptAnswer } from '@colloquy/contract';
import { conflict } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { answersRepo } from '../db/repos/answers.repo.ts';
import { queueMediaContribution } from '../contributions/intake.ts';
import type { SniffResult } from '../media/sniff.ts';
import type { Services } from '../services.ts';
import { assertCanAnswer, lockInvitation, type QuestionRow } from './candidate.ts';

export interface KeptTake {
  invitationId: string;
  conferenceId: string;
  candidateName: string;
  question: QuestionRow;
  uploadId: string;
  take: number;
}

export interface StoredMedia {
  /** The contribution's id: its file is already at storage.relative(id, 'original'). */
  contributionId: string;
  sniff: SniffResult;
  bytes: number;
  durationMs: number;
}

const TITLE_CHARS = 120;

/** The question as the contribution's title, cut at a word when long. */
export function answerTitle(prompt: string): string {
  const text = prompt.replace(/\s+/g, ' ').trim();
  if (text.length <= TITLE_CHARS) return text;
  const cut = text.slice(0, TITLE_CHARS - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > TITLE_CHARS / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

export async function keepAnswer(
  s: Pick<Services, 'config' | 'db' | 'queue' | 'storage'>,
  take: KeptTake,
  media: StoredMedia,
): Promise<KeptAnswer> {
  await queueMediaContribution(
    s,
    media.contributionId,
    { conferenceId: take.conferenceId, authorId: null, outsideName: take.candidateName, title: answerTitle(take.question.prompt) },
    { sniff: media.sniff, bytes: media.bytes, hasCaptions: false },
    async (q, contributionId) => {
      // Checked again under the lock: the deadline may have passed, or another tab kept an answer.
      assertCanAnswer(await lockInvitation(q, take.invitationId));
      const inserted = await answersRepo(q).insert({
        invitationId: take.invitationId,
        questionId: take.question.id,
        contributionId,
        take: take.take,
        durationMs: media.durationMs,
      });
      if (!inserted) throw conflict('this question is already answered', 'E_ALREADY_ANSWERED');
      await answersRepo(q).completeUpload(take.uploadId);
    },
  );
  return { questionId: take.question.id, take: take.take, durationMs: media.durationMs, status: 'queued' };
}

/** The answer an upload became, for completing it a second time. */
export async function answerOfUpload(
  q: Queryable,
  upload: { invitation_id: string; question_id: string; take: number },
): Promise<KeptAnswer | null> {
  const a = await answersRepo(q).ofTake(upload.invitation_id, upload.question_id, upload.take);
  if (!a) return null;
  return {
    questionId: upload.question_id,
    take: a.take,
    durationMs: a.duration_ms,
    status: a.contribution_id ? (a.status ?? 'queued') : 'deleted',
  };
}
