/**
 * Two numbers the web app is held to, measured the same way by the browser test and bench/web.ts:
 * - the gzipped JavaScript the first page loads: every script index.html references (module
 *   preloads and the boot script's imports) plus everything they import statically;
 * - the time from opening a conference page to its digest being on screen (performance marks
 *   set by the page, see web/src/lib/perf.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export const FIRST_PAGE_JS_BUDGET_BYTES = 100 * 1024;

export interface FirstPageJs {
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
}

export function firstPageJs(buildDir: string): FirstPageJs {
  const html = fs.readFileSync(path.join(buildDir, 'index.html'), 'utf8');
  const entries = new Set<string>();
  for (const m of html.matchAll(
    /<link[^>]+href="([^"]+\.js)"[^>]*rel="modulepreload"|<link[^>]+rel="modulepreload"[^>]*href="([^"]+\.js)"/g,
  ))
    entries.add(m[1] ?? m[2]);
  for (const m of html.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) entries.add(m[1]);

  const seen = new Set<string>();
  const visit = (urlPath: string) => {
    const file = path.join(buildDir, urlPath.replace(/^\//, ''));
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const code = fs.readFileSync(file, 'utf8');
    // Static imports only: `import … from "./x.js"` and `import "./x.js"` (minified or not).
    for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      visit(path.posix.join(path.posix.dirname(urlPath), m[1]));
    }
  };
  for (const entry of entries) visit(entry);

  const files = [...seen].map((file) => {
    const bytes = fs.readFileSync(file);
    return { file: path.relative(buildDir, file), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
  };
}

/** Bytes of JavaScript a page actually fetched (as sent: compressed), from resource timing. */
export async function transferredJs(page: Page): Promise<{ count: number; encodedBytes: number; decodedBytes: number }> {
  return page.evaluate(() => {
    const scripts = performance
      .getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).name.endsWith('.js')) as PerformanceResourceTiming[];
    return {
      count: scripts.length,
      encodedBytes: scripts.reduce((s, e) => s + e.encodedBodySize, 0),
      decodedBytes: scripts.reduce((s, e) => s + e.decodedBodySize, 0),
    };
  });
}

export interface TimeToDigest {
  /** From the navigation's start (the address was opened) to the digest on screen. */
  fromNavigationMs: number;
  /** From the page's own start (its data began loading) to the digest on screen. */
  fromPageOpenMs: number;
}

/** Waits for the conference page's digest and reads its performance marks. */
export async function timeToDigest(page: Page, timeoutMs?: number): Promise<TimeToDigest> {
  await page.waitForFunction(() => performance.getEntriesByName('colloquy:digest-visible').length > 0, undefined, { timeout: timeoutMs });
  return page.evaluate(() => {
    const visible = performance.getEntriesByName('colloquy:digest-visible')[0];
    const measure = performance.getEntriesByName('colloquy:time-to-digest')[0];
    return { fromNavigationMs: visible.startTime, fromPageOpenMs: measure ? measure.duration : NaN };
  });
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
