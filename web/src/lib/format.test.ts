import { describe, expect, it } from 'vitest';
import { clock, minutes, pipelineProgress, spokenClock, stageDetail } from './format';
import { loginHref, playerHref, safeNext } from './links';

describe('format', () => {
  it('writes media times as people read them', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65_400)).toBe('1:05');
    expect(clock(3_725_000)).toBe('1:02:05');
    expect(spokenClock(65_000)).toBe('1 minute 5 seconds');
    expect(spokenClock(0)).toBe('0 seconds');
    expect(minutes(0)).toBe('0 min');
    expect(minutes(20_000)).toBe('< 1 min');
    expect(minutes(150_000)).toBe('3 min');
  });

  it('measures progress through the whole pipeline', () => {
    expect(pipelineProgress({ status: 'queued', stage: 'probe', progress: 0 })).toBe(0);
    // Recognition is most of the work: 90% of the audio recognised is most of the bar.
    expect(pipelineProgress({ status: 'processing', stage: 'transcribe', progress: 0.9 })).toBeCloseTo((3 + 18) / 28);
    expect(pipelineProgress({ status: 'queued', stage: 'segment', progress: 0 })).toBeCloseTo(23 / 28);
    // A transcript starts at segment: that is its zero.
    expect(pipelineProgress({ status: 'queued', stage: 'segment', progress: 0, source: 'transcript' })).toBe(0);
    expect(pipelineProgress({ status: 'ready', stage: 'profile', progress: 1 })).toBe(1);
  });

  it('says how much of the audio is recognised and how long it should still take', () => {
    expect(stageDetail({ status: 'processing', stage: 'transcribe', progress: 0.72, etaSeconds: 170 })).toBe(
      '72% of the audio · about 3 min left',
    );
    expect(stageDetail({ status: 'processing', stage: 'transcribe', progress: 0.95, etaSeconds: 20 })).toBe(
      '95% of the audio · less than a minute left',
    );
    expect(stageDetail({ status: 'processing', stage: 'transcribe', progress: 0, etaSeconds: null })).toBeUndefined();
    expect(stageDetail({ status: 'queued', stage: 'transcribe', progress: 0 })).toBeUndefined();
  });
});

describe('links', () => {
  it('points into the player at a second and a statement', () => {
    expect(playerHref('c1', 'k1', 65_900, 's1')).toBe('/c/c1/watch/k1?t=65&s=s1');
    expect(playerHref('c1', 'k1')).toBe('/c/c1/watch/k1?t=0');
  });

  it('only ever comes back to a path on this site after signing in', () => {
    expect(loginHref('/c/1?t=2')).toBe('/login?next=%2Fc%2F1%3Ft%3D2');
    expect(loginHref('/')).toBe('/login');
    expect(safeNext('/s/1')).toBe('/s/1');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', null, '']) expect(safeNext(bad)).toBe('/');
  });
});
