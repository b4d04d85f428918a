/**
 * Snippets for hits the full-text side did not find. ts_headline marks the query's lexemes around
 * where they occur; a hit found by its vector alone holds none of them, so its snippet is the
 * sentence of its text most similar to the query instead of its opening words.
 */
import { escapeHtml } from '../core/text/html.ts';
import { splitSentences } from '../core/text/sentences.ts';
import { cosine } from '../core/vectors.ts';

const SNIPPET_MAX_WORDS = 35;

/** The sentences of a statement (core/text/sentences.ts), as text. */
export const sentencesOf = (text: string): string[] => splitSentences(text).map((s) => s.text);

/** At most SNIPPET_MAX_WORDS words, with an ellipsis when cut. */
export function clipWords(text: string, maxWords = SNIPPET_MAX_WORDS): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= maxWords ? words.join(' ') : `${words.slice(0, maxWords).join(' ')} …`;
}

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
