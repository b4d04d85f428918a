/**
 * What members were asked in a conference and have not answered: a question (a statement labelled
 * as one) addressed to them — "@ana", "Ana Lopez", "Ana, can you…" (findAddressed) — until they reply to it, to its
 * contribution, or speak within the next statements of the same recording; and a statement
 * forwarded to them until they reply to it. The asker is never asked by their own question.
 */
import { splitSentences } from '../core/text/sentences.ts';
import type { Queryable } from '../db/db.ts';
import { participationRepo } from '../db/repos/participation.repo.ts';
import { spacesRepo } from '../db/repos/spaces.repo.ts';
import { findAddressed, type Mentionable } from './mentions.ts';

export interface Ask {
  userId: string;
  kind: 'question' | 'forward';
  conferenceId: string;
  statementId: string;
  contributionId: string;
  startMs: number;
  /** What they were asked: the sentences addressed to them (a forward: its note, then the statement). */
  text: string;
  /** Who asked (the question's speaker) or forwarded it; null when unknown. */
  askedBy: string | null;
  askedAt: Date;
}

/** The open asks of a conference, oldest first; `members` are its space's (who can be named). */
export async function openAsks(q: Queryable, conferenceId: string, members: Mentionable[]): Promise<Ask[]> {
  const repo = participationRepo(q);
  const asks: Ask[] = [];
  for (const question of await repo.questions(conferenceId)) {
    const answered = new Set(question.responders);
    const named = findAddressed(
      question.text,
      members.filter((m) => m.userId !== question.asker_id),
    );
    for (const m of named) {
      if (answered.has(m.userId)) continue;
      asks.push({
        userId: m.userId,
        kind: 'question',
        conferenceId,
        statementId: question.statement_id,
        contributionId: question.contribution_id,
        startMs: question.start_ms,
        text: askedText(question.text, m, members),
        askedBy: question.asker_name,
        askedAt: new Date(question.asked_at),
      });
    }
  }
  const isMember = new Set(members.map((m) => m.userId));
  for (const f of await repo.openForwards(conferenceId)) {
    if (!isMember.has(f.user_id)) continue;
    asks.push({
      userId: f.user_id,
      kind: 'forward',
      conferenceId,
      statementId: f.statement_id,
      contributionId: f.contribution_id,
      startMs: f.start_ms,
      text: f.note ? `${f.note} — ${f.text}` : f.text,
      askedBy: f.asked_by,
      askedAt: new Date(f.asked_at),
    });
  }
  return asks.sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime());
}

/** The open asks of one member in a conference of the space. */
export async function openAsksOf(q: Queryable, userId: string, conferenceId: string, spaceId: string): Promise<Ask[]> {
  const members = await spacesRepo(q).memberUsers(spaceId);
  return (await openAsks(q, conferenceId, members)).filter((a) => a.userId === userId);
}

/**
 * The part of a question addressed to one member: the first sentence that calls them, and the
 * next when that one is only the call ("Ben. Can you check?"); the whole text when no sentence does.
 */
function askedText(text: string, member: Mentionable, members: Mentionable[]): string {
  const sentences = splitSentences(text);
  const i = sentences.findIndex((s) => findAddressed(s.text, members).some((m) => m.userId === member.userId));
  if (i < 0) return text;
  const next = sentences[i + 1];
  return sentences[i].text.includes('?') || !next ? sentences[i].text : `${sentences[i].text} ${next.text}`;
}
