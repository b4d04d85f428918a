/** Sentences of a statement, as verbatim slices of it. */

export interface Sentence {
  text: string;
  /** Character offsets into the text the sentence was cut from. */
  start: number;
  end: number;
}

const SENTENCE_BREAK = /[.!?…]+["')\]]*(?=\s+|$)/g;
const ABBREVIATION = /(?:\b(?:mr|mrs|ms|dr|prof|st|vs|etc|e\.g|i\.e|approx)|\b[A-Z])[.]$/i;

/** Sentences of a statement, each a verbatim slice of it, so a gist or summary line can be quoted. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  const push = (end: number) => {
    const raw = text.slice(from, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (/[\p{L}\p{N}]/u.test(body)) sentences.push({ text: body, start: from + lead, end: from + lead + body.length });
  };
  for (const match of text.matchAll(SENTENCE_BREAK)) {
    const end = match.index! + match[0].length;
    if (ABBREVIATION.test(text.slice(Math.max(from, end - 6), end))) continue;
    push(end);
    from = end;
  }
  push(text.length);
  return sentences;
}
