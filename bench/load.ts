/**
 * bench/load: many readers at once, first alone, then while uploads of real speech are processed.
 *
 *   npm run bench -- load [--seconds 60] [--readers 50] [--uploads 4] [--meetings 4] [--upload-seconds 60]
 *
 * A real server (`colloquy start`: API and pipeline workers in one process, the embedded default)
 * runs as a child process on loopback, with a space seeded through the API: `--meetings` QMSum dev
 * meetings imported as transcripts into one conference. `--readers` concurrent readers (signed in
 * as ten members, none of them the author, so every digest has all of it unseen) each loop over
 * the conference feed, a search (QMSum's own queries), the conference digest and a contribution's
 * detail, for `--seconds`; then the same again while `--uploads` videos of real speech
 * (../shared/eval/asr/dev) go through probe → audio → recognition → statements. Printed: requests
 * and errors per phase (a non-2xx answer or a client timeout of 30 s), read p50/p95 per phase and
 * per kind, the p95 ratio with/without uploads (target ≤ 2), and the server's longest event-loop
 * stall per phase (prom-client's nodejs_eventloop_lag_max_seconds, read from its /metrics, which
 * resets it at each scrape) and since it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadQmsumDev } from '../eval/lib/datasets.ts';
import { asrClips, concatClipsToLength } from '../services/test/fixtures/media.ts';

const args = process.argv.slice(process.argv.indexOf('load') + 1);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} needs a positive number\n`);
    process.exit(2);
  }
  return value;
};
const SECONDS = opt('seconds', 60);
const READERS = opt('readers', 50);
const UPLOADS = opt('uploads', 4);
const MEETINGS = opt('meetings', 4);
const UPLOAD_SECONDS = opt('upload-seconds', 60);
const ACCOUNTS = 10;
const TIMEOUT_MS = 30_000;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-load-'));
const token = randomBytes(24).toString('hex');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;

async function run() {
  await waitUntil(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok ?? false, 300_000, 'the server to start');

  // ---------------------------------------------------------------- seed
  const owner = await Session.signUp('Owner');
  const space = (await owner.json('POST', '/api/spaces', { name: 'Load' })).space;
  const conference = (await owner.json('POST', `/api/spaces/${space.id}/conferences`, { title: 'Meetings' })).conference;
  const seeded = performance.now();
  const meetings = loadQmsumDev().slice(0, MEETINGS);
  const contributionIds: string[] = [];
  for (const m of meetings) {
    const turns = m.turns.filter((t) => t.text.trim()).map(({ speaker, text, startMs, endMs }) => ({ speaker, text, startMs, endMs }));
    const posted = await owner.json('POST', `/api/conferences/${conference.id}/transcripts`, { title: m.id, turns });
    contributionIds.push(posted.contribution.id);
  }
  let statements = 0;
  for (const id of contributionIds) {
    const c = await waitUntil(
      async () => {
        const c = (await owner.json('GET', `/api/contributions/${id}`)).contribution;
        return c.status === 'ready' || c.status === 'failed' ? c : null;
      },
      1_800_000,
      `contribution ${id}`,
    );
    if (c.status !== 'ready') throw new Error(`seeding: ${id} ${c.status}: ${c.error}`);
    statements += c.statements.length;
  }
  const queries = meetings.flatMap((m) => m.queries.filter((q) => q.type === 'specific').map((q) => q.query));
  const readers: Session[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const reader = await Session.signUp(`Reader ${i}`);
    await owner.json('POST', `/api/spaces/${space.id}/members`, { email: reader.email, role: 'member' });
    readers.push(reader);
  }
  console.log(
    `\nbench/load: ${os.cpus().length} cores, ${MEETINGS} QMSum meetings → ${statements} statements in one conference ` +
      `(seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s), ${READERS} readers as ${ACCOUNTS} members, ${SECONDS} s per phase`,
  );

  const reads: Read[] = [
    { kind: 'feed', path: () => `/api/conferences/${conference.id}/feed?limit=20` },
    { kind: 'search', path: (i) => `/api/search?q=${encodeURIComponent(queries[i % queries.length])}` },
    { kind: 'digest', path: () => `/api/conferences/${conference.id}/digest` },
    { kind: 'contribution', path: (i) => `/api/contributions/${contributionIds[i % contributionIds.length]}` },
  ];

  // ---------------------------------------------------------------- phases
  await stallSinceLastScrape(); // resets prom-client's lag histogram: the next read covers the phase only
  const quiet = await phase(readers, reads);
  quiet.stallMs = await stallSinceLastScrape();

  const video = await concatClipsToLength(
    asrClips().map((c) => c.path),
    path.join(tmp, 'talk.mp4'),
    UPLOAD_SECONDS,
  );
  const uploader = readers[0];
  const uploads = await Promise.all(
    Array.from({ length: UPLOADS }, async (_, i) => {
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(video)], { type: 'video/mp4' }), `talk-${i}.mp4`);
      form.append('title', `Upload ${i + 1}`);
      return (await uploader.json('POST', `/api/conferences/${conference.id}/contributions`, form)).contribution.id as string;
    }),
  );
  const busy = await phase(readers, reads);
  busy.stallMs = await stallSinceLastScrape();
  const states = await Promise.all(uploads.map(async (id) => (await owner.json('GET', `/api/contributions/${id}`)).contribution));
  const metrics = await scrape();

  // ---------------------------------------------------------------- report
  const row = (label: string, cells: (string | number)[]) => `${label.padEnd(26)}${cells.map((c) => String(c).padStart(16)).join('')}`;
  console.log(`\n${row('', ['without uploads', `with ${UPLOADS} uploads`])}`);
  console.log(row('requests', [quiet.latencies.length + quiet.errors, busy.latencies.length + busy.errors]));
  const reasons = (p: Phase) => [...p.reasons].map(([why, n]) => `${n} ${why}`).join(', ') || '0';
  console.log(row('errors', [reasons(quiet), reasons(busy)]));
  console.log(row('read p50 (ms)', [fmt(pct(quiet.latencies, 0.5)), fmt(pct(busy.latencies, 0.5))]));
  console.log(row('read p95 (ms)', [fmt(pct(quiet.latencies, 0.95)), fmt(pct(busy.latencies, 0.95))]));
  for (const { kind } of reads) {
    const q = quiet.byKind.get(kind) ?? [];
    const b = busy.byKind.get(kind) ?? [];
    console.log(row(`  ${kind} p50 / p95`, [`${fmt(pct(q, 0.5))} / ${fmt(pct(q, 0.95))}`, `${fmt(pct(b, 0.5))} / ${fmt(pct(b, 0.95))}`]));
  }
  console.log(row('longest loop stall (ms)', [fmt(quiet.stallMs), fmt(busy.stallMs)]));
  const ratio = pct(busy.latencies, 0.95) / pct(quiet.latencies, 0.95);
  console.log(`\nread p95 with uploads / without: ${ratio.toFixed(2)}× (target ≤ 2×); errors: ${quiet.errors + busy.errors} (target 0)`);
  console.log(
    `server's longest event-loop stall since start (seeding included): ${fmt(sample(metrics, 'colloquy_event_loop_stall_max_seconds') * 1000)} ms`,
  );
  console.log(
    `uploads at the end of the second phase: ${states.map((c) => `${c.status}${c.status === 'ready' ? '' : ` (${c.stage})`}`).join(', ')}; ` +
      `transcribe runs done: ${sample(metrics, 'colloquy_stage_duration_seconds_count{stage="transcribe",outcome="done"}')}`,
  );
}

// ---------------------------------------------------------------- readers
interface Read {
  kind: string;
  path: (i: number) => string;
}
interface Phase {
  latencies: number[];
  byKind: Map<string, number[]>;
  errors: number;
  /** Errors by reason: an HTTP status, or "timeout" / "network". */
  reasons: Map<string, number>;
  stallMs: number;
}

