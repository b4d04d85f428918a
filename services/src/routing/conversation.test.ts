import { describe, expect, it } from 'vitest';
import { conversationBefore, isBackchannel, questionMoment, type ConversationTurn } from './conversation.ts';

const turn = (speaker: string, text: string, startS: number): ConversationTurn => ({
  speaker,
  text,
  startMs: startS * 1000,
  endMs: startS * 1000 + 900,
});

// A: asks at 20 s; before it B spoke substantively, then C only said "Mm-hmm."
const meeting = [
  turn('A', 'We need a name for the remote.', 0),
  turn('B', 'I would go with something short, like Zap.', 3),
  turn('A', 'Short is good.', 6),
  turn('D', 'Or we could name it after the colour.', 9),
  turn('A', 'Hmm, maybe.', 12),
  turn('B', 'Zap works in every language we sell in.', 14),
  turn('C', 'Mm-hmm.', 18),
  turn('A', 'So which one do we take? Zap?', 20),
  turn('B', 'Zap.', 24), // the answer: after the question, never evidence
];

describe('conversationBefore', () => {
  it('ranks the others by who last said something substantive, stepping over a backchannel', () => {
    const roles = conversationBefore(meeting, 'A', 20_000);
    expect(roles.get('C')).toMatchObject({ previous: true });
    expect(roles.get('B')).toMatchObject({ previous: false, floorRank: 0 });
    expect(roles.get('D')?.floorRank).toBe(1);
    // C only backchanneled: present, but behind everyone who said something
    expect(roles.get('C')?.floorRank).toBe(2);
    expect(roles.has('A')).toBe(false);
  });

  it('counts who took up the asker’s turns, and nothing said after the question', () => {
    const roles = conversationBefore(meeting, 'A', 20_000);
    // A's turns at 0, 6 and 12 were taken up by B, D and B
    expect(roles.get('B')?.exchange).toBeCloseTo(2 / 3, 6);
    expect(roles.get('D')?.exchange).toBeCloseTo(1 / 3, 6);
    expect(roles.get('C')?.exchange).toBe(0);
    expect(conversationBefore(meeting, 'A', 0).size).toBe(0);
  });
});

describe('questionMoment', () => {
  it("is the start of the speaker's last question turn inside the statement, else its start", () => {
    expect(questionMoment({ speaker: 'A', startMs: 12_000, endMs: 22_000 }, meeting)).toBe(20_000);
    expect(questionMoment({ speaker: 'B', startMs: 3_000, endMs: 4_000 }, meeting)).toBe(3_000);
  });
});

describe('isBackchannel', () => {
  it('knows acknowledgements from content', () => {
    expect(isBackchannel('Mm-hmm.')).toBe(true);
    expect(isBackchannel('Yeah, okay, right.')).toBe(true);
    expect(isBackchannel('')).toBe(true);
    expect(isBackchannel('Yeah, the battery lasts a week.')).toBe(false);
  });
});
