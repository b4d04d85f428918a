import OpenAI, { APIConnectionError, APIError, toFile } from 'openai';
import { AppError, transient } from '../../core/errors.ts';
import type { TimedWord, TranscriptSegment } from '../../core/transcript.ts';
import type { TranscribeInput, Transcriber, TranscriberStatus, TranscriptResult } from './transcriber.ts';
import { readFile } from 'node:fs/promises';
import { transcribeInPieces } from './pieces.ts';

/**
 * Transcription through any OpenAI-compatible `/audio/transcriptions` endpoint (OpenAI, whisper.cpp
 * server, LocalAI, faster-whisper-server, vLLM). Long audio goes up in chunks cut at pauses
 * (pieces.ts, as for the local recogniser: checkpointed, a few at a time), stitched back with each
 * chunk's offset and kept inside the chunk and the media; the servers' differing verbose_json
 * answers are all accepted.
 */

export interface OpenAiTranscriberOptions {
  apiKey?: string;
  /** e.g. http://localhost:8000/v1 for a self-hosted server; OpenAI's API when absent. */
  baseUrl?: string;
  model?: string;
  /** Longest piece sent in one request (16 kHz mono s16 is 32 KB/s: 600 s ≈ 19 MB < the 25 MB limit). */
  chunkSeconds?: number;
  /** Requests in flight at once (each a chunk; the chunks are stitched in order). */
  concurrency?: number;
  /** ISO-639-1 hint, e.g. 'en'; the server detects the language when absent. */
  language?: string;
  /** Retries inside the SDK for one request; the job queue retries the whole stage on top. */
  maxRetries?: number;
  /** Per request; CPU-only self-hosted servers can take minutes per chunk. */
  timeoutMs?: number;
}

const OPENAI_API = 'https://api.openai.com/v1';
const STATUS_TIMEOUT_MS = 3_000;
// OpenAI rejects shorter audio; no speech fits in it anyway (only a whole recording can be this short).
const MIN_CHUNK_MS = 100;
// Self-hosted servers often need no key, but the SDK refuses to start without one.
const PLACEHOLDER_KEY = 'not-needed';

/** What servers answer, loosely: every field may be missing, and some nest words in segments. */
interface LooseWord {
  word?: unknown;
  start?: unknown;
  end?: unknown;
}
interface LooseSegment {
  text?: unknown;
  start?: unknown;
  end?: unknown;
  words?: LooseWord[];
}
interface LooseResponse {
  text?: unknown;
  language?: unknown;
  segments?: LooseSegment[];
  words?: LooseWord[];
}

export interface ChunkSpan {
  startMs: number;
  endMs: number;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const asText = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Seconds within the chunk → ms within the recording, kept inside the chunk (whisper overshoots). */
const toRecordingMs = (chunk: ChunkSpan, seconds: number) =>
  Math.round(Math.min(chunk.endMs, Math.max(chunk.startMs, chunk.startMs + seconds * 1000)));

function timedWords(raw: LooseWord[], chunk: ChunkSpan): TimedWord[] {
  return raw
    .filter((w) => isFiniteNumber(w.start) && isFiniteNumber(w.end) && asText(w.word))
    .map((w) => {
      const startMs = toRecordingMs(chunk, w.start as number);
      return { text: asText(w.word), startMs, endMs: Math.max(startMs, toRecordingMs(chunk, w.end as number)) };
    });
}

const segmentOf = (words: TimedWord[], text?: string): TranscriptSegment => ({
  startMs: words[0].startMs,
  endMs: words[words.length - 1].endMs,
  speaker: null,
  text: text || words.map((w) => w.text).join(' '),
  words,
});

// Word-only answers are cut into segments at pauses and sentence ends, and kept short enough
// to be a useful unit for statements and search.
const PAUSE_MS = 1_000;
const MAX_GROUP_MS = 30_000;

function groupWords(words: TimedWord[]): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let group: TimedWord[] = [];
  for (const word of words) {
    const previous = group[group.length - 1];
    const breakHere =
      previous &&
      (word.startMs - previous.endMs >= PAUSE_MS || /[.?!]$/.test(previous.text) || word.endMs - group[0].startMs > MAX_GROUP_MS);
    if (breakHere) {
      segments.push(segmentOf(group));
      group = [];
    }
    group.push(word);
  }
  if (group.length) segments.push(segmentOf(group));
  return segments;
}

