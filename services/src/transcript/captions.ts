/**
 * Caption files in and out: WebVTT and SRT as uploaded with a recording (Zoom, Teams, Meet,
 * YouTube, editors), parsed into transcript segments with speakers where the file names them; and
 * WebVTT written back from transcript segments for the player.
 */
import { stripControlChars } from '@colloquy/contract';
import { AppError } from '../core/errors.ts';
import type { TimedWord, TranscriptSegment } from '../core/transcript.ts';

const badCaptions = (message: string) => new AppError('E_BAD_CAPTIONS', message, 400);

// ---------------------------------------------------------------------------------------------
// Parsing

interface RawCue {
  startMs: number;
  endMs: number;
  lines: string[];
}

/**
 * At most this many cues in one caption file or transcript: over five hours at one cue a second,
 * more than any meeting tool writes. Counted before anything is parsed, so a file of 60,000 cues
 * costs a scan, not seconds of parsing on the server's event loop.
 */
export const MAX_CAPTION_CUES = 20_000;

/** Control characters (a NUL from a broken tool) are dropped, not refused: see contract/src/text.ts. */
export function parseCaptions(text: string): TranscriptSegment[] {
  const timings = text.split('-->').length - 1;
  if (timings > MAX_CAPTION_CUES)
    throw new AppError('E_TOO_MANY_CUES', `the file has ${timings} cue timings; at most ${MAX_CAPTION_CUES} are accepted`, 413);
  const lines = stripControlChars(text.replace(/^\uFEFF/, '')).split(/\r\n|\r|\n/);
  const format = detectFormat(lines);
  const cues = dropRollingRepeats(readCues(lines, format));
  const segments = assignSpeakers(cues);
  if (segments.length === 0) throw badCaptions(`the ${format === 'vtt' ? 'WebVTT' : 'SRT'} file has no cues with text`);
  return segments
    .map((segment, i) => ({ segment, i }))
    .sort((a, b) => a.segment.startMs - b.segment.startMs || a.i - b.i)
    .map(({ segment }) => segment);
}

export interface ClampedCaptions {
  segments: TranscriptSegment[];
  /** Set when the file ran past the media: what was cut, in words an operator can act on. */
  warning: string | null;
}

/**
 * Caption times kept inside the media: a cue that starts after the media's end is dropped, one
 * that runs past it ends there. A caption file for a longer cut of the recording, or with an
 * offset, would otherwise point the player past the end.
 */
export function clampToMedia(segments: TranscriptSegment[], mediaMs: number): ClampedCaptions {
  const end = Math.floor(mediaMs);
  const kept: TranscriptSegment[] = [];
  let dropped = 0;
  let cut = 0;
  for (const s of segments) {
    if (s.startMs >= end) {
      dropped++;
      continue;
    }
    if (s.endMs > end) cut++;
    if (s.endMs <= end) {
      kept.push(s);
      continue;
    }
    const words = s.words?.filter((w) => w.startMs < end).map((w) => ({ ...w, endMs: Math.min(w.endMs, end) }));
    kept.push({ ...s, endMs: end, ...(words ? { words } : {}) });
  }
  const latest = Math.max(0, ...segments.map((s) => s.endMs));
  const warning =
    dropped || cut
      ? `the caption file runs to ${(latest / 1000).toFixed(1)} s, past the media's end at ${(end / 1000).toFixed(1)} s: ` +
        `${dropped} cue(s) after the end dropped, ${cut} cut at the end`
      : null;
  return { segments: kept, warning };
}

function detectFormat(lines: string[]): 'vtt' | 'srt' {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw badCaptions('the caption file is empty');
  const line = lines[first].trim();
  if (/^WEBVTT(?:[ \t].*)?$/.test(line)) return 'vtt';
  const timingLine = /^\d+$/.test(line) ? lines[first + 1] : line;
  if (timingLine?.includes('-->')) return 'srt';
  throw badCaptions(
    `line ${first + 1}: not a caption file: expected "WEBVTT" or an SRT cue ` +
      `(a number, then a timing like "00:00:01,000 --> 00:00:04,000"), found "${clip(line)}"`,
  );
}

