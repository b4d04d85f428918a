import { createHash } from 'node:crypto';
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
 *
 * Embeddings are a hashed bag of words in `embeddingDims` dimensions (not normalised), so similar
 * texts get similar vectors; base64 when the request asks for it, floats otherwise.
 *
 * Chat completions answer through `options.chat(request)`, which returns an object (or a raw
 * string) and the fake puts it where the client's structured-output mechanism expects it: tool
 * call arguments for function calling, message content for json_schema / json_object. The default
 * responder plays a well-behaved model: it reads the statement ids from the prompt and answers
 * valid labels, gists, summaries or answers; `options.chatOutput` makes it misbehave.
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

/** How the default chat responder misbehaves. */
export type ChatOutputMode =
  | 'valid'
  | 'not-json' // prose instead of JSON
  | 'unknown-id' // labels, gists or cites a statement id that was not given
  | 'missing-item' // leaves out the last label / gist / summary sentence / chapter
  | 'wrong-shape'; // JSON that matches no schema

/** What the client asked for, as a test (or a responder) needs it. */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  /** How structured output was requested. */
  mechanism: 'tool' | 'json_schema' | 'json_object' | 'text';
  /** The json_schema name or the forced tool's name (LangChain: withStructuredOutput's `name`). */
  schemaName?: string;
  /** The JSON schema sent, if any. */
  schema?: Record<string, unknown>;
  /** The last user message, where our prompts put the data. */
  input: string;
  /** `<statement id="…">` ids in the input, in order. */
  statementIds: string[];
  body: Record<string, unknown>;
}

/** An object is sent as JSON; a string is sent verbatim (to test unparseable answers). */
export type ChatResponder = (request: ChatRequest, fake: FakeOpenAi) => unknown | Promise<unknown>;

