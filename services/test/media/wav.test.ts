// WAV files made and checked with ffmpeg and ffprobe from a shared speech clip; synthesised ones are in services/src/media/wav.test.ts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWavHeader, readWavChunks, readWavFormat, sliceWav, wavHeader } from '../../src/media/wav.ts';
import { ASR_DEV_DIR } from '../fixtures/media.ts';

const run = promisify(execFile);
const JFK = path.join(ASR_DEV_DIR, 'audio', 'jfk_inaugural_1961.wav');

async function ffprobe(file: string) {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name,sample_rate,channels:format=duration',
    '-of',
    'json',
    file,
  ]);
  const info = JSON.parse(stdout);
  return { ...info.streams[0], sample_rate: Number(info.streams[0].sample_rate), duration: Number(info.format.duration) };
}

let dir: string;
let jfk: string; // 16 kHz mono s16le as the audio stage writes it (ffmpeg adds a LIST chunk)

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'colloquy-wav-'));
  jfk = path.join(dir, 'jfk.wav');
  await run('ffmpeg', ['-v', 'error', '-i', JFK, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', jfk]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('WAV header', () => {
  it('finds the fmt and data chunks past ffmpeg’s LIST chunk', async () => {
    const format = await readWavFormat(jfk);
    const { size } = await stat(jfk);
    expect(format).toMatchObject({
      audioFormat: 1,
      channels: 1,
      sampleRate: 16000,
      bitsPerSample: 16,
      blockAlign: 2,
      frames: 176000,
      durationMs: 11000,
    });
    expect(format.dataOffset).toBeGreaterThan(44);
    expect(format.dataOffset + format.dataBytes).toBe(size);
  });

  it('sizes the data from the file when the header says "unknown" (output streamed to a pipe)', async () => {
    const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', jfk, '-t', '2', '-f', 'wav', '-'], {
      encoding: 'buffer',
      maxBuffer: 1 << 24,
    });
    expect(stdout.readUInt32LE(4)).toBe(0xffffffff);
    expect(parseWavHeader(stdout).durationMs).toBe(2000);
  });

  it('resolves WAVE_FORMAT_EXTENSIBLE to its PCM sub-format', async () => {
    const file = path.join(dir, 'jfk24.wav');
    await run('ffmpeg', ['-v', 'error', '-i', jfk, '-t', '1', '-c:a', 'pcm_s24le', file]);
    const header = await readFile(file);
    expect(header.readUInt16LE(20)).toBe(0xfffe);
    expect(parseWavHeader(header)).toMatchObject({ audioFormat: 1, bitsPerSample: 24, blockAlign: 3, durationMs: 1000 });
  });

  it('writes canonical headers that ffprobe accepts', async () => {
    const file = path.join(dir, 'silence.wav');
    await writeFile(
      file,
      Buffer.concat([
        wavHeader({ audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16, blockAlign: 2 }, 16000),
        Buffer.alloc(16000),
      ]),
    );
    expect(await ffprobe(file)).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: 16000, channels: 1, duration: 0.5 });
  });
});

describe('sliceWav', () => {
  it('copies exactly the asked range into a valid WAV', async () => {
    const out = path.join(dir, 'slice.wav');
    const format = await sliceWav(jfk, 2000, 3000, out);
    expect(format.durationMs).toBe(3000);
    expect((await stat(out)).size).toBe(44 + 3 * 32000);
    expect(await ffprobe(out)).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: 16000, channels: 1, duration: 3 });

    const source = await readWavFormat(jfk);
    const original = await readFile(jfk);
    const expected = original.subarray(source.dataOffset + 2000 * 32, source.dataOffset + 5000 * 32);
    expect((await readFile(out)).subarray(44).equals(expected)).toBe(true);
  });

  it('clamps a range that runs past the end', async () => {
    const out = path.join(dir, 'tail.wav');
    expect((await sliceWav(jfk, 10_000, 5000, out)).durationMs).toBe(1000);
    expect((await ffprobe(out)).duration).toBe(1);
  });
});

describe('readWavChunks', () => {
  it('covers the recording with contiguous chunks of at most the limit, sample for sample', async () => {
    const chunks = [];
    for await (const chunk of readWavChunks(jfk, 4000)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks[0].startMs).toBe(0);
    expect(chunks[chunks.length - 1].endMs).toBe(11000);
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.index).toBe(i);
      expect(chunk.endMs - chunk.startMs).toBeLessThanOrEqual(4000);
      expect(chunk.endMs - chunk.startMs).toBeGreaterThan(3000); // cut within the last fifth
      if (i > 0) expect(chunk.startMs).toBe(chunks[i - 1].endMs);
      expect(parseWavHeader(chunk.wav).durationMs).toBeCloseTo(chunk.endMs - chunk.startMs, 6);
    }

    const source = await readWavFormat(jfk);
    const samples = (await readFile(jfk)).subarray(source.dataOffset);
    expect(Buffer.concat(chunks.map((c) => c.wav.subarray(44))).equals(samples)).toBe(true);

    const first = path.join(dir, 'chunk0.wav');
    await writeFile(first, chunks[0].wav);
    expect((await ffprobe(first)).duration).toBeCloseTo((chunks[0].endMs - chunks[0].startMs) / 1000, 3);
  });

  it('keeps the last chunk long enough for a server to accept it', async () => {
    const file = path.join(dir, 'just-over.wav');
    await sliceWav(jfk, 0, 4050, file);
    const chunks = [];
    for await (const chunk of readWavChunks(file, 4000)) chunks.push(chunk);
    expect(chunks).toHaveLength(2);
    expect(chunks[1].endMs - chunks[1].startMs).toBeGreaterThanOrEqual(1000);
  });

  it('yields one chunk when the recording is shorter than the limit', async () => {
    const chunks = [];
    for await (const chunk of readWavChunks(jfk, 600_000)) chunks.push(chunk);
    expect(chunks.map((c) => [c.startMs, c.endMs])).toEqual([[0, 11000]]);
  });
});