/**
 * Line by line: a timing line opens a cue, an empty line closes it. Only a truly empty line ends a
 * cue: YouTube writes lines holding a single space inside its cues.
 */
function readCues(lines: string[], format: 'vtt' | 'srt'): RawCue[] {
  const cues: RawCue[] = [];
  let state: 'header' | 'idle' | 'skip' | 'cue' = format === 'vtt' ? 'header' : 'idle';
  let cue: RawCue | null = null;
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (state !== 'skip' && line.includes('-->') && (state !== 'cue' || LOOKS_LIKE_TIMING.test(line))) {
      // An SRT file that lost the blank line before a cue number: that number is not cue text.
      if (state === 'cue' && cue && /^\d+$/.test(cue.lines[cue.lines.length - 1]?.trim() ?? '')) cue.lines.pop();
      cue = { ...parseTiming(line, lineNo), lines: [] };
      cues.push(cue);
      state = 'cue';
    } else if (line === '') {
      state = 'idle';
    } else if (state === 'cue') {
      cue!.lines.push(line);
    } else if (state === 'idle' && format === 'vtt' && /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(line)) {
      state = 'skip';
    }
    // Anything else is a header line, a comment or a cue identifier: not cue text.
  });
  return cues.filter((c) => c.lines.some((l) => l.trim() !== ''));
}

/** Inside a cue, "-->" only starts a new cue when the line opens with a timestamp. */
const LOOKS_LIKE_TIMING = /^\s*[\d:.,]+\s*-->/;

const TIMESTAMP = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,:](\d{1,3}))?$/;

function parseTiming(line: string, lineNo: number): { startMs: number; endMs: number } {
  const match = /^\s*(\S+)\s*-->\s*(\S+)(?:\s.*)?$/.exec(line);
  if (!match) throw badCaptions(`line ${lineNo}: cannot read the cue timing "${clip(line)}"`);
  const startMs = parseTimestamp(match[1], lineNo);
  const endMs = parseTimestamp(match[2], lineNo);
  if (endMs < startMs) throw badCaptions(`line ${lineNo}: the cue ends (${match[2]}) before it starts (${match[1]})`);
  return { startMs, endMs };
}