async function phase(readers: Session[], reads: Read[]): Promise<Phase> {
  const result: Phase = { latencies: [], byKind: new Map(), errors: 0, reasons: new Map(), stallMs: 0 };
  const until = performance.now() + SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: READERS }, async (_, r) => {
      const session = readers[r % readers.length];
      let i = r; // readers start at different kinds so each kind is asked all the time
      while (performance.now() < until) {
        const read = reads[i % reads.length];
        const started = performance.now();
        const failure = await session.get(read.path(n++));
        const ms = performance.now() - started;
        if (failure) {
          result.errors++;
          result.reasons.set(failure, (result.reasons.get(failure) ?? 0) + 1);
        } else {
          result.latencies.push(ms);
          const kind = result.byKind.get(read.kind) ?? [];
          kind.push(ms);
          result.byKind.set(read.kind, kind);
        }
        i++;
      }
    }),
  );
  return result;
}

/** A signed-in member: the session cookie, as a browser keeps it. */
class Session {
  private constructor(
    readonly email: string,
    private readonly cookie: string,
  ) {}

  static async signUp(name: string): Promise<Session> {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomBytes(3).toString('hex')}@example.org`;
    const res = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery', name }),
    });
    if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('colloquy_session=')) ?? '').split(';')[0];
    return new Session(email, cookie);
  }

  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes
  async json(method: string, url: string, body?: unknown): Promise<any> {
    const form = body instanceof FormData;
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie: this.cookie, ...(body && !form ? { 'content-type': 'application/json' } : {}) },
      body: form ? body : body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json();
  }

  /** One read; null when it succeeded, else why not (its status, "timeout" after TIMEOUT_MS, "network"). */
  async get(url: string): Promise<string | null> {
    try {
      const res = await fetch(`${base}${url}`, { headers: { cookie: this.cookie }, signal: AbortSignal.timeout(TIMEOUT_MS) });
      await res.arrayBuffer();
      return res.ok ? null : String(res.status);
    } catch (err) {
      return err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network';
    }
  }
}

// ---------------------------------------------------------------- server
function startServer(): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'services/bin/colloquy-dev.js'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: tmp,
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_TOKEN: token,
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      AUTH_RATE_LIMIT: '100000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (code !== null && code !== 0) process.stderr.write(`the server exited with ${code ?? signal}\n`);
  });
  return child;
}

async function scrape(): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`/metrics: ${res.status}`);
  return res.text();
}

/** prom-client's max event-loop lag since the previous scrape, in ms. */
async function stallSinceLastScrape(): Promise<number> {
  return sample(await scrape(), 'nodejs_eventloop_lag_max_seconds') * 1000;
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

// ---------------------------------------------------------------- helpers
function pct(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : '–');

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitUntil<T>(check: () => Promise<T | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check().catch(() => null);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Last: the classes and functions above are initialised by now.
const server = startServer();
try {
  await run();
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
}
