import { resolve } from 'node:path';

/**
 * The demuxers ffmpeg may use on an upload: the containers sniffMedia accepts. Without this list
 * ffmpeg would also open playlists (hls, concat) that make it fetch URLs or read other local files,
 * and would "decode" plain text as an ANSI-art video (the tty demuxer claims *.txt).
 */
export const ACCEPTED_DEMUXERS = [
  'mov',
  'matroska',
  'wav',
  'w64',
  'avi',
  'ogg',
  'flac',
  'mp3',
  'aac',
  'mpegts',
  'asf',
  'aiff',
  'flv',
  'mpeg',
  'amr',
] as const;

/**
 * ffmpeg/ffprobe arguments that open `path` as a local file only (a name with a colon is never
 * taken as a protocol, one starting with '-' never as an option), with the demuxers above.
 */
export function guardedInputArgs(path: string): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', ACCEPTED_DEMUXERS.join(','), '-i', fileUrl(path)];
}

/** An output path for ffmpeg that cannot be mistaken for a protocol or an option. */
export function fileUrl(path: string): string {
  return `file:${resolve(path)}`;
}
