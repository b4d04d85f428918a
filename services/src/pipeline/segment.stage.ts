import { contributionsRepo } from '../db/repos/contributions.repo.ts';
import { sentenceActOf } from '../ai/local/acts.ts';
import { segmentTranscript } from '../transcript/segment.ts';
import { STATEMENT_TEXT_MAX } from '@colloquy/contract';
import { capStatementText } from '../transcript/statement-cap.ts';
import type { Stage } from './context.ts';

/**
 * Transcript → statements: cut at pauses, speaker changes and topic shifts, and between sentences
 * that clearly carry different acts (the cue rules, whatever the AI provider), so that each
 * statement carries one act a digest lists.
 */
export const segmentStage: Stage = async (c, ctx) => {
  const repo = contributionsRepo(ctx.db);
  const drafts = segmentTranscript(await repo.transcript(c.id), {}, { sentenceAct: sentenceActOf });
  // Bounded work downstream: snippets, labels and gists never walk a statement of megabytes.
  await repo.replaceStatements(c.id, capStatementText(drafts, STATEMENT_TEXT_MAX));
};
