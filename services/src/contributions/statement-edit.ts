import { SPEAKER_MAX, STATEMENT_TEXT_MAX, type EditStatementBody, type StatementRevision } from '@colloquy/contract';
import { badRequest, conflict, forbidden, notFound } from '../core/errors.ts';
import type { TimedWord } from '../core/transcript.ts';
import type { Queryable } from '../db/db.ts';
import { contributionsRepo, type StatementRow } from '../db/repos/contributions.repo.ts';
import { labelsRepo } from '../db/repos/labels.repo.ts';
import { statementEditsRepo, type EditableStatementRow, type EditStateRow } from '../db/repos/statement-edits.repo.ts';
import { statementView } from '../json/rows.ts';
import type { Services } from '../services.ts';
import { realignWords, splitWords } from '../transcript/realign.ts';
import { correctedTranscript, wordsOfStatements } from '../transcript/statement-words.ts';

/**
 * Correcting a transcript: the author of a contribution, and the space's owners and hosts, change
 * what a statement says and who said it. The statement keeps its id (replies, reactions, forwards
 * and digest lines point at it) and the times of the words left as they were; every correction is
 * kept with who made it and when. Search (full text) and captions read the new text at once; the
 * vector, labels, gist, summary and profile are redone by the 'statement-edit' task.
 */

/**
 * Below this confidence a recognised word is shown as uncertain. PocketSphinx's word posteriors
 * are spread widely (correct words score 0.01–0.99): only the low end is worth a reader's glance.
 * `npm run eval -- uncertain` on the 8 dev clips: 0.2 flags 29% of the words, 77% of them misheard
 * (41% at random) and 54% of the misheard ones; 0.1 and 0.3 are both less precise.
 */
export const UNCERTAIN_BELOW = 0.2;

export const mayEdit = (row: { role: string; author_id: string | null }, userId: string) =>
  row.role === 'owner' || row.role === 'host' || row.author_id === userId;

// Tabs and line breaks are whitespace (collapsed); any other control character is refused.
// (\p{Cc} is every C0/C1 control character; the whitespace ones are spared first.)
const hasControl = (s: string) => /\p{Cc}/u.test(s.replace(/[\t\n\r]/g, ' '));
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function cleanText(text: string): string {
  const clean = oneLine(text);
  if (!clean || clean.length > STATEMENT_TEXT_MAX || hasControl(text)) {
    throw badRequest(
      !clean
        ? 'the text is empty: write what was said'
        : hasControl(text)
          ? 'the text contains control characters'
          : `the text is longer than ${STATEMENT_TEXT_MAX} characters`,
      'E_BAD_STATEMENT_TEXT',
    );
  }
  return clean;
}

function cleanSpeaker(speaker: string | null): string | null {
  if (speaker === null) return null;
  const clean = oneLine(speaker);
  if (!clean || clean.length > SPEAKER_MAX || hasControl(speaker)) {
    throw badRequest(
      !clean
        ? 'the speaker is empty: give a name, or null for an unknown speaker'
        : `a speaker's name has 1–${SPEAKER_MAX} characters and no control characters`,
      'E_BAD_SPEAKER',
    );
  }
  return clean;
}

const statementChanged = () =>
  conflict('someone corrected this statement since you opened it: reload it and try again', 'E_STATEMENT_CHANGED');

/** The statement, if the caller is a member of its space (404 otherwise, whatever the reason). */
async function editable(q: Queryable, id: string, userId: string): Promise<EditableStatementRow> {
  return (await statementEditsRepo(q).forMember(id, userId)) ?? Promise.reject(notFound('statement'));
}

