/**
 * Search and Ask over the real app (PGlite, pipeline, local AI): the BM25 term statistics stay
 * right as statements come and go, the relevance floor drops loose matches and the answer says how
 * many matched, snippets mark the stemmed query words, and Ask answers by the question's type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { searchRepo } from '../src/db/repos/search.repo.ts';
import { type Client, postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close({ remove: true }));

const turn = (speaker: string, text: string, i: number) => ({ speaker, text, startMs: i * 8000, endMs: i * 8000 + 7000 });

/** A design meeting where one line is about teletext and the rest talk loosely about the remote. */
const remoteMeeting = [
  'Okay, so we are going to be trying to finish the design of the remote control today.',
  'Mm-hmm. Sure, we can discuss that maybe after the next one, it is on the agenda of the project.',
  'The project documents are in the shared folder, so everyone can read the remote control requirements.',
  'We dropped teletext because nobody under forty uses it any more and it made the remote too complicated.',
  'I think the buttons on the remote should be bigger, people lose small remotes under the sofa.',
  'Right, and the colour of the case, we said yellow or grey, we should decide that in the next meeting.',
  'The battery compartment could slide open, which is cheaper than a screw for the remote.',
  'So the target group, it is an age group to target, really, I think.',
  'We decided the target group is people from fifteen to thirty-five years old.',
  'Maria will send the market research numbers to everyone by Friday.',
].map((text, i) => turn(i % 2 ? 'Ben' : 'Ana', text, i));

