import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, sniffCaptions, sniffMedia } from './sniff.ts';

// Sniffing made-up bytes; real encoded files (ffmpeg, the shared speech clips) are in services/test/media/sniff.test.ts.
describe('sniffMedia rejects what is not audio or video', () => {
  it('text, captions, JSON and HTML', () => {
    for (const text of [
      'Hello, this is just a text file.\nWith two lines.\n',
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n',
      '{"ftyp": "isom", "moov": true}',
      '<!doctype html><html><body>ftypisom</body></html>',
      '',
    ]) {
      expect(sniffMedia(Buffer.from(text))).toBeNull();
    }
  });

  it('random bytes (deterministic seeds)', () => {
    for (let seed = 0; seed < 500; seed++) {
      const blocks = Array.from({ length: SNIFF_BYTES / 32 }, (_, i) => createHash('sha256').update(`${seed}:${i}`).digest());
      expect(sniffMedia(Buffer.concat(blocks)), `seed ${seed}`).toBeNull();
    }
  });

  it('images in the ISO box format (HEIC, AVIF)', () => {
    const box = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}\0\0\0\0mif1${brand}`, 'latin1')]);
    expect(sniffMedia(box('heic'))).toBeNull();
    expect(sniffMedia(box('avif'))).toBeNull();
  });
});

describe('sniffCaptions', () => {
  it('WebVTT by its header, with or without a byte order mark', () => {
    expect(sniffCaptions('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n')).toBe('vtt');
    expect(sniffCaptions('\uFEFFWEBVTT - exported by Zoom\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nAda: Hello\r\n')).toBe('vtt');
    expect(sniffCaptions('WEBVTT')).toBe('vtt');
  });

  it('SRT by its first numbered cue', () => {
    expect(sniffCaptions('1\n00:00:01,000 --> 00:00:02,500\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n')).toBe('srt');
    expect(sniffCaptions('\uFEFF\r\n1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n')).toBe('srt');
  });

  it('anything else is not captions', () => {
    expect(sniffCaptions('WEBVTTX\n')).toBeNull();
    expect(sniffCaptions('Just some notes about the meeting.\n00:00:01,000 --> 00:00:02,000')).toBeNull();
    expect(sniffCaptions('1\nHello there\n')).toBeNull();
    expect(sniffCaptions('')).toBeNull();
  });
});
