/**
 * Text primitives shared by the local models: transcript clean-up, word tokens, sentences,
 * stopwords and fillers, a light stemmer and a plural-to-singular lemmatiser.
 * Everything here is general English; nothing is fitted to a particular corpus.
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

/** Hesitations and backchannel noises: no meaning, no weight, removed from gists. */
export const FILLERS = new Set(`um umm uh uhh uh-huh er erm ah ahh eh hm hmm hmmm mm mmm mm-hmm mhm mm-mm uh-uh huh`.split(/\s+/));

/**
 * Function words and the vague verbs, adverbs and discourse markers of conversation. They separate
 * keyphrase candidates and never become tags on their own.
 */
export const STOPWORDS = new Set(
  `a about above across after again against all almost also although always am among an and another any
  anybody anyone anything anyway anyways are aren't around as at away back be became because become been
  before being below besides between both but by can can't cannot could couldn't did didn't do does
  doesn't doing don't done down during each either else enough even ever every everybody everyone
  everything except few for from further get gets getting go goes going gonna gotta got gotten had hadn't
  has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
  however i i'd i'll i'm i've if in instead into is isn't it it'd it'll it's its itself just least less
  let let's like likely many may maybe me might mine more most much must mustn't my myself neither never
  no nobody none nor not nothing now of off often oh okay ok on once one ones only onto or other others
  otherwise ought our ours ourselves out over own perhaps please probably quite rather really right same
  say says said see seem seems seemed shall she she'd she'll she's should shouldn't since so some somebody
  someone something sometimes somewhat somewhere still such sure than that that'd that'll that's the their
  theirs them themselves then there there'd there'll there's these they they'd they'll they're they've
  thing things think thought this those though through thus to together too toward towards under unless
  until up upon us very via wanna want wanted wants was wasn't we we'd we'll we're we've well were
  weren't what what's whatever when whenever where where's whereas wherever whether which while who who's
  whoever whole whom whose why will with within without won't would wouldn't yeah yes yep yet you you'd
  you'll you're you've your yours yourself yourselves alright actually basically certainly definitely
  exactly generally just kinda literally obviously pretty really simply totally mean means meant know
  knew known guess suppose supposed bit lot lots kind sort stuff way ways sense fact case point yeah
  okay hey hi hello bye thanks thank sorry cool great good nice fine stuff etcetera etc also yeah
  gonna mhm wow ooh oops fact example instance time times today tomorrow yesterday now then first second
  third next last new old big small little large able already anyway maybe need needs needed make makes
  made making take takes took taken come comes came coming look looks looked looking try tried trying
  give gives gave given put puts keep kept tell told talk talking talked ask asked use used using
  start started work works worked working`
    .split(/\s+/)
    .filter(Boolean),
);

const VOWEL = /[aeiouy]/;
const DOUBLE_END = /([bdfgmnprt])\1$/;

/**
 * A light suffix-stripping stemmer: enough for "price", "prices", "pricing" or "drop", "dropping",
 * "dropped" to meet, cheap enough to run on every token. Stems are keys, never shown.
 */
export function stem(word: string): string {
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ments', 'ment', 'ness', 'ful', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && VOWEL.test(w.slice(0, -suffix.length))) {
      if (suffix === 'ed' && w.endsWith('eed')) break; // need, speed: not a past tense
      w = w.slice(0, -suffix.length);
      if (DOUBLE_END.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

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
