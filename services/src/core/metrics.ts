import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Queue depth, running, stalled and failed contributions per pipeline stage (what /api/health reports). */
export type StageJobs = Record<string, { queued: number; active: number; stalled: number; failed: number }>;

/** Seconds buckets for API answers: a page load is a few of them, a digest or a search one. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds buckets for a stage: a label pass takes milliseconds, recognising an hour takes many minutes. */
const STAGE_BUCKETS = [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600];

/**
 * This process's Prometheus metrics (prom-client), one registry per runtime. Each process (the API,
 * every `colloquy worker`) has its own: scrape all of them. The queue gauges are read through
 * `queueFrom`, which the caller caches, so a scrape never runs a heavy query.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpSeconds: Histogram<'method' | 'route'>;
  private readonly stageSeconds: Histogram<'stage' | 'outcome'>;
  private readonly stageFailures: Counter<'stage' | 'code'>;
  private readonly recogniserRtf: Histogram<'provider'>;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private queue: (() => Promise<StageJobs>) | null = null;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry }); // includes nodejs_eventloop_lag_* (reset per scrape)
    this.loopDelay.enable();
    this.httpRequests = new Counter({
      name: 'colloquy_http_requests_total',
      help: 'HTTP answers by route pattern (never the raw URL), method and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'colloquy_http_request_duration_seconds',
      help: 'Time to answer, by route pattern and method',
      labelNames: ['method', 'route'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'colloquy_stage_duration_seconds',
      help: 'Pipeline stage runs in this process, by stage and outcome (done, retry, failed)',
      labelNames: ['stage', 'outcome'],
      buckets: STAGE_BUCKETS,
      registers,
    });
    this.stageFailures = new Counter({
      name: 'colloquy_stage_failures_total',
      help: 'Pipeline stage runs that failed in this process (retried or final), by stage and error code',
      labelNames: ['stage', 'code'],
      registers,
    });
    this.recogniserRtf = new Histogram({
      name: 'colloquy_recogniser_real_time_factor',
      help: 'Recognition time divided by the media duration, per transcribe stage run',
      labelNames: ['provider'],
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 4],
      registers,
    });
    const loop = this.loopDelay;
    new Gauge({
      name: 'colloquy_event_loop_stall_max_seconds',
      help: 'Longest event-loop delay since the process started (not reset per scrape)',
      registers,
      collect() {
        this.set(loop.max / 1e9);
      },
    });
    const queue = () => this.queue?.() ?? Promise.resolve({} as StageJobs);
    const gauges: [string, string, (c: StageJobs[string]) => number][] = [
      ['colloquy_queue_depth', 'Jobs waiting per stage (created or retry)', (c) => c.queued],
      ['colloquy_queue_active', 'Jobs running per stage, in any process', (c) => c.active],
      ['colloquy_queue_stalled', 'Running jobs whose worker stopped beating its heartbeat, per stage', (c) => c.stalled],
      ['colloquy_contributions_failed', 'Contributions failed at each stage', (c) => c.failed],
    ];
    for (const [name, help, pick] of gauges) {
      new Gauge({
        name,
        help,
        labelNames: ['stage'],
        registers,
        async collect() {
          for (const [stage, counts] of Object.entries(await queue())) this.set({ stage }, pick(counts));
        },
      });
    }
  }

  /** Where the queue gauges come from: pass a cached reader (see contributions/stalls.ts pipelineJobs). */
  queueFrom(read: () => Promise<StageJobs>): void {
    this.queue = read;
  }

  httpAnswered(p: { method: string; route: string; status: number; seconds: number }): void {
    this.httpRequests.inc({ method: p.method, route: p.route, status: String(p.status) });
    this.httpSeconds.observe({ method: p.method, route: p.route }, p.seconds);
  }

  stageRan(p: { stage: string; outcome: 'done' | 'retry' | 'failed'; seconds: number; code?: string }): void {
    this.stageSeconds.observe({ stage: p.stage, outcome: p.outcome }, p.seconds);
    if (p.outcome !== 'done') this.stageFailures.inc({ stage: p.stage, code: p.code ?? 'E_STAGE_FAILED' });
  }

  recognised(p: { provider: string; seconds: number; mediaSeconds: number }): void {
    if (p.mediaSeconds > 0) this.recogniserRtf.observe({ provider: p.provider }, p.seconds / p.mediaSeconds);
  }

  /** The longest event-loop stall since start, in ms (what bench/load prints). */
  get longestStallMs(): number {
    return this.loopDelay.max / 1e6;
  }

  /** The text exposition format, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    this.loopDelay.disable();
  }
}