/** Each word goes to the segment whose time range holds its middle (or the last one before it). */
function assignWords(segments: TranscriptSegment[], words: TimedWord[]): void {
  for (const word of words) {
    const middle = (word.startMs + word.endMs) / 2;
    let owner = segments[0];
    for (const segment of segments) if (segment.startMs <= middle) owner = segment;
    owner.words ??= [];
    owner.words.push(word);
  }
}

/** Maps one chunk's answer (JSON or plain text) to segments timed within the whole recording. */
export function chunkResponseToSegments(response: unknown, chunk: ChunkSpan): TranscriptSegment[] {
  const body: LooseResponse = typeof response === 'string' ? { text: response } : ((response ?? {}) as LooseResponse);
  const rawSegments = Array.isArray(body.segments) ? body.segments.filter((s) => isFiniteNumber(s.start) && isFiniteNumber(s.end)) : [];
  const rawWords = Array.isArray(body.words) ? body.words : rawSegments.flatMap((s) => (Array.isArray(s.words) ? s.words : []));
  const words = timedWords(rawWords, chunk);

  if (rawSegments.length > 0) {
    const segments: TranscriptSegment[] = rawSegments.map((s) => {
      const startMs = toRecordingMs(chunk, s.start as number);
      return { startMs, endMs: Math.max(startMs, toRecordingMs(chunk, s.end as number)), speaker: null, text: asText(s.text) };
    });
    if (words.length) assignWords(segments, words);
    return segments
      .map((s) => (s.text || !s.words?.length ? s : { ...s, text: s.words.map((w) => w.text).join(' ') }))
      .filter((s) => s.text);
  }
  if (words.length > 0) return groupWords(words);
  const text = asText(body.text);
  return text ? [{ startMs: Math.round(chunk.startMs), endMs: Math.round(chunk.endMs), speaker: null, text }] : [];
}

const describeServer = (baseUrl: string | undefined) => baseUrl ?? OPENAI_API;

/** SDK errors → AppError: the job queue retries only what may succeed later. */
function toAppError(err: unknown, server: string): unknown {
  if (err instanceof APIConnectionError) {
    return transient('E_TRANSCRIBE_UNAVAILABLE', `transcription server ${server} unreachable: ${err.message}`);
  }
  if (!(err instanceof APIError) || err.status === undefined) return err;
  const status = err.status;
  if (status === 401 || status === 403) {
    return new AppError(
      'E_TRANSCRIBE_AUTH',
      `transcription server ${server} refused the credentials (${status}): check OPENAI_API_KEY`,
      502,
      false,
    );
  }
  if (status === 408 || status === 429 || status >= 500) {
    return transient('E_TRANSCRIBE_UNAVAILABLE', `transcription server ${server} is unavailable: ${err.message}`);
  }
  return new AppError('E_TRANSCRIBE_REJECTED', `transcription server ${server} rejected the request: ${err.message}`, 502, false);
}

// gpt-4o-transcribe and some servers only answer plain json: recognised by the 400 they send.
const rejectsVerboseJson = (err: unknown) =>
  err instanceof APIError && err.status === 400 && /verbose_json|timestamp_granularities|response_format/i.test(err.message);

const abortReason = (signal: AbortSignal) => signal.reason ?? new DOMException('transcription aborted', 'AbortError');

