/**
 * The full stack for browser tests: the real app (PGlite, queue, ffmpeg) listening on a free port
 * of 127.0.0.1 and serving the built web app, driven by the system Chromium through
 * playwright-core. No browser is ever downloaded: without /usr/bin/chromium (or CHROMIUM_PATH)
 * the browser tests are skipped, and say why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { runTool } from '../../src/media/run-tool.ts';
import { mediaToolsFrom } from '../../src/media/tools.ts';
import { DEFAULT_WEB_ROOT } from '../../src/http/web.ts';
import { asrClips } from '../fixtures/media.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
/**
 * Where the browser tests save screenshots: docs/screenshots/ only on request
 * (UPDATE_SCREENSHOTS=1), so an ordinary run leaves the tree clean.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots')
  : path.join(os.tmpdir(), 'colloquy-screenshots');
/** The password every browser test signs up with. */
export const PASSWORD = 'correct horse battery';
export const SKIP_REASON = `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;

export interface BrowserStack extends TestApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
}

/** The app on a temporary data folder, listening on 127.0.0.1 with the built web app at /. */
export async function startBrowserStack(env: Record<string, string> = {}): Promise<BrowserStack> {
  if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) {
    throw new Error(`the web app is not built (${DEFAULT_WEB_ROOT}): run \`npm run build\` first (npm test does)`);
  }
  const t = await startTestApp(env);
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { ...t, url };
}

/**
 * Headless Chromium with a fake camera and a microphone that plays real speech (a clip from
 * ../shared/eval/asr/dev as 48 kHz WAV), so recording in the browser can be tested too.
 */
export async function launchBrowser(): Promise<Browser> {
  const audio = await fakeMicrophoneWav();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${audio}`,
    ],
  });
}

/** The first real clip as 48 kHz mono 16-bit WAV, built once per machine. */
export async function fakeMicrophoneWav(): Promise<string> {
  const clip = asrClips()[0];
  const out = path.join(os.tmpdir(), `colloquy-fake-mic-${path.basename(clip.file, path.extname(clip.file))}-48k.wav`);
  if (!fs.existsSync(out) || fs.statSync(out).size === 0) {
    const tmp = `${out}.${process.pid}.tmp.wav`;
    const { ffmpeg } = mediaToolsFrom(process.env.FFMPEG_PATH);
    await runTool(ffmpeg, ['-nostdin', '-v', 'error', '-y', '-i', clip.path, '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', tmp]);
    fs.renameSync(tmp, out);
  }
  return out;
}

/** What went wrong in a page that the test should fail on: script errors and CSP violations. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg: ConsoleMessage) => {
    const text = msg.text();
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return problems;
}

/**
 * How long a page step may take (an element to appear, a click, a navigation) on a loaded machine.
 * What waits for the pipeline uses WAIT_TIMEOUT_MS instead.
 */
export const PAGE_TIMEOUT_MS = 60_000;

/** A new browser context (its own cookies) with a desktop viewport unless told otherwise. */
export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  return context;
}
