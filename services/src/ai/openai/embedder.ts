import { OpenAIEmbeddings } from '@langchain/openai';
import { AppError } from '../../core/errors.ts';
import type { Embedder } from '../ports.ts';
import { isConfigured, langChainClientFields, notConfigured, serverName, type OpenAiConnection } from './connection.ts';
import { abortReason, answerError, invalidOutput } from './errors.ts';

/**
 * Embeddings from any OpenAI-compatible `/embeddings` endpoint through LangChain's OpenAIEmbeddings.
 * Vectors come back L2-normalised (cosine = dot product) and exactly `dims` long: a server whose
 * model answers another size is a configuration error, reported at once rather than stored.
 */

export interface OpenAiEmbedderOptions extends OpenAiConnection {
  model: string;
  /** The deployment's vector size (EMBED_DIMS). */
  dims: number;
  /** Texts per request. */
  batchSize?: number;
  /**
   * Ask the server to shorten vectors to `dims` (the `dimensions` parameter). Only some models
   * accept it (OpenAI's text-embedding-3-*, matryoshka models on vLLM); others reject or ignore it.
   * Default: on for text-embedding-3-*.
   */
  sendDimensions?: boolean;
  /**
   * What to ask for. openai SDK 6 silently asks for base64 when nothing is set and then decodes
   * whatever comes back as base64, which garbles servers that answer floats regardless (older
   * Ollama, LocalAI). So we always set it explicitly, default 'float' (every server speaks it), and
   * accept either form in the answer.
   */
  encodingFormat?: 'float' | 'base64';
}

const DEFAULT_BATCH_SIZE = 64;

const supportsDimensions = (model: string) => /^text-embedding-3/.test(model);

/** A vector as the server sent it: numbers, or little-endian float32 in base64. */
function decode(raw: unknown): number[] | undefined {
  if (Array.isArray(raw)) return raw as number[];
  if (typeof raw !== 'string') return undefined;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
}

function normalise(vector: number[]): number[] | undefined {
  let sum = 0;
  for (const x of vector) {
    if (typeof x !== 'number' || !Number.isFinite(x)) return undefined;
    sum += x * x;
  }
  // A zero vector has no direction: cosine against it is undefined, so it is no embedding.
  if (sum === 0) return undefined;
  const norm = Math.sqrt(sum);
  return vector.map((x) => x / norm);
}

/** LangChain's embedDocuments takes no signal: stop waiting when aborted (the request times out on its own). */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const { model, dims } = options;
  if (!Number.isInteger(dims) || dims <= 0)
    throw new AppError('E_CONFIG', `EMBED_DIMS must be a positive integer, not ${dims}`, 500, false);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const server = serverName(options);
  const source = `embedding model ${model} at ${server}`;
  const embeddings = new OpenAIEmbeddings({
    ...langChainClientFields(options),
    model,
    batchSize, // we hand it one batch at a time
    encodingFormat: options.encodingFormat ?? 'float',
    ...((options.sendDimensions ?? supportsDimensions(model)) ? { dimensions: dims } : {}),
  });

  function toVector(raw: unknown, index: number): number[] {
    const vector = decode(raw);
    if (!vector) throw invalidOutput(source, `vector ${index} is neither a list of numbers nor base64 float32`);
    if (vector.length !== dims) {
      throw new AppError(
        'E_EMBED_DIMENSION',
        `${source} returns ${vector.length}-dimensional vectors, but this deployment stores ${dims}: ` +
          `set EMBED_DIMS=${vector.length} and run \`colloquy reindex\`, or choose a model with ${dims} dimensions`,
        500,
        false,
      );
    }
    const unit = normalise(vector);
    if (!unit) throw invalidOutput(source, `vector ${index} is all zeros or has non-finite values`);
    return unit;
  }

  async function embedBatch(batch: string[], signal?: AbortSignal): Promise<number[][]> {
    let raw: unknown[];
    try {
      raw = await untilAborted(embeddings.embedDocuments(batch), signal);
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      throw answerError(err, { server, model }, source);
    }
    if (raw.length !== batch.length) throw invalidOutput(source, `${raw.length} vectors for ${batch.length} texts`);
    return raw.map(toVector);
  }

  async function embed(texts: string[], opts: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    if (!isConfigured(options)) throw notConfigured();
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      if (opts.signal?.aborted) throw abortReason(opts.signal);
      vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), opts.signal)));
    }
    return vectors;
  }

  return { provider: 'openai', model, dims, embed };
}