export function createOpenAiTranscriber(options: OpenAiTranscriberOptions = {}): Transcriber {
  const model = options.model ?? 'whisper-1';
  const chunkSeconds = options.chunkSeconds ?? 600;
  const server = describeServer(options.baseUrl);
  const configured = Boolean(options.apiKey || options.baseUrl);
  let client: OpenAI | undefined;
  let plainJsonOnly = false;

  const notConfigured = () =>
    new AppError(
      'E_TRANSCRIBE_AUTH',
      'OpenAI transcription needs OPENAI_API_KEY (or OPENAI_BASE_URL for a self-hosted server)',
      503,
      false,
    );

  function sdk(): OpenAI {
    if (!configured) throw notConfigured();
    // Everything explicit: the SDK would otherwise fall back to OPENAI_* variables on its own.
    client ??= new OpenAI({
      apiKey: options.apiKey || PLACEHOLDER_KEY,
      baseURL: options.baseUrl ?? OPENAI_API,
      maxRetries: options.maxRetries ?? 2,
      timeout: options.timeoutMs ?? Math.max(10 * 60_000, chunkSeconds * 2_000),
    });
    return client;
  }

  async function requestChunk(wav: Buffer, index: number, signal?: AbortSignal): Promise<unknown> {
    const file = await toFile(wav, `chunk-${index}.wav`, { type: 'audio/wav' });
    const common = { file, model, ...(options.language ? { language: options.language } : {}) };
    if (plainJsonOnly) return sdk().audio.transcriptions.create({ ...common, response_format: 'json' }, { signal });
    try {
      return await sdk().audio.transcriptions.create(
        { ...common, response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'] },
        { signal },
      );
    } catch (err) {
      if (!rejectsVerboseJson(err)) throw err;
      plainJsonOnly = true;
      return requestChunk(wav, index, signal);
    }
  }

  async function transcribe(input: TranscribeInput): Promise<TranscriptResult> {
    let language = options.language;
    const pieces = { maxPieceMs: chunkSeconds * 1000, concurrency: options.concurrency ?? 1, minPieceMs: MIN_CHUNK_MS };
    try {
      const result = await transcribeInPieces(input, pieces, async (wav, piece, signal) => {
        const response = await requestChunk(await readFile(wav), piece.seq, signal);
        const detected = (response as LooseResponse | null)?.language;
        if (!language && typeof detected === 'string' && detected) language = detected;
        // Timed from the chunk's start here; pieces.ts shifts and clamps them into the recording.
        return chunkResponseToSegments(response, { startMs: 0, endMs: piece.endMs - piece.startMs });
      });
      return {
        segments: result.segments,
        provider: 'openai',
        model,
        ...(language ? { language } : {}),
        pieces: { recognised: result.recognised, resumed: result.resumed },
      };
    } catch (err) {
      if (input.signal?.aborted) throw abortReason(input.signal);
      throw toAppError(err, server);
    }
  }

  async function status(): Promise<TranscriberStatus> {
    if (!configured) return { ok: false, message: notConfigured().message };
    const what = `${model} at ${server}`;
    try {
      const models = await sdk().models.list({
        timeout: STATUS_TIMEOUT_MS,
        maxRetries: 0,
        signal: AbortSignal.timeout(STATUS_TIMEOUT_MS + 500),
      });
      const ids = models.data.map((m) => m.id);
      const listed = ids.length === 0 || ids.includes(model);
      return {
        ok: true,
        message: listed ? `transcription with ${what}` : `transcription with ${what} (the server does not list this model)`,
      };
    } catch (err) {
      const status = err instanceof APIError ? err.status : undefined;
      // whisper.cpp's server and others have no model list: reachable is good enough.
      if (status === 404 || status === 405) return { ok: true, message: `transcription with ${what} (server has no model list)` };
      if (status === 401 || status === 403)
        return { ok: false, message: `${server} refused the credentials (${status}): check OPENAI_API_KEY` };
      const reason = err instanceof Error ? err.message : String(err);
      return { ok: false, message: `cannot use ${what}: ${reason}` };
    }
  }

  return { provider: 'openai', model, status, transcribe };
}
