import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  Client,
  multipart,
  postTranscript,
  spaceWithConference,
  startTestApp,
  waitForContribution,
  type TestApp,
} from './helpers/app.ts';
import { asrClips, makeVideoFromClip } from './fixtures/media.ts';

let t: TestApp;
beforeAll(async () => {
  // A visit starts after 1 ms of absence, so the test can leave and come back.
  t = await startTestApp({ VISIT_GAP_MINUTES: '0.00002' });
});
afterAll(() => t.close({ remove: true }));

type Turn = { speaker: string; text: string; startMs: number; endMs: number };
type Item = { statementId: string; contributionId: string; startMs: number; speaker: string | null; gist: string; answered?: boolean };
type Digest = {
  since: string | null;
  summary: { text: string; statementIds: string[] }[];
  sections: { key: string; title: string; items: Item[] }[];
  contributionCount: number;
  unseenMs: number;
  readingMs: number;
};

const kickoff: Turn[] = [
  { speaker: 'Ana', text: 'Welcome everyone, this is the kickoff for the mobile release and the pricing page.', startMs: 0, endMs: 6000 },
  {
    speaker: 'Ben',
    text: 'The pricing page still shows last year plans and confuses new customers every week.',
    startMs: 6500,
    endMs: 12000,
  },
];
const whileAway: Turn[] = [
  { speaker: 'Ana', text: 'Who will write the release notes for the Android version?', startMs: 0, endMs: 4000 },
  {
    speaker: 'Ben',
    text: 'Carla wrote them last time, she knows the changelog tooling and the store rules well.',
    startMs: 4500,
    endMs: 10000,
  },
  {
    speaker: 'Ana',
    text: 'We decided to ship the Android release on the third of March, after the payment fixes.',
    startMs: 10500,
    endMs: 16000,
  },
  { speaker: 'Ben', text: "I'll update the pricing page with the new plans by Friday.", startMs: 16500, endMs: 20000 },
];

type Contribution = { id: string; statements: { id: string; text: string; startMs: number; endMs: number }[] };
const post = (client: Client, conferenceId: string, title: string, turns: Turn[]): Promise<Contribution> =>
  postTranscript(client, conferenceId, { title, turns });
const withMember = (app: TestApp['app'], owner: Client, spaceId: string) => addMember(app, owner, spaceId, 'Reader');