/** Saves a correction and queues redoing what was understood from the statement. */
export async function editStatement(s: Services, id: string, userId: string, body: EditStatementBody): Promise<void> {
  if (body.text === undefined && body.speaker === undefined) throw badRequest('give the corrected "text", "speaker" or both');
  const row = await editable(s.db, id, userId);
  if (!mayEdit(row, userId)) throw forbidden('only its author, owners and hosts can correct a statement');
  const text = body.text === undefined ? row.text : cleanText(body.text);
  const speaker = body.speaker === undefined ? row.speaker : cleanSpeaker(body.speaker);
  if (body.baseRevision !== undefined && body.baseRevision !== row.revision) throw statementChanged();
  if (text === row.text && speaker === row.speaker) return; // nothing to correct: no revision

  const [oldWords] = row.words?.length
    ? [row.words]
    : wordsOfStatements([spanOf(row)], await contributionsRepo(s.db).transcript(row.contribution_id));
  const words = text === row.text ? oldWords : realignWords(oldWords, text, { startMs: row.start_ms, endMs: row.end_ms });
  await s.db.tx(async (q) => {
    const revision = await statementEditsRepo(q).save({
      statementId: id,
      baseRevision: row.revision,
      editorId: userId,
      text,
      speaker,
      words,
      before: { text: row.text, speaker: row.speaker },
    });
    if (revision === undefined) throw statementChanged(); // another correction was saved meanwhile
    await s.queue.sendTask('statement-edit', { statementId: id, revision }, { q });
  });
  s.queue.wakeTask('statement-edit');
}

const spanOf = (row: StatementRow) => ({ startMs: row.start_ms, endMs: row.end_ms, speaker: row.speaker, text: row.text });

/** Indexes of the words the recogniser was unsure of (the text's words and the timed words line up). */
export function uncertainWords(words: TimedWord[], text: string): number[] {
  if (words.length !== splitWords(text).length) return [];
  return words.flatMap((w, i) => (w.confidence !== undefined && w.confidence < UNCERTAIN_BELOW ? [i] : []));
}

/** Each statement's correction state and uncertain words, as a contribution's detail shows them. */
export async function editFields(q: Queryable, contributionId: string, statements: StatementRow[]) {
  const [states, transcript] = await Promise.all([
    statementEditsRepo(q).ofContribution(contributionId),
    contributionsRepo(q).transcript(contributionId),
  ]);
  const byId = new Map(states.map((st) => [st.id, st]));
  const words = wordsOfStatements(
    statements.map((x) => ({ ...spanOf(x), words: byId.get(x.id)?.words })),
    transcript,
  );
  return new Map(
    statements.map((x, i) => [x.id, { ...stateFields(byId.get(x.id)), uncertainWords: uncertainWords(words[i], x.text), words: words[i] }]),
  );
}

const stateFields = (st: EditStateRow | undefined) => ({
  revision: st?.revision ?? 0,
  updating: (st?.revision ?? 0) > (st?.understood_revision ?? 0),
});

/** A contribution's transcript with its statements' corrections in place: what captions and expert links show. */
export async function transcriptWithCorrections(q: Queryable, contributionId: string) {
  const [transcript, corrected] = await Promise.all([
    contributionsRepo(q).transcript(contributionId),
    statementEditsRepo(q).corrected(contributionId),
  ]);
  return correctedTranscript(
    transcript,
    corrected.map((x) => ({
      startMs: x.start_ms,
      endMs: x.end_ms,
      speaker: x.speaker,
      text: x.text,
      words: x.words,
      heardSpeaker: x.heard_speaker,
    })),
  );
}

/** A statement as GET /api/statements/:id answers it: labels, correction state and its timed words. */
export async function statementAnswer(q: Queryable, id: string, userId: string) {
  const row = await editable(q, id, userId);
  const [labels, fields] = await Promise.all([labelsRepo(q).forStatements([id]), editFields(q, row.contribution_id, [row])]);
  const hidden = row.role === 'owner' || row.role === 'host' ? { hidden: row.hidden } : {};
  return { ...statementView(row, labels), ...fields.get(id)!, conferenceId: row.conference_id, ...hidden };
}

/** A statement's corrections, newest first (for anyone who may see the statement). */
export async function statementHistory(q: Queryable, id: string, userId: string): Promise<StatementRevision[]> {
  await editable(q, id, userId);
  return (await statementEditsRepo(q).history(id)).map((r) => ({
    revision: r.revision,
    at: r.created_at.toISOString(),
    editor: { userId: r.edited_by, name: r.editor_name },
    text: { before: r.text_before, after: r.text_after },
    speaker: { before: r.speaker_before, after: r.speaker_after },
  }));
}