export interface FakeOpenAiOptions {
  /** When set, any other bearer token gets a 401, as OpenAI answers. */
  apiKey?: string;
  transcription?: { mode?: TranscriptionMode; segmentSeconds?: number };
  /** Size of the vectors /v1/embeddings answers (default 16); set it off the client's to test a mismatch. */
  embeddingDims?: number;
  /** 'as-asked' (default) follows `encoding_format`; the others mimic servers that ignore it. */
  embeddingFormat?: 'as-asked' | 'float' | 'base64';
  /** Answers chat completions; default: defaultChatResponder with `chatOutput`. */
  chat?: ChatResponder;
  chatOutput?: ChatOutputMode;
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
export const EMBEDDINGS = 'POST /v1/embeddings';
export const CHAT = 'POST /v1/chat/completions';

/** OpenAI's error body. */
export function openAiError(status: number, message?: string): Reply {
  const type =
    status === 401
      ? 'invalid_request_error'
      : status === 429
        ? 'rate_limit_exceeded'
        : status >= 500
          ? 'server_error'
          : 'invalid_request_error';
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
      form.fields[name] ??= [];
      form.fields[name].push(content.toString('utf8'));
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

// ---- embeddings ---------------------------------------------------------------------------

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Hashed bag of words: each word adds ±1 to one dimension. Deterministic, not normalised. */
export function fakeEmbedding(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0);
  for (const word of words(text)) {
    const hash = createHash('sha1').update(word).digest();
    vector[hash.readUInt32BE(0) % dims] += hash[4] & 1 ? 1 : -1;
  }
  return vector;
}

const toBase64 = (vector: number[]) => Buffer.from(new Float32Array(vector).buffer).toString('base64');

const embeddingsRoute: RouteHandler = (req, fake) => {
  const body = (req.json ?? {}) as { input?: unknown; model?: unknown; encoding_format?: unknown };
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : undefined;
  if (!inputs || inputs.some((i) => typeof i !== 'string')) return openAiError(400, "'input' must be a string or a list of strings.");
  const format = fake.options.embeddingFormat ?? 'as-asked';
  const base64 = format === 'base64' || (format === 'as-asked' && body.encoding_format === 'base64');
  const dims = fake.options.embeddingDims ?? 16;
  const tokens = inputs.reduce((n, i) => n + words(i as string).length, 0);
  return {
    json: {
      object: 'list',
      model: body.model,
      data: inputs.map((input, index) => {
        const vector = fakeEmbedding(input as string, dims);
        return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
      }),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
};

// ---- chat completions ---------------------------------------------------------------------

const flatten = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((part) => (typeof part === 'string' ? part : ((part as { text?: string }).text ?? ''))).join('')
      : '';

/** The parts of a chat completion request the fake reads; clients send more. */
interface ChatBody {
  model?: unknown;
  messages?: unknown;
  tool_choice?: { function?: { name?: string } };
  tools?: { function: { name: string; parameters?: Record<string, unknown> } }[];
  response_format?: { type?: string; json_schema?: { name?: string; schema?: Record<string, unknown> } };
}

export function parseChatRequest(body: unknown): ChatRequest {
  const b = (body ?? {}) as ChatBody & Record<string, unknown>;
  const messages = (Array.isArray(b.messages) ? b.messages : []).map((m: { role?: unknown; content?: unknown }) => ({
    role: String(m.role),
    content: flatten(m.content),
  }));
  const input = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const statementIds = [...input.matchAll(/<statement id="([^"]+)"/g)].map((m) => m[1]);
  const request: ChatRequest = { model: String(b.model), messages, mechanism: 'text', input, statementIds, body: b };
  const forced = b.tool_choice?.function?.name;
  const tool = (b.tools ?? []).find((t) => t.function?.name === forced) ?? (b.tools ?? [])[0];
  if (tool) return { ...request, mechanism: 'tool', schemaName: tool.function.name, schema: tool.function.parameters };
  if (b.response_format?.type === 'json_schema') {
    return {
      ...request,
      mechanism: 'json_schema',
      schemaName: b.response_format.json_schema?.name,
      schema: b.response_format.json_schema?.schema,
    };
  }
  if (b.response_format?.type === 'json_object') return { ...request, mechanism: 'json_object' };
  return request;
}

type ChatTask = 'StatementLabels' | 'StatementGists' | 'ContributionSummary' | 'CitedAnswer';

/** By schema name, or (json mode carries none) by the answer form the prompt describes. */
function chatTask(req: ChatRequest): ChatTask | undefined {
  const known: ChatTask[] = ['StatementLabels', 'StatementGists', 'ContributionSummary', 'CitedAnswer'];
  if (req.schemaName && known.includes(req.schemaName as ChatTask)) return req.schemaName as ChatTask;
  const all = req.messages.map((m) => m.content).join('\n');
  if (all.includes('{"labels"')) return 'StatementLabels';
  if (all.includes('{"gists"')) return 'StatementGists';
  if (all.includes('"chapters"')) return 'ContributionSummary';
  if (all.includes('{"sentences"')) return 'CitedAnswer';
  return undefined;
}

interface ShownStatement {
  id: string;
  text: string;
}

function shownStatements(input: string): ShownStatement[] {
  return [...input.matchAll(/<statement id="([^"]+)"[^>]*>([\s\S]*?)<\/statement>/g)].map((m) => ({ id: m[1], text: m[2] }));
}

function fakeAct(text: string): string {
  const t = text.toLowerCase();
  if (/\b(decided|agreed|we will go with)\b/.test(t)) return 'decision';
  if (/\b(i will|i'll|by friday|by monday)\b/.test(t)) return 'action_item';
  if (t.trim().endsWith('?')) return 'question';
  if (/\b(we should|let's|i propose|how about)\b/.test(t)) return 'proposal';
  if (/\b(worried|risk|concern|problem)\b/.test(t)) return 'concern';
  return 'information';
}

function fakeTopics(text: string, existing: string[]): string[] {
  const inText = existing.filter((tag) => text.toLowerCase().includes(tag));
  if (inText.length) return inText.slice(0, 2);
  const longest = words(text).sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
  return [longest ?? 'general'];
}

const firstWords = (text: string, n: number) => words(text).slice(0, n).join(' ') || 'untitled';

/** A well-behaved model's answer to one of our prompts. */
function validAnswer(task: ChatTask, req: ChatRequest): Record<string, unknown> {
  const shown = shownStatements(req.input);
  const first = shown[0]?.id ?? 's1';
  const last = shown[shown.length - 1]?.id ?? first;
  switch (task) {
    case 'StatementLabels': {
      const tagList = /<existing_tags>([\s\S]*?)<\/existing_tags>/.exec(req.input)?.[1] ?? '';
      const existing = tagList.startsWith('(')
        ? []
        : tagList
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
      return { labels: shown.map((s) => ({ id: s.id, act: fakeAct(s.text), confidence: 0.8, topics: fakeTopics(s.text, existing) })) };
    }
    case 'StatementGists':
      return { gists: shown.map((s) => ({ id: s.id, gist: firstWords(s.text, 8) })) };
    case 'ContributionSummary': {
      const wantChapters = /<chapters_requested>\s*yes/i.test(req.input);
      const half = Math.ceil(shown.length / 2);
      const summary =
        shown.length === 1
          ? [{ text: `It is about ${firstWords(shown[0].text, 6)}.`, statementIds: [first] }]
          : [
              { text: `It opens with ${firstWords(shown[0].text, 6)}.`, statementIds: [first] },
              { text: `It ends with ${firstWords(shown[shown.length - 1].text, 6)}.`, statementIds: [last] },
            ];
      const chapters = wantChapters
        ? [
            { title: 'Opening', statementIds: shown.slice(0, half).map((s) => s.id) },
            { title: 'Closing', statementIds: shown.slice(half).map((s) => s.id) },
          ]
        : [];
      return { title: firstWords(shown[0]?.text ?? '', 5), summary, chapters };
    }
    case 'CitedAnswer':
      return shown.length
        ? { sentences: [{ text: `The statements say: ${firstWords(shown[0].text, 8)}.`, statementIds: [first] }] }
        : { sentences: [] };
  }
}

const MAIN_LIST: Record<ChatTask, string> = {
  StatementLabels: 'labels',
  StatementGists: 'gists',
  ContributionSummary: 'summary',
  CitedAnswer: 'sentences',
};

/** An item of an answer's main list: a label or gist carries an id, the others statement ids. */
type AnswerItem = { id?: string; statementIds: string[] };

function misbehave(task: ChatTask, answer: Record<string, unknown>, mode: ChatOutputMode): unknown {
  if (mode === 'not-json') return 'Sure! Here is what you asked for: the statements are mostly about planning.';
  if (mode === 'wrong-shape') return { result: 'ok', items: [] };
  const list = answer[MAIN_LIST[task]] as AnswerItem[];
  if (mode === 'missing-item') {
    const chapters = answer.chapters as unknown[];
    if (task === 'ContributionSummary' && chapters.length) chapters.pop();
    else list.pop();
  }
  if (mode === 'unknown-id' && list.length) {
    if ('id' in list[0]) list[0].id = 's999';
    else list[0].statementIds = [...list[0].statementIds, 's999'];
  }
  return answer;
}

/** Plays a well-behaved model (or a misbehaving one, per `mode`) for our four prompts. */
export function defaultChatResponder(req: ChatRequest, mode: ChatOutputMode = 'valid'): unknown {
  const task = chatTask(req);
  if (!task) return 'I am a fake model and do not know what you want.';
  const answer = validAnswer(task, req);
  return mode === 'valid' ? answer : misbehave(task, answer, mode);
}

function chatCompletion(req: ChatRequest, answer: unknown): Record<string, unknown> {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
  const message =
    req.mechanism === 'tool'
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [{ id: 'call_fake_0', type: 'function', function: { name: req.schemaName, arguments: text } }],
        }
      : { role: 'assistant', content: text, refusal: null };
  const promptTokens = words(req.messages.map((m) => m.content).join(' ')).length;
  const completionTokens = words(text).length;
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: req.mechanism === 'tool' ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

const chatRoute: RouteHandler = async (req, fake) => {
  const request = parseChatRequest(req.json);
  if (!request.messages.length) return openAiError(400, "'messages' must not be empty.");
  const responder: ChatResponder = fake.options.chat ?? ((r) => defaultChatResponder(r, fake.options.chatOutput));
  return { json: chatCompletion(request, await responder(request, fake)) };
};

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
    [EMBEDDINGS, embeddingsRoute],
    [CHAT, chatRoute],
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
