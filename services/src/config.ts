import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Boolean env vars accept 1/0, true/false, yes/no. */
const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : /^(1|true|yes|on)$/i.test(v)));

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('localhost'),
    DATA_DIR: z.string().default('./data'),
    PUBLIC_URL: z.string().url().optional(),
    DATABASE_URL: z.string().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_START_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    // PGlite's page cache (PostgreSQL shared_buffers), allocated when the database opens. Search
    // reads the HNSW index and the statements on every query: at 100k statements bench/search
    // measured hybrid p95 66 ms with PGlite's 128MB, 58 ms with 256MB, 49 ms with 512MB.
    PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^(auto|\d+(kB|MB|GB))$/, 'a size such as 512MB or 1GB, or auto')
      .default('auto'),
    // Media on local disk (DATA_DIR/media) or in an S3-compatible bucket; see README, Operations, Storage.
    MEDIA_STORE: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: z.string().url().optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens')
      .optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: flag(false),
    S3_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9][A-Za-z0-9._-]*\/?)*$/, 'folder names of letters, digits, dots, hyphens and underscores, separated by /')
      .default(''),
    MAX_UPLOAD_MB: z.coerce.number().positive().default(500),
    MAX_CAPTIONS_KB: z.coerce.number().positive().default(5120),
    // Longest media accepted, measured by reading it (headers can lie): bounds the work and disk one upload costs.
    MAX_MEDIA_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(100 * 3600)
      .default(4 * 3600),
    // An upload whose body sends nothing for this long is stopped (408) and its partial file removed.
    UPLOAD_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    FFMPEG_PATH: z.string().optional(),
    AI_PROVIDER: z.enum(['local', 'openai']).default('local'),
    TRANSCRIBE_PROVIDER: z.enum(['local', 'openai']).optional(),
    POCKETSPHINX_PATH: z.string().default('pocketsphinx_continuous'),
    POCKETSPHINX_MODEL_DIR: z.string().optional(),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.string().url().optional(),
    TRANSCRIBE_MODEL: z.string().default('whisper-1'),
    TRANSCRIBE_LANGUAGE: z.string().optional(),
    TRANSCRIBE_CHUNK_SECONDS: z.coerce.number().int().min(1).default(600),
    // The local recogniser works on pieces cut at pauses: its clock stays true within a piece.
    TRANSCRIBE_PIECE_SECONDS: z.coerce.number().int().min(5).max(120).default(20),
    // Pieces (local) or chunk requests (openai) at once; default: one per core for local, 1 for openai.
    TRANSCRIBE_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    EMBED_PROVIDER: z.enum(['local', 'openai']).optional(),
    EMBED_MODEL: z.string().default('text-embedding-3-small'),
    EMBED_DIMS: z.coerce.number().int().min(8).max(4096).optional(),
    CHAT_PROVIDER: z.enum(['local', 'openai']).optional(),
    CHAT_MODEL: z.string().default('gpt-4o-mini'),
    STRUCTURED_OUTPUT_METHOD: z.enum(['jsonSchema', 'functionCalling', 'jsonMode']).optional(),
    SEARCH_TEXT_SHARE: z.coerce.number().min(0).max(1).default(0.5),
    SEARCH_NEIGHBOUR_WEIGHT: z.coerce.number().min(0).max(2).default(0.5),
    SEARCH_SPREAD_WINDOW: z.coerce.number().int().min(0).max(50).default(3),
    SEARCH_SPREAD_PENALTY: z.coerce.number().min(0).max(1).default(0.3),
    SEARCH_SPEAKER_BOOST: z.coerce.number().min(0).max(4).default(1),
    SEARCH_BM25_K1: z.coerce.number().min(0).max(10).default(1.2),
    SEARCH_BM25_B: z.coerce.number().min(0).max(1).default(0.75),
    SEARCH_RELEVANCE_FLOOR: z.coerce.number().min(0).max(1).default(0.3),
    SEARCH_FLOOR: flag(true),
    SEARCH_CANDIDATES: z.coerce.number().int().min(10).max(1000).default(50),
    SEARCH_EF: z.coerce.number().int().min(10).max(1000).default(150),
    SEARCH_HNSW_M: z.coerce.number().int().min(2).max(100).default(16),
    SEARCH_HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(4).max(1000).default(400),
    SEARCH_COMMON_TERM_ROWS: z.coerce.number().int().min(1).default(1000),
    RANK_REACTION_WEIGHTS: z
      .string()
      .default('agree:1,insightful:2,important:2.5,question:0.5')
      .transform((v, ctx) => parseWeights(v, ctx)),
    RANK_HALF_LIFE_DAYS: z.coerce.number().positive().default(7),
    RANK_RELEVANCE_WEIGHT: z.coerce.number().min(0).default(1),
    RANK_REACTION_WEIGHT: z.coerce.number().min(0).default(1),
    RANK_MMR_LAMBDA: z.coerce.number().min(0).max(1).default(0.7),
    SEEN_FRACTION: z.coerce.number().min(0.1).max(1).default(0.8),
    VISIT_GAP_MINUTES: z.coerce.number().positive().default(30),
    READING_WPM: z.coerce.number().positive().default(230),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Colloquy <colloquy@localhost>'),
    OUTBOX_DIR: z.string().optional(),
    NOTIFY_BATCH_MINUTES: z.coerce.number().min(0).default(10),
    DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
    FORWARD_LINK_DAYS: z.coerce.number().positive().default(14),
    NUDGE_AFTER_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 365)
      .default(48),
    INTERVIEW_GRACE_S: z.coerce.number().int().min(0).max(600).default(5),
    INTERVIEW_CHUNK_BYTES: z.coerce
      .number()
      .int()
      .min(65536)
      .max(64 * 1024 * 1024)
      .default(4 * 1024 * 1024),
    INTERVIEW_REMINDER_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(48),
    EXPORT_HOURS: z.coerce.number().positive().default(24),
    WEBHOOK_ALLOW_PRIVATE: flag(false),
    WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    WEBHOOK_RETRY_SECONDS: z.coerce.number().min(0).default(30),
    WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).default(5),
    WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
    WORKERS: flag(true),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    JOB_RETRY_LIMIT: z.coerce.number().int().min(0).default(3),
    // A running stage beats a heartbeat; a job without one for this long is handed to another worker.
    JOB_STALL_MINUTES: z.coerce.number().positive().max(60).default(3),
    SESSION_DAYS: z.coerce.number().positive().default(30),
    COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
    AUTH_RATE_LIMIT: z.coerce.number().int().positive().default(10),
    PASSWORD_RESET_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    // /metrics (Prometheus): on the API port only with this Bearer token; on METRICS_PORT (loopback) without one.
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    METRICS_HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: flag(Boolean(process.stdout.isTTY)), // readable logs on a terminal, JSON lines otherwise
  })
  .refine(
    (e) =>
      ![e.TRANSCRIBE_PROVIDER, e.EMBED_PROVIDER, e.CHAT_PROVIDER].map((p) => p ?? e.AI_PROVIDER).includes('openai') ||
      e.OPENAI_BASE_URL ||
      e.OPENAI_API_KEY,
    { message: 'the openai provider needs OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (a self-hosted compatible server)' },
  )
  .refine((e) => e.MEDIA_STORE !== 's3' || e.S3_BUCKET, { message: 'MEDIA_STORE=s3 needs S3_BUCKET', path: ['S3_BUCKET'] })
  .refine((e) => !e.S3_ACCESS_KEY_ID === !e.S3_SECRET_ACCESS_KEY, {
    message: 'give both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the SDK then finds credentials itself)',
    path: ['S3_SECRET_ACCESS_KEY'],
  })
  .refine((e) => e.SEARCH_HNSW_EF_CONSTRUCTION >= 2 * e.SEARCH_HNSW_M, {
    message: 'SEARCH_HNSW_EF_CONSTRUCTION must be at least twice SEARCH_HNSW_M (pgvector builds no graph otherwise)',
    path: ['SEARCH_HNSW_EF_CONSTRUCTION'],
  });

