import OpenAI from 'openai';
import type { AiStatus, Embedder, Labeler, Summariser } from '../ports.ts';
import { loadPrompts, type Prompts } from '../prompts.ts';
import { isConfigured, notConfigured, sdkClientOptions, serverName, type OpenAiConnection } from './connection.ts';
import { createOpenAiEmbedder } from './embedder.ts';
import { createOpenAiLabeler } from './labeler.ts';
import { createOpenAiSummariser } from './summariser.ts';
import { createStructuredChat, type StructuredMethod } from './structured-chat.ts';

/**
 * The `openai` provider for embeddings, labels and summaries: any OpenAI-compatible endpoint
 * (OpenAI, Ollama, vLLM, LocalAI). Built once at start-up; prompts are read here, so a missing or
 * broken prompt file stops the boot.
 */

export interface OpenAiAiOptions extends OpenAiConnection {
  chatModel: string;
  embedModel: string;
  /** The deployment's vector size. */
  dims: number;
  /** Default: jsonSchema (see structured-chat.ts). */
  structuredMethod?: StructuredMethod;
  temperature?: number;
  embedBatchSize?: number;
  /** Ask the server for `dimensions` (default: only for text-embedding-3-*). */
  embedSendDimensions?: boolean;
  embedEncodingFormat?: 'float' | 'base64';
  labelBatchSize?: number;
  /** Loaded from prompts/ at the repo root when absent. */
  prompts?: Prompts;
  /** For status(); default 3 s. */
  statusTimeoutMs?: number;
}

export interface OpenAiAi {
  embedder: Embedder;
  labeler: Labeler;
  summariser: Summariser;
  /** A cheap reachability check (the model list), bounded by a short timeout. */
  status(): Promise<AiStatus>;
}

const DEFAULT_STATUS_TIMEOUT_MS = 3_000;

export function createOpenAiAi(options: OpenAiAiOptions): OpenAiAi {
  const prompts = options.prompts ?? loadPrompts();
  const embedder = createOpenAiEmbedder({
    ...options,
    model: options.embedModel,
    batchSize: options.embedBatchSize,
    sendDimensions: options.embedSendDimensions,
    encodingFormat: options.embedEncodingFormat,
  });
  const chat = createStructuredChat({ ...options, model: options.chatModel });
  const labeler = createOpenAiLabeler({ chat, prompts, batchSize: options.labelBatchSize });
  const summariser = createOpenAiSummariser({ chat, prompts });
  const status = () => checkStatus(options, options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS);
  return { embedder, labeler, summariser, status };
}

async function checkStatus(options: OpenAiAiOptions, timeoutMs: number): Promise<AiStatus> {
  if (!isConfigured(options)) return { ok: false, message: notConfigured().message };
  const server = serverName(options);
  const what = `chat ${options.chatModel} and embeddings ${options.embedModel} at ${server}`;
  const client = new OpenAI({ ...sdkClientOptions(options), maxRetries: 0, timeout: timeoutMs });
  // The SDK's timeout covers one attempt; the signal bounds the whole call whatever happens inside.
  const signal = AbortSignal.timeout(timeoutMs + 500);
  try {
    const page = await client.models.list({ signal });
    const ids = page.data.map((m) => m.id);
    const unlisted = [options.chatModel, options.embedModel].filter((m) => ids.length > 0 && !ids.includes(m));
    return { ok: true, message: unlisted.length ? `${what} (the server does not list ${unlisted.join(', ')})` : what };
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    // Some servers (LocalAI builds, proxies) have no model list: reachable is good enough.
    if (status === 404 || status === 405) return { ok: true, message: `${what} (server has no model list)` };
    if (status === 401 || status === 403)
      return { ok: false, message: `${server} refused the credentials (${status}): check OPENAI_API_KEY` };
    const reason = signal.aborted ? `no answer within ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
    return { ok: false, message: `cannot reach ${server}: ${reason}` };
  }
}

export { createOpenAiEmbedder, type OpenAiEmbedderOptions } from './embedder.ts';
export { createOpenAiLabeler, type OpenAiLabelerOptions } from './labeler.ts';
export { createOpenAiSummariser, type OpenAiSummariserOptions } from './summariser.ts';
export { createStructuredChat, STRUCTURED_METHODS, type StructuredMethod } from './structured-chat.ts';
