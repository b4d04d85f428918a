/**
 * The real Colloquy app, in this process, on a temporary data folder: real PGlite, real queue,
 * real pipeline, reached through HTTP (Fastify inject) exactly as a user's client would. Meetings
 * are loaded with POST /api/conferences/:id/transcripts, one conference per meeting, and read
 * back once every contribution is ready.
 */
import { type Client, spaceWithConference, startTestApp, waitForContribution, type TestApp } from '../../services/test/helpers/app.ts';
import { loadAmiDev, loadIcsiDev, type AnnotatedMeeting, type Corpus, type Meeting } from './datasets.ts';

/** The statement fields eval/ reads from GET /api/contributions/:id. */
export interface ApiLabel {
  kind: 'act' | 'topic';
  value: string;
  source: string;
  confidence: number | null;
}

export interface ApiStatement {
  id: string;
  contributionId: string;
  seq: number;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
  gist: string | null;
  labels: ApiLabel[];
}

export interface CitedSentence {
  text: string;
  statementIds: string[];
}

export interface ApiSummary {
  title: string;
  sentences: CitedSentence[];
  chapters: unknown[];
}

export interface LoadedMeeting<M extends Meeting> {
  meeting: M;
  conferenceId: string;
  contributionId: string;
  statements: ApiStatement[];
  /** null until the summarise stage exists (or when it wrote none). */
  summary: ApiSummary | null;
}

export interface HarnessOptions {
  /** Meetings in flight at once while loading (default 4). */
  concurrency?: number;
  /** How long one meeting may take from posting to ready (default 30 min). */
  meetingTimeoutMs?: number;
}

/** Settings passed through from this process's environment (providers, models, search tuning). */
const PASSED_THROUGH =
  /^(AI_|OPENAI_|TRANSCRIBE_|EMBED_|CHAT_|STRUCTURED_|SEARCH_|POCKETSPHINX_|FFMPEG_PATH$|WORKER_CONCURRENCY$|JOB_RETRY_LIMIT$)/;

export class Colloquy {
  private readonly loaded = new Map<string, Promise<LoadedMeeting<Meeting>[]>>();

  private constructor(
    readonly app: TestApp,
    readonly client: Client,
    readonly spaceId: string,
    private readonly options: Required<HarnessOptions>,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<Colloquy> {
    const env: Record<string, string> = { WORKER_CONCURRENCY: '2' };
    for (const [key, value] of Object.entries(process.env)) if (PASSED_THROUGH.test(key) && value !== undefined) env[key] = value;
    const app = await startTestApp(env);
    try {
      const { client, space } = await spaceWithConference(app.app, 'Eval');
      return new Colloquy(app, client, space.id, {
        concurrency: options.concurrency ?? 4,
        meetingTimeoutMs: options.meetingTimeoutMs ?? 30 * 60_000,
      });
    } catch (err) {
      await app.close({ remove: true });
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.app.close({ remove: true });
  }

  async get(url: string) {
    return this.client.get(url);
  }

  async post(url: string, body: unknown) {
    return this.client.post(url, body);
  }

  async createConference(title: string): Promise<string> {
    const res = await this.post(`/api/spaces/${this.spaceId}/conferences`, { title: title.slice(0, 200) });
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`creating conference "${title}": ${res.statusCode} ${res.body}`);
    return res.json().conference.id;
  }

  /**
   * Loads meetings through the API (once per `key` in this process: tasks run by `all` share
   * them) and returns them with their statements, in the order given.
   */
  load<M extends Meeting>(key: string, meetings: M[]): Promise<LoadedMeeting<M>[]> {
    const cacheKey = `${key}:${meetings.map((m) => m.id).join(',')}`;
    if (!this.loaded.has(cacheKey)) this.loaded.set(cacheKey, this.loadAll(key, meetings));
    return this.loaded.get(cacheKey)! as Promise<LoadedMeeting<M>[]>;
  }

  /** The AMI and ICSI dev meetings (dialogue acts, abstracts), loaded as `load` does, by corpus. */
  async loadAnnotated(limit?: number): Promise<{ corpus: Corpus; loaded: LoadedMeeting<AnnotatedMeeting>[] }[]> {
    return [
      { corpus: 'AMI', loaded: await this.load('ami', loadAmiDev({ limit })) },
      { corpus: 'ICSI', loaded: await this.load('icsi', loadIcsiDev({ limit })) },
    ];
  }

  private async loadAll<M extends Meeting>(key: string, meetings: M[]): Promise<LoadedMeeting<M>[]> {
    const started = performance.now();
    let done = 0;
    const progress = () => `  ${key}: ${done}/${meetings.length} meetings ready (${((performance.now() - started) / 1000).toFixed(0)} s)`;
    const loaded = await mapConcurrently(meetings, this.options.concurrency, async (meeting) => {
      const result = await this.loadOne(key, meeting);
      done++;
      if (process.stderr.isTTY) process.stderr.write(`\r${progress()}`); // a live counter on a terminal, one line in a log
      return result;
    });
    process.stderr.write(process.stderr.isTTY ? '\n' : `${progress()}\n`);
    return loaded;
  }

  private async loadOne<M extends Meeting>(key: string, meeting: M): Promise<LoadedMeeting<M>> {
    const conferenceId = await this.createConference(`${key} ${meeting.id}`);
    // Turns with no words are left out, as the API would drop them anyway.
    const turns = meeting.turns
      .filter((t) => t.text.trim())
      .map((t) => ({ speaker: t.speaker, text: t.text, startMs: t.startMs, endMs: t.endMs }));
    const res = await this.post(`/api/conferences/${conferenceId}/transcripts`, { title: meeting.id, turns });
    if (res.statusCode !== 202) throw new Error(`posting ${meeting.id}: ${res.statusCode} ${res.body}`);
    const id: string = res.json().contribution.id;
    const final = await waitForContribution(this.client, id, this.options.meetingTimeoutMs);
    if (final.status !== 'ready') throw new Error(`${meeting.id}: contribution ${final.status} at ${final.stage}: ${final.error ?? ''}`);
    const { statements, summary } = await this.contribution(id);
    return { meeting, conferenceId, contributionId: id, statements, summary };
  }

  /** GET /api/contributions/:id → its statements (with labels) and summary. */
  async contribution(id: string): Promise<{ statements: ApiStatement[]; summary: ApiSummary | null }> {
    const res = await this.get(`/api/contributions/${id}`);
    if (res.statusCode !== 200) throw new Error(`GET /api/contributions/${id}: ${res.statusCode} ${res.body}`);
    const c = res.json().contribution;
    return { statements: c.statements ?? [], summary: c.summary ?? null };
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
