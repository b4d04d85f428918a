/**
 * Topic tags as the model proposes them → the conference's spelling. "Release-Date", "release date"
 * and "#release_date" are one tag; when the conference already has it, its spelling wins, so tags
 * do not fork into near-duplicates.
 */

export const MAX_TOPICS = 3;
const MAX_TAG_CHARS = 40;

/** Lowercase words separated by single spaces, without surrounding punctuation. */
export function cleanTag(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .replace(/^[\s#"'`.,;:!?*-]+|[\s"'`.,;:!?*-]+$/g, '')
    .trim();
}

/** What makes two tags the same: letters and digits only. */
const tagKey = (tag: string) => cleanTag(tag).replace(/[^\p{L}\p{N}]+/gu, '');

export type TopicCheck = { ok: true; topics: string[] } | { ok: false; reason: string };

export function matchTopics(proposed: string[], existing: readonly string[]): TopicCheck {
  const known = new Map<string, string>();
  for (const tag of existing) if (!known.has(tagKey(tag))) known.set(tagKey(tag), tag);

  const topics: string[] = [];
  for (const raw of proposed) {
    const tag = cleanTag(raw);
    if (!tag) continue;
    if (tag.length > MAX_TAG_CHARS) return { ok: false, reason: `topic "${raw}" is not a short tag` };
    const spelled = known.get(tagKey(tag)) ?? tag;
    if (!topics.includes(spelled)) topics.push(spelled);
  }
  if (topics.length === 0) return { ok: false, reason: 'no topic tag' };
  if (topics.length > MAX_TOPICS) return { ok: false, reason: `${topics.length} topic tags (at most ${MAX_TOPICS})` };
  return { ok: true, topics };
}
