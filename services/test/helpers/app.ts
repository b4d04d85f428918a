import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/core/logger.ts';
import { startRuntime, type Runtime } from '../../src/main.ts';
import { buildApp } from '../../src/http/app.ts';
import { WAIT_TIMEOUT_MS, waitFor } from './wait.ts';

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  dataDir: string;
  /** Stops the app and the runtime; the data folder stays (pass `remove` to delete it). */
  close(opts?: { remove?: boolean }): Promise<void>;
}

/** The real app (real PGlite, real queue, real ffmpeg) on a temporary data folder. */
export async function startTestApp(env: Record<string, string> = {}, dataDir?: string): Promise<TestApp> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-test-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '1', ...env });
  const runtime = await startRuntime(config, { log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false }) });
  const app = await buildApp(runtime);
  await app.ready();
  return {
    app,
    runtime,
    dataDir: dir,
    async close(opts = {}) {
      await app.close();
      await runtime.close();
      if (opts.remove) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in API caller: keeps the session cookie like a browser would. */
export class Client {
  cookie = '';
  constructor(readonly app: FastifyInstance) {}

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ ...opts, headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...opts.headers } });
    const set = res.cookies.find((c) => c.name === 'colloquy_session');
    if (set) this.cookie = set.value ? `colloquy_session=${set.value}` : '';
    return res;
  }

  get = (url: string) => this.request({ method: 'GET', url });
  post = (url: string, payload?: unknown) => this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] });

  static async signUp(app: FastifyInstance, name: string): Promise<Client & { userId: string; email: string }> {
    const client = new Client(app);
    const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const res = await client.post('/api/auth/signup', { email, password: 'correct horse battery', name });
    if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
    return Object.assign(client, { userId: res.json().user.id as string, email });
  }
}

/** A space with one conference, owned by a new user. */
export async function spaceWithConference(app: FastifyInstance, owner = 'Owner') {
  const client = await Client.signUp(app, owner);
  const space = (await client.post('/api/spaces', { name: 'Product' })).json().space;
  const conference = (await client.post(`/api/spaces/${space.id}/conferences`, { title: 'Roadmap' })).json().conference;
  return { client, space, conference };
}

/** A new user who joins the space with `role`, invited by `owner`. */
export async function addMember(app: FastifyInstance, owner: Client, spaceId: string, name: string, role: 'member' | 'host' = 'member') {
  const member = await Client.signUp(app, name);
  const res = await owner.post(`/api/spaces/${spaceId}/members`, { email: member.email, role });
  if (res.statusCode >= 300) throw new Error(`adding ${name}: ${res.statusCode} ${res.body}`);
  return member;
}

export interface TranscriptTurn {
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

/** Posts a transcript, waits for the pipeline, and returns the ready contribution (GET /api/contributions/:id). */
export async function postTranscript(
  client: Client,
  conferenceId: string,
  body: { title: string; turns: TranscriptTurn[]; replyTo?: string },
) {
  const res = await client.post(`/api/conferences/${conferenceId}/transcripts`, body);
  if (res.statusCode !== 202) throw new Error(`posting a transcript: ${res.statusCode} ${res.body}`);
  const done = await waitForContribution(client, res.json().contribution.id);
  if (done.status !== 'ready') throw new Error(`contribution ${done.id} ${done.status}: ${done.error}`);
  return (await client.get(`/api/contributions/${done.id}`)).json().contribution;
}

/** Polls a contribution until it is ready or failed (the pipeline runs in the background). */
export async function waitForContribution(client: Client, id: string, timeoutMs = WAIT_TIMEOUT_MS) {
  return waitFor(
    `contribution ${id} to be ready or failed`,
    async () => (await client.get(`/api/contributions/${id}`)).json().contribution,
    { until: (c) => c.status === 'ready' || c.status === 'failed', timeoutMs },
  );
}

/** A multipart/form-data body for app.inject. */
export function multipart(parts: { name: string; value?: string; file?: Buffer; filename?: string; contentType?: string }[]) {
  const boundary = `----colloquy${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.file ? `form-data; name="${p.name}"; filename="${p.filename ?? 'upload.bin'}"` : `form-data; name="${p.name}"`;
    const type = p.file ? `\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(p.file ?? Buffer.from(p.value ?? ''));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
