/**
 * bench/web: what the web app costs a reader.
 * 1. The gzipped JavaScript the first page loads (index.html's scripts and their static imports),
 *    against a budget of 100 KB.
 * 2. The time from opening a conference page to its digest on screen, in headless Chromium against
 *    the full stack, for a real AMI meeting posted as four contributions. The baseline, measured in
 *    the same page: the digest API call alone (the server's share of the wait).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_WEB_ROOT } from '../services/src/http/web.ts';
import { Client, waitForContribution } from '../services/test/helpers/app.ts';
import { FIRST_PAGE_JS_BUDGET_BYTES, firstPageJs, kb, timeToDigest, transferredJs } from '../services/test/browser/measure.ts';
import { hasChromium, launchBrowser, newContext, SKIP_REASON, startBrowserStack } from '../services/test/browser/stack.ts';
import { loadAmiDev } from '../eval/lib/datasets.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PARTS = 4;

// Build the web app first when it is missing or stale (as npm start does).
spawnSync(process.execPath, [path.resolve('scripts/ensure-build.js'), 'web'], { stdio: 'inherit' });

const js = firstPageJs(DEFAULT_WEB_ROOT);
console.log(`\nbench/web: ${os.cpus().length} cores\n`);
console.log(
  `first page JavaScript: ${js.files.length} files, ${kb(js.bytes)} raw, ${kb(js.gzipBytes)} gzipped (budget ${kb(FIRST_PAGE_JS_BUDGET_BYTES)}: ${js.gzipBytes <= FIRST_PAGE_JS_BUDGET_BYTES ? 'within' : 'OVER'})`,
);
for (const f of [...js.files].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5))
  console.log(`  ${f.file.padEnd(48)} ${kb(f.gzipBytes).padStart(9)}`);

if (!hasChromium) {
  console.log(`\n${SKIP_REASON}`);
  process.exit(0);
}

const stack = await startBrowserStack();
const browser = await launchBrowser();
try {
  // A real meeting, in four parts, posted by the host; a member reads the digest.
  const meeting = loadAmiDev({ limit: 1 })[0];
  const owner = await Client.signUp(stack.app, 'Host');
  const space = (await owner.post('/api/spaces', { name: 'Design' })).json().space;
  const conference = (await owner.post(`/api/spaces/${space.id}/conferences`, { title: meeting.id })).json().conference;
  const reader = new Client(stack.app);
  const readerEmail = `reader-${Date.now()}@example.org`;
  await owner.post(`/api/spaces/${space.id}/members`, { email: readerEmail, role: 'member' });
  const signup = await reader.post('/api/auth/signup', { email: readerEmail, password: 'correct horse battery', name: 'Reader' });
  if (signup.statusCode !== 201) throw new Error(`signup: ${signup.body}`);

  const size = Math.ceil(meeting.turns.length / PARTS);
  let statements = 0;
  for (let i = 0; i < PARTS; i++) {
    const part = meeting.turns.slice(i * size, (i + 1) * size);
    const offset = part[0].startMs;
    const turns = part.map((t) => ({
      speaker: t.speaker,
      text: t.text,
      startMs: t.startMs - offset,
      endMs: Math.max(t.endMs, t.startMs) - offset,
    }));
    const posted = await owner.post(`/api/conferences/${conference.id}/transcripts`, { title: `${meeting.id}, part ${i + 1}`, turns });
    const done = await waitForContribution(owner, posted.json().contribution.id, 300_000);
    statements += (await owner.get(`/api/contributions/${done.id}`)).json().contribution.statementCount;
  }
  console.log(`\nconference: ${meeting.id}, ${meeting.turns.length} turns in ${PARTS} contributions, ${statements} statements`);

  const context = await newContext(browser);
  await context.addCookies([{ name: 'colloquy_session', value: reader.cookie.split('=')[1], url: stack.url }]);
  const page = await context.newPage();
  const url = `${stack.url}/c/${conference.id}`;
  const rows: { navigation: number; page: number; api: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto(url);
    const timing = await timeToDigest(page, 120_000);
    // The baseline: the same digest request alone, from the same page.
    const api = await page.evaluate(async (id) => {
      const t0 = performance.now();
      await (await fetch(`/api/conferences/${id}/digest`)).json();
      return performance.now() - t0;
    }, conference.id);
    rows.push({ navigation: timing.fromNavigationMs, page: timing.fromPageOpenMs, api });
  }
  const wire = await transferredJs(page);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = rows[0];
  const m = {
    navigation: median(rows.map((r) => r.navigation)),
    page: median(rows.map((r) => r.page)),
    api: median(rows.map((r) => r.api)),
  };
  console.log(`\ntime to digest (${RUNS} loads; the first is a cold cache)`);
  console.log(`  ${''.padEnd(34)}${'first'.padStart(10)}${'median'.padStart(10)}`);
  console.log(
    `  ${'from opening the address'.padEnd(34)}${`${first.navigation.toFixed(0)} ms`.padStart(10)}${`${m.navigation.toFixed(0)} ms`.padStart(10)}`,
  );
  console.log(
    `  ${"from the page's start".padEnd(34)}${`${first.page.toFixed(0)} ms`.padStart(10)}${`${m.page.toFixed(0)} ms`.padStart(10)}`,
  );
  console.log(
    `  ${'baseline: the digest API alone'.padEnd(34)}${`${first.api.toFixed(0)} ms`.padStart(10)}${`${m.api.toFixed(0)} ms`.padStart(10)}`,
  );
  console.log(
    `  page ÷ API: ${(m.navigation / m.api).toFixed(2)}×; JavaScript over the wire (br): ${kb(wire.encodedBytes)} in ${wire.count} files`,
  );
  await context.close();
} finally {
  await browser.close();
  await stack.close({ remove: true });
}
