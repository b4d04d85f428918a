/**
 * The speakers a query names: "what did Margaret think about the budget?", "what did the project
 * manager say about the battery?". People ask about meetings by who said it; the statements of the
 * person asked about then rank above the same words said by someone else.
 *
 * A speaker is named when the query holds the speaker's whole label as a phrase, or a word of the
 * label (three letters or more) that no other candidate speaker's label holds: "professor" names
 * "Professor C" when only one label has it, "PhD" alone names nobody when there are several.
 */
export function namedSpeakers(query: string, speakers: Iterable<string>): Set<string> {
  const queryWords = wordsOf(query);
  const queryText = ` ${queryWords.join(' ')} `;
  const labels = [...new Set(speakers)].filter((s) => wordsOf(s).length > 0);
  const holders = new Map<string, number>();
  for (const label of labels) for (const w of new Set(wordsOf(label))) holders.set(w, (holders.get(w) ?? 0) + 1);
  const asked = new Set(queryWords);
  const named = new Set<string>();
  for (const label of labels) {
    const words = wordsOf(label);
    const whole = queryText.includes(` ${words.join(' ')} `) && words.join('').length >= 3;
    const distinctive = words.some((w) => w.length >= 3 && holders.get(w) === 1 && asked.has(w));
    if (whole || distinctive) named.add(label);
  }
  return named;
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
