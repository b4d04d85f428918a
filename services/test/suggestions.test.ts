import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, spaceWithConference, startTestApp, waitForContribution, type TestApp } from './helpers/app.ts';

/**
 * GET /api/statements/:id/suggestions: members who have not seen the statement and directory
 * experts, ranked by what they said before (and their bio), with reasons; never the author, anyone
 * who saw it, the caller, or anyone outside the space.
 */

let t: TestApp;
type Signed = Awaited<ReturnType<typeof Client.signUp>>;
let host: Signed;
let ana: Signed; // talks about pricing
let bo: Signed; // talks about onboarding
let cy: Signed; // talks about pricing, but has seen the question
let dee: Signed; // has said nothing yet
let eve: Signed; // asks the question
let spaceId: string;
let conferenceId: string;
let question: { id: string; contributionId: string };
let anaContribution: string;
let boContribution: string;

async function post(by: Client, speaker: string, lines: string[], replyTo?: string): Promise<string> {
  const turns = lines.map((text, i) => ({ speaker, text, startMs: i * 8000, endMs: i * 8000 + 7500 }));
  const res = await by.post(`/api/conferences/${conferenceId}/transcripts`, {
    title: `${speaker} speaks`,
    turns,
    ...(replyTo ? { replyTo } : {}),
  });
  expect(res.statusCode, res.body).toBe(202);
  const done = await waitForContribution(by, res.json().contribution.id);
  expect(done.status).toBe('ready');
  return done.id;
}

