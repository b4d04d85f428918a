/**
 * Spelled-out English numbers → digits, so "fifteenth century" and "15th century" compare equal in
 * WER. Same direction as Whisper's English normaliser (words → digits), because recognisers that
 * write digits ("1961") are compared with references that spell them out, and reading digits back
 * into words is ambiguous ("nineteen sixty one" vs "one thousand nine hundred sixty one").
 *
 * Input is a list of lowercase tokens with no punctuation; output is the same list with number
 * phrases replaced. Sequences that are not one cardinal are written digit-group after digit-group,
 * as Whisper does: "nineteen sixty one" → "1961", "one two three" → "123".
 */

const ONES: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** Ordinal word → its cardinal word ("twentieth" → "twenty"). */
const ORDINALS: Record<string, string> = {
  first: 'one',
  second: 'two',
  third: 'three',
  fourth: 'four',
  fifth: 'five',
  sixth: 'six',
  seventh: 'seven',
  eighth: 'eight',
  ninth: 'nine',
  tenth: 'ten',
  eleventh: 'eleven',
  twelfth: 'twelve',
  thirteenth: 'thirteen',
  fourteenth: 'fourteen',
  fifteenth: 'fifteen',
  sixteenth: 'sixteen',
  seventeenth: 'seventeen',
  eighteenth: 'eighteen',
  nineteenth: 'nineteen',
  twentieth: 'twenty',
  thirtieth: 'thirty',
  fortieth: 'forty',
  fiftieth: 'fifty',
  sixtieth: 'sixty',
  seventieth: 'seventy',
  eightieth: 'eighty',
  ninetieth: 'ninety',
  hundredth: 'hundred',
  thousandth: 'thousand',
  millionth: 'million',
  billionth: 'billion',
};

type Kind = 'ones' | 'teen' | 'tens' | 'hundred' | 'scale';

function kindOf(word: string): Kind | null {
  if (word in ONES) return 'ones';
  if (word in TEENS) return 'teen';
  if (word in TENS) return 'tens';
  if (word === 'hundred') return 'hundred';
  if (word in SCALES) return 'scale';
  return null;
}

const isNumberWord = (w: string) => kindOf(ORDINALS[w] ?? w) !== null;

function ordinalSuffix(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
}

/** One cardinal being read ("two thousand three hundred and five"). */
class Cardinal {
  total = 0; // completed thousands/millions/… part
  current = 0; // the part below the last scale word
  last: Kind | null = null;
  lastScale = Infinity;

  /** Adds a word if it continues this cardinal; false when it must start a new one. */
  add(word: string): boolean {
    const kind = kindOf(word)!;
    const free = this.last === null || this.last === 'hundred' || this.last === 'scale';
    switch (kind) {
      case 'ones':
        if (!(free || this.last === 'tens')) return false;
        this.current += ONES[word];
        break;
      case 'teen':
      case 'tens':
        if (!free) return false;
        this.current += kind === 'teen' ? TEENS[word] : TENS[word];
        break;
      case 'hundred':
        if (this.last === 'hundred' || (this.last !== null && (this.current % 100 === 0 || this.current >= 100))) return false;
        this.current = (this.current || 1) * 100;
        break;
      case 'scale': {
        const scale = SCALES[word];
        if (scale >= this.lastScale || this.last === 'scale') return false;
        this.total += (this.current || 1) * scale;
        this.current = 0;
        this.lastScale = scale;
        break;
      }
    }
    this.last = kind;
    return true;
  }

  /** "and" belongs to the number only between a hundred/scale word and the rest ("one hundred and five"). */
  acceptsAnd(): boolean {
    return this.last === 'hundred' || this.last === 'scale';
  }

  get value() {
    return this.total + this.current;
  }
}

/** Replaces every run of number words in `tokens` with digits. */
export function wordsToDigits(tokens: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isNumberWord(tokens[i])) {
      out.push(tokens[i++]);
      continue;
    }
    const groups: string[] = [];
    let cardinal = new Cardinal();
    let suffix = '';
    while (i < tokens.length) {
      const token = tokens[i];
      if (token === 'and' && cardinal.acceptsAnd() && i + 1 < tokens.length && isNumberWord(tokens[i + 1])) {
        i++;
        continue;
      }
      if (!isNumberWord(token)) break;
      const ordinalOf = ORDINALS[token];
      const word = ordinalOf ?? token;
      if (!cardinal.add(word)) {
        groups.push(String(cardinal.value));
        cardinal = new Cardinal();
        cardinal.add(word);
      }
      i++;
      if (ordinalOf) {
        suffix = ordinalSuffix(cardinal.value);
        break; // an ordinal ends the number: "fifteenth century"
      }
    }
    groups.push(String(cardinal.value));
    out.push(groups.join('') + suffix);
  }
  return out;
}
