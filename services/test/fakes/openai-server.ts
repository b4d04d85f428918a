import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible HTTP server for tests: only the remote peer is faked, so the real
 * openai SDK and our real provider code run against it. Routes live in a table keyed
 * 'METHOD /path'; add new capabilities (embeddings, chat completions) as routes.
 *
 * Transcriptions are deterministic: one word per second of the uploaded audio, named by the
 * second within that upload ("w0 w1 …", word k at [k, k + 0.5] s), grouped into 5 s segments,
 * so a test can check how chunks were stitched.
 */

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartForm {
  /** Text fields by name; repeated names (e.g. `timestamp_granularities[]`) keep every value. */
  fields: Record<string, string[]>;
  files: UploadedFile[];
}

export interface RecordedRequest {
  method: string;
  /** Without the query string, e.g. '/v1/audio/transcriptions'. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json?: unknown;
  form?: MultipartForm;
  /** Duration of the uploaded WAV, for transcription requests. */
  audioMs?: number;
}

export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RecordedRequest, fake: FakeOpenAi) => Reply | Promise<Reply>;

/** How the transcription route shapes its answer, to mimic the different servers. */
export type TranscriptionMode =
  | 'verbose' // OpenAI: segments and words, as the granularities ask
  | 'segments-only' // ignores word granularity
  | 'words-only' // words but no segments
  | 'nested-words' // words inside each segment (whisper.cpp server style)
  | 'text-only' // JSON with only `text`
  | 'plain-text' // text/plain body
  | 'json-only'; // rejects verbose_json with a 400, as gpt-4o-transcribe does

/** Answer `status` instead of the route's reply, `times` times (default: always). */
export interface Fault {
  /** 'METHOD /path'; every route when absent. */
  route?: string;
  status: number;
  times?: number;
  message?: string;
}

export interface FakeOpenAiOptions {
  /** When set, any other bearer token gets a 401, as OpenAI answers. */
  apiKey?: string;
  transcription?: { mode?: TranscriptionMode; segmentSeconds?: number };
  /** Ids for GET /v1/models. */
  models?: string[];
  faults?: Fault[];
  /** Extra or replacement routes. */
  routes?: Record<string, RouteHandler>;
}

export interface FakeOpenAi {
  /** e.g. http://127.0.0.1:41234/v1, ready for the SDK's baseURL. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Live: push a fault mid-test. */
  faults: Fault[];
  options: FakeOpenAiOptions;
  /** Adds or replaces a route. */
  route(key: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

export const TRANSCRIPTIONS = 'POST /v1/audio/transcriptions';
export const MODELS = 'GET /v1/models';

/** OpenAI's error body. */
export function openAiError(status: number, message?: string): Reply {
  const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = status === 401 ? 'invalid_api_key' : null;
  return { status, json: { error: { message: message ?? defaultMessage(status), type, param: null, code } } };
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Incorrect API key provided.';
  if (status === 403) return 'You are not allowed to sample from this model.';
  if (status === 429) return 'Rate limit reached.';
  if (status >= 500) return 'The server had an error while processing your request.';
  return 'Invalid request.';
}

function parseMultipart(body: Buffer, contentType: string): MultipartForm {
  const form: MultipartForm = { fields: {}, files: [] };
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!match) return form;
  // Every delimiter is preceded by CRLF except the first; prefixing one makes them all alike.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  const delimiter = Buffer.from(`\r\n--${match[1] ?? match[2]}`);
  let at = data.indexOf(delimiter);
  while (at !== -1) {
    const partStart = at + delimiter.length;
    if (data.toString('latin1', partStart, partStart + 2) === '--') break; // closing delimiter
    const next = data.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = data.subarray(partStart + 2, next); // skip the CRLF after the delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      form.files.push({ field: name, filename, contentType: type.trim(), data: Buffer.from(content) });
    } else {
      (form.fields[name] ??= []).push(content.toString('utf8'));
    }
    at = next;
  }
  return form;
}

