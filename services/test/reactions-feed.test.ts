import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, Client, postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close({ remove: true }));

type Turn = { speaker: string; text: string; startMs: number; endMs: number };
type Statement = {
  id: string;
  contributionId: string;
  seq: number;
  startMs: number;
  endMs: number;
  text: string;
  reactions: Record<string, number>;
  labels: { kind: string; value: string }[];
};
type Contribution = { id: string; statements: Statement[]; reactionCount: number; reactions: Record<string, number> };
type FeedItem = {
  statement: Statement;
  reactions: Record<string, number>;
  seen: boolean;
  score: number;
  parts: { relevance: number; reactions: number; recency: number };
};

const android: Turn[] = [
  {
    speaker: 'Ana',
    text: 'Should we drop the Android app? Usage has been flat for six months and the team is small.',
    startMs: 0,
    endMs: 6000,
  },
  {
    speaker: 'Ben',
    text: 'The Android app still brings most of our paying customers in Brazil, so dropping it would hurt revenue.',
    startMs: 6500,
    endMs: 13000,
  },
  {
    speaker: 'Ana',
    text: 'We decided to keep the Android app and freeze new features on it until the payment redesign ships.',
    startMs: 13500,
    endMs: 20000,
  },
  { speaker: 'Ben', text: "I'll send the revenue numbers per country to everyone by Friday.", startMs: 20500, endMs: 24000 },
];

const coffee: Turn[] = [
  {
    speaker: 'Cleo',
    text: 'The espresso machine in the kitchen leaks again and the coffee tastes burnt every morning.',
    startMs: 0,
    endMs: 6000,
  },
  {
    speaker: 'Dev',
    text: 'We could replace the espresso machine with a filter coffee brewer, it is cheaper to maintain.',
    startMs: 6500,
    endMs: 12000,
  },
  {
    speaker: 'Cleo',
    text: 'I propose we order new coffee beans from the roastery next door and descale the machine weekly.',
    startMs: 12500,
    endMs: 19000,
  },
  { speaker: 'Dev', text: 'I will book the espresso machine repair technician for Tuesday morning.', startMs: 19500, endMs: 23000 },
];

const hiring: Turn[] = [
  {
    speaker: 'Eva',
    text: 'We need two more backend engineers before the autumn, the interview pipeline is far too slow.',
    startMs: 0,
    endMs: 6000,
  },
  {
    speaker: 'Finn',
    text: 'The take-home exercise scares candidates away; a pairing interview would be shorter and fairer.',
    startMs: 6500,
    endMs: 13000,
  },
  {
    speaker: 'Eva',
    text: 'Let us post the backend engineer job on the university boards and at the local meetup.',
    startMs: 13500,
    endMs: 20000,
  },
  { speaker: 'Finn', text: 'I will rewrite the interview guide for the pairing sessions by next week.', startMs: 20500, endMs: 25000 },
];

const post = (client: Client, conferenceId: string, turns: Turn[], title: string): Promise<Contribution> =>
  postTranscript(client, conferenceId, { title, turns });
const member = (owner: Client, spaceId: string, name: string) => addMember(t.app, owner, spaceId, name);

