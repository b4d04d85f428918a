import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { asrClips, makeAudioFromClip, makeCorruptMedia, makeVideoFromClip, mediaDurationSeconds } from '../fixtures/media.ts';
import { probeMedia } from '../../src/media/probe.ts';
import { runTool } from '../../src/media/run-tool.ts';
import { mediaToolsFrom } from '../../src/media/tools.ts';

const tools = mediaToolsFrom(process.env.FFMPEG_PATH);
const ffmpeg = (args: string[]) => runTool(tools.ffmpeg, ['-nostdin', '-v', 'error', '-y', ...args]);
let tmp: string;
const jfk = () => asrClips().find((c) => c.file.includes('jfk'))!.path;
const odd = () => asrClips().find((c) => c.file.includes('LJ001-0001'))!.path; // 9.655 s at 22.05 kHz

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-probe-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('probeMedia on real media', () => {
  it.each(['mp4', 'webm', 'mkv', 'mov'] as const)('a %s video made from a speech clip', async (format) => {
    const clipMs = (await mediaDurationSeconds(odd())) * 1000;
    const file = await makeVideoFromClip(odd(), path.join(tmp, `talk.${format}`), { format });
    const info = await probeMedia(tools, file);
    expect(info).toMatchObject({ hasVideo: true, hasAudio: true, width: 320, height: 240 });
    // Encoders round to whole frames (10 fps) and add codec delay: within 1.5 frames.
    expect(Math.abs(info.durationMs - clipMs)).toBeLessThan(150);
    expect(info.videoCodec).toBe(format === 'webm' ? 'vp8' : 'h264');
    expect(info.audioCodec).toBe(format === 'webm' ? 'opus' : 'aac');
    expect(info.formatName).toMatch(format === 'webm' || format === 'mkv' ? /matroska/ : /mov,mp4/);
  });

  it.each(['mp3', 'm4a', 'wav', 'ogg', 'webm'] as const)('%s audio is audio only', async (format) => {
    const clipMs = (await mediaDurationSeconds(jfk())) * 1000;
    const info = await probeMedia(tools, await makeAudioFromClip(jfk(), path.join(tmp, `talk-audio.${format}`), format));
    expect(info).toMatchObject({ hasVideo: false, hasAudio: true });
    expect(info.width).toBeUndefined();
    expect(Math.abs(info.durationMs - clipMs)).toBeLessThan(150);
  });

  it('the flac clip as it is', async () => {
    const clip = asrClips().find((c) => c.file.endsWith('.flac'))!.path;
    expect(await probeMedia(tools, clip)).toMatchObject({ durationMs: 10435, hasAudio: true, hasVideo: false, audioCodec: 'flac' });
  });

  it.each(['mp3', 'm4a'] as const)('cover art in %s is not video', async (format) => {
    const file = await makeAudioFromClip(jfk(), path.join(tmp, `with-cover.${format}`), format, { coverArt: true });
    const streams = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file]);
    expect(streams.stdout).toContain('video'); // the picture is there as a stream...
    const info = await probeMedia(tools, file);
    expect(info).toMatchObject({ hasVideo: false, hasAudio: true }); // ...but is not a video
    expect(info.videoCodec).toBeUndefined();
  });

  it('a WebM without a duration in its header (as browsers record) is measured from its packets', async () => {
    const file = path.join(tmp, 'recorded.webm');
    // -live 1 writes the file as a stream: no duration, no cues, like MediaRecorder output.
    await ffmpeg(['-i', jfk(), '-c:a', 'libopus', '-live', '1', '-f', 'webm', file]);
    const header = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    expect(header.stdout.trim()).toBe('N/A');
    const info = await probeMedia(tools, file);
    expect(Math.abs(info.durationMs - 11_000)).toBeLessThan(100);
    expect(info).toMatchObject({ hasAudio: true, hasVideo: false });
  });

  it('a video without sound', async () => {
    const file = path.join(tmp, 'silent.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=10:duration=2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      file,
    ]);
    expect(await probeMedia(tools, file)).toMatchObject({ hasVideo: true, hasAudio: false, durationMs: 2000 });
  });

  it('reports the displayed size of a phone video stored rotated', async () => {
    const stored = path.join(tmp, 'landscape.mp4');
    const rotated = path.join(tmp, 'portrait.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=10:duration=1',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      stored,
    ]);
    await ffmpeg(['-i', stored, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);
    expect(await probeMedia(tools, rotated)).toMatchObject({ width: 240, height: 320 });
  });
});