/** Duration from the WAV header, parsed independently of the code under test. */
function wavDurationMs(wav: Buffer): number | undefined {
  if (wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let byteRate = 0;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString('latin1', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    if (id === 'fmt ') byteRate = wav.readUInt32LE(at + 16);
    if (id === 'data') return byteRate ? (Math.min(size, wav.length - at - 8) * 1000) / byteRate : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}

interface FakeWord {
  word: string;
  start: number;
  end: number;
}

function fakeWords(seconds: number): FakeWord[] {
  const words: FakeWord[] = [];
  for (let k = 0; k < seconds; k++) words.push({ word: `w${k}`, start: k, end: Math.min(k + 0.5, seconds) });
  return words;
}

function fakeSegments(seconds: number, words: FakeWord[], segmentSeconds: number) {
  const segments = [];
  for (let id = 0; id * segmentSeconds < seconds; id++) {
    const start = id * segmentSeconds;
    const end = Math.min(start + segmentSeconds, seconds);
    const inside = words.filter((w) => w.start >= start && w.start < end);
    segments.push({
      id,
      seek: 0,
      start,
      end,
      text: ` ${inside.map((w) => w.word).join(' ')}`,
      tokens: [],
      temperature: 0,
      avg_logprob: -0.2,
      compression_ratio: 1,
      no_speech_prob: 0.01,
      words: inside,
    });
  }
  return segments;
}

const transcribeRoute: RouteHandler = (req, fake) => {
  const file = req.form?.files.find((f) => f.field === 'file');
  if (!file) return openAiError(400, "Missing required parameter: 'file'.");
  if (req.audioMs === undefined) return openAiError(400, 'Invalid file format.');
  const mode = fake.options.transcription?.mode ?? 'verbose';
  const format = req.form?.fields.response_format?.[0] ?? 'json';
  const granularities = req.form?.fields['timestamp_granularities[]'] ?? ['segment'];
  const seconds = req.audioMs / 1000;
  const words = fakeWords(seconds);
  const text = words.map((w) => w.word).join(' ');

  if (mode === 'json-only' && format === 'verbose_json') {
    const model = req.form?.fields.model?.[0];
    return openAiError(400, `response_format 'verbose_json' is not compatible with model '${model}'. Use 'json' or 'text' instead.`);
  }
  if (mode === 'plain-text' || format === 'text') return { text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  if (mode === 'text-only' || format !== 'verbose_json') return { json: { text } };

  const segments = fakeSegments(seconds, words, fake.options.transcription?.segmentSeconds ?? 5);
  const body: Record<string, unknown> = { task: 'transcribe', language: 'english', duration: seconds, text };
  const wantSegments = mode !== 'words-only' && (granularities.includes('segment') || mode === 'nested-words');
  const wantWords = (mode === 'verbose' || mode === 'words-only') && granularities.includes('word');
  if (wantSegments) body.segments = segments.map(({ words: nested, ...s }) => (mode === 'nested-words' ? { ...s, words: nested } : s));
  if (wantWords) body.words = words;
  return { json: body };
};

const modelsRoute: RouteHandler = (_req, fake) => ({
  json: {
    object: 'list',
    data: (fake.options.models ?? ['whisper-1']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
  },
});

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0],
    headers: req.headers,
    body,
  };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    recorded.form = parseMultipart(body, contentType);
    const file = recorded.form.files.find((f) => f.field === 'file');
    if (file) recorded.audioMs = wavDurationMs(file.data);
  } else if (contentType.includes('json') && body.length) {
    recorded.json = JSON.parse(body.toString('utf8'));
  }
  return recorded;
}

function send(res: ServerResponse, reply: Reply) {
  const status = reply.status ?? 200;
  if (reply.text !== undefined) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers });
    res.end(reply.text);
  } else {
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.json ?? {}));
  }
}

function takeFault(faults: Fault[], key: string): Fault | undefined {
  const fault = faults.find((f) => (f.route === undefined || f.route === key) && (f.times === undefined || f.times > 0));
  if (fault?.times !== undefined) fault.times--;
  return fault;
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const routes = new Map<string, RouteHandler>([
    [TRANSCRIPTIONS, transcribeRoute],
    [MODELS, modelsRoute],
    ...Object.entries(options.routes ?? {}),
  ]);
  const requests: RecordedRequest[] = [];
  const faults = options.faults ?? [];

  const server = createServer(async (req, res) => {
    try {
      const recorded = await record(req);
      requests.push(recorded);
      const key = `${recorded.method} ${recorded.path}`;
      const handler = routes.get(key);
      if (options.apiKey && recorded.headers.authorization !== `Bearer ${options.apiKey}`) return send(res, openAiError(401));
      const fault = takeFault(faults, key);
      if (fault) return send(res, openAiError(fault.status, fault.message));
      if (!handler) return send(res, openAiError(404, `Unknown route ${key}`));
      send(res, await handler(recorded, fake));
    } catch (err) {
      send(res, openAiError(500, `fake server: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeOpenAi = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    faults,
    options,
    route: (key, handler) => void routes.set(key, handler),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // the SDK keeps connections alive
      }),
  };
  return fake;
}
