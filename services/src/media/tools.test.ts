import { describe, expect, it } from 'vitest';
import { mediaToolsFrom } from './tools.ts';

describe('mediaToolsFrom', () => {
  it('defaults to ffmpeg and ffprobe on PATH', () => {
    expect(mediaToolsFrom()).toEqual({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
    expect(mediaToolsFrom('  ')).toEqual({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
  });

  it('takes ffprobe from the folder of FFMPEG_PATH', () => {
    expect(mediaToolsFrom('/opt/ffmpeg-6/bin/ffmpeg')).toEqual({
      ffmpeg: '/opt/ffmpeg-6/bin/ffmpeg',
      ffprobe: '/opt/ffmpeg-6/bin/ffprobe',
    });
    expect(mediaToolsFrom('ffmpeg6')).toEqual({ ffmpeg: 'ffmpeg6', ffprobe: 'ffprobe' });
  });
});