const del = (client: Client, url: string) => client.request({ method: 'DELETE', url });
const feed = async (client: Client, conferenceId: string, query: Record<string, string> = {}) => {
  const res = await client.get(`/api/conferences/${conferenceId}/feed?${new URLSearchParams(query)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as FeedItem[];
};

describe('reactions', () => {
  it('keeps one of each kind per user, removes them, maps atMs to the covering statement, and shows counts', async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app);
    const bea = await member(owner, space.id, 'Bea');
    const c = await post(owner, conference.id, android, 'Android sync');
    const [s0, s1, s2] = c.statements;
    expect(c.reactionCount).toBe(0);
    expect(s1.reactions).toEqual({});

    const first = await bea.post(`/api/statements/${s1.id}/reactions`, { kind: 'agree' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ statementId: s1.id, reactions: { agree: 1 }, mine: ['agree'] });
    const again = await bea.post(`/api/statements/${s1.id}/reactions`, { kind: 'agree' });
    expect(again.statusCode).toBe(200);
    expect(again.json().reactions).toEqual({ agree: 1 });

    expect((await bea.post(`/api/statements/${s1.id}/reactions`, { kind: 'insightful' })).json().reactions).toEqual({
      agree: 1,
      insightful: 1,
    });
    const owners = (await owner.post(`/api/statements/${s1.id}/reactions`, { kind: 'agree' })).json();
    expect(owners).toMatchObject({ reactions: { agree: 2, insightful: 1 }, mine: ['agree'] });

    const unknown = await bea.post(`/api/statements/${s1.id}/reactions`, { kind: 'meh' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('E_UNKNOWN_REACTION');
    expect((await bea.post(`/api/statements/${s1.id}/reactions`, { kind: 'Not A Kind!' })).json().error.code).toBe('E_VALIDATION');

    // A reaction at a moment lands on the statement said then, whichever statement of the contribution is named.
    const atMoment = await bea.post(`/api/statements/${s0.id}/reactions`, {
      kind: 'important',
      atMs: Math.round((s2.startMs + s2.endMs) / 2),
    });
    expect(atMoment.statusCode).toBe(201);
    expect(atMoment.json()).toMatchObject({ statementId: s2.id, reactions: { important: 1 }, mine: ['important'] });
    expect((await bea.get(`/api/statements/${s0.id}/reactions`)).json().reactions).toEqual({});
    // In a pause it lands on what was just said.
    expect(s1.startMs).toBeGreaterThan(s0.endMs);
    const inPause = (await bea.post(`/api/statements/${s2.id}/reactions`, { kind: 'question', atMs: s0.endMs + 100 })).json();
    expect(inPause).toMatchObject({ statementId: s0.id, reactions: { question: 1 } });
    expect((await del(bea, `/api/statements/${s0.id}/reactions/question`)).json().reactions).toEqual({});

    const shown = (await bea.get(`/api/contributions/${c.id}`)).json().contribution as Contribution;
    expect(shown.statements.map((s) => s.reactions)).toEqual([{}, { agree: 2, insightful: 1 }, { important: 1 }, {}]);
    expect(shown.reactionCount).toBe(4);
    expect(shown.reactions).toEqual({ agree: 2, insightful: 1, important: 1 });
    const listed = (await bea.get(`/api/conferences/${conference.id}`)).json().contributions;
    expect(listed[0]).toMatchObject({ id: c.id, reactionCount: 4, reactions: { agree: 2, insightful: 1, important: 1 } });

    const removed = await del(bea, `/api/statements/${s1.id}/reactions/agree`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ reactions: { agree: 1, insightful: 1 }, mine: ['insightful'] });
    expect((await del(bea, `/api/statements/${s1.id}/reactions/agree`)).json().reactions).toEqual({ agree: 1, insightful: 1 });

    const state = (await bea.get(`/api/statements/${s1.id}/reactions`)).json();
    expect(state).toMatchObject({ statementId: s1.id, reactions: { agree: 1, insightful: 1 }, mine: ['insightful'] });
    expect(state.kinds).toEqual(expect.arrayContaining(['agree', 'insightful', 'question', 'important']));
    expect((await bea.get(`/api/conferences/${conference.id}`)).json().contributions[0].reactionCount).toBe(3);
  });
});

describe('views and visits', () => {
  it('merges watched ranges, and a contribution is seen after most of it was watched or after it was opened', async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app);
    const bea = await member(owner, space.id, 'Bea');
    const a = await post(owner, conference.id, android, 'Android sync'); // 24 s long
    const b = await post(owner, conference.id, coffee, 'Kitchen');

    const unseenIds = async () => (await feed(bea, conference.id, { unseen: 'true', limit: '100' })).map((i) => i.statement.id);
    expect((await unseenIds()).sort()).toEqual([...a.statements, ...b.statements].map((s) => s.id).sort());
    expect(await feed(owner, conference.id, { unseen: 'true' })).toEqual([]); // one has seen what one said

    const view = (id: string, body: object) => bea.post(`/api/contributions/${id}/views`, body);
    const v1 = await view(a.id, {
      ranges: [
        [0, 5000],
        [4000, 10000],
      ],
    });
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ watched: [[0, 10000]], watchedMs: 10000, seen: false, seenAt: null });
    // The first statement (0–6 s) was watched: it is seen; the rest of the contribution is not.
    expect(await unseenIds()).not.toContain(a.statements[0].id);
    expect(await unseenIds()).toContain(a.statements[2].id);

    const v2 = (
      await view(a.id, {
        ranges: [
          [10000, 15000],
          [20000, 24000],
        ],
      })
    ).json();
    expect(v2).toMatchObject({
      watched: [
        [0, 15000],
        [20000, 24000],
      ],
      watchedMs: 19000,
      seen: false,
    }); // 79% < 80%
    const v3 = (await view(a.id, { ranges: [[15000, 16000]] })).json();
    expect(v3).toMatchObject({
      watched: [
        [0, 16000],
        [20000, 24000],
      ],
      watchedMs: 20000,
      seen: true,
    });
    expect(v3.seenAt).toBeTruthy();
    expect((await view(a.id, {})).json()).toMatchObject({ watchedMs: 20000, seen: true }); // seen stays seen

    const opened = (await view(b.id, { opened: true })).json();
    expect(opened).toMatchObject({ watchedMs: 0, seen: true });
    expect(await unseenIds()).toEqual([]);
    const all = await feed(bea, conference.id, { limit: '100' });
    expect(all).toHaveLength(8);
    expect(all.every((i) => i.seen)).toBe(true);

    // Ranges past the end are clipped; a backwards range is refused.
    expect((await bea.post(`/api/contributions/${b.id}/views`, { ranges: [[20000, 90000]] })).json()).toMatchObject({
      watched: [[20000, 23000]],
      watchedMs: 3000,
    });
    const bad = await view(a.id, { ranges: [[5000, 1000]] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('E_BAD_RANGES');
  });

  it('starts a new visit after the gap, and the previous visit is where "since your last visit" starts', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const first = await client.post(`/api/conferences/${conference.id}/visit`);
    expect(first.statusCode).toBe(200);
    expect(first.json().previousVisitAt).toBeNull();
    const same = (await client.post(`/api/conferences/${conference.id}/visit`)).json();
    expect(same.previousVisitAt).toBeNull(); // still the same visit

    const earlier = new Date(Date.now() - 2 * 3600_000);
    await t.runtime.db.query(`update conference_visits set last_visit_at = $2 where conference_id = $1`, [conference.id, earlier]);
    const next = (await client.post(`/api/conferences/${conference.id}/visit`)).json();
    expect(new Date(next.previousVisitAt).getTime()).toBe(earlier.getTime());
    expect(new Date(next.lastVisitAt).getTime()).toBeGreaterThan(earlier.getTime());
    const during = (await client.post(`/api/conferences/${conference.id}/visit`)).json();
    expect(new Date(during.previousVisitAt).getTime()).toBe(earlier.getTime());
  });
});

describe('follows', () => {
  it('follows and unfollows conferences and (normalised) topic tags', async () => {
    const { client, space, conference } = await spaceWithConference(t.app);
    expect((await client.post(`/api/conferences/${conference.id}/follow`)).json()).toEqual({
      conferenceId: conference.id,
      following: true,
    });
    expect((await client.post(`/api/spaces/${space.id}/tags/${encodeURIComponent('  Android  App ')}/follow`)).json()).toEqual({
      spaceId: space.id,
      tag: 'android app',
      following: true,
    });
    expect((await client.get(`/api/spaces/${space.id}/follows`)).json()).toEqual({ conferenceIds: [conference.id], tags: ['android app'] });
    expect((await del(client, `/api/conferences/${conference.id}/follow`)).json().following).toBe(false);
    expect((await del(client, `/api/spaces/${space.id}/tags/android%20app/follow`)).json().following).toBe(false);
    expect((await client.get(`/api/spaces/${space.id}/follows`)).json()).toEqual({ conferenceIds: [], tags: [] });
  });
});

describe('conference feed', () => {
  it("ranks by query, by followed tags, by reactions, by the reader's profile, and spreads the page over contributions", async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app);
    const bea = await member(owner, space.id, 'Bea');
    const cleo = await member(owner, space.id, 'Cleo');
    const a = await post(owner, conference.id, android, 'Android sync');
    const k = await post(owner, conference.id, coffee, 'Kitchen');
    const h = await post(owner, conference.id, hiring, 'Hiring');
    const contributionOf = new Map([...a.statements, ...k.statements, ...h.statements].map((s) => [s.id, s.contributionId]));

    // The usual statement shape, with labels, and every part of the score.
    const items = await feed(bea, conference.id);
    expect(items).toHaveLength(12);
    expect(items[0].statement).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        contributionId: expect.any(String),
        seq: expect.any(Number),
        startMs: expect.any(Number),
        endMs: expect.any(Number),
        speaker: expect.any(String),
        text: expect.any(String),
        labels: expect.any(Array),
      }),
    );
    expect(items[0].statement.labels.length).toBeGreaterThan(0);
    for (const i of items) {
      expect(i.parts.relevance).toBe(0.5); // Bea has no profile and follows nothing yet
      expect(i.parts.reactions).toBe(0);
      expect(i.score).toBeGreaterThan(0);
    }
    // Diversified: the first page is not one contribution.
    expect(new Set((await feed(bea, conference.id, { limit: '3' })).map((i) => contributionOf.get(i.statement.id))).size).toBe(3);

    // A query: its best matches first.
    const espresso = await feed(bea, conference.id, { q: 'espresso machine repair', limit: '3' });
    expect(espresso).toHaveLength(3);
    expect(contributionOf.get(espresso[0].statement.id)).toBe(k.id);
    expect(espresso[0].statement.text).toMatch(/espresso machine/);

    // Reactions lift a statement: one "important" is enough when all else is equal.
    const target = k.statements[1];
    await owner.post(`/api/statements/${target.id}/reactions`, { kind: 'important' });
    const lifted = await feed(bea, conference.id, { limit: '3' });
    expect(lifted[0].statement.id).toBe(target.id);
    expect(lifted[0].reactions).toEqual({ important: 1 });
    expect(lifted[0].parts.reactions).toBeGreaterThan(0);

    // A followed tag beats a reaction from one reader.
    const tagged = a.statements[2];
    const tag = tagged.labels.find((l) => l.kind === 'topic')!.value;
    await bea.post(`/api/spaces/${space.id}/tags/${encodeURIComponent(tag)}/follow`);
    const followed = await feed(bea, conference.id, { limit: '12' });
    expect(followed[0].statement.labels.map((l) => l.value)).toContain(tag);
    expect(followed[0].parts.relevance).toBe(1);

    // Cleo talked about coffee: her feed leads with the coffee discussion (her own words do not count).
    await post(
      cleo,
      conference.id,
      [
        {
          speaker: 'Cleo',
          text: 'Good coffee matters to me: fresh beans, a clean espresso machine and a proper grinder.',
          startMs: 0,
          endMs: 6000,
        },
      ],
      'Coffee thoughts',
    );
    const cleos = await feed(cleo, conference.id, { limit: '3' });
    expect(contributionOf.get(cleos[0].statement.id)).toBe(k.id);
    expect(cleos[0].parts.relevance).toBe(1); // the closest to her profile
    expect((await feed(cleo, conference.id, { limit: '20' })).some((i) => i.parts.relevance < 0.5)).toBe(true);

    // Most recent first: the newest contribution's statements, in spoken order.
    const recent = await feed(owner, conference.id, { sort: 'recent', limit: '5' });
    expect(recent.map((i) => i.statement.text)[0]).toMatch(/Good coffee matters/);
    expect(recent.slice(1).map((i) => i.statement.id)).toEqual(h.statements.map((s) => s.id));
  });

  it('refuses bad parameters, and is documented', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/api/conferences/{id}/feed', '/api/statements/{id}/reactions', '/api/contributions/{id}/views']),
    );
    expect((await client.get(`/api/conferences/${conference.id}/feed?sort=sideways`)).json().error.code).toBe('E_VALIDATION');
    expect((await client.get(`/api/conferences/${conference.id}/feed?limit=0`)).json().error.code).toBe('E_VALIDATION');
    expect(await feed(client, conference.id)).toEqual([]);
  });
});

describe('outsiders', () => {
  it('get 404 for every reaction, view, visit, follow and feed route; anonymous callers 401', async () => {
    const { client: owner, space, conference } = await spaceWithConference(t.app);
    const c = await post(owner, conference.id, android.slice(0, 2), 'Short');
    const s = c.statements[0];
    const outsider = await Client.signUp(t.app, 'Mallory');
    await owner.post(`/api/statements/${s.id}/reactions`, { kind: 'agree' });

    const calls: [string, string, object?][] = [
      ['GET', `/api/statements/${s.id}/reactions`],
      ['POST', `/api/statements/${s.id}/reactions`, { kind: 'agree' }],
      ['POST', `/api/statements/${s.id}/reactions`, { kind: 'agree', atMs: 1000 }],
      ['DELETE', `/api/statements/${s.id}/reactions/agree`],
      ['POST', `/api/contributions/${c.id}/views`, { ranges: [[0, 1000]], opened: true }],
      ['POST', `/api/conferences/${conference.id}/visit`],
      ['POST', `/api/conferences/${conference.id}/follow`],
      ['DELETE', `/api/conferences/${conference.id}/follow`],
      ['POST', `/api/spaces/${space.id}/tags/android/follow`],
      ['DELETE', `/api/spaces/${space.id}/tags/android/follow`],
      ['GET', `/api/spaces/${space.id}/follows`],
      ['GET', `/api/conferences/${conference.id}/feed`],
      ['GET', `/api/conferences/${conference.id}/feed?sort=recent&q=android`],
    ];
    for (const [method, url, payload] of calls) {
      const res = await outsider.request({ method: method as 'GET', url, payload: payload as Record<string, unknown> | undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('E_NOT_FOUND');
      const anonymous = await t.app.inject({ method: method as 'GET', url, payload: payload as Record<string, unknown> | undefined });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
    }
    // Nothing the outsider tried left a trace.
    expect((await owner.get(`/api/statements/${s.id}/reactions`)).json().reactions).toEqual({ agree: 1 });
    const traces = await t.runtime.db.query<{ n: number }>(
      `select (select count(*) from views where user_id = $1) + (select count(*) from conference_visits where user_id = $1)
            + (select count(*) from conference_follows where user_id = $1) + (select count(*) from tag_follows where user_id = $1) as n`,
      [outsider.userId],
    );
    expect(Number(traces[0].n)).toBe(0);
  });
});
