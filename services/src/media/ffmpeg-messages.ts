import { resolve } from 'node:path';

const CONTEXT_PREFIX = /^\[([^\]@]+?) @ 0x[0-9a-f]+\]\s*/i;
const GENERIC = /^(invalid data found when processing input|invalid argument|error opening input files?.*|conversion failed!?)$/i;
// Advice for people typing ffmpeg commands, meaningless in our messages.
const CLI_ADVICE = /^to ignore this, add a trailing '\?' to the map\.?$/i;
const MAX_REASON_CHARS = 400;

/**
 * Turns the tail of ffmpeg/ffprobe stderr into one readable reason: the "[mov @ 0x55…]" context
 * prefixes and our own file paths go (they mean nothing to a user and leak server layout), the
 * specific complaint comes first and the generic "Invalid data found" only when it is all there is.
 */
export function explainFfmpegError(stderr: string, paths: string[] = []): string {
  const ownPaths = paths.flatMap((p) => [`file:${resolve(p)}`, resolve(p), p]).sort((a, b) => b.length - a.length);
  const specific: string[] = [];
  const generic: string[] = [];
  for (const raw of stderr.split('\n')) {
    let line = raw.trim();
    const context = CONTEXT_PREFIX.exec(line);
    if (context) line = line.slice(context[0].length);
    for (const p of ownPaths) line = line.split(`${p}: `).join('').split(p).join('<file>');
    line = line.replace(/\.$/, '');
    if (!line || CLI_ADVICE.test(line)) continue;
    if (/^format not on whitelist/i.test(line)) {
      line = `not an accepted audio or video format${context ? ` (looks like ${context[1]})` : ''}`;
    }
    const bucket = GENERIC.test(line) ? generic : specific;
    if (!bucket.includes(line)) bucket.push(line);
  }
  const reason = (specific.length > 0 ? specific : generic).join('; ') || 'no details from ffmpeg';
  const short = reason.length > MAX_REASON_CHARS ? `…${reason.slice(-MAX_REASON_CHARS)}` : reason;
  return short.charAt(0).toLowerCase() + short.slice(1);
}
