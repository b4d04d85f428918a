/**
 * bench/ingest: a 2-minute video contribution from upload to statements, on the embedded default.
 * Prints time per stage and the real-time factor (processing time ÷ media duration) for the local
 * recogniser and for the captions path, next to a baseline measured in the same process: a plain
 * ffmpeg decode of the same file (machines here are noisy; ratios travel better than seconds).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { spaceWithConference, startTestApp, multipart, waitForContribution } from '../services/test/helpers/app.ts';
import { asrClips, concatClipsToLength, mediaDurationSeconds } from '../services/test/fixtures/media.ts';
import type { AppEvent } from '../services/src/core/events.ts';

const TARGET_SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const GAP_MS = 500; // concatClipsToLength's default pause between clips

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-bench-'));
const clips = asrClips();
const video = await concatClipsToLength(
  clips.map((c) => c.path),
  path.join(tmp, 'talk.mp4'),
  TARGET_SECONDS,
);
const mediaMs = (await mediaDurationSeconds(video)) * 1000;

const decodeMs = await timed(() => promisify(execFile)('ffmpeg', ['-v', 'error', '-i', video, '-f', 'null', '-']));
const local = await ingest('local recogniser', null);
const captioned = await ingest('captions', await captionsFor(clips));

const stages = ['probe', 'audio', 'transcribe', 'segment'];
const row = (label: string, cells: string[]) => `${label.padEnd(22)}${cells.map((c) => c.padStart(18)).join('')}`;
console.log(`\nbench/ingest: ${(mediaMs / 1000).toFixed(1)} s video (320x240 + real speech), ${os.cpus().length} cores\n`);
console.log(row('', [local.label, captioned.label]));
for (const stage of stages) console.log(row(`  ${stage}`, [fmt(local.stages[stage]), fmt(captioned.stages[stage])]));
console.log(row('upload → ready', [fmt(local.totalMs), fmt(captioned.totalMs)]));
console.log(row('real-time factor', [(local.totalMs / mediaMs).toFixed(3), (captioned.totalMs / mediaMs).toFixed(3)]));
console.log(row('× ffmpeg decode', [(local.totalMs / decodeMs).toFixed(1), (captioned.totalMs / decodeMs).toFixed(1)]));
console.log(row('statements', [String(local.statements), String(captioned.statements)]));
console.log(`\nbaseline: ffmpeg decode of the same file ${fmt(decodeMs)} (${(decodeMs / mediaMs).toFixed(3)} × real time)`);
fs.rmSync(tmp, { recursive: true, force: true });

async function ingest(label: string, captions: string | null) {
  const t = await startTestApp({ WORKER_CONCURRENCY: '1' });
  try {
    const { client, conference } = await spaceWithConference(t.app);
    const entered = new Map<string, number>();
    const left = new Map<string, number>();
    t.runtime.events.subscribe((e: AppEvent) => {
      if (e.type !== 'contribution') return;
      if (e.status === 'processing' && !entered.has(e.stage)) entered.set(e.stage, performance.now());
      if (e.status === 'queued' || e.status === 'ready')
        for (const [s] of entered) if (!left.has(s) && s !== e.stage) left.set(s, performance.now());
      if (e.status === 'ready') left.set(e.stage, performance.now());
    });
    const parts = [{ name: 'file', file: fs.readFileSync(video), filename: 'talk.mp4' }];
    if (captions) parts.push({ name: 'captions', file: Buffer.from(captions), filename: 'talk.vtt' });
    const started = performance.now();
    const res = await client.request({ method: 'POST', url: `/api/conferences/${conference.id}/contributions`, ...multipart(parts) });
    const done = await waitForContribution(client, res.json().contribution.id, 600_000);
    const totalMs = performance.now() - started;
    if (done.status !== 'ready') throw new Error(`${label}: ${done.error}`);
    const statements = (await client.get(`/api/contributions/${done.id}`)).json().contribution.statements.length;
    const stages: Record<string, number> = {};
    for (const [s, at] of entered) stages[s] = (left.get(s) ?? at) - at;
    return { label, totalMs, stages, statements };
  } finally {
    await t.close({ remove: true });
  }
}

/** A WebVTT file laid out like concatClipsToLength lays out the clips, with their reference text. */
async function captionsFor(list: typeof clips): Promise<string> {
  const cues: string[] = ['WEBVTT', ''];
  let at = 0;
  for (let i = 0; at < mediaMs; i++) {
    const clip = list[i % list.length];
    const ms = (await mediaDurationSeconds(clip.path)) * 1000;
    cues.push(`${vttTime(at)} --> ${vttTime(Math.min(at + ms, mediaMs))}`, `<v Reader>${clip.reference}`, '');
    at += ms + GAP_MS;
  }
  return cues.join('\n');
}

async function timed(fn: () => Promise<unknown>) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function vttTime(ms: number) {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

function fmt(ms: number | undefined) {
  return ms === undefined ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
