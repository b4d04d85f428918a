import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWavHeader, readWavChunks, wavHeader } from './wav.ts';

// WAV files synthesised in code; ones made and checked with ffmpeg are in services/test/media/wav.test.ts.
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'colloquy-wav-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('WAV header', () => {
  it('rejects what is not a PCM WAV with E_BAD_WAV', () => {
    expect(() => parseWavHeader(Buffer.from('ID3\u0004 not a wav at all'))).toThrow(expect.objectContaining({ code: 'E_BAD_WAV' }));
    const noData = wavHeader({ audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16, blockAlign: 2 }, 0).subarray(0, 36);
    expect(() => parseWavHeader(noData)).toThrow(/no data chunk/);
  });
});

describe('readWavChunks', () => {
  it('cuts in a pause rather than mid-sound', async () => {
    // 10 s of a loud tone with 100 ms of silence at 3.5 s: the 4 s chunk should end in the silence.
    const rate = 16000;
    const data = Buffer.alloc(rate * 10 * 2);
    for (let i = 0; i < rate * 10; i++) {
      const silent = i >= rate * 3.5 && i < rate * 3.6;
      data.writeInt16LE(silent ? 0 : Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
    }
    const file = path.join(dir, 'gap.wav');
    await writeFile(
      file,
      Buffer.concat([wavHeader({ audioFormat: 1, channels: 1, sampleRate: rate, bitsPerSample: 16, blockAlign: 2 }, data.length), data]),
    );
    const chunks = [];
    for await (const chunk of readWavChunks(file, 4000)) chunks.push(chunk);
    expect(chunks[0].endMs).toBeGreaterThanOrEqual(3500);
    expect(chunks[0].endMs).toBeLessThanOrEqual(3600);
  });

  it('yields nothing for a recording without samples', async () => {
    const file = path.join(dir, 'empty.wav');
    await writeFile(file, wavHeader({ audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16, blockAlign: 2 }, 0));
    const chunks = [];
    for await (const chunk of readWavChunks(file, 4000)) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
