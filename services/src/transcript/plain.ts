/**
 * A transcript as plain text, as meeting tools export it next to their captions (Zoom's and
 * Meet's .txt, Teams' copied transcript) or as people type it: "Name: what they said" lines, each
 * optionally opened by a time ("[00:01:02]", "01:02", "(1:02:03)"), or a line with a time (and a
 * name) alone above what was said. Lines without a name continue the speaker before them; a blank
 * line starts a new turn. Turns without a time are placed by reading pace after the last known one.
 */
import { AppError } from '../core/errors.ts';
import type { TranscriptSegment } from '../core/transcript.ts';
import { namePrefix, parseCaptions } from './captions.ts';

/** A spoken pace for turns whose time the text does not give. */
const WORDS_PER_MINUTE = 150;
const MIN_TURN_MS = 1_000;

const TIME = String.raw`(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,]\d{1,3})?`;
/** A time opening a line, bracketed or not, then what follows it. */
const LEADING_TIME = new RegExp(String.raw`^[[(]?${TIME}[\])]?(?:\s*[-–—:]\s*|\s+|$)(.*)$`);
/** "Ana Host 00:01:02" or "Ana Host (1:02)" alone on a line: a header for the lines below (Teams, Meet). */
const NAME_THEN_TIME = new RegExp(String.raw`^(\p{Lu}[\p{L}\p{M}.'’ -]{0,60}?)\s+[[(]?${TIME}[\])]?$`, 'u');

interface Turn {
  speaker: string | null;
  atMs: number | null;
  lines: string[];
}

const msOf = (h: string | undefined, m: string, s: string) => ((Number(h ?? 0) * 60 + Number(m)) * 60 + Number(s)) * 1000;

/** A caption file (WebVTT, SRT) or a plain transcript, whichever the text is. */
export function parseTranscriptText(text: string): TranscriptSegment[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLines = body.trimStart().split(/\r\n|\r|\n/, 2);
  if (/^WEBVTT/.test(firstLines[0] ?? '') || (/^\d+$/.test(firstLines[0]?.trim() ?? '') && firstLines[1]?.includes('-->')))
    return parseCaptions(body);
  return parsePlainTranscript(body);
}

export function parsePlainTranscript(text: string): TranscriptSegment[] {
  const turns: Turn[] = [];
  let current: Turn | null = null;
  let speaker: string | null = null;
  const open = (atMs: number | null) => {
    current = { speaker, atMs, lines: [] };
    turns.push(current);
    return current;
  };
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '') {
      current = null;
      continue;
    }
    const header = NAME_THEN_TIME.exec(line);
    if (header) {
      speaker = header[1].trim();
      open(msOf(header[2], header[3], header[4]));
      continue;
    }
    let atMs: number | null = null;
    let rest = line;
    const timed = LEADING_TIME.exec(line);
    if (timed) {
      atMs = msOf(timed[1], timed[2], timed[3]);
      rest = timed[4].trim();
    }
    const named = namePrefix(rest);
    if (named) {
      speaker = named.name;
      open(atMs).lines.push(named.rest);
    } else if (atMs !== null) {
      const turn = open(atMs);
      if (rest) turn.lines.push(rest);
    } else {
      (current ?? open(null)).lines.push(rest);
    }
  }
  const spoken = turns.filter((t) => t.lines.join(' ').trim() !== '');
  if (spoken.length === 0) throw new AppError('E_EMPTY_TRANSCRIPT', 'the transcript has no text', 400);
  return placeInTime(spoken);
}

/** Known times stay; the rest follow the turn before at speaking pace; each ends where the next starts. */
function placeInTime(turns: Turn[]): TranscriptSegment[] {
  const texts = turns.map((t) => t.lines.join(' ').replace(/\s+/g, ' ').trim());
  const spokenMs = texts.map((t) => Math.max(MIN_TURN_MS, Math.round((t.split(' ').length * 60_000) / WORDS_PER_MINUTE)));
  const starts: number[] = [];
  turns.forEach((t, i) => {
    const estimated = i === 0 ? 0 : starts[i - 1] + spokenMs[i - 1];
    // A time that goes backwards is a typo or a restart of the clock: keep the order instead.
    starts.push(t.atMs !== null && (i === 0 || t.atMs >= starts[i - 1]) ? t.atMs : estimated);
  });
  return turns.map((t, i) => {
    const next = starts[i + 1];
    const endMs = next !== undefined && next > starts[i] ? next : starts[i] + spokenMs[i];
    return { startMs: starts[i], endMs, speaker: t.speaker, text: texts[i] };
  });
}
