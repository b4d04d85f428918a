/**
 * Recording and playing in a real browser against the full stack. Chromium's fake microphone plays
 * a real speech clip (stack.ts), so what is recorded here is transcribed by the local recogniser:
 * sign up → conference → record (audio only, with a time limit) → trim with ffmpeg.wasm → upload
 * with progress → statements appear → the player opens at a statement, highlighted → react at the
 * moment → reply to the statement with a file and captions → the reply sits under the statement →
 * j/k, speed, captions, `?t=` deep links and watched ranges on a three-voice video → a meeting
 * transcript without media (highlight, j/k, chapters) → a failed contribution shows its status.
 * Screenshots of the recorder and the player go to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asrClips, concatClipsToLength, makeCorruptMedia } from '../fixtures/media.ts';
import { Client, multipart } from '../helpers/app.ts';
import { WAIT_TIMEOUT_MS, waitFor } from '../helpers/wait.ts';
import { loadAmiDev } from '../../../eval/lib/datasets.ts';
import {
  collectPageProblems,
  hasChromium,
  launchBrowser,
  newContext,
  SKIP_REASON,
  startBrowserStack,
  type BrowserStack,
  SCREENSHOTS,
  PASSWORD,
} from './stack.ts';

if (!hasChromium) console.warn(SKIP_REASON);

interface ApiStatement {
  id: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

describe.skipIf(!hasChromium)('recording and playing in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-record-play-'));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('records, trims and uploads in the browser, plays from a statement, reacts and replies', async () => {
    const reply = await threeVoiceVideo(tmp);
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const wasmTypes: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/ffmpeg/ffmpeg-core.wasm')) wasmTypes.push(r.headers()['content-type'] ?? '');
    });

    // ---- sign up, a space, a conference ----
    await page.goto(new URL('/signup', stack.url).href);
    await page.getByLabel('Your name').fill('Rita Recorder');
    await page.getByLabel('Email').fill('rita@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your spaces' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Studio');
    await page.getByRole('button', { name: 'Create space' }).click();
    await page.waitForURL('**/s/*');
    await page.getByLabel('Topic').fill('Speeches');
    await page.getByRole('button', { name: 'Start conference' }).click();
    await page.waitForURL('**/c/*');
    const conferenceUrl = page.url();
    const conferenceId = new URL(conferenceUrl).pathname.split('/').pop()!;

    // ---- record: microphone only, 6 s limit ----
    await page.getByRole('link', { name: 'Record in the browser instead' }).click();
    await page.waitForURL('**/record');
    await page.getByRole('heading', { name: 'Record a contribution' }).waitFor();
    await page.getByLabel('Microphone only').check();
    await page.getByLabel('Time limit (seconds, optional)').fill('6');
    await page.getByRole('button', { name: 'Turn on microphone' }).click();
    await page.getByLabel('Microphone', { exact: true }).waitFor(); // the device picker, once access is granted
    // The level meter moves: the fake microphone is speaking.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=level-meter]')?.getAttribute('data-level')) > 10);

    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByTestId('countdown').waitFor();
    await page.getByTestId('record-timer').waitFor();
    // It stops by itself at the limit.
    const take = page.getByTestId('take');
    await take.waitFor();
    expect(await take.textContent()).toMatch(/0:0[56]/);
    // Nothing of ffmpeg.wasm was loaded until now: it comes only when trimming.
    expect(requested.filter((u) => /ffmpeg|worker-/.test(u))).toEqual([]);

    // ---- trim with ffmpeg.wasm, served from our origin ----
    await page.getByLabel('Start at (seconds)').fill('0.5');
    await page.getByLabel('End at (seconds)').fill('5.5');
    await page.getByRole('button', { name: 'Trim', exact: true }).click();
    await take.getByText('trimmed').waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(await take.textContent()).toMatch(/0:05/);
    const ffmpegRequests = requested.filter((u) => /ffmpeg-core/.test(u));
    expect(ffmpegRequests.length).toBeGreaterThanOrEqual(2);
    for (const u of ffmpegRequests) expect(new URL(u).origin).toBe(new URL(stack.url).origin);
    expect(wasmTypes).toEqual(['application/wasm']); // streaming compilation needs this type
    // The trimmed take plays back with a real duration (ffmpeg wrote one).
    await page.waitForFunction(() => {
      const m = document.querySelector<HTMLMediaElement>('[data-testid=take-media]');
      return m !== null && Number.isFinite(m.duration) && m.duration > 4 && m.duration < 6.5;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'recorder-take.png'), fullPage: true });

    // ---- upload with progress, back to the conference ----
    await watchUploadProgress(page);
    await page.getByLabel('Title (optional)').fill('Recorded in the browser');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(conferenceUrl);
    expect(await page.evaluate(() => (window as unknown as { __uploadProgress: boolean }).__uploadProgress)).toBe(true);
    const recorded = page.locator('[data-testid=contribution]', { hasText: 'Recorded in the browser' });
    await recorded.and(page.locator('[data-status=ready]')).waitFor({ timeout: WAIT_TIMEOUT_MS });
    // The recogniser heard the fake microphone's speech: there are statements (words not asserted).
    await recorded.locator('[data-testid=statement]').first().waitFor();

    // ---- the player, opened from a statement ----
    const chip = recorded
      .locator('[data-testid=statement]')
      .first()
      .getByRole('link', { name: /^Play from/ });
    const chipUrl = new URL((await chip.getAttribute('href'))!, stack.url);
    const statementId = chipUrl.searchParams.get('s')!;
    const recordedId = chipUrl.pathname.split('/').pop()!;
    const recordedStatements = await statementsOf(page, recordedId);
    const statement = recordedStatements.find((s) => s.id === statementId)!;
    await chip.click();
    await page.waitForURL('**/watch/**');
    await mediaReady(page);
    expect(Math.abs((await currentTimeMs(page)) - statement.startMs)).toBeLessThanOrEqual(1000);
    expect(await highlighted(page)).toBe(statementId);
    await page.getByRole('heading', { name: 'Statements' }).waitFor();

    // React at the current moment: the count shows, the button is pressed, the marker heats up.
    const agree = page.getByTestId('reaction-bar').getByRole('button', { name: /Agree/ });
    await agree.click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=reaction-bar] [data-kind=agree]')?.getAttribute('aria-pressed') === 'true',
    );
    expect(await agree.getByTestId('reaction-count').textContent()).toBe('1');
    expect(
      await page
        .locator(`[data-testid=transcript-statement][data-statement-id="${statementId}"]`)
        .getByRole('list', { name: 'Reactions' })
        .textContent(),
    ).toContain('1');
    expect(Number(await page.getByTestId('timeline-marker').first().getAttribute('data-heat'))).toBeGreaterThan(0);
    const reacted = (await statementsOf(page, recordedId)).find((s) => s.id === statementId) as ApiStatement & {
      reactions?: Record<string, number>;
    };
    expect(reacted.reactions).toEqual({ agree: 1 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player-audio.png'), fullPage: true });

    // ---- reply to this statement, with a file and its captions ----
    await page.getByRole('link', { name: 'Reply to this statement' }).click();
    await page.waitForURL(`**/record?replyTo=${statementId}`);
    await page.getByRole('heading', { name: 'Record a reply' }).waitFor();
    await page
      .getByTestId('reply-target')
      .getByText(/at 0:0\d/)
      .waitFor();
    await page.getByText('Choose a file').click();
    await page.getByLabel('Video or audio file').setInputFiles(reply.video);
    await page.getByLabel('Captions (optional)').setInputFiles(reply.captions);
    await page.getByLabel('Title (optional)').fill('Three voices reply');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(conferenceUrl);
    const nested = page.locator(`#statement-${statementId}`).getByRole('list', { name: 'Replies to this statement' });
    const replyCard = nested.locator('[data-testid=contribution][data-status=ready]', { hasText: 'Three voices reply' });
    await replyCard.waitFor({ timeout: WAIT_TIMEOUT_MS });

    // ---- the reply in the player: three statements, j/k, speed, captions ----
    await replyCard.getByRole('link', { name: /^Watch/ }).click();
    await page.waitForURL('**/watch/**');
    const watchUrl = page.url().split('?')[0];
    const replyId = watchUrl.split('/').pop()!;
    const voices = await statementsOf(page, replyId);
    expect(voices.length).toBeGreaterThanOrEqual(3);
    await mediaReady(page);
    // Captions are on: the track from the transcript is showing and has cues.
    await page.waitForFunction(() => {
      const track = document.querySelector<HTMLVideoElement>('video[data-testid=player-media]')?.textTracks[0];
      return track?.mode === 'showing' && (track.cues?.length ?? 0) >= 3;
    });

    await page.keyboard.press('k'); // before the first statement: k goes to the first
    await expectAt(page, voices[0]);
    await page.keyboard.press('k');
    await expectAt(page, voices[1]);
    expect(new URL(page.url()).searchParams.get('s')).toBe(voices[1].id);
    await page.keyboard.press('k');
    await expectAt(page, voices[2]);
    await page.keyboard.press('j');
    await expectAt(page, voices[1]);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      (ms) => Math.abs(document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.currentTime * 1000 - ms) < 300,
      voices[1].startMs + 5000,
    );

    // Speed: shift+> and shift+<, within 1×–2×.
    await page.keyboard.press('Shift+>');
    await page.keyboard.press('Shift+>');
    expect(await page.evaluate(() => document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.playbackRate)).toBe(1.5);
    expect(await page.getByLabel('Speed').inputValue()).toBe('1.5');
    await page.keyboard.press('Shift+<');
    expect(await page.evaluate(() => document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.playbackRate)).toBe(1.25);
    // Keys typed into a field are not shortcuts.
    await page.getByLabel('Search everything you can see').fill('jk');
    await page.getByLabel('Search everything you can see').press('k');
    await expectAt(page, voices[1], { timeMs: voices[1].startMs + 5000 });
    await page.getByLabel('Search everything you can see').fill('');

    // Clicking a statement in the transcript plays from there.
    await page.locator(`[data-testid=transcript-statement][data-statement-id="${voices[0].id}"] [data-testid=transcript-play]`).click();
    await expectAt(page, voices[0]);
    await page.waitForFunction(() => !document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.paused);
    expect(await page.getByTestId('play-pause').getAttribute('aria-label')).toBe('Pause');

    // Playing moves the address along, and what was played is reported on pause.
    await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('t')) >= 3);
    const viewReport = page.waitForRequest((r) => r.url().endsWith(`/api/contributions/${replyId}/views`) && r.method() === 'POST');
    await page.getByTestId('play-pause').click();
    const ranges = (await viewReport).postDataJSON().ranges as [number, number][];
    expect(ranges.length).toBeGreaterThan(0);
    const played = ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
    expect(played).toBeGreaterThan(1500);
    expect(ranges[0][0]).toBeGreaterThanOrEqual(voices[0].startMs - 500);
    await page
      .getByTestId('reaction-bar')
      .getByRole('button', { name: /Insightful/ })
      .click();
    await page.waitForFunction(() => document.querySelector('[data-testid=timeline-marker][data-heat="4"]') !== null);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=reaction-bar] [data-kind=insightful]')?.getAttribute('aria-pressed') === 'true',
    );
    await page.waitForTimeout(300); // the buttons' colour transition, for the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player.png'), fullPage: true });

    // ---- deep links: ?t= opens at that second, ?s= highlights its statement ----
    await page.goto(`${watchUrl}?t=12`);
    await mediaReady(page);
    await expectAt(page, voices.filter((s) => s.startMs <= 12_000).at(-1)!, { timeMs: 12_000 });
    await page.goto(`${watchUrl}?t=${Math.floor(voices[2].startMs / 1000)}&s=${voices[2].id}`);
    await mediaReady(page);
    await expectAt(page, voices[2]);

    // A phone-width screen: transcript under the player, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // ---- a transcript without media (a real meeting's first minutes): times, highlight, chapters ----
    const meeting = loadAmiDev({ limit: 1 })[0];
    const turns = meeting.turns
      .filter((t) => t.endMs <= 420_000)
      .map((t) => ({ speaker: t.speaker, text: t.text, startMs: t.startMs, endMs: Math.max(t.endMs, t.startMs) }));
    const posted = await page.evaluate(
      async ({ id, turns }) => {
        const res = await fetch(`/api/conferences/${id}/transcripts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Meeting notes', turns }),
        });
        return (await res.json()).contribution.id as string;
      },
      { id: conferenceId, turns },
    );
    const notes = await waitForReady(page, posted);
    expect(notes.statements.length).toBeGreaterThan(4);
    const [, second, third] = notes.statements;
    await page.goto(new URL(`/c/${conferenceId}/watch/${posted}?t=${Math.floor(third.startMs / 1000)}&s=${third.id}`, stack.url).href);
    await page.getByText('there is no video or audio').waitFor();
    expect(await highlighted(page)).toBe(third.id);
    expect(await page.getByTestId('transcript').textContent()).toMatch(/\d:\d\d/);
    await page.keyboard.press('j');
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid=transcript-statement][data-current=true]')?.getAttribute('data-statement-id') === id,
      second.id,
    );
    expect(new URL(page.url()).searchParams.get('s')).toBe(second.id);
    // Chapters (over five minutes of talk): choosing one highlights where it starts.
    expect(notes.summary.chapters.length).toBeGreaterThanOrEqual(2);
    const chapter = notes.summary.chapters[1];
    await page.getByRole('region', { name: 'Chapters' }).getByRole('button', { name: chapter.title }).click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid=transcript-statement][data-current=true]')?.getAttribute('data-statement-id') === id,
      chapter.statementIds[0],
    );

    // ---- a contribution that failed shows its status, not a player ----
    const session = (await context.cookies()).find((c) => c.name === 'colloquy_session')!;
    const api = Object.assign(new Client(stack.app), { cookie: `colloquy_session=${session.value}` });
    const corrupt = await makeCorruptMedia(path.join(tmp, 'broken.mp4'));
    const upload = multipart([
      { name: 'title', value: 'Broken file' },
      { name: 'file', file: fs.readFileSync(corrupt), filename: 'broken.mp4', contentType: 'video/mp4' },
    ]);
    const broken = (await api.request({ method: 'POST', url: `/api/conferences/${conferenceId}/contributions`, ...upload })).json()
      .contribution;
    await page.goto(new URL(`/c/${conferenceId}/watch/${broken.id}`, stack.url).href);
    await page.getByText(/could not be processed .*E_MEDIA_UNREADABLE/).waitFor({ timeout: WAIT_TIMEOUT_MS });
    expect(await page.getByTestId('player-media').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('records with the camera and plays the untrimmed take, which has no duration in its header', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL('/signup', stack.url).href);
    await page.getByLabel('Your name').fill('Cam Era');
    await page.getByLabel('Email').fill('cam@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your spaces' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Video');
    await page.getByRole('button', { name: 'Create space' }).click();
    await page.getByLabel('Topic').fill('Camera check');
    await page.getByRole('button', { name: 'Start conference' }).click();
    await page.waitForURL('**/c/*');
    const conferenceUrl = page.url();

    await page.getByRole('link', { name: 'Record in the browser instead' }).click();
    await page.getByLabel('Time limit (seconds, optional)').fill('5');
    await page.getByRole('button', { name: 'Turn on camera and microphone' }).click();
    await page.getByLabel('Camera', { exact: true }).waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('video[aria-label="Camera preview"]')?.videoWidth ?? 0) > 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'recorder.png'), fullPage: true });
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByTestId('take').waitFor();
    // The take plays back with its real length, found by the page (the recording's header has none).
    await page.waitForFunction(() => {
      const m = document.querySelector<HTMLVideoElement>('video[data-testid=take-media]');
      return m !== null && m.videoWidth > 0 && Math.abs(m.duration - 5) < 0.6 && m.currentTime === 0;
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(conferenceUrl);
    const card = page.locator('[data-testid=contribution][data-status=ready]');
    await card.waitFor({ timeout: WAIT_TIMEOUT_MS });
    await card.getByRole('link', { name: /^Watch/ }).click();
    await page.waitForURL('**/watch/**');
    await mediaReady(page);
    expect(await page.evaluate(() => document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.tagName)).toBe('VIDEO');
    // Its length comes from the server (it measured the packets), and seeking works all the same.
    await page.getByText(/0:0[45] \/ 0:0[45]|0:00 \/ 0:0[45]/).waitFor();
    await page.goto(`${page.url().split('?')[0]}?t=3`);
    await mediaReady(page);
    await page.waitForFunction(
      () => Math.abs(document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.currentTime - 3) < 0.5,
    );
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** A 24 s video of real speech with a WebVTT of three speakers, eight seconds each. */
async function threeVoiceVideo(dir: string) {
  const clips = asrClips().filter((c) => c.file.includes('ljspeech'));
  const video = await concatClipsToLength(
    clips.map((c) => c.path),
    path.join(dir, 'three-voices.mp4'),
    24,
  );
  const [a, b, c] = [clips[0], clips[2], clips[4]].map((x) => x.reference);
  const captions = path.join(dir, 'three-voices.vtt');
  fs.writeFileSync(
    captions,
    `WEBVTT\n\n00:00:00.500 --> 00:00:08.000\n<v Ada>${a}\n\n00:00:08.500 --> 00:00:16.000\n<v Bo>${b}\n\n00:00:16.500 --> 00:00:23.500\n<v Cy>${c}\n`,
  );
  return { video, captions };
}

/** From now on, note whether an upload progress bar was ever on the page (it can be brief). */
async function watchUploadProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __uploadProgress: boolean };
    w.__uploadProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[role=progressbar][aria-label=Uploading]')) w.__uploadProgress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
}

/** A contribution's statements, sorted by start, through the API with the page's session. */
async function statementsOf(page: Page, contributionId: string): Promise<ApiStatement[]> {
  const statements = await page.evaluate(
    async (id) => (await (await fetch(`/api/contributions/${id}`)).json()).contribution.statements,
    contributionId,
  );
  return (statements as ApiStatement[]).sort((a, b) => a.startMs - b.startMs);
}

/** A contribution once the pipeline is done with it, statements sorted by start. */
async function waitForReady(page: Page, contributionId: string) {
  const c = await waitFor(
    `contribution ${contributionId} to be ready`,
    () => page.evaluate(async (id) => (await (await fetch(`/api/contributions/${id}`)).json()).contribution, contributionId),
    { until: (c) => c.status === 'ready' || c.status === 'failed' },
  );
  if (c.status === 'failed') throw new Error(`contribution ${contributionId} failed: ${c.error}`);
  (c.statements as ApiStatement[]).sort((a, b) => a.startMs - b.startMs);
  return c as { statements: ApiStatement[]; summary: { chapters: { title: string; startMs: number; statementIds: string[] }[] } };
}

const mediaReady = (page: Page) =>
  page.waitForFunction(() => (document.querySelector<HTMLMediaElement>('[data-testid=player-media]')?.readyState ?? 0) >= 1);
const currentTimeMs = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLMediaElement>('[data-testid=player-media]')!.currentTime * 1000);
const highlighted = (page: Page) =>
  page.evaluate(
    () => document.querySelector('[data-testid=transcript-statement][data-current=true]')?.getAttribute('data-statement-id') ?? null,
  );

/** The media is at the statement's start (or timeMs), within a second, and the statement is highlighted. */
async function expectAt(page: Page, statement: ApiStatement, options: { timeMs?: number } = {}) {
  const expected = options.timeMs ?? statement.startMs;
  await page.waitForFunction(
    ({ id, ms }) => {
      const media = document.querySelector<HTMLMediaElement>('[data-testid=player-media]');
      const current = document.querySelector('[data-testid=transcript-statement][data-current=true]')?.getAttribute('data-statement-id');
      return media !== null && Math.abs(media.currentTime * 1000 - ms) <= 1000 && current === id;
    },
    { id: statement.id, ms: expected },
  );
}
