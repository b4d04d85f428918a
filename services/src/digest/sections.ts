import type { DigestItem, DigestSection } from '@colloquy/contract';
import type { DigestCandidate } from '../db/repos/digest.repo.ts';
import { isBackchannel, removeDisfluencies, trimAtWord } from '../core/text/disfluency.ts';
import { splitSentences } from '../core/text/sentences.ts';
import { cleanTranscript } from '../core/text/tokens.ts';

type SectionKey = DigestSection['key'];

/**
 * The sections in reading order, which act goes where, and how many lines each may hold: a digest
 * is read in a couple of minutes, so the long tail is left to the feed. Decisions and action items
 * get the most room: they are what an absent reader most needs.
 */
const SECTIONS: { key: SectionKey; title: string; acts: string[]; max: number }[] = [
  { key: 'decisions', title: 'Decisions', acts: ['decision'], max: 10 },
  { key: 'questions', title: 'Open questions', acts: ['question'], max: 8 },
  { key: 'proposals', title: 'Proposals', acts: ['proposal'], max: 6 },
  { key: 'actions', title: 'Action items', acts: ['action_item'], max: 10 },
  { key: 'other', title: 'Other', acts: [], max: 6 },
];

/** The acts with a section of their own: the digest's pool takes them first (digest.repo.ts). */
export const SECTION_ACTS = SECTIONS.flatMap((s) => s.acts);

/** A statement with no gist yet is shown by its opening, cleaned, up to this many characters. */
const GIST_FALLBACK_CHARS = 120;

/**
 * Ranked statements → non-empty sections, each keeping the ranking's order. A statement that is
 * only fillers and backchannels ("Mm-hmm.", "Yeah, okay.") says nothing on its own: it is no line.
 */
export function groupIntoSections(
  ranked: DigestCandidate[],
  answered: ReadonlyMap<string, { statementId: string | null; contributionId: string }>,
): DigestSection[] {
  const sections = SECTIONS.map((def) => ({ def, items: [] as DigestItem[] }));
  const other = sections.find((x) => x.def.key === 'other')!;
  for (const c of ranked) {
    if (isBackchannel(c.text)) continue;
    const section = sections.find((x) => x.def.acts.includes(c.act ?? '')) ?? other;
    if (section.items.length >= section.def.max) continue;
    const item: DigestItem = {
      statementId: c.id,
      contributionId: c.contributionId,
      conferenceId: c.conferenceId,
      startMs: c.startMs,
      endMs: c.endMs,
      // Who said it, beside what was said: a recording's author when the recogniser names no one.
      speaker: c.speaker ?? c.authorName,
      gist: c.gist?.trim() || openingLine(c.text),
      act: c.act,
      ...(c.outside ? { outside: true } : {}),
    };
    if (c.act === 'question') {
      const answer = answered.get(c.id);
      item.answered = Boolean(answer);
      if (answer) item.answer = answer;
    }
    section.items.push(item);
  }
  return sections.filter((x) => x.items.length > 0).map((x) => ({ key: x.def.key, title: x.def.title, items: x.items }));
}

/** The statement's first sentence that says something, cleaned up as a gist would be. */
function openingLine(text: string): string {
  const clean = cleanTranscript(text);
  const line = splitSentences(clean)
    .map((sentence) => removeDisfluencies(sentence.text))
    .find((sentence) => sentence && !isBackchannel(sentence));
  return trimAtWord(line ?? clean, GIST_FALLBACK_CHARS);
}
