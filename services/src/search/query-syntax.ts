/**
 * The parts of a web-style query that must hold for every result, whichever index found it:
 * quoted phrases and -exclusions. The vector part has no notion of them, so its candidates are
 * filtered by this residue (passed to websearch_to_tsquery), e.g. `android "payment flow" -ios`
 * → `"payment flow" -ios`.
 */
export function hardConstraints(query: string): string {
  const phrases = query.match(/"[^"]+"/g) ?? [];
  const unquoted = query.replace(/"[^"]*"?/g, ' ');
  const exclusions = unquoted.match(/(?:^|\s)-[^\s-][^\s]*/g)?.map((t) => t.trim()) ?? [];
  return [...phrases, ...exclusions].join(' ');
}

/**
 * The plain words of a query as an OR query (`a or b or c` in websearch syntax): a natural-language
 * question rarely shares all its words with the statement that answers it, so matching any word
 * and ranking by how well they cover it finds far more than requiring every word. Empty when the
 * query is only phrases and exclusions.
 */
export function anyOfWords(query: string): string {
  return plainWords(query).join(' or ');
}

/** The words of a query outside phrases and exclusions, without the operators `or`/`and`/`not`. */
export function plainWords(query: string): string[] {
  const plain = query.replace(/"[^"]*"?/g, ' ').replace(/(?:^|\s)-[^\s-][^\s]*/g, ' ');
  const words = plain.match(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu) ?? [];
  return words.filter((w) => !/^(or|and|not)$/i.test(w));
}

/**
 * The query ts_headline marks a snippet with: every plain word and every quoted phrase, any of
 * them (`a or b or "c d"`), never the exclusions. Marking with the query as typed would need every
 * word in the statement: for `Gutenberg bible` nothing is marked in a statement about a bible.
 */
export function highlightQuery(query: string): string {
  const phrases = query.match(/"[^"]+"/g) ?? [];
  return [...plainWords(query), ...phrases].join(' or ');
}
