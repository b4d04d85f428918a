import { describe, expect, it } from 'vitest';
import { clampTrim, levelFromSamples, mediaErrorMessage, parseLimitSeconds, pickRecordingType, recordingFileName } from './media';

describe('recording helpers', () => {
  it('picks WebM where the browser records it, MP4 otherwise', () => {
    const chromium = (t: string) => t.startsWith('video/webm') || t.startsWith('audio/webm');
    const safari = (t: string) => t === 'video/mp4' || t === 'audio/mp4';
    expect(pickRecordingType(true, chromium)).toBe('video/webm;codecs=vp9,opus');
    expect(pickRecordingType(false, chromium)).toBe('audio/webm;codecs=opus');
    expect(pickRecordingType(true, safari)).toBe('video/mp4');
    expect(pickRecordingType(false, () => false)).toBe('');
    expect(recordingFileName('video/webm;codecs=vp8,opus')).toBe('recording.webm');
    expect(recordingFileName('audio/mp4')).toBe('recording.mp4');
    expect(recordingFileName('audio/ogg;codecs=opus')).toBe('recording.ogg');
  });

  it('reads a time limit in seconds', () => {
    expect(parseLimitSeconds(6)).toBe(6000);
    expect(parseLimitSeconds('90')).toBe(90_000);
    expect(parseLimitSeconds(null)).toBe(null);
    expect(parseLimitSeconds('')).toBe(null);
    expect(parseLimitSeconds(0)).toBe(null);
    expect(parseLimitSeconds('soon')).toBe(null);
  });

  it('measures the level in decibels', () => {
    expect(levelFromSamples(new Float32Array(512))).toBe(0);
    expect(levelFromSamples(new Float32Array(512).fill(1))).toBe(1);
    expect(levelFromSamples(new Float32Array(512).fill(0.001))).toBeCloseTo(0, 5); // -60 dB
    expect(levelFromSamples(new Float32Array(512).fill(0.0316))).toBeCloseTo(0.5, 1); // -30 dB
  });

  it('keeps trims inside the take and at least half a second long', () => {
    expect(clampTrim(500, 5500, 6000)).toEqual({ startMs: 500, endMs: 5500 });
    expect(clampTrim(-100, 9000, 6000)).toEqual({ startMs: 0, endMs: 6000 });
    expect(clampTrim(3000, 3200, 6000)).toBe(null);
    expect(clampTrim(5000, 1000, 6000)).toBe(null);
  });

  it('says what to do when the camera cannot start', () => {
    expect(mediaErrorMessage({ name: 'NotAllowedError' })).toMatch(/refused/);
    expect(mediaErrorMessage({ name: 'NotFoundError' })).toMatch(/No camera or microphone/);
    expect(mediaErrorMessage(new Error('boom'))).toMatch(/boom/);
  });
});