/** hh:mm:ss.mmm or mm:ss.mmm; SRT writes a comma before the milliseconds. */
function parseTimestamp(value: string, lineNo: number): number {
  const m = TIMESTAMP.exec(value);
  if (!m) throw badCaptions(`line ${lineNo}: "${clip(value)}" is not a timestamp like 00:01:02.500`);
  const [hours, minutes, seconds] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (minutes > 59 || seconds > 59) throw badCaptions(`line ${lineNo}: "${value}" has minutes or seconds above 59`);
  const millis = m[4] ? Number(m[4].padEnd(3, '0')) : 0;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

/**
 * Rolling captions (YouTube auto-captions) repeat the previous cue's last line above the new one,
 * and add 10 ms cues that only repeat; some tools also write one caption as several identical cues
 * back to back. Keep each line once, where it first appeared.
 */
function dropRollingRepeats(cues: RawCue[]): RawCue[] {
  const kept: RawCue[] = [];
  let previous: string[] = [];
  let previousEndMs = -Infinity;
  for (const cue of cues) {
    const lines = cue.lines.filter((l) => lineKey(l) !== '');
    const keys = lines.map(lineKey);
    const carried = carriedLines(keys, previous);
    const last = kept[kept.length - 1];
    const contiguous = cue.startMs - previousEndMs <= 100;
    const pureRepeat =
      last !== undefined &&
      carried === keys.length &&
      contiguous &&
      (cue.endMs - cue.startMs <= 100 || previous.length > keys.length || keys.join('\n') === previous.join('\n'));
    previous = keys;
    previousEndMs = cue.endMs;
    if (pureRepeat) {
      last.endMs = Math.max(last.endMs, cue.endMs);
    } else {
      kept.push({ ...cue, lines: contiguous && carried < keys.length ? lines.slice(carried) : lines });
    }
  }
  return kept;
}

/** How many of a cue's first lines repeat the last lines of the cue before it. */
function carriedLines(keys: string[], previous: string[]): number {
  for (let k = Math.min(keys.length, previous.length); k > 0; k--) {
    if (keys.slice(0, k).join('\n') === previous.slice(previous.length - k).join('\n')) return k;
  }
  return 0;
}

/** A line as shown, for comparison: formatting and inline timestamps dropped, voices kept. */
function lineKey(line: string): string {
  return line
    .replace(/<(?!v[\s.>])[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Cue text and speakers

interface Voiced {
  speaker: string | null;
  text: string;
}

/** Splits a cue's markup into voice spans: `<v Name>…</v>`, `<v.loud Name>…`; text outside has none. */
function voiceSpans(markup: string): Voiced[] {
  const spans: Voiced[] = [];
  let speaker: string | null = null;
  let from = 0;
  const emit = (until: number) => {
    const text = plainText(markup.slice(from, until));
    const last = spans[spans.length - 1];
    if (!text) return;
    if (last && last.speaker === speaker) last.text = `${last.text} ${text}`;
    else spans.push({ speaker, text });
  };
  for (const tag of markup.matchAll(/<v(?:\.[^\s>]*)*(?:[ \t]+([^>]*))?>|<\/v>/g)) {
    emit(tag.index);
    speaker =
      tag[0] === '</v>'
        ? null
        : decodeEntities(tag[1] ?? '')
            .replace(/\s+/g, ' ')
            .trim() || null;
    from = tag.index + tag[0].length;
  }
  emit(markup.length);
  return spans;
}

/** Cue text without markup: tags, inline timestamps, SSA overrides like {\an8}, entities; one line. */
function plainText(markup: string): string {
  return decodeEntities(markup.replace(/<[^>]*>/g, '').replace(/\{\\[^}]*\}/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * "Name: text" as Zoom, Teams and Meet exports write it. A name is at most four capitalised words
 * (or "Speaker 1"); words that open ordinary sentences ("Note:", "Question:") are not names.
 */
const NAME_PREFIX =
  /^(?:>>\s*)?((?:\p{Lu}[\p{L}\p{M}\p{N}_.'’-]*|\d+)(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}\p{N}_.'’-]*|\d+|van|von|de|der|da|di|du|del|la|le|bin|al))*)\s*:\s+(\S.*)$/u;
const NOT_NAMES = new Set(
  `note notes warning caution tip important example question answer q a update edit step chapter part
  summary agenda action decision todo re subject date time location ps nb fyi reminder disclaimer
  source transcript caption captions music applause laughter intro outro`.split(/\s+/),
);

export function namePrefix(text: string): { name: string; rest: string } | null {
  const m = NAME_PREFIX.exec(text);
  if (!m) return null;
  const name = m[1].trim();
  const words = name.toLowerCase().split(/\s+/);
  if (words.length > 4 || NOT_NAMES.has(words[0]) || /^\d+$/.test(name)) return null;
  return { name, rest: m[2].trim() };
}

/**
 * Turns cues into segments with speakers: voice tags where present; otherwise "Name: text" when
 * the file uses it consistently, with unnamed cues continuing the last named speaker (tools that
 * name only the speaker change expect that) unless ">>" says a new, unnamed speaker starts.
 */
function assignSpeakers(cues: RawCue[]): TranscriptSegment[] {
  const voiced = cues.map((cue) => ({ cue, spans: voiceSpans(cue.lines.join('\n')) }));
  const hasVoices = voiced.some(({ spans }) => spans.some((s) => s.speaker !== null));
  const useNames = !hasVoices && usesNamePrefixes(voiced.flatMap(({ spans }) => spans.map((s) => s.text)));
  const segments: TranscriptSegment[] = [];
  let current: string | null = null;
  for (const { cue, spans } of voiced) {
    const parts = spans.map((span): Voiced => {
      const text = span.text.replace(/^>>\s*/, '');
      if (!useNames || span.speaker !== null) return { speaker: span.speaker, text };
      const prefix = namePrefix(span.text);
      if (prefix) current = prefix.name;
      else if (span.text.startsWith('>>')) current = null;
      return { speaker: current, text: prefix ? prefix.rest : text };
    });
    segments.push(
      ...spreadOverCue(
        cue,
        parts.filter((p) => p.text !== ''),
      ),
    );
  }
  return segments;
}

/** Real speaker names recur; sentence openers that merely look like names rarely do. */
function usesNamePrefixes(texts: string[]): boolean {
  const names = texts.map((t) => namePrefix(t)?.name).filter((n): n is string => n !== undefined);
  if (names.length === 0) return false;
  // Most cues named, or a few names used again and again (tools that name only speaker changes).
  if (names.length === texts.length || (names.length >= 2 && names.length >= texts.length / 2)) return true;
  return names.length >= 3 && new Set(names).size <= names.length / 2;
}

/** Several voices in one cue share its time in proportion to their text length. */
function spreadOverCue(cue: RawCue, parts: Voiced[]): TranscriptSegment[] {
  const total = parts.reduce((n, p) => n + p.text.length, 0);
  let offset = 0;
  return parts.map((part) => {
    const startMs = Math.round(cue.startMs + ((cue.endMs - cue.startMs) * offset) / total);
    offset += part.text.length;
    const endMs = Math.round(cue.startMs + ((cue.endMs - cue.startMs) * offset) / total);
    return { startMs, endMs, speaker: part.speaker, text: part.text };
  });
}

// ---------------------------------------------------------------------------------------------
// Writing WebVTT

export interface CaptionSource {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  words?: TimedWord[];
}

/** Readable captions: at most ~7 s and two lines of ~42 characters per cue. */
const MAX_CUE_MS = 7_000;
const MAX_LINE_CHARS = 42;

export function toWebVtt(segments: CaptionSource[]): string {
  const cues: string[] = [];
  for (const segment of segments) {
    const speaker = segment.speaker?.replace(/\s+/g, ' ').trim() || null;
    for (const cue of cueWords(timedWords(segment))) {
      const text = wrapLines(cue.map((w) => w.text))
        .map(escapeText)
        .join('\n');
      const start = cue[0].startMs;
      const end = Math.max(start, cue[cue.length - 1].endMs);
      cues.push(`${formatTimestamp(start)} --> ${formatTimestamp(end)}\n${speaker ? `<v ${escapeText(speaker)}>${text}</v>` : text}`);
    }
  }
  return `WEBVTT\n\n${cues.map((c) => `${c}\n`).join('\n')}`;
}

/** The segment's words with times: its own word timings, or its span spread by character count. */
function timedWords(segment: CaptionSource): TimedWord[] {
  const texts = segment.text.split(/\s+/).filter(Boolean);
  const words = (segment.words ?? []).filter((w) => w.text.trim() !== '');
  if (words.length > 0 && (texts.length === 0 || words.length === texts.length)) {
    return words.map((w, i) => ({ text: texts[i] ?? w.text.trim(), startMs: w.startMs, endMs: Math.max(w.startMs, w.endMs) }));
  }
  const endMs = Math.max(segment.startMs, segment.endMs);
  const totalChars = texts.reduce((n, t) => n + t.length + 1, 0);
  let offset = 0;
  return texts.map((text) => {
    const startMs = segment.startMs + Math.round(((endMs - segment.startMs) * offset) / totalChars);
    offset += text.length + 1;
    return { text, startMs, endMs: segment.startMs + Math.round(((endMs - segment.startMs) * offset) / totalChars) };
  });
}

/** Greedy: a cue closes before the word that would make it too long to read or show. */
function cueWords(words: TimedWord[]): TimedWord[][] {
  const cues: TimedWord[][] = [];
  let current: TimedWord[] = [];
  for (const word of words) {
    const candidate = [...current, word].map((w) => w.text);
    const tooLong = word.endMs - (current[0]?.startMs ?? word.startMs) > MAX_CUE_MS || wrapLines(candidate).length > 2;
    if (current.length > 0 && tooLong) {
      cues.push(current);
      current = [];
    }
    current.push(word);
  }
  if (current.length > 0) cues.push(current);
  return cues;
}

function wrapLines(words: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > MAX_LINE_CHARS) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function formatTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(total % 1000, 3)}`;
}