const suggestions = async (c: Client, statementId: string) => {
  const res = await c.get(`/api/statements/${statementId}/suggestions`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().suggestions as {
    kind: string;
    id: string;
    name: string;
    score: number;
    reasons: string[];
    evidence: { statementId: string; contributionId: string; conferenceId: string; text: string; answered: boolean }[];
  }[];
};

beforeAll(async () => {
  t = await startTestApp();
  const made = await spaceWithConference(t.app, 'Host');
  host = made.client as Signed;
  spaceId = made.space.id;
  conferenceId = made.conference.id;
  [ana, bo, cy, dee, eve] = await Promise.all(['Ana', 'Bo', 'Cy', 'Dee', 'Eve'].map((n) => Client.signUp(t.app, n)));
  for (const m of [ana, bo, cy, dee, eve])
    expect((await host.post(`/api/spaces/${spaceId}/members`, { email: m.email, role: 'member' })).statusCode).toBe(201);

  anaContribution = await post(ana, 'Ana', [
    'I looked at our pricing again: the basic plan at nine euros a month is below what competitors charge for the same features.',
    'My proposal is a price increase to twelve euros for new customers, and annual plans with two months free.',
    'Existing customers keep their current price for a year, so the price change does not feel like a surprise.',
  ]);
  boContribution = await post(bo, 'Bo', [
    'The onboarding flow loses people at the second step, where we ask for the team name and invite colleagues.',
    'I want to move the invitations to after the first project is created, with a short checklist in the sidebar.',
  ]);
  await post(cy, 'Cy', ['Discounts for schools and charities should stay when the price of the plans changes, whatever the new price is.']);

  const asked = await post(eve, 'Eve', [
    'Should we raise the price of the basic plan, and what would competitors charge customers for the same plan?',
  ]);
  const [statement] = (await eve.get(`/api/contributions/${asked}`)).json().contribution.statements;
  question = { id: statement.id, contributionId: asked };

  // Cy has seen the question (its digest line opened).
  expect((await cy.post(`/api/contributions/${asked}/views`, { opened: true })).statusCode).toBeLessThan(300);

  // Two outside experts: one on pricing, one not.
  for (const p of [
    {
      name: 'Pat Price',
      email: 'pat@example.net',
      bio: 'Pricing strategy for subscription software: price increases, plans, discounts and what competitors charge.',
      tags: ['pricing'],
    },
    {
      name: 'Quinn Ops',
      email: 'quinn@example.net',
      bio: 'Kubernetes clusters, database backups and on-call rotations.',
      tags: ['infrastructure'],
    },
  ]) {
    expect((await host.post(`/api/spaces/${spaceId}/people`, p)).statusCode).toBe(201);
  }

  // Someone in another space who talks about nothing but pricing.
  const elsewhere = await spaceWithConference(t.app, 'Zed');
  const res = await elsewhere.client.post(`/api/conferences/${elsewhere.conference.id}/transcripts`, {
    title: 'Zed on pricing',
    turns: [
      {
        speaker: 'Zed',
        text: 'Raise the price of the basic plan: competitors charge customers twelve euros for the same plan.',
        startMs: 0,
        endMs: 8000,
      },
    ],
  });
  await waitForContribution(elsewhere.client, res.json().contribution.id);
});

afterAll(async () => {
  await t?.close({ remove: true });
});

describe('suggestions for a statement', () => {
  it('ranks members who have not seen it and directory experts, excluding the author, those who saw it, the caller and outsiders', async () => {
    const list = await suggestions(host, question.id);
    const names = list.map((s) => s.name);
    expect(names).not.toContain('Eve'); // the author
    expect(names).not.toContain('Cy'); // saw it
    expect(names).not.toContain('Host'); // the caller
    expect(names).not.toContain('Zed'); // another space
    expect(new Set(names)).toEqual(new Set(['Ana', 'Bo', 'Dee', 'Pat Price', 'Quinn Ops']));
    expect(list.map((s) => s.score)).toEqual([...list.map((s) => s.score)].sort((a, b) => b - a));

    const rank = (name: string) => names.indexOf(name);
    expect(rank('Ana')).toBeLessThan(rank('Bo'));
    expect(rank('Ana')).toBeLessThan(rank('Dee'));
    expect(rank('Pat Price')).toBeLessThan(rank('Quinn Ops'));

    const anaSuggestion = list.find((s) => s.name === 'Ana')!;
    expect(anaSuggestion).toMatchObject({ kind: 'member', id: ana.userId });
    // Her closest statement, quoted with its day, and playable from the second it starts.
    expect(anaSuggestion.reasons[0]).toMatch(/^said “.*pric.*” on \d{1,2} [A-Z][a-z]+/);
    expect(anaSuggestion.evidence.length).toBeGreaterThan(0);
    expect(anaSuggestion.evidence.every((e) => e.contributionId === anaContribution)).toBe(true);
    expect(anaSuggestion.evidence[0]).toMatchObject({ conferenceId, answered: false });
    expect(anaSuggestion.reasons[0]).toContain(anaSuggestion.evidence[0].text.slice(0, 30));

    const pat = list.find((s) => s.name === 'Pat Price')!;
    expect(pat.kind).toBe('expert');
    expect(pat.reasons).toContain('bio: “Pricing strategy for subscription software: price increases, plans, discounts and what…”');
    expect(list.find((s) => s.name === 'Dee')!.reasons).toEqual(['no history yet']);
    expect(list.find((s) => s.name === 'Bo')!.reasons).toEqual(['1 statement, none close to this one']);
    expect(list.find((s) => s.name === 'Quinn Ops')!.reasons).toEqual(['bio is about other subjects']);
  });

  it('drops whoever it is forwarded to, and counts their forwards in the reasons', async () => {
    expect((await host.post(`/api/statements/${question.id}/forwards`, { userId: ana.userId })).statusCode).toBe(201);
    const pat = (await host.get(`/api/spaces/${spaceId}/people`)).json().people.find((p: { name: string }) => p.name === 'Pat Price');
    expect((await host.post(`/api/statements/${question.id}/forwards`, { personId: pat.id })).statusCode).toBe(201);
    const names = (await suggestions(host, question.id)).map((s) => s.name);
    expect(names).not.toContain('Ana');
    expect(names).not.toContain('Pat Price');

    // For another statement, Ana's track record and load now show.
    const later = await post(eve, 'Eve', ['One more question on pricing: do annual plans with two months free pay off for us?']);
    const [statement] = (await eve.get(`/api/contributions/${later}`)).json().contribution.statements;
    const anaNow = (await suggestions(host, statement.id)).find((s) => s.name === 'Ana')!;
    expect(anaNow.reasons).toContain('answered 0 of 1 forward');
    expect(anaNow.reasons).toContain('1 forward in the last 7 days');
  });

  it('puts first whoever wrote what the statement replies to', async () => {
    const reply = await post(eve, 'Eve', ['Could the checklist in the sidebar also link to the help pages?'], boContribution);
    const [statement] = (await eve.get(`/api/contributions/${reply}`)).json().contribution.statements;
    const [first] = await suggestions(host, statement.id);
    expect(first).toMatchObject({ name: 'Bo' });
    expect(first.reasons[0]).toBe('wrote what this replies to');
  });

  it('is open to members and answers 404 to outsiders', async () => {
    const asMember = await suggestions(dee, question.id);
    expect(asMember.map((s) => s.name)).not.toContain('Dee'); // not themselves
    const outsider = await Client.signUp(t.app, 'Outsider');
    expect((await outsider.get(`/api/statements/${question.id}/suggestions`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/statements/${question.id}/suggestions` })).statusCode).toBe(401);
  });
});
