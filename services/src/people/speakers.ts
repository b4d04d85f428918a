/**
 * Transcript speakers linked to members. An imported meeting names its speakers with labels
 * ("Ana Lima", "ana", "ID (B)"); routing and profiles need the member behind each label, so that
 * the person who asked a question is never suggested to answer it and their statements count as
 * theirs. At import every label is linked: to the member the host named for it, else to the one
 * member whose display name it matches (normalised: case, accents, punctuation; a first name when
 * only one member has it), else to nobody in the space. A host confirms or corrects the links later
 * (PUT /api/contributions/:id/speakers).
 */
import { badRequest } from '../core/errors.ts';
import type { Queryable } from '../db/db.ts';
import { speakersRepo } from '../db/repos/speakers.repo.ts';

export interface ExplicitLink {
  speaker: string;
  /** A member of the space, or null for "nobody in this space". */
  userId: string | null;
}

interface Member {
  id: string;
  name: string | null;
}

/** A name compared loosely: lower case, no accents, no bracketed asides, letters and digits only. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The member a label names: one whose whole name matches, else the only one with that first name. */
export function memberNamed(label: string, members: Member[]): Member | null {
  const wanted = normaliseName(label);
  if (!wanted) return null;
  const full = members.filter((m) => m.name && normaliseName(m.name) === wanted);
  if (full.length === 1) return full[0];
  if (full.length > 1 || wanted.includes(' ')) return null;
  const first = members.filter((m) => m.name && normaliseName(m.name).split(' ')[0] === wanted);
  return first.length === 1 ? first[0] : null;
}

/**
 * Links every label of a new transcript: explicit links (the importer, a host, named them) win,
 * the rest by name. Throws 400 for an explicit link to a label the transcript lacks or to someone
 * outside the space.
 */
export async function linkImportedSpeakers(
  q: Queryable,
  contributionId: string,
  labels: string[],
  members: Member[],
  explicit: ExplicitLink[] = [],
  by: string | null = null,
): Promise<void> {
  const known = new Set(labels);
  checkLinks(explicit, known, members);
  const named = new Map(explicit.map((l) => [l.speaker, l.userId]));
  const byName = [...known]
    .filter((label) => !named.has(label))
    .map((speaker) => ({ speaker, userId: memberNamed(speaker, members)?.id ?? null }));
  if (byName.length) await speakersRepo(q).setLinks(contributionId, byName, 'name', null);
  if (explicit.length) await speakersRepo(q).setLinks(contributionId, explicit, 'host', by);
}

/**
 * A caption file from a meeting tool names its speakers too: when it names two or more, the
 * labels not linked yet are linked by name (a re-run keeps what a host confirmed). One named
 * speaker is the uploader's own video: their statements stay theirs.
 */
export async function linkCaptionSpeakers(q: Queryable, contributionId: string, labels: string[], members: Member[]): Promise<void> {
  const distinct = [...new Set(labels)];
  if (distinct.length < 2) return;
  const linked = new Set((await speakersRepo(q).linksOf(contributionId)).filter((l) => l.source !== null).map((l) => l.speaker));
  const todo = distinct.filter((label) => !linked.has(label));
  if (todo.length)
    await speakersRepo(q).setLinks(
      contributionId,
      todo.map((speaker) => ({ speaker, userId: memberNamed(speaker, members)?.id ?? null })),
      'name',
      null,
    );
}

/** A host sets or confirms links of an existing contribution's labels. */
export async function confirmSpeakers(
  q: Queryable,
  contributionId: string,
  links: ExplicitLink[],
  members: Member[],
  hostId: string,
): Promise<void> {
  const labels = new Set((await speakersRepo(q).linksOf(contributionId)).map((l) => l.speaker));
  checkLinks(links, labels, members);
  await speakersRepo(q).setLinks(contributionId, links, 'host', hostId);
}

function checkLinks(links: ExplicitLink[], labels: Set<string>, members: Member[]) {
  const memberIds = new Set(members.map((m) => m.id));
  const seen = new Set<string>();
  for (const l of links) {
    if (!labels.has(l.speaker)) throw badRequest(`no speaker "${l.speaker.slice(0, 100)}" in this transcript`, 'E_UNKNOWN_SPEAKER');
    if (seen.has(l.speaker)) throw badRequest(`speaker "${l.speaker.slice(0, 100)}" is given twice`, 'E_UNKNOWN_SPEAKER');
    seen.add(l.speaker);
    if (l.userId !== null && !memberIds.has(l.userId))
      throw badRequest(`speaker "${l.speaker.slice(0, 100)}": that user is not a member of this space`, 'E_NOT_A_MEMBER');
  }
}