describe('probeMedia refuses what is not audio or video', () => {
  it('a corrupt mp4 is unreadable, with the reason', async () => {
    const err = await rejection(probeMedia(tools, await makeCorruptMedia(path.join(tmp, 'corrupt.mp4'))));
    expect(err).toMatchObject({ code: 'E_MEDIA_UNREADABLE', status: 422, retryable: false });
    expect(err.message).toBe('the file could not be read as audio or video: moov atom not found');
  });

  it('a text file is unreadable, whatever its name (ffmpeg would read *.txt as an ANSI-art video)', async () => {
    const text = Array.from({ length: 200 }, (_, i) => `Line ${i} of the meeting notes`).join('\n');
    for (const name of ['notes', 'notes.txt', 'notes.mp4']) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      const err = await rejection(probeMedia(tools, file));
      expect(err, name).toMatchObject({ code: 'E_MEDIA_UNREADABLE', status: 422, retryable: false });
      expect(err.message).toMatch(/^the file could not be read as audio or video: /);
      expect(err.message).not.toContain(tmp); // no server paths in user-facing messages
    }
  });

  it('a playlist that would make ffmpeg open other stored files is refused', async () => {
    // Relative names pass ffmpeg's own "safe" checks: another contribution's media is one ../ away.
    await makeVideoFromClip(jfk(), path.join(tmp, 'other-contribution.mp4'), { format: 'mp4' });
    const playlists = {
      'upload-hls': '#EXTM3U\n#EXT-X-TARGETDURATION:11\n#EXTINF:11,\nother-contribution.mp4\n#EXT-X-ENDLIST\n',
      'upload-concat': "ffconcat version 1.0\nfile 'other-contribution.mp4'\n",
    };
    for (const [name, text] of Object.entries(playlists)) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      const unguarded = await runTool(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=format_name', '-of', 'csv=p=0', file]);
      expect(unguarded.stdout.trim(), name).toMatch(/^(hls|concat)$/); // plain ffprobe follows it...
      const err = await rejection(probeMedia(tools, file)); // ...probeMedia does not
      expect(err, name).toMatchObject({ code: 'E_MEDIA_UNREADABLE' });
      expect(err.message).toMatch(/not an accepted audio or video format/);
    }
  });

  it('a readable container with neither audio nor video (only subtitles)', async () => {
    const srt = path.join(tmp, 'only.srt');
    fs.writeFileSync(srt, '1\n00:00:01,000 --> 00:00:02,000\nHello\n');
    const file = path.join(tmp, 'subtitles-only.mkv');
    await ffmpeg(['-i', srt, '-c:s', 'srt', '-f', 'matroska', file]);
    expect(await rejection(probeMedia(tools, file))).toMatchObject({ code: 'E_MEDIA_NO_STREAMS', status: 422, retryable: false });
  });

  it('a missing file is a server problem, not the upload', async () => {
    expect(await rejection(probeMedia(tools, path.join(tmp, 'gone.mp4')))).toMatchObject({ code: 'E_MEDIA_MISSING', status: 500 });
  });

  it('a missing ffprobe says how to fix it', async () => {
    const file = await makeAudioFromClip(jfk(), path.join(tmp, 'fine.wav'), 'wav');
    const err = await rejection(probeMedia(mediaToolsFrom('/nonexistent/bin/ffmpeg'), file));
    expect(err).toMatchObject({ code: 'E_MEDIA_TOOLS_MISSING', status: 500 });
    expect(err.message).toContain('FFMPEG_PATH');
  });
});
