/**
 * Snippets for hits the full-text side did not find. ts_headline marks the query's lexemes around
 * where they occur; a hit found by its vector alone holds none of them, so its snippet is the
 * sentence of its text most similar to the query instead of its opening words.
 */
const SNIPPET_MAX_WORDS = 35;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The sentences of a statement: split after . ? ! followed by a space, blanks dropped. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.?!…])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** At most SNIPPET_MAX_WORDS words, with an ellipsis when cut. */
export function clipWords(text: string, maxWords = SNIPPET_MAX_WORDS): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= maxWords ? words.join(' ') : `${words.slice(0, maxWords).join(' ')} …`;
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
};

/**
 * For each text, the HTML-escaped sentence most similar to `queryVector` (embedded by `embed`, all
 * sentences in one call), clipped; a one-sentence text is that sentence.
 */
export async function closestSentences(
  texts: string[],
  queryVector: number[],
  embed: (texts: string[]) => Promise<number[][]>,
): Promise<string[]> {
  const split = texts.map(sentencesOf);
  const many = split.flatMap((s) => (s.length > 1 ? s : []));
  const vectors = many.length > 0 ? await embed(many) : [];
  let next = 0;
  return split.map((sentences, i) => {
    if (sentences.length <= 1) return escapeHtml(clipWords(texts[i]));
    let best = 0;
    let bestSimilarity = -Infinity;
    for (let j = 0; j < sentences.length; j++) {
      const similarity = cosine(vectors[next + j], queryVector);
      if (similarity > bestSimilarity) [best, bestSimilarity] = [j, similarity];
    }
    next += sentences.length;
    return escapeHtml(clipWords(sentences[best]));
  });
}
