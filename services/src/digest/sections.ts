import type { DigestItem, DigestSection } from '@colloquy/contract';
import type { DigestCandidate } from '../db/repos/digest.repo.ts';

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

const GIST_FALLBACK_WORDS = 25;

/** Ranked statements → non-empty sections, each keeping the ranking's order. */
export function groupIntoSections(
  ranked: DigestCandidate[],
  answered: ReadonlyMap<string, { statementId: string | null; contributionId: string }>,
): DigestSection[] {
  const sections = SECTIONS.map((def) => ({ def, items: [] as DigestItem[] }));
  const other = sections.find((x) => x.def.key === 'other')!;
  for (const c of ranked) {
    const section = sections.find((x) => x.def.acts.includes(c.act ?? '')) ?? other;
    if (section.items.length >= section.def.max) continue;
    const item: DigestItem = {
      statementId: c.id,
      contributionId: c.contributionId,
      conferenceId: c.conferenceId,
      startMs: c.startMs,
      endMs: c.endMs,
      speaker: c.speaker,
      gist: c.gist?.trim() || openingWords(c.text),
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

function openingWords(text: string): string {
  const words = text.trim().split(/\s+/);
  return words.length <= GIST_FALLBACK_WORDS ? words.join(' ') : `${words.slice(0, GIST_FALLBACK_WORDS).join(' ')}…`;
}
