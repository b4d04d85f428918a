// Sniffing real files encoded with ffmpeg from the shared speech clips; made-up bytes are in services/src/media/sniff.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asrClips, makeAudioFromClip, makeCorruptMedia, makeVideoFromClip } from '../fixtures/media.ts';
import { runTool } from '../../src/media/run-tool.ts';
import { SNIFF_BYTES, sniffMedia } from '../../src/media/sniff.ts';
import { mediaToolsFrom } from '../../src/media/tools.ts';

const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
let tmp: string;
const clip = () => asrClips().find((c) => c.file.includes('jfk'))!.path;
const flacClip = () => asrClips().find((c) => c.file.endsWith('.flac'))!.path;

/** The head of a file, as the upload route sees it; the file gets a misleading name on purpose. */
const headOf = (file: string) => fs.readFileSync(file).subarray(0, SNIFF_BYTES);

/** Encodes the clip with raw ffmpeg arguments into a file named without a telling extension. */
async function encode(name: string, args: string[]): Promise<string> {
  const out = path.join(tmp, `${name}.bin`);
  await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', clip(), '-t', '3', ...args, out]);
  return out;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-sniff-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sniffMedia on real files', () => {
  it.each([
    ['mp4', 'video/mp4', 'mp4', 'either'],
    ['webm', 'video/webm', 'webm', 'either'],
    ['mkv', 'video/x-matroska', 'matroska', 'either'],
    ['mov', 'video/quicktime', 'mov', 'either'],
  ] as const)('video %s', async (format, mime, container, kind) => {
    // Named .txt: only the bytes may decide.
    const file = await makeVideoFromClip(clip(), path.join(tmp, `video-${format}.txt`), { format });
    expect(sniffMedia(headOf(file))).toEqual({ mime, container, kind });
  });

  it.each([
    ['mp3', 'audio/mpeg', 'mp3', 'audio'],
    ['m4a', 'audio/mp4', 'm4a', 'audio'],
    ['wav', 'audio/wav', 'wav', 'audio'],
    ['ogg', 'audio/ogg', 'ogg', 'audio'],
    ['webm', 'video/webm', 'webm', 'either'],
  ] as const)('audio %s', async (format, mime, container, kind) => {
    const file = await makeAudioFromClip(clip(), path.join(tmp, `audio-${format}.dat`), format);
    expect(sniffMedia(headOf(file))).toEqual({ mime, container, kind });
  });

  it('mp3 with a large cover picture in its ID3 tag', async () => {
    const file = await makeAudioFromClip(clip(), path.join(tmp, 'cover.mp3'), 'mp3', { coverArt: true });
    expect(sniffMedia(headOf(file))?.container).toBe('mp3');
  });

  it('flac (a real LibriSpeech file)', () => {
    expect(sniffMedia(headOf(flacClip()))).toEqual({ mime: 'audio/flac', container: 'flac', kind: 'audio' });
  });

  it.each([
    [
      'mp3 without any ID3 tag (bare frame sync)',
      ['-c:a', 'libmp3lame', '-b:a', '64k', '-id3v2_version', '0', '-write_id3v1', '0', '-f', 'mp3'],
      'mp3',
    ],
    ['raw ADTS aac', ['-c:a', 'aac', '-b:a', '64k', '-f', 'adts'], 'aac'],
    ['opus in ogg', ['-c:a', 'libopus', '-f', 'ogg'], 'ogg'],
    ['avi', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=5:duration=3', '-c:v', 'mjpeg', '-c:a', 'pcm_s16le', '-f', 'avi'], 'avi'],
    [
      'mpeg-ts',
      [
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=160x120:rate=5:duration=3',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        '-f',
        'mpegts',
      ],
      'mpegts',
    ],
    ['asf (wma)', ['-c:a', 'wmav2', '-f', 'asf'], 'asf'],
    ['aiff', ['-c:a', 'pcm_s16be', '-f', 'aiff'], 'aiff'],
    ['3gp', ['-ar', '8000', '-ac', '1', '-c:a', 'aac', '-f', '3gp'], '3gp'],
    ['flac', ['-c:a', 'flac', '-f', 'flac'], 'flac'],
  ])('%s', async (name, args, container) => {
    const file = await encode(name.replace(/\W+/g, '-'), args);
    expect(sniffMedia(headOf(file))?.container).toBe(container);
  });

  it('flac with an ID3v2 tag in front (some taggers add one)', () => {
    const title = Buffer.from('\x03A title', 'latin1'); // encoding byte, then text
    const frame = Buffer.concat([Buffer.from('TIT2', 'latin1'), Buffer.from([0, 0, 0, title.length, 0, 0]), title]);
    const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, frame.length]);
    const tagged = Buffer.concat([header, frame, headOf(flacClip())]).subarray(0, SNIFF_BYTES);
    expect(sniffMedia(tagged)?.container).toBe('flac');
  });

  it('the corrupt fixture still sniffs as mp4 (ffprobe is what rejects it)', async () => {
    const file = await makeCorruptMedia(path.join(tmp, 'corrupt.mp4'));
    expect(sniffMedia(headOf(file))?.container).toBe('mp4');
  });

  it('works from a short head (a tiny file)', async () => {
    const file = await makeAudioFromClip(clip(), path.join(tmp, 'short.wav'), 'wav');
    expect(sniffMedia(fs.readFileSync(file).subarray(0, 12))?.container).toBe('wav');
  });
});

describe('sniffMedia rejects images', () => {
  it('in other formats than the ISO box (PNG)', async () => {
    const png = path.join(tmp, 'picture.png');
    await runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=64x48', '-frames:v', '1', png]);
    expect(sniffMedia(headOf(png))).toBeNull();
  });
});
