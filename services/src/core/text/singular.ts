/** A plural-to-singular lemmatiser for words people read (tags, titles). */

const SINGULAR_EXCEPTIONS = new Map([
  ['people', 'people'],
  ['children', 'child'],
  ['men', 'man'],
  ['women', 'woman'],
  ['data', 'data'],
  ['series', 'series'],
  ['news', 'news'],
  ['analysis', 'analysis'],
  ['basis', 'basis'],
  ['status', 'status'],
]);

/** Plural noun → singular, for tags people read ("remote controls" → "remote control"). */
export function singular(word: string): string {
  const known = SINGULAR_EXCEPTIONS.get(word);
  if (known) return known;
  if (word.length <= 3 || !word.endsWith('s') || /(?:ss|us|is|ics|'s)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses|zzes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
