import { describe, expect, it } from 'vitest';
import { DIALOGUE_ACTS } from '../ports.ts';
import { asksQuestion, classifyAct, classifyActs } from './acts.ts';

const actOf = (text: string, previous?: { text: string; speaker: string | null }, speaker: string | null = 'B') =>
  classifyAct(text, { speaker, previous: previous ?? null }).act;

describe('dialogue acts: clear examples', () => {
  it.each([
    'What do you think about the new pricing?',
    'Did anyone test the export on Windows?',
    'Which one should we ship first?',
    'how long will the migration take', // unpunctuated recogniser output
    'I was wondering whether the API is stable enough.',
  ])('question: %s', (text) => expect(actOf(text)).toBe('question'));

  it.each([
    "Let's move the launch to April.",
    'We could use a cheaper chip for the base model.',
    'How about a dark mode for the mobile app.',
    'I suggest we drop the Android app for now.',
    'It would be good to have a second reviewer on this.',
  ])('proposal: %s', (text) => expect(actOf(text)).toBe('proposal'));

  it.each([
    "We decided to go with the rubber case, so that's settled.",
    "Okay, so we'll go with the yellow one.",
    'The decision is to keep the price at twenty five euros.',
    "We've agreed on two releases a year.",
  ])('decision: %s', (text) => expect(actOf(text)).toBe('decision'));

  it.each([
    "I'll send the revised budget by Friday.",
    'Maria will prepare the slides for the next meeting.',
    'Action item: Tom checks the licence terms.',
    "I'm going to email the vendor tomorrow.",
  ])('action item: %s', (text) => expect(actOf(text)).toBe('action_item'));

  it.each([
    "I'm worried that the battery won't last a full day.",
    'The problem is that nobody owns the deployment scripts.',
    "That's too expensive for the student market.",
    "Unfortunately the new parser doesn't work with old files.",
  ])('concern: %s', (text) => expect(actOf(text)).toBe('concern'));

  it('answer: right after another speaker asked, especially starting with yes/no/because', () => {
    const question = { text: 'Is the export working again?', speaker: 'A' };
    expect(actOf('Yes, it works since the last release.', question)).toBe('answer');
    expect(actOf('Because the cache was stale, it failed twice.', question)).toBe('answer');
    expect(actOf('It works since the last release.', question)).toBe('answer');
  });

  it('not an answer when the same speaker goes on, or nobody asked', () => {
    expect(actOf('Yes, it works since the last release.', { text: 'Is the export working again?', speaker: 'B' })).toBe('information');
    expect(actOf('Yes, it works since the last release.', { text: 'The export was broken.', speaker: 'A' })).toBe('information');
  });

  it.each([
    'The prototype weighs about two hundred grams and uses a standard battery.',
    'Last week we interviewed twelve customers in three cities.',
  ])('information: %s', (text) => expect(actOf(text)).toBe('information'));
});

describe('dialogue acts: statement level', () => {
  it('picks the strongest cue across sentences, decisions before questions', () => {
    const text = 'So we went through all three options. We decided to go with the rubber case. Any questions?';
    expect(actOf(text)).toBe('decision');
  });

  it('a statement that ends on a question is a question, even after information', () => {
    const text = 'The factory quoted twelve euros per unit for the titanium case. Can we afford that?';
    expect(actOf(text)).toBe('question');
  });

  it('reads "let\'s see" as thinking aloud, not a proposal', () => {
    expect(actOf("Let's see, the numbers are on the second slide.")).toBe('information');
  });

  it('a declarative sentence in a punctuated transcript is not a question by word order alone', () => {
    expect(actOf('What I mean is that the parser is fine.')).toBe('information');
    expect(actOf('Which is what we expected.')).toBe('information');
  });

  it('ignores fillers and stutters when matching cues', () => {
    expect(actOf("Um so uh I'll I'll uh send the the draft by um Monday.")).toBe('action_item');
  });

  it('gives a confidence in 0..1 and names the cue', () => {
    for (const text of ['Could we ship on Monday?', 'We talked to the vendor.', "I'm worried about the deadline."]) {
      const label = classifyAct(text);
      expect(DIALOGUE_ACTS).toContain(label.act);
      expect(label.confidence).toBeGreaterThan(0);
      expect(label.confidence).toBeLessThanOrEqual(1);
      expect(label.cue).toBeTruthy();
    }
  });

  it('labels a contribution in order, each statement seeing the previous one', () => {
    const labels = classifyActs([
      { text: 'Should we support Safari in the first release?', speaker: 'A' },
      { text: 'No, the usage numbers are too small for now.', speaker: 'B' },
      { text: 'The beta starts in May.', speaker: 'B' },
    ]);
    expect(labels.map((l) => l.act)).toEqual(['question', 'answer', 'information']);
  });

  it('asksQuestion looks at the last sentence', () => {
    expect(asksQuestion('We tried it. Did it work for you?')).toBe(true);
    expect(asksQuestion('Did it work? Yes it did.')).toBe(false);
  });
});
