/**
 * Keeping an answer: the take's file becomes a contribution in the opening's conference, with no
 * author account but the candidate's name, and runs through the pipeline like any upload
 * (transcript, statements, gists, labels, vectors). The contribution, the answers row, the upload's
 * completion and the first pipeline job are one transaction: an answer never points at nothing.
 */
import type { KeptAnswer } from '@colloquy/contract';
import { conflict } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import type { ContributionStatus } from '../db/repos/contributions.repo.ts';
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
  /** The contribution's id: its file is already at storage.pathOf(id, 'original'). */
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

export async function keepAnswer(s: Services, take: KeptTake, media: StoredMedia): Promise<KeptAnswer> {
  await queueMediaContribution(
    s,
    media.contributionId,
    { conferenceId: take.conferenceId, authorId: null, outsideName: take.candidateName, title: answerTitle(take.question.prompt) },
    { sniff: media.sniff, bytes: media.bytes, hasCaptions: false },
    async (q, contributionId) => {
      // Checked again under the lock: the deadline may have passed, or another tab kept an answer.
      assertCanAnswer(await lockInvitation(q, take.invitationId));
      const inserted = await q.query(
        `insert into answers (invitation_id, question_id, contribution_id, take, duration_ms) values ($1, $2, $3, $4, $5)
         on conflict (invitation_id, question_id) do nothing returning id`,
        [take.invitationId, take.question.id, contributionId, take.take, media.durationMs],
      );
      if (inserted.length === 0) throw conflict('this question is already answered', 'E_ALREADY_ANSWERED');
      await q.query(`update answer_uploads set completed_at = now() where id = $1`, [take.uploadId]);
    },
  );
  return { questionId: take.question.id, take: take.take, durationMs: media.durationMs, status: 'queued' };
}

/** The answer an upload became, for completing it a second time. */
export async function answerOfUpload(
  q: Queryable,
  upload: { invitation_id: string; question_id: string; take: number },
): Promise<KeptAnswer | null> {
  const rows = await q.query<{
    take: number;
    duration_ms: number | null;
    status: ContributionStatus | null;
    contribution_id: string | null;
  }>(
    `select a.take, a.duration_ms, a.contribution_id, c.status from answers a left join contributions c on c.id = a.contribution_id
      where a.invitation_id = $1 and a.question_id = $2 and a.take = $3`,
    [upload.invitation_id, upload.question_id, upload.take],
  );
  const a = rows[0];
  if (!a) return null;
  return {
    questionId: upload.question_id,
    take: a.take,
    durationMs: a.duration_ms,
    status: a.contribution_id ? (a.status ?? 'queued') : 'deleted',
  };
}