export type Config = ReturnType<typeof toConfig>;

/** `kind:weight,kind:weight` → { kind: weight }, e.g. the reaction weights of the ranking. */
function parseWeights(v: string, ctx: z.RefinementCtx): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, value] = part.split(':');
    const weight = Number(value);
    if (!/^[a-z][a-z_]{0,31}$/.test(kind ?? '') || !Number.isFinite(weight) || weight < 0) {
      ctx.addIssue({ code: 'custom', message: `expected kind:weight pairs, got "${part}"` });
      return z.NEVER;
    }
    weights[kind] = weight;
  }
  return weights;
}

function toConfig(e: z.infer<typeof Env>) {
  const dataDir = path.resolve(e.DATA_DIR);
  const secureCookies = e.COOKIE_SECURE === 'auto' ? (e.PUBLIC_URL?.startsWith('https:') ?? false) : e.COOKIE_SECURE === 'true';
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    dataDir,
    mediaDir: path.join(dataDir, 'media'),
    /** Scratch files: uploads on their way, what ffmpeg and the recogniser read from a bucket. */
    scratchDir: path.join(dataDir, 'tmp'),
    media: {
      store: e.MEDIA_STORE,
      s3: {
        endpoint: e.S3_ENDPOINT,
        bucket: e.S3_BUCKET ?? '',
        region: e.S3_REGION,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
        prefix: e.S3_PREFIX && !e.S3_PREFIX.endsWith('/') ? `${e.S3_PREFIX}/` : e.S3_PREFIX,
      },
    },
    databaseUrl: e.DATABASE_URL || undefined,
    databasePoolMax: e.DATABASE_POOL_MAX,
    /** How long a starting process waits for a database it cannot reach before it gives up. */
    databaseStartWaitMs: e.DATABASE_START_WAIT_SECONDS * 1000,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS === 'auto' ? autoSharedBuffers() : e.PGLITE_SHARED_BUFFERS,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    maxCaptionsBytes: Math.round(e.MAX_CAPTIONS_KB * 1024),
    maxMediaMs: e.MAX_MEDIA_SECONDS * 1000,
    uploadIdleMs: e.UPLOAD_IDLE_SECONDS * 1000,
    ffmpegPath: e.FFMPEG_PATH,
    transcribe: {
      provider: e.TRANSCRIBE_PROVIDER ?? e.AI_PROVIDER,
      local: {
        binary: e.POCKETSPHINX_PATH,
        modelDir: e.POCKETSPHINX_MODEL_DIR,
        pieceSeconds: e.TRANSCRIBE_PIECE_SECONDS,
        concurrency: e.TRANSCRIBE_CONCURRENCY,
      },
      openai: {
        apiKey: e.OPENAI_API_KEY,
        baseUrl: e.OPENAI_BASE_URL,
        model: e.TRANSCRIBE_MODEL,
        chunkSeconds: e.TRANSCRIBE_CHUNK_SECONDS,
        concurrency: e.TRANSCRIBE_CONCURRENCY,
        language: e.TRANSCRIBE_LANGUAGE,
      },
    },
    ai: {
      embed: {
        provider: e.EMBED_PROVIDER ?? e.AI_PROVIDER,
        model: e.EMBED_MODEL,
        dims: e.EMBED_DIMS ?? ((e.EMBED_PROVIDER ?? e.AI_PROVIDER) === 'local' ? 384 : 1536),
      },
      chat: { provider: e.CHAT_PROVIDER ?? e.AI_PROVIDER, model: e.CHAT_MODEL, structuredMethod: e.STRUCTURED_OUTPUT_METHOD },
      openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
    },
    search: {
      /** Hybrid score = share × full-text score + (1 − share) × vector score, each min-max scaled over the query's candidates. */
      textShare: e.SEARCH_TEXT_SHARE,
      /** A statement's full-text score gains this share of its neighbours' mean BM25 (a short statement inside a matching passage). */
      neighbourWeight: e.SEARCH_NEIGHBOUR_WEIGHT,
      bm25: { k1: e.SEARCH_BM25_K1, b: e.SEARCH_BM25_B },
      /** A result within `window` statements of a better one in the same contribution loses `penalty` of its score when ordering. */
      spread: { window: e.SEARCH_SPREAD_WINDOW, penalty: e.SEARCH_SPREAD_PENALTY },
      /** A statement by a speaker the query names ("what did Ana say about …") scores this share more. */
      speakerBoost: e.SEARCH_SPEAKER_BOOST,
      /** Results scoring below this share of the best result's score are not returned; SEARCH_FLOOR=off returns them all. */
      relevanceFloor: e.SEARCH_FLOOR ? e.SEARCH_RELEVANCE_FLOOR : 0,
      candidates: e.SEARCH_CANDIDATES,
      efSearch: e.SEARCH_EF,
      /** The HNSW graph (pgvector's m and ef_construction), used when the index is built: a new database, `colloquy reindex [--graph]`. */
      index: { m: e.SEARCH_HNSW_M, efConstruction: e.SEARCH_HNSW_EF_CONSTRUCTION },
      /** A query word expected in more statements than this only ranks full-text matches; it does not select them. */
      commonTermRows: e.SEARCH_COMMON_TERM_ROWS,
    },
    ranking: {
      /** Reaction kinds and their weights; the keys are also the kinds a user may react with. */
      reactionWeights: e.RANK_REACTION_WEIGHTS,
      halfLifeDays: e.RANK_HALF_LIFE_DAYS,
      relevanceWeight: e.RANK_RELEVANCE_WEIGHT,
      reactionWeight: e.RANK_REACTION_WEIGHT,
      /** Maximal marginal relevance: 1 ranks by score alone, lower values favour variety. */
      mmrLambda: e.RANK_MMR_LAMBDA,
    },
    views: { seenFraction: e.SEEN_FRACTION, visitGapMinutes: e.VISIT_GAP_MINUTES },
    digest: { readingWpm: e.READING_WPM, hourUtc: e.DIGEST_HOUR_UTC },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      outboxDir: path.resolve(e.OUTBOX_DIR ?? path.join(dataDir, 'outbox')),
    },
    notify: { batchMinutes: e.NOTIFY_BATCH_MINUTES },
    forwards: { linkDays: e.FORWARD_LINK_DAYS },
    /** Hours after a member was asked something (a question naming them, a forward) that the sweep reminds them. */
    nudges: { afterHours: e.NUDGE_AFTER_HOURS },
    /** Hours an export's zip stays downloadable. */
    exports: { hours: e.EXPORT_HOURS },
    /**
     * Webhook deliveries: attempts per event (the n-th retry waits retrySeconds · 2^(n−1)), failed
     * deliveries in a row before a webhook is disabled, and whether private addresses may be called.
     */
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      attempts: e.WEBHOOK_ATTEMPTS,
      retrySeconds: e.WEBHOOK_RETRY_SECONDS,
      disableAfter: e.WEBHOOK_DISABLE_AFTER,
      timeoutMs: Math.round(e.WEBHOOK_TIMEOUT_SECONDS * 1000),
    },
    /** Candidates' answers: seconds allowed past a question's time limit, the size of one upload chunk; hours before the deadline a reminder goes out. */
    interviews: { graceS: e.INTERVIEW_GRACE_S, chunkBytes: e.INTERVIEW_CHUNK_BYTES, reminderHours: e.INTERVIEW_REMINDER_HOURS },
    workers: {
      enabled: e.WORKERS,
      concurrency: e.WORKER_CONCURRENCY,
      retryLimit: e.JOB_RETRY_LIMIT,
      stallMs: Math.round(e.JOB_STALL_MINUTES * 60_000),
    },
    auth: {
      sessionDays: e.SESSION_DAYS,
      secureCookies,
      rateLimitPerMinute: e.AUTH_RATE_LIMIT,
      /** How long a password reset link works. */
      passwordResetMinutes: e.PASSWORD_RESET_MINUTES,
    },
    /** /metrics: on the API port behind a Bearer token (absent: 404), and/or its own listener (every process, workers too). */
    metrics: { token: e.METRICS_TOKEN || undefined, port: e.METRICS_PORT, host: e.METRICS_HOST },
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY },
  } as const;
}

/** Parse the environment once; every invalid variable is listed in one message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'config'}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(toConfig(parsed.data));
}

/** An eighth of the machine's memory, between PGlite's own 128MB and the 512MB a 100k-statement library uses. */
function autoSharedBuffers(): string {
  const eighthMb = Math.floor(os.totalmem() / 8 / 1048576);
  return `${Math.min(512, Math.max(128, eighthMb))}MB`;
}
