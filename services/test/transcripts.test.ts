import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';
import { waitFor } from './helpers/wait.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close({ remove: true }));

const AMI = path.resolve(import.meta.dirname, '../../../shared/eval/ami/dev/ami_normalized_dev.jsonl');

function amiMeeting(index: number) {
  const line = fs.readFileSync(AMI, 'utf8').split('\n')[index];
  const m = JSON.parse(line) as { id: string; turns: { speaker: string; text: string; start: number; end: number }[] };
  return {
    id: m.id,
    turns: m.turns.map((x) => ({ speaker: x.speaker, text: x.text, startMs: Math.round(x.start * 1000), endMs: Math.round(x.end * 1000) })),
  };
}

describe('POST /api/conferences/:id/transcripts', () => {
  it('turns a meeting transcript into statements in order, each from one speaker', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const turns = [
      { speaker: 'Ana', text: 'Thanks for joining. Today we decide the launch date for the Android app.', startMs: 0, endMs: 5000 },
      { speaker: 'Ana', text: 'Marketing wants March, engineering says the payment flow is not ready.', startMs: 5200, endMs: 10000 },
      { speaker: 'Ben', text: 'The payment flow needs two more weeks of testing with real cards.', startMs: 10500, endMs: 15000 },
      { speaker: 'Ana', text: 'Then let us move the launch to the second week of April.', startMs: 15500, endMs: 19000 },
    ];
    const res = await client.post(`/api/conferences/${conference.id}/transcripts`, { title: 'Launch sync', turns });
    expect(res.statusCode).toBe(202);
    expect(res.json().contribution).toMatchObject({ status: 'queued', stage: 'segment', source: 'transcript', title: 'Launch sync' });

    const done = await waitForContribution(client, res.json().contribution.id);
    expect(done.status).toBe('ready');
    const statements = (await client.get(`/api/contributions/${done.id}`)).json().contribution.statements;
    expect(statements.map((s: { speaker: string }) => s.speaker)).toEqual(['Ana', 'Ben', 'Ana']);
    expect(statements[0].text).toContain('launch date');
    expect(statements[0].text).toContain('payment flow is not ready');
    expect(statements[1]).toMatchObject({ seq: 1, startMs: 10500, endMs: 15000 });
    expect(statements[2].text).toBe('Then let us move the launch to the second week of April.');
    expect(statements.every((s: { labels: unknown[] }) => Array.isArray(s.labels))).toBe(true);

    const vtt = await client.get(`/api/contributions/${done.id}/captions.vtt`);
    expect(vtt.headers['content-type']).toMatch(/^text\/vtt/);
    expect(vtt.body).toMatch(/^WEBVTT/);
    expect(vtt.body).toContain('<v Ben>');
  });

  it('segments a real 36-minute AMI meeting into on the order of a hundred statements, never spanning speakers', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const meeting = amiMeeting(1);
    const res = await client.post(`/api/conferences/${conference.id}/transcripts`, { title: meeting.id, turns: meeting.turns });
    const done = await waitForContribution(client, res.json().contribution.id);
    const statements = (await client.get(`/api/contributions/${done.id}`)).json().contribution.statements as {
      startMs: number;
      endMs: number;
      speaker: string;
      text: string;
    }[];
    const hours = meeting.turns.at(-1)!.endMs / 3_600_000;
    expect(statements.length / hours).toBeGreaterThan(40);
    expect(statements.length / hours).toBeLessThan(300);
    const norm = (x: string) => x.replace(/\s+/g, ' ').trim();
    for (const s of statements) {
      // a statement's text is a stretch of its own speaker's words, never another speaker's
      const own = meeting.turns.filter((x) => x.speaker === s.speaker && x.endMs >= s.startMs && x.startMs <= s.endMs);
      expect(norm(own.map((x) => x.text).join(' '))).toContain(norm(s.text));
    }
    for (let i = 1; i < statements.length; i++) expect(statements[i].startMs).toBeGreaterThanOrEqual(statements[i - 1].startMs);
  });

  it('links a reply to a statement, and refuses a reply target from elsewhere', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const first = await client.post(`/api/conferences/${conference.id}/transcripts`, {
      speaker: 'Ana',
      turns: [{ text: 'Should we drop the Android app?', startMs: 0, endMs: 3000 }],
    });
    const c = await waitForContribution(client, first.json().contribution.id);
    const statementId = (await client.get(`/api/contributions/${c.id}`)).json().contribution.statements[0].id;
    const reply = await client.post(`/api/conferences/${conference.id}/transcripts`, {
      speaker: 'Ben',
      replyTo: statementId,
      links: ['https://example.org/android-metrics'],
      turns: [{ text: 'No, usage is growing.', startMs: 0, endMs: 2000 }],
    });
    expect(reply.statusCode).toBe(202);
    expect(reply.json().contribution.replyTo).toEqual({ contributionId: null, statementId });
    expect(reply.json().contribution.links).toEqual(['https://example.org/android-metrics']);

    const other = await spaceWithConference(t.app);
    const foreign = await other.client.post(`/api/conferences/${other.conference.id}/transcripts`, {
      replyTo: statementId,
      turns: [{ text: 'x', startMs: 0, endMs: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('E_BAD_REPLY_TO');
  });

  it('refuses bad transcripts with a clear error', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const url = `/api/conferences/${conference.id}/transcripts`;
    expect((await client.post(url, { turns: [] })).json().error.code).toBe('E_VALIDATION');
    expect((await client.post(url, { turns: [{ text: 'x', startMs: 5, endMs: 1 }] })).json().error.code).toBe('E_BAD_TRANSCRIPT');
    expect((await client.post(url, { turns: [{ text: '  ', startMs: 0, endMs: 1 }] })).json().error.code).toBe('E_EMPTY_TRANSCRIPT');
    expect(
      (await client.post(url, { links: ['javascript:alert(1)'], turns: [{ text: 'x', startMs: 0, endMs: 1 }] })).json().error.code,
    ).toBe('E_BAD_LINKS');
  });
});

describe('GET /api/events', () => {
  it('streams pipeline progress of contributions in my spaces, and not of others', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { client, conference } = await spaceWithConference(t.app);
    const other = await spaceWithConference(t.app);

    const received: { id: string; status: string; stage: string }[] = [];
    const req = http.get(`${url}/api/events`, { headers: { cookie: client.cookie } });
    const response = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    let buffer = '';
    response.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const m of buffer.matchAll(/^data: (.*)$/gm)) received.push(JSON.parse(m[1]));
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });

    const theirs = await other.client.post(`/api/conferences/${other.conference.id}/transcripts`, {
      turns: [{ text: 'secret', startMs: 0, endMs: 1000 }],
    });
    const mine = await client.post(`/api/conferences/${conference.id}/transcripts`, {
      turns: [{ text: 'hello there', startMs: 0, endMs: 1000 }],
    });
    await waitForContribution(other.client, theirs.json().contribution.id);
    await waitForContribution(client, mine.json().contribution.id);
    await waitFor('the ready event on the stream', () => received.some((e) => e.status === 'ready'), { intervalMs: 50 });
    req.destroy();

    const myId = mine.json().contribution.id;
    expect(received.filter((e) => e.id === myId).map((e) => e.status)).toEqual(expect.arrayContaining(['processing', 'ready']));
    expect(received.some((e) => e.id === theirs.json().contribution.id)).toBe(false);
  });
});