const digestOf = async (client: Client, conferenceId: string, query = '') => {
  const res = await client.get(`/api/conferences/${conferenceId}/digest${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().digest as Digest;
};
const lines = (d: Digest) => d.sections.flatMap((s) => s.items.map((i) => ({ ...i, section: s.key })));
const pause = () => new Promise((r) => setTimeout(r, 20));

describe('digest', () => {
  it('covers a decision made while the reader was away and omits what they watched', async () => {
    const { client: ana, space, conference } = await spaceWithConference(t.app, 'Ana');
    const reader = await withMember(t.app, ana, space.id);

    const first = await post(ana, conference.id, 'Kickoff', kickoff);
    // The reader watches all of the kickoff, then leaves.
    const watched = await reader.post(`/api/contributions/${first.id}/views`, { ranges: [[0, 12000]] });
    expect(watched.statusCode, watched.body).toBe(200);
    expect((await reader.post(`/api/conferences/${conference.id}/visit`, {})).statusCode).toBe(200);
    await pause();

    const second = await post(ana, conference.id, 'Release planning', whileAway);
    await pause();
    // Back: the new visit starts, and "since your last visit" is the one before.
    const visit = (await reader.post(`/api/conferences/${conference.id}/visit`, {})).json();
    expect(visit.previousVisitAt).toBeTruthy();

    const digest = await digestOf(reader, conference.id);
    expect(digest.since).toBe(visit.previousVisitAt);
    const all = lines(digest);
    const decision = second.statements.find((s) => /decided to ship/.test(s.text))!;
    expect(all).toContainEqual(
      expect.objectContaining({ section: 'decisions', statementId: decision.id, startMs: decision.startMs, contributionId: second.id }),
    );
    const action = second.statements.find((s) => /pricing page with the new plans/.test(s.text))!;
    expect(all).toContainEqual(expect.objectContaining({ section: 'actions', statementId: action.id }));
    // Nothing from the kickoff, which the reader watched.
    expect(all.some((l) => l.contributionId === first.id)).toBe(false);
    expect(digest.sections.map((s) => s.title)).toEqual(expect.arrayContaining(['Decisions', 'Action items']));
    expect(digest.contributionCount).toBe(1);
    expect(digest.readingMs).toBeGreaterThan(0);

    // The summary cites only statements of the digest's period.
    expect(digest.summary.length).toBeGreaterThan(0);
    const secondIds = new Set(second.statements.map((s) => s.id));
    for (const sentence of digest.summary) expect(sentence.statementIds.every((id) => secondIds.has(id))).toBe(true);

    // Even asked for everything, the watched kickoff stays out; the author sees nothing of their own.
    const everything = await digestOf(reader, conference.id, `?since=${encodeURIComponent(new Date(0).toISOString())}`);
    expect(lines(everything).some((l) => l.contributionId === first.id)).toBe(false);
    expect(lines(await digestOf(ana, conference.id, `?since=${encodeURIComponent(new Date(0).toISOString())}`))).toEqual([]);
  });

  it('says when an open question got an answer, and drops a contribution once its digest line is opened', async () => {
    const { client: ana, space, conference } = await spaceWithConference(t.app, 'Ana');
    const reader = await withMember(t.app, ana, space.id);
    // In a recorded discussion, the next speaker answers the question there and then.
    const meeting = await post(ana, conference.id, 'Release planning', whileAway);
    const discussed = meeting.statements.find((s) => /release notes/.test(s.text))!;
    // A question left hanging at the end of a contribution is open…
    const asked = await post(ana, conference.id, 'Docs', [
      { speaker: 'Ana', text: 'The store listing needs new screenshots for the tablet layout.', startMs: 0, endMs: 5000 },
      { speaker: 'Ana', text: 'Who can take the tablet screenshots before the release?', startMs: 5500, endMs: 9000 },
    ]);
    const question = asked.statements.find((s) => /screenshots before/.test(s.text))!;

    let all = lines(await digestOf(reader, conference.id));
    expect(all.find((l) => l.statementId === discussed.id)).toMatchObject({ section: 'questions', answered: true });
    expect(all.find((l) => l.statementId === question.id)).toMatchObject({ section: 'questions', answered: false });

    // …until someone replies to it.
    const reply = await ana.post(`/api/conferences/${conference.id}/transcripts`, {
      title: 'Re: screenshots',
      replyTo: question.id,
      turns: [{ speaker: 'Carla', text: 'I can take the tablet screenshots this week on the test device.', startMs: 0, endMs: 5000 }],
    });
    expect(reply.statusCode).toBe(202);
    await waitForContribution(ana, reply.json().contribution.id);
    all = lines(await digestOf(reader, conference.id));
    expect(all.find((l) => l.statementId === question.id)).toMatchObject({
      answered: true,
      answer: { contributionId: reply.json().contribution.id },
    });

    // Opening a digest line marks its contribution seen: its lines leave the digest.
    expect((await reader.post(`/api/contributions/${asked.id}/views`, { opened: true })).statusCode).toBe(200);
    all = lines(await digestOf(reader, conference.id));
    expect(all.some((l) => l.contributionId === asked.id)).toBe(false);
    expect(all.some((l) => l.contributionId === meeting.id)).toBe(true);
  });

  it('counts the video time not yet watched, and gives a space-wide digest', async () => {
    const { client: ana, space, conference } = await spaceWithConference(t.app, 'Ana');
    const reader = await withMember(t.app, ana, space.id);
    await post(ana, conference.id, 'Release planning', whileAway);
    expect((await digestOf(reader, conference.id)).unseenMs).toBe(0); // a transcript has no video to watch

    // A real video (JFK's inaugural clip) with its captions, so no recogniser run is needed.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-digest-'));
    const video = await makeVideoFromClip(asrClips().find((c) => c.file.includes('jfk'))!.path, path.join(tmp, 'jfk.mp4'));
    const vtt =
      'WEBVTT\n\n00:00:00.500 --> 00:00:10.500\n<v John Kennedy>And so, my fellow Americans, ask not what your country can do for you.\n';
    const body = multipart([
      { name: 'file', file: fs.readFileSync(video), filename: 'jfk.mp4', contentType: 'video/mp4' },
      { name: 'captions', file: Buffer.from(vtt), filename: 'jfk.vtt', contentType: 'text/vtt' },
    ]);
    const res = await ana.request({ method: 'POST', url: `/api/conferences/${conference.id}/contributions`, ...body });
    expect(res.statusCode).toBe(202);
    const done = await waitForContribution(ana, res.json().contribution.id);
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(done.durationMs).toBeGreaterThan(10_000);

    expect((await digestOf(reader, conference.id)).unseenMs).toBe(done.durationMs);
    await reader.post(`/api/contributions/${done.id}/views`, { ranges: [[0, 4000]] });
    expect((await digestOf(reader, conference.id)).unseenMs).toBe(done.durationMs - 4000);

    const spaceRes = await reader.get(`/api/spaces/${space.id}/digest`);
    expect(spaceRes.statusCode).toBe(200);
    const spaceDigest = spaceRes.json().digest;
    expect(spaceDigest.conferences.map((c: { conferenceId: string }) => c.conferenceId)).toEqual([conference.id]);
    expect(spaceDigest.readingMs).toBe(spaceDigest.conferences[0].digest.readingMs);
    expect(spaceDigest.unseenMs).toBe(done.durationMs - 4000);
  });

  it('lists what was said as a clean line beside who said it, and never a backchannel on its own', async () => {
    const { client: ana, space, conference } = await spaceWithConference(t.app, 'Ana');
    const reader = await withMember(t.app, ana, space.id);
    const meeting = await post(ana, conference.id, 'Launch review', [
      {
        speaker: 'Carol',
        text: 'Um, okay, so, uh, we we decided to to drop the the Android tablet release from the March launch, you know.',
        startMs: 0,
        endMs: 7000,
      },
      {
        speaker: 'Carol',
        text: 'Uh, who can look into why the Kotlin encoder leaks memory during long recordings?',
        startMs: 7500,
        endMs: 12000,
      },
    ]);
    // A reply that only acknowledges: a statement of its own, and no digest line.
    const nod = await post(ana, conference.id, 'Re: launch review', [
      { speaker: 'Dan', text: 'Mm-hmm. Yeah, okay.', startMs: 0, endMs: 1500 },
    ]);
    expect(nod.statements.length).toBe(1);

    const all = lines(await digestOf(reader, conference.id));
    expect(all.some((l) => l.contributionId === nod.id)).toBe(false);
    const carols = all.filter((l) => l.contributionId === meeting.id);
    expect(carols.length).toBeGreaterThan(0);
    for (const l of carols) {
      expect(l.speaker).toBe('Carol');
      expect([
        'We decided to drop the Android tablet release from the March launch.',
        'Who can look into why the Kotlin encoder leaks memory during long recordings?',
      ]).toContain(l.gist);
    }
  });

  it('is only for members: outsiders get 404', async () => {
    const { client: ana, space, conference } = await spaceWithConference(t.app, 'Ana');
    await post(ana, conference.id, 'Kickoff', kickoff);
    const outsider = await Client.signUp(t.app, 'Mallory');
    expect((await outsider.get(`/api/conferences/${conference.id}/digest`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/spaces/${space.id}/digest`)).statusCode).toBe(404);
  });
});
