import { describe, expect, it } from 'vitest';
import { stem } from './stem.ts';

describe('porter', () => {
  // Examples from Porter (1980).
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['rational', 'ration'],
    ['triplicate', 'triplic'],
    ['formative', 'form'],
    ['revival', 'reviv'],
    ['adjustable', 'adjust'],
    ['adoption', 'adopt'],
    ['controll', 'control'],
    ['generalizations', 'gener'],
    ['oscillators', 'oscil'],
    ['discussed', 'discuss'],
    ['discussion', 'discuss'],
  ])('%s → %s', (word, expected) => expect(stem(word, 'porter')).toBe(expected));
});

describe('light', () => {
  it.each([
    [['price', 'prices', 'pricing'], 'pric'],
    [['drop', 'dropping', 'dropped'], 'drop'],
    [['battery', 'batteries'], 'batteri'],
    [['discuss', 'discussed', 'discusses'], 'discuss'],
  ])('%j all become %s', (forms, expected) => {
    for (const form of forms) expect(stem(form, 'light')).toBe(expected);
  });

  it('reads -eed as no past tense, drops possessives and keeps -us words whole', () => {
    expect(stem('need', 'light')).toBe('need');
    expect(stem('speed', 'light')).toBe('speed');
    expect(stem("team's", 'light')).toBe('team');
    expect(stem('bus', 'light')).toBe('bus');
    expect(stem('bus', 'porter')).toBe('bu');
  });

  it('keeps words apart that only Porter conflates', () => {
    expect(stem('general', 'light')).not.toBe(stem('generation', 'light'));
    expect(stem('general', 'porter')).toBe(stem('generation', 'porter'));
  });
});

describe('inflection', () => {
  it.each([
    ['designing', 'design'],
    ['prices', 'price'],
    ['companies', 'company'],
    ['talked', 'talk'],
    ['class', 'class'],
    ['sing', 'sing'],
    ['bed', 'bed'],
  ])('%s → %s', (word, expected) => expect(stem(word, 'inflection')).toBe(expected));

  it('strips only inflections, never derivational suffixes', () => {
    expect(stem('payment', 'inflection')).toBe('payment');
    expect(stem('payment', 'light')).toBe('pay');
  });
});
