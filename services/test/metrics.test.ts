import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsListener } from '../src/http/metrics.ts';
import { Client, multipart, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { asrClips, makeCorruptMedia, makeVideoFromClip } from './fixtures/media.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one sample in the text format (`name{labels} value`), 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/metrics without configuration', () => {
  it('is not there: 404, like any unknown path', async () => {
    const t = await startTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('E_NOT_FOUND');
    } finally {
      await t.close({ remove: true });
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close({ remove: true }));

  it('answers 401 without the token or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('E_UNAUTHORIZED');
      expect(res.body).not.toContain('colloquy_http_requests_total');
    }
  });

  it('counts requests by route pattern and status, never by raw URL', async () => {
    const user = await Client.signUp(t.app, 'Mia');
    const series = 'colloquy_http_requests_total{method="GET",route="/api/contributions/:id",status="404"}';
    const before = sample(await scrape(), series);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) expect((await user.get(`/api/contributions/${id}`)).statusCode).toBe(404);
    const text = await scrape();
    expect(sample(text, series)).toBe(before + 3);
    for (const id of ids) expect(text).not.toContain(id);
    expect(
      sample(text, 'colloquy_http_request_duration_seconds_count{method="GET",route="/api/contributions/:id"}'),
    ).toBeGreaterThanOrEqual(3);
    // prom-client's defaults: event-loop lag, memory; and our own longest stall since start.
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('colloquy_event_loop_stall_max_seconds');
  });

  it('reports queue depth per stage, then stage durations and the recogniser real-time factor once a real upload is processed', async () => {
    const before = await scrape();
    for (const stage of ['probe', 'transcribe', 'embed'])
      expect(before).toMatch(new RegExp(`colloquy_queue_depth\\{stage="${stage}"\\} \\d+`));
    expect(sample(before, 'colloquy_stage_duration_seconds_count{stage="transcribe",outcome="done"}')).toBe(0);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-metrics-'));
    const video = await makeVideoFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, path.join(tmp, 'jfk.mp4'));
    const { client, conference } = await spaceWithConference(t.app);
    const res = await client.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/contributions`,
      ...multipart([{ name: 'file', file: fs.readFileSync(video), filename: 'jfk.mp4', contentType: 'video/mp4' }]),
    });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done.status, done.error).toBe('ready');
    fs.rmSync(tmp, { recursive: true, force: true });

    const after = await scrape();
    for (const stage of ['probe', 'audio', 'transcribe', 'segment', 'embed', 'label', 'summarise']) {
      expect(sample(after, `colloquy_stage_duration_seconds_count{stage="${stage}",outcome="done"}`), stage).toBe(1);
    }
    expect(sample(after, 'colloquy_stage_duration_seconds_sum{stage="transcribe",outcome="done"}')).toBeGreaterThan(0);
    expect(sample(after, 'colloquy_recogniser_real_time_factor_count{provider="local"}')).toBe(1);
    const rtf = sample(after, 'colloquy_recogniser_real_time_factor_sum{provider="local"}');
    expect(rtf).toBeGreaterThan(0);
    expect(rtf).toBeLessThan(20); // seconds of work per second of speech, not milliseconds
    expect(sample(after, 'colloquy_http_requests_total{method="POST",route="/api/conferences/:id/contributions",status="202"}')).toBe(1);
  });

  it('a failing stage is counted by stage and code', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-metrics-'));
    const corrupt = await makeCorruptMedia(path.join(tmp, 'corrupt.mp4'));
    const { client, conference } = await spaceWithConference(t.app, 'Noa');
    const res = await client.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/contributions`,
      ...multipart([{ name: 'file', file: fs.readFileSync(corrupt), filename: 'x.mp4', contentType: 'video/mp4' }]),
    });
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done).toMatchObject({ status: 'failed', errorCode: 'E_MEDIA_UNREADABLE' });
    const text = await scrape();
    expect(sample(text, 'colloquy_stage_failures_total{stage="probe",code="E_MEDIA_UNREADABLE"}')).toBe(1);
    expect(sample(text, 'colloquy_stage_duration_seconds_count{stage="probe",outcome="failed"}')).toBe(1);
  });

  it('METRICS_PORT serves the same registry on its own loopback listener, without a token', async () => {
    const listener = await startMetricsListener({
      ...t.runtime,
      config: { ...t.runtime.config, metrics: { token: undefined, port: 0, host: '127.0.0.1' } },
    });
    try {
      expect(listener!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const res = await fetch(listener!.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain('colloquy_stage_duration_seconds_count{stage="transcribe",outcome="done"} 1');
      expect((await fetch(listener!.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await listener?.close();
    }
  });
});
