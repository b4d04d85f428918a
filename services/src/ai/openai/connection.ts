import { AppError } from '../../core/errors.ts';

/** How to reach an OpenAI-compatible server; shared by the embedder, the chat model and status(). */
export interface OpenAiConnection {
  apiKey?: string;
  /** e.g. http://localhost:11434/v1 (Ollama), http://localhost:8000/v1 (vLLM); OpenAI when absent. */
  baseUrl?: string;
  /** Retries of one request inside LangChain (with backoff); the job queue retries the whole job on top. */
  maxRetries?: number;
  /** Per request. CPU-only self-hosted servers are slow, so the default is generous. */
  timeoutMs?: number;
}

export const OPENAI_API = 'https://api.openai.com/v1';
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 120_000;
// Self-hosted servers often need no key, but the SDK refuses to start without one.
const PLACEHOLDER_KEY = 'not-needed';

export const serverName = (c: OpenAiConnection) => c.baseUrl ?? OPENAI_API;

export const isConfigured = (c: OpenAiConnection) => Boolean(c.apiKey || c.baseUrl);

export const notConfigured = () =>
  new AppError('E_AI_AUTH', 'the openai provider needs OPENAI_API_KEY (or OPENAI_BASE_URL for a self-hosted server)', 503, false);

/**
 * The fields LangChain's OpenAI classes take. Everything explicit: they and the SDK would
 * otherwise read OPENAI_API_KEY / OPENAI_BASE_URL from the environment on their own.
 */
export function langChainClientFields(c: OpenAiConnection) {
  return {
    apiKey: c.apiKey || PLACEHOLDER_KEY,
    configuration: { baseURL: serverName(c) },
    maxRetries: c.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: c.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

/** The same connection for the openai SDK itself (status checks). */
export function sdkClientOptions(c: OpenAiConnection) {
  return { apiKey: c.apiKey || PLACEHOLDER_KEY, baseURL: serverName(c) };
}
