/**
 * Word tokens: transcript clean-up and the lower-case words of a text. General English; nothing
 * here is fitted to a particular corpus.
 */

/**
 * Undo transcription conventions so the same words look the same everywhere: curly apostrophes,
 * tokenised clitics ("we 're", "do n't"), spelled-out letters written with underscores ("L_C_D_").
 */
export function cleanTranscript(text: string): string {
  let out = text.replace(/[’‘`]/g, "'");
  if (out.includes('_')) out = out.replace(/\b(?:[A-Za-z]_){2,}/g, (m) => m.replace(/_/g, ''));
  if (out.includes(" '") || out.includes(" n't")) {
    out = out.replace(/(\w) '(s|re|ve|ll|d|m|t)\b/gi, "$1'$2").replace(/(\w) n't\b/gi, "$1n't");
  }
  if (out.includes(' ,') || out.includes(' .') || out.includes(' ?')) out = out.replace(/ +([,.?!;:])/g, '$1');
  return out.replace(/\s+/g, ' ').trim();
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

/** Lower-case word tokens of already cleaned text, in order (apostrophes kept inside words). */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
