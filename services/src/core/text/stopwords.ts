/**
 * Stopword lists and fillers: words that carry no topic. There is one list per purpose, because a
 * word that never names a topic ("good", "today") still tells two stretches of talk apart, and a
 * ranking baseline must keep its published list to stay comparable. Each list is built from shared
 * groups, so a word is written once for all lists that share it.
 *
 * Words are lower case. Curly apostrophes must already be straight (see `cleanTranscript`).
 */

const list = (words: string): string[] => words.split(/\s+/).filter(Boolean);

/** Articles, pronouns, auxiliaries, prepositions, conjunctions and question words: in every list. */
const FUNCTION_WORDS = list(`
  a about again all also am an and any are as at be been being both but by can could did do does doing down
  each few for from further had has have having he her here him his how i if in into is it its just may me
  might more most must my no nor not of off on once only or other our out over own same she should so some
  such than that the their them then there these they this those to too under up us very was we were what when
  where which who whom why will with would you your`);

/** Function words that the similarity list never had; its calibrated defaults were tuned without them. */
const RARER_FUNCTION_WORDS = list('else shall whose');

/** Contractions, discourse markers, hedges and the vaguest verbs of conversation. */
const CONVERSATION_WORDS = list(`
  above after against anyway aren't because before below between can't cannot couldn't didn't doesn't don't
  during even ever every get gets getting go goes going gonna got hadn't hasn't haven't he'd he'll he's here's
  hers herself himself however i'd i'll i'm i've isn't it's itself let's like many maybe much mustn't myself
  now oh okay one ought ours ourselves probably quite rather really right say says said see she'd she'll she's
  shouldn't something still sure that's theirs themselves there's they'd they'll they're they've thing things
  think though through thus until upon wanna want wasn't we'd we'll we're we've well weren't what's whatever
  where's whether while who's won't wouldn't yeah yes yep yet you'd you'll you're you've yours yourself
  yourselves alright actually basically pretty mean know guess bit lot kind sort stuff way mhm need make`);

/**
 * Words that never name a topic on their own but do describe the talk: greetings, judgements, time
 * words, common verbs and their forms. Keyphrases skip them; topic similarity keeps them.
 */
const TOPICLESS_WORDS = list(`
  across almost although always among another anybody anyone anything anyways around away back became become
  besides done either enough everybody everyone everything except gotta gotten instead it'd it'll least less
  let likely mine neither never nobody none nothing often ok ones onto others otherwise perhaps please seem
  seems seemed since somebody someone sometimes somewhat somewhere that'd that'll there'd there'll thought
  together toward towards unless via wanted wants whenever whereas wherever whoever whole within without
  certainly definitely exactly generally kinda literally obviously simply totally means meant knew known
  suppose supposed lots ways sense fact case point hey hi hello bye thanks thank sorry cool great good nice
  fine etcetera etc wow ooh oops example instance time times today tomorrow yesterday first second third next
  last new old big small little large able already needs needed makes made making take takes took taken come
  comes came coming look looks looked looking try tried trying give gives gave given put puts keep kept tell
  told talk talking talked ask asked use used using start started work works worked working`);

/**
 * What is left of a word after tokenisation splits it: clitics kept apart by transcripts ("we 're"),
 * and the letters an ASCII tokeniser leaves of "it's" and "don't".
 */
const CLITIC_FRAGMENTS = list(`'re 've 'll 's 'd n't`);
const ASCII_FRAGMENTS = list('s t');

/** Sounds that carry no words, as Whisper's English normaliser drops them (plus British/ICSI spellings). */
export const HESITATIONS: ReadonlySet<string> = new Set(list('hmm hm mm mmm mhm uh uhm um umm er erm ah eh'));

/** Hesitations in every spelling, and backchannel noises: no meaning, no weight, removed from gists. */
export const FILLERS: ReadonlySet<string> = new Set([...HESITATIONS, ...list('uhh ahh hmmm huh uh-huh mm-hmm mm-mm uh-uh')]);

export type StopwordList = 'keyphrase' | 'similarity' | 'retrieval';

export const STOPWORDS: Readonly<Record<StopwordList, ReadonlySet<string>>> = Object.freeze({
  /**
   * Keyphrases and topic tags: the longest list. These words separate keyphrase candidates and never
   * become tags on their own.
   */
  keyphrase: new Set([...FUNCTION_WORDS, ...RARER_FUNCTION_WORDS, ...CONVERSATION_WORDS, ...TOPICLESS_WORDS]),
  /**
   * Topic similarity between neighbouring stretches of talk (segmentation): keeps the topicless words,
   * which still tell two stretches apart, and drops the fillers and clitics that survive its tokens.
   */
  similarity: new Set([
    ...FUNCTION_WORDS,
    ...CONVERSATION_WORDS,
    ...CLITIC_FRAGMENTS,
    ...list(`how's when's why's uh um mm hmm mm-hmm ah`),
  ]),
  /**
   * Lexical retrieval (the BM25 baseline): a short list of function words only, so queries keep their
   * content; it reproduces the published QMSum BM25 baseline.
   */
  retrieval: new Set([...FUNCTION_WORDS, ...RARER_FUNCTION_WORDS, ...ASCII_FRAGMENTS]),
});
