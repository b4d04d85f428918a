/** Small text helpers shared by features (no I/O). */

const QUOTE_CHARS = 90;

/** The start of a statement, cut at a word boundary. */
export function quote(text: string, max = QUOTE_CHARS): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
