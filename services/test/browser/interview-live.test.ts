/**
 * The live round in a real browser against the full stack. Set up through the API: a space with
 * an owner (Olga) and a member (Rita), an opening with one real question and a two-criterion
 * rubric, and a candidate (Cleo) who answers with real speech through the candidate API and
 * finishes. Then, in the browser: Olga advances Cleo from the shortlist and proposes two slots;
 * Cleo picks one on her own page (/i/<token>) on a phone; Rita scores the live round (blind) and,
 * once she submits, sees the live aggregate beside the one-way one, which stays hidden from her.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runTool } from '../../src/media/run-tool.ts';
import { mediaToolsFrom } from '../../src/media/tools.ts';
import { asrClips, makeAudioFromClip } from '../fixtures/media.ts';
import { Client } from '../helpers/app.ts';
import { createOpening, inviteCandidate, seenEmails, waitForEmail } from '../helpers/interview.ts';
import {
  collectPageProblems,
  hasChromium,
  launchBrowser,
  newContext,
  SCREENSHOTS,
  SKIP_REASON,
  startBrowserStack,
  type BrowserStack,
} from './stack.ts';

if (!hasChromium) console.warn(SKIP_REASON);

const CALL_LINK = 'https://meet.example.org/cleo-live';
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** A datetime-local value (the browser's local time, which the page turns into an instant). */
const localInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe.skipIf(!hasChromium)('the live round in a browser', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let tmp: string;
  let outbox: string;
  let olga: Client & { userId: string; email: string };
  let rita: Client & { userId: string; email: string };
  let conferenceId: string;
  let invitationId: string;
  let token: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-browser-live-'));
    outbox = path.join(tmp, 'outbox');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([startBrowserStack({ OUTBOX_DIR: outbox }), launchBrowser()]);

    olga = await Client.signUp(stack.app, 'Olga');
    const spaceId = (await olga.post('/api/spaces', { name: 'Hiring' })).json().space.id;
    rita = await Client.signUp(stack.app, 'Rita');
    expect((await olga.post(`/api/spaces/${spaceId}/members`, { email: rita.email, role: 'member' })).statusCode).toBeLessThan(300);

    const interview = await createOpening(olga, spaceId, {
      questions: [{ prompt: 'Tell us about a speech that moved you.', thinkTimeS: 3, timeLimitS: 60, retakes: 1 }],
      criteria: [
        {
          name: 'Insight',
          question: 1,
          anchors: { weak: 'Retells only', average: 'Names what moved them', strong: 'Explains why it worked' },
        },
        { name: 'Communication', question: null, anchors: { weak: 'Hard to follow', average: 'Clear', strong: 'Concise' } },
      ],
    });
    conferenceId = interview.conferenceId;
    const [question] = interview.questions;

    // Cleo answers with real speech, as her browser would upload it, and finishes.
    const invited = await inviteCandidate(stack.app, olga, conferenceId, { name: 'Cleo Candidate', email: 'cleo@example.net' }, outbox);
    invitationId = invited.invitation.id;
    token = invited.token;
    const call = (method: 'POST' | 'PUT', url: string, payload?: object) =>
      stack.app.inject({ method, url: `/api/i/${token}${url}`, ...(payload ? { payload } : {}) });
    expect((await call('POST', '/consent', { agree: true })).statusCode).toBe(200);
    const recording = await browserRecording(asrClips().find((c) => c.file.includes('jfk'))!.path, path.join(tmp, 'answer'));
    const take = await call('POST', `/questions/${question.id}/takes`);
    const upload = await call('POST', `/questions/${question.id}/uploads`, { take: take.json().take, sizeBytes: recording.length });
    const { uploadId, chunkBytes } = upload.json();
    for (let offset = 0; offset < recording.length; offset += chunkBytes) {
      const res = await stack.app.inject({
        method: 'PUT',
        url: `/api/i/${token}/uploads/${uploadId}?offset=${offset}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: recording.subarray(offset, offset + chunkBytes),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await call('POST', `/uploads/${uploadId}/complete`)).statusCode).toBe(201);
    expect((await call('POST', '/complete')).statusCode).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close({ remove: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function signedIn(client: Client, options: Parameters<typeof newContext>[1] = {}): Promise<BrowserContext> {
    const context = await newContext(browser, options);
    await context.addCookies([{ name: 'colloquy_session', value: client.cookie.replace(/^colloquy_session=/, ''), url: stack.url }]);
    return context;
  }

  it('goes from the shortlist to a booked slot and live scores beside the one-way ones', async () => {
    // ---- Olga advances Cleo and proposes two slots ----
    const hostContext = await signedIn(olga);
    const host = await hostContext.newPage();
    const hostProblems = collectPageProblems(host);
    await host.goto(new URL(`/c/${conferenceId}?tab=shortlist`, stack.url).href);
    const row = host.getByTestId('shortlist-row').filter({ hasText: 'Cleo Candidate' });
    const seen = seenEmails(outbox);
    await row.getByRole('button', { name: 'Advance to live round' }).click();
    await row.getByRole('link', { name: 'Live round' }).waitFor();
    const advanced = await waitForEmail(outbox, 'cleo@example.net', 'interview-advanced', seen);
    expect(advanced.body).toContain('Pick a time');

    await host.getByRole('tab', { name: 'Live round' }).click();
    await host.getByTestId('live-candidate').filter({ hasText: 'Cleo Candidate' }).waitFor();
    // The guide, generated from the opening: a probe drawn from the strong anchor.
    await host.getByTestId('guide-probes').first().waitFor();
    expect(await host.getByTestId('guide-probes').first().inputValue()).toContain(
      'Can you give an example that shows your insight? (Strong: Explains why it worked)',
    );
    const form = host.getByRole('form', { name: 'Propose slots' });
    await form.getByLabel('Video-call link').fill(CALL_LINK);
    const first = new Date(Date.now() + 2 * 24 * 3600_000);
    first.setMinutes(0, 0, 0);
    await form.getByLabel('Start').fill(localInput(first));
    await form.getByRole('button', { name: 'Add another slot' }).click();
    await form
      .getByLabel('Start')
      .nth(1)
      .fill(localInput(new Date(first.getTime() + 24 * 3600_000)));
    await form.getByRole('button', { name: 'Propose slots' }).click();
    await host.getByText('The slots are open to advanced candidates.').waitFor();
    expect(await host.getByTestId('slot-row').count()).toBe(2);
    await host.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(host)).toBeLessThanOrEqual(0);
    expect(hostProblems).toEqual([]);

    // ---- Cleo picks the first slot on her page, on a phone ----
    const phone = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const candidate = await phone.newPage();
    const candidateProblems = collectPageProblems(candidate);
    await candidate.goto(new URL(`/i/${token}`, stack.url).href);
    const picker = candidate.getByTestId('live-slot-picker');
    await picker.getByText('Pick the time that suits you best').waitFor();
    const booked = seenEmails(outbox);
    await picker.getByRole('button', { name: 'Pick this time' }).first().click();
    await picker.getByTestId('picked-slot').waitFor();
    await picker.getByRole('link', { name: CALL_LINK }).waitFor();
    expect(await picker.getByRole('button', { name: 'Pick this time' }).count()).toBe(1); // the other slot, to move to
    const invite = await waitForEmail(outbox, 'cleo@example.net', 'interview-live-invite', booked);
    expect(invite.raw).toMatch(/text\/calendar;[^\r\n]*method=REQUEST/i);
    await waitForEmail(outbox, olga.email, 'interview-live-invite', booked);
    expect(await overflow(candidate)).toBeLessThanOrEqual(0);
    await candidate.screenshot({ path: path.join(SCREENSHOTS, 'interview-slots.png'), fullPage: true });
    expect(candidateProblems).toEqual([]);

    // The host's list shows the booking.
    await host.reload();
    await host.getByTestId('slot-booked').filter({ hasText: 'Booked by Cleo Candidate' }).waitFor();

    // ---- Rita scores the live round, blind until she submits ----
    const ritaContext = await signedIn(rita);
    const page = await ritaContext.newPage();
    const problems = collectPageProblems(page);
    await page.goto(new URL(`/c/${conferenceId}/live/${invitationId}`, stack.url).href);
    await page.getByTestId('live-slot').getByRole('link', { name: 'video call' }).waitFor();
    expect(await page.getByTestId('round-live').getByTestId('round-hidden').textContent()).toContain('0 reviews submitted');
    await page.getByRole('list', { name: 'Follow-up probes' }).first().waitFor();
    const scoreForm = page.getByTestId('score-form');
    await scoreForm.locator('[data-criterion="Insight"] input[type=radio][value="4"]').check();
    await scoreForm.locator('[data-criterion="Communication"] input[type=radio][value="5"]').check();
    await scoreForm.getByLabel('Overall comment').fill('Clear examples in the live round.');
    await scoreForm.getByTestId('save-state').filter({ hasText: 'Draft saved' }).waitFor();
    expect(await page.getByTestId('other-reviews').count()).toBe(0);
    await page.getByRole('button', { name: 'Submit my review' }).click();
    await page
      .getByRole('dialog', { name: /^Submit your review of Cleo Candidate/ })
      .getByRole('button', { name: 'Submit', exact: true })
      .click();
    await page.getByTestId('other-reviews').waitFor();
    // Both rounds side by side: the live mean is hers now; the one-way one waits for her one-way review.
    await page.getByTestId('round-live').getByTestId('round-mean').filter({ hasText: '88%' }).waitFor();
    expect(await page.getByTestId('round-one-way').getByTestId('round-hidden').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'interview-live.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);

    // The API agrees: two rounds, kept apart.
    const combined = (await rita.get(`/api/invitations/${invitationId}/live`)).json();
    expect(combined.live).toMatchObject({ submitted: true, reviews: 1 });
    expect(combined.oneWay).toEqual({ submitted: false, reviews: 0, aggregate: null });
    await Promise.all([hostContext.close(), phone.close(), ritaContext.close()]);
  });
});

/** A clip as a browser's MediaRecorder writes it: WebM/Opus as a stream, no duration in the header. */
async function browserRecording(clip: string, base: string): Promise<Buffer> {
  const webm = await makeAudioFromClip(clip, `${base}.webm`, 'webm');
  const out = `${base}-recorded.webm`;
  await runTool(mediaToolsFrom(process.env.FFMPEG_PATH).ffmpeg, [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    webm,
    '-c',
    'copy',
    '-f',
    'webm',
    '-live',
    '1',
    out,
  ]);
  return fs.readFileSync(out);
}
