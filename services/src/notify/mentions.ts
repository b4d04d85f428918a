/**
 * Who a text mentions: "@Name" or a member's full name, case-insensitive and word-bounded
 * ("Ana Lopez", "@ana", "@AnaLopez", "@ana.lopez"; not "Banana"). "@First" counts only when one
 * member has that first name, so a shared first name notifies nobody rather than everybody.
 */
export interface Mentionable {
  userId: string;
  name: string;
}

const WORD = String.raw`[\p{L}\p{N}_]`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patternsFor(m: Mentionable, uniqueFirstNames: Set<string>): RegExp[] {
  const parts = m.name.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!parts.length) return [];
  const bounded = (body: string) => new RegExp(`(?<!${WORD})${body}(?!${WORD})`, 'iu');
  const full = parts.map(escapeRegExp).join(String.raw`\s+`);
  const handles = new Set([parts.join(''), parts.join('.'), parts.join('_'), parts.join('-')].map(escapeRegExp));
  if (parts.length > 1 && uniqueFirstNames.has(parts[0])) handles.add(escapeRegExp(parts[0]));
  return [bounded(full), bounded(`@(?:${[...handles].join('|')})`)];
}

/** The members mentioned in a text, in the order of the members given. */
export function findMentions(text: string, members: Mentionable[]): Mentionable[] {
  const firstNameCounts = new Map<string, number>();
  for (const m of members) {
    const first = m.name.trim().toLowerCase().split(/\s+/)[0];
    if (first) firstNameCounts.set(first, (firstNameCounts.get(first) ?? 0) + 1);
  }
  const unique = new Set([...firstNameCounts].filter(([, n]) => n === 1).map(([name]) => name));
  return members.filter((m) => patternsFor(m, unique).some((re) => re.test(text)));
}

const LEAD = String.raw`(?:^|[.!?;:]\s+|(?<!${WORD})(?:and|so|also|hey|hi|now|ok|okay|well)\s+)`;

/**
 * The members a question is addressed to: those it mentions, and those it calls by a first name
 * only they have in direct address — "Ben, can you…", "And Ben, who…", "…, Ben?" — as people ask
 * each other in speech, where nobody says "@ben". A first name elsewhere in the sentence is not
 * enough ("I met Ben yesterday. What…"), so talk about someone is not taken for a question to them.
 */
export function findAddressed(text: string, members: Mentionable[]): Mentionable[] {
  const counts = new Map<string, number>();
  for (const m of members) {
    const first = m.name.trim().toLowerCase().split(/\s+/)[0];
    if (first) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  const mentioned = new Set(findMentions(text, members).map((m) => m.userId));
  return members.filter((m) => {
    if (mentioned.has(m.userId)) return true;
    const first = m.name.trim().toLowerCase().split(/\s+/)[0];
    if (!first || counts.get(first) !== 1) return false;
    const name = escapeRegExp(first);
    return new RegExp(`${LEAD}${name}\\s*,`, 'iu').test(text) || new RegExp(`,\\s*${name}(?!${WORD})\\s*[?!.]`, 'iu').test(text);
  });
}
