import { describe, expect, it } from 'vitest';
import { playerKeyAction, type KeyLike } from './keys';
import { byStart, heatLevel, startFromLink, statementIndexAt, stepSpeed, textParts } from './timeline';
import { WatchedRanges } from './watched';

const statements = byStart([
  { id: 'c', seq: 2, startMs: 20_000 },
  { id: 'a', seq: 0, startMs: 500 },
  { id: 'b', seq: 1, startMs: 12_700 },
]);

describe('the transcript text', () => {
  it('sets the uncertain words apart and keeps every space', () => {
    const parts = textParts('we should ask broccoli griffey now', [3, 4]);
    expect(parts.map((p) => p.text).join('')).toBe('we should ask broccoli griffey now');
    expect(parts.filter((p) => p.uncertain).map((p) => p.text)).toEqual(['broccoli', 'griffey']);
    expect(textParts('all sure here')).toEqual([{ text: 'all sure here', uncertain: false }]);
    expect(textParts('unsure first', [0])).toEqual([
      { text: 'unsure', uncertain: true },
      { text: ' first', uncertain: false },
    ]);
  });
});

describe('the player timeline', () => {
  it('finds the statement said at a moment (in a pause, the one before)', () => {
    expect(statements.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(statementIndexAt(statements, 0)).toBe(-1);
    expect(statementIndexAt(statements, 480)).toBe(0); // a hair before its start still counts
    expect(statementIndexAt(statements, 12_699)).toBe(1);
    expect(statementIndexAt(statements, 19_000)).toBe(1);
    expect(statementIndexAt(statements, 99_000)).toBe(2);
    expect(statementIndexAt([], 5)).toBe(-1);
  });

  it('starts a link at its statement when t is that statement’s whole second', () => {
    expect(startFromLink(statements, '12', 'b')).toBe(12_700);
    expect(startFromLink(statements, '15', 'b')).toBe(15_000); // a moment inside it: t wins
    expect(startFromLink(statements, null, 'c')).toBe(20_000);
    expect(startFromLink(statements, '7.5', null)).toBe(7_500);
    expect(startFromLink(statements, 'soon', 'nope')).toBe(0);
    expect(startFromLink(statements, '-3', null)).toBe(0);
  });

  it('grades reaction heat relative to the most reacted statement', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 10)).toBe(1);
    expect(heatLevel(10, 10)).toBe(4);
    expect(heatLevel(6, 10)).toBe(3);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it('steps speeds between 1× and 2×', () => {
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(1.5, -1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(1);
    expect(stepSpeed(1.1, -1)).toBe(1);
  });
});

describe('watched ranges', () => {
  it('counts what was played, not what was skipped', () => {
    const w = new WatchedRanges();
    for (let ms = 0; ms <= 3000; ms += 250) w.played(ms);
    w.played(10_000); // a seek forward
    w.played(10_250);
    w.played(10_500);
    expect(w.take()).toEqual([
      [0, 3000],
      [10_000, 10_500],
    ]);
    // The open range goes on from where it was reported: nothing is sent twice.
    w.played(10_750);
    w.stop();
    expect(w.take()).toEqual([[10_500, 10_750]]);
    expect(w.take()).toEqual([]);
  });

  it('keeps ranges whose report failed', () => {
    const w = new WatchedRanges();
    w.played(0);
    w.played(1000);
    w.stop();
    const sent = w.take();
    w.restore(sent);
    expect(w.take()).toEqual([[0, 1000]]);
  });

  it('a jump back starts a new range', () => {
    const w = new WatchedRanges();
    w.played(5000);
    w.played(5250);
    w.played(1000);
    w.played(1250);
    expect(w.take()).toEqual([
      [5000, 5250],
      [1000, 1250],
    ]);
  });
});

describe('player keys', () => {
  const key = (k: string, target: Partial<HTMLElement> | null = { tagName: 'BODY' }, mods: Partial<KeyLike> = {}): KeyLike => ({
    key: k,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    target: target as EventTarget,
    ...mods,
  });

  it('maps the shortcuts', () => {
    expect(playerKeyAction(key(' '))).toBe('toggle');
    expect(playerKeyAction(key('j'))).toBe('previous');
    expect(playerKeyAction(key('k'))).toBe('next');
    expect(playerKeyAction(key('ArrowLeft'))).toBe('back');
    expect(playerKeyAction(key('ArrowRight'))).toBe('forward');
    expect(playerKeyAction(key('>'))).toBe('faster');
    expect(playerKeyAction(key('<'))).toBe('slower');
    expect(playerKeyAction(key('x'))).toBe(null);
  });

  it('leaves typing, browser shortcuts and pressing buttons alone', () => {
    expect(playerKeyAction(key('k', { tagName: 'INPUT' }))).toBe(null);
    expect(playerKeyAction(key('j', { tagName: 'TEXTAREA' }))).toBe(null);
    expect(playerKeyAction(key(' ', { tagName: 'SELECT' }))).toBe(null);
    expect(playerKeyAction(key('k', { tagName: 'DIV', isContentEditable: true }))).toBe(null);
    expect(playerKeyAction(key('k', undefined, { ctrlKey: true }))).toBe(null);
    expect(playerKeyAction(key(' ', { tagName: 'BUTTON' }))).toBe(null);
    expect(playerKeyAction(key('k', { tagName: 'BUTTON' }))).toBe('next');
  });
});