async function search(client: Client, params: Record<string, string>) {
  const res = await client.get(`/api/search?${new URLSearchParams(params)}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { results: { statementId: string; text: string; snippet: string; score: number }[]; total: number };
}

describe('term statistics', () => {
  it('match a recount after inserts, text changes and deletes', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const c = await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
    const db = t.runtime.db;
    // What term_stats and statement_corpus should hold, counted from scratch.
    const recount = async () => {
      const [corpus] = await db.query<{ statements: number; tokens: number }>(
        `select count(*)::int as statements, coalesce(sum(tsv_tokens(tsv)), 0)::int as tokens from statements`,
      );
      const terms = await db.query<{ lexeme: string; df: number }>(
        `select lexeme, count(*)::int as df from statements, unnest(tsvector_to_array(tsv)) as lexeme group by lexeme order by lexeme`,
      );
      return { corpus, terms };
    };
    const kept = async () => {
      const [corpus] = await db.query<{ statements: number; tokens: number }>(`select statements::int, tokens::int from statement_corpus`);
      const terms = await db.query<{ lexeme: string; df: number }>(`select lexeme, df from term_stats order by lexeme`);
      return { corpus, terms };
    };
    expect(await kept()).toEqual(await recount());
    expect((await kept()).terms).toContainEqual({ lexeme: 'teletext', df: 1 });

    await db.query(`update statements set text = 'Teletext again, and teletext once more.' where id = $1`, [c.statements[0].id]);
    expect(await kept()).toEqual(await recount());
    expect((await kept()).terms).toContainEqual({ lexeme: 'teletext', df: 2 });
    await db.query(`update statements set gist = 'changed gist' where contribution_id = $1`, [c.id]); // no text change
    expect(await kept()).toEqual(await recount());

    const res = await client.request({ method: 'DELETE', url: `/api/contributions/${c.id}` });
    if (res.statusCode >= 400) await db.query(`delete from statements where contribution_id = $1`, [c.id]);
    expect(await kept()).toEqual(await recount());
    expect((await kept()).terms.find((r) => r.lexeme === 'teletext')).toBeUndefined();
  });

  it('give rare words a higher weight than common ones', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
    const config = loadConfig();
    const rows = await searchRepo(t.runtime.db).textMatches(
      { userId: (await client.get('/api/me')).json().user.id, conference: conference.id },
      {
        words: 'remote teletext',
        constraints: '',
        match: 'remote or teletext',
        k1: config.search.bm25.k1,
        b: config.search.bm25.b,
        limit: 10,
      },
    );
    // "remote" is in five statements, "teletext" in one: the teletext line scores highest.
    expect(rows[0].score).toBeGreaterThan(rows[1].score);
    expect(rows.length).toBeGreaterThan(3);
  });
});

describe('ranking, floor and snippets', () => {
  it('puts the one statement with the rare word first, leaves loose matches out, and says how many matched', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
    const found = await search(client, { q: 'why did we drop teletext', conference: conference.id });
    expect(found.results[0].text).toContain('teletext');
    expect(found.results[0].snippet).toContain('<mark>teletext</mark>');
    expect(found.results[0].snippet).toContain('<mark>dropped</mark>'); // stemmed: drop → dropped
    expect(found.total).toBe(found.results.length);
    expect(found.results.length).toBeLessThan(remoteMeeting.length);
    for (const r of found.results) expect(r.score).toBeGreaterThanOrEqual(loadConfig().search.relevanceFloor * found.results[0].score);
  });

  it('returns everything again with SEARCH_FLOOR=off', async () => {
    const unfloored = await startTestApp({ SEARCH_FLOOR: 'off' });
    try {
      const { client, conference } = await spaceWithConference(unfloored.app);
      await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
      const all = await search(client, { q: 'why did we drop teletext', conference: conference.id });
      expect(all.results[0].text).toContain('teletext');
      expect(all.results.length).toBe(remoteMeeting.length); // every statement has a vector neighbour score
      expect(all.total).toBe(remoteMeeting.length);
      const few = await search(client, { q: 'why did we drop teletext', conference: conference.id, limit: '2' });
      expect(few.results).toHaveLength(2);
      expect(few.total).toBe(remoteMeeting.length); // the count is of all matches, not of the page
    } finally {
      await unfloored.close({ remove: true });
    }
  });

  it('marks a query word whatever other words the query has ("Gutenberg bible")', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    await postTranscript(client, conference.id, {
      title: 'Printing',
      turns: [turn('Ana', 'The printer in the library printed a bible last year for the exhibition.', 0)],
    });
    const [hit] = (await search(client, { q: 'Gutenberg bible', conference: conference.id })).results;
    expect(hit.snippet).toContain('<mark>bible</mark>');
    const [plural] = (await search(client, { q: 'bibles printers', conference: conference.id })).results;
    expect(plural.snippet).toContain('<mark>bible</mark>');
    expect(plural.snippet).toContain('<mark>printer</mark>');
  });
});

describe('ask', () => {
  it('answers "what did we decide" from the statement labelled decision', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const c = await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
    const decision = c.statements.find((s: { text: string }) => s.text.includes('fifteen'));
    expect(decision.labels.map((l: { value: string }) => l.value)).toContain('decision');
    const res = await client.post('/api/ask', { question: 'What target group did we decide on?', conference: conference.id });
    expect(res.statusCode).toBe(200);
    const { answer, statements } = res.json();
    expect(answer[0].statementIds).toEqual([decision.id]);
    expect(answer[0].text).toMatch(/fifteen to thirty-five/);
    expect(statements.map((s: { statementId: string }) => s.statementId)).toContain(decision.id);
  });

  it('says it found no decision rather than quoting an unrelated line, and is never empty', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
    const none = (await client.post('/api/ask', { question: 'What did we decide about the battery?', conference: conference.id })).json();
    expect(none.answer[0]).toEqual({ text: 'I found no decision about battery.', statementIds: [] });
    // What follows mentions the battery, or nothing follows.
    for (const a of none.answer.slice(1)) expect(a.text.toLowerCase()).toContain('battery');

    const nothing = (await client.post('/api/ask', { question: 'What was said about hiring?', conference: conference.id })).json();
    expect(nothing.answer.length).toBeGreaterThan(0);
    expect(nothing.answer.map((a: { text: string }) => a.text).join(' ')).toMatch(/hiring/);
  });

  it('answers "who will" from an action item and "when" with the sentence that carries a date', async () => {
    const { client, conference } = await spaceWithConference(t.app);
    const c = await postTranscript(client, conference.id, { title: 'Remote', turns: remoteMeeting });
    const research = c.statements.find((s: { text: string }) => s.text.includes('market research'));
    const who = (await client.post('/api/ask', { question: 'Who will send the market research?', conference: conference.id })).json();
    expect(who.answer[0].statementIds).toEqual([research.id]);
    const when = (
      await client.post('/api/ask', { question: 'When do we get the market research numbers?', conference: conference.id })
    ).json();
    expect(when.answer[0].text).toMatch(/Friday/);
  });
});
