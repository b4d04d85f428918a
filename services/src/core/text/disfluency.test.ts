import { describe, expect, it } from 'vitest';
import { isBackchannel, removeDisfluencies, startsWithFiller, trimAtWord } from './disfluency.ts';

describe('removeDisfluencies', () => {
  it('removes hesitations, discourse fillers, hedges, stutters and the opening marker', () => {
    expect(removeDisfluencies('Um, so, you know, we we should uh kind of drop the the Android app, I mean, uh.')).toBe(
      'We should drop the Android app.',
    );
  });

  it('keeps "you know" and "I mean" where they are the verb', () => {
    expect(removeDisfluencies('Do you know the price of the chip?')).toBe('Do you know the price of the chip?');
    expect(removeDisfluencies('What I mean is the battery.')).toBe('What I mean is the battery.');
  });

  it('keeps "kind of" when it names a kind', () => {
    expect(removeDisfluencies('What kind of battery do we um use?')).toBe('What kind of battery do we use?');
  });

  it("cleans the issue's opening of a meeting down to what was said", () => {
    expect(removeDisfluencies('Mm. Um um wi on on a what? Oh project project documents, yeah, yeah, yeah, okay.')).toBe(
      'On a what? Oh project documents.',
    );
  });

  it('drops false starts: cut words that are said again in full', () => {
    expect(removeDisfluencies('You said uh targ target groups, what does that mean?')).toBe('You said target groups, what does that mean?');
    expect(removeDisfluencies('S so any any questions?')).toBe('Any questions?');
    expect(removeDisfluencies('I think the co costs will also play a big role.')).toBe('I think the costs will also play a big role.');
    expect(removeDisfluencies('I think i in the beginning it should be trendy.')).toBe('I think in the beginning it should be trendy.');
    expect(removeDisfluencies('We need the wi- wireless version.')).toBe('We need the wireless version.');
  });

  it('keeps what follows a restart marked by a capital mid-sentence, or a dash', () => {
    expect(removeDisfluencies("That's the kind of thing That's the level at which we can invite everybody.")).toBe(
      "That's the level at which we can invite everybody.",
    );
    expect(removeDisfluencies("Then So, it's probably fifteen months until the next demo.")).toBe(
      "It's probably fifteen months until the next demo.",
    );
    expect(removeDisfluencies('Anyth - any other uh repo visit reports?')).toBe('Any other repo visit reports?');
    expect(removeDisfluencies("So he doe h he doesn't need help from this group.")).toBe("He doesn't need help from this group.");
    expect(removeDisfluencies('I asked Robert and Ralf about the belief net.')).toBe('I asked Robert and Ralf about the belief net.');
  });

  it('says a repeated phrase once, but keeps emphasis set off by a comma', () => {
    expect(removeDisfluencies("I don't see anything I don't see anything on my computer.")).toBe("I don't see anything on my computer.");
    expect(removeDisfluencies('No, no, that is not what I meant.')).toBe('No, no, that is not what I meant.');
  });

  it('strips what a sentence trails off with, but not a question or a meaning', () => {
    expect(removeDisfluencies('Technical requirements and something yeah.')).toBe('Technical requirements.');
    expect(removeDisfluencies('Is that okay?')).toBe('Is that okay?');
    expect(removeDisfluencies('I think so.')).toBe('I think so.');
    expect(removeDisfluencies('Right now we ship on Monday.')).toBe('Right now we ship on Monday.');
  });

  it('opens on the thought, not on the marker that held the floor', () => {
    expect(removeDisfluencies('Okay, so we need to unplug my laptop and plug in yours.')).toBe(
      'We need to unplug my laptop and plug in yours.',
    );
    expect(removeDisfluencies("'Kay, so the method I was adopting is simple.")).toBe('The method I was adopting is simple.');
  });

  it('keeps numbers and acronyms, and a lone word that is a word', () => {
    expect(removeDisfluencies('We need 2 LCD screens.')).toBe('We need 2 LCD screens.');
    expect(removeDisfluencies('We have 2 20 minute slots.')).toBe('We have 2 20 minute slots.');
    expect(removeDisfluencies('Yeah.')).toBe('Yeah.');
  });

  it('is empty when only fillers were said', () => {
    expect(removeDisfluencies('Um, uh, mm-hmm.')).toBe('');
  });
});

describe('isBackchannel', () => {
  it('is true for acknowledgements and fillers only', () => {
    for (const text of ['Mm-hmm.', 'Yeah, okay, right.', 'Uh-huh', 'All right.', 'Okay. Thank you.'])
      expect(isBackchannel(text)).toBe(true);
  });
  it('is false once something is said', () => {
    for (const text of ['Yeah, the battery is fine.', 'We decided.', 'No signal?']) expect(isBackchannel(text)).toBe(false);
  });
});

describe('startsWithFiller', () => {
  it('flags hesitations and floor-holding openers, not a thought that starts with "so"', () => {
    expect(startsWithFiller('Um the battery')).toBe(true);
    expect(startsWithFiller('Okay, the battery')).toBe(true);
    expect(startsWithFiller('You know, the battery')).toBe(true);
    expect(startsWithFiller('So, the battery')).toBe(true);
    expect(startsWithFiller('So the battery dies')).toBe(false);
    expect(startsWithFiller('The battery dies')).toBe(false);
  });
});

describe('trimAtWord', () => {
  it('cuts at a word boundary with an ellipsis, never after a word the thought hangs on', () => {
    const trimmed = trimAtWord('The migration to partitioned tables starts with the largest orders partition next week.', 40);
    expect(trimmed.length).toBeLessThanOrEqual(40);
    expect(trimmed).toBe('The migration to partitioned tables…');
    expect(trimAtWord('We should move the whole database to the new cluster before the end of March.', 30)).toBe(
      'We should move the whole…',
    );
  });

  it('prefers a clause break in the second half', () => {
    expect(trimAtWord('If the battery dies in a week, we add a solar cell to the remote control.', 45)).toBe(
      'If the battery dies in a week…',
    );
  });

  it('leaves short text alone', () => {
    expect(trimAtWord('Ship on Monday.', 40)).toBe('Ship on Monday.');
  });
});
