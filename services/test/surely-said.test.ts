import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.ts';
import type { TimedWord } from '../src/core/transcript.ts';
import { contributionsRepo } from '../src/db/repos/contributions.repo.ts';
import { labelStage } from '../src/pipeline/label.stage.ts';
import { segmentStage } from '../src/pipeline/segment.stage.ts';
import { summariseStage } from '../src/pipeline/summarise.stage.ts';
import { postTranscript, spaceWithConference, startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close({ remove: true }));

/**
 * Two utterances as PocketSphinx reports them with `-time yes` (word, start, end, posterior): a
 * reading about printing, where "innate rack tide" is what it made of a name it did not know, twice,
 * and never with confidence. Words are placed 400 ms apart.
 */
const utterances: [string, number][][] = [
  [
    ['printing', 0.96],
    ['the', 0.92],
    ['only', 0.99],
    ['art', 0.91],
    ['with', 0.62],
    ['innate', 0.04],
    ['rack', 0.11],
    ['tide', 0.02],
    ['differs', 0.001],
    ['from', 0.72],
    ['block', 0.88],
    ['books', 0.93],
  ],
  [
    ['the', 0.95],
    ['block', 0.81],
    ['books', 0.9],
    ['were', 0.7],
    ['innate', 0.09],
    ['rack', 0.05],
    ['tide', 0.2],
    ['before', 0.8],
    ['printing', 0.94],
    ['spread', 0.3],
  ],
];

function recognised(): { startMs: number; endMs: number; speaker: null; text: string; words: TimedWord[] }[] {
  let clock = 0;
  return utterances.map((u) => {
    const words = u.map(([text, confidence]) => {
      const w = { text, startMs: clock, endMs: clock + 350, confidence };
      clock += 400;
      return w;
    });
    clock += 3000; // a long pause between utterances
    return { startMs: words[0].startMs, endMs: words[words.length - 1].endMs, speaker: null, text: u.map(([w]) => w).join(' '), words };
  });
}

const unsure = new Set(
  utterances
    .flat()
    .filter(([, c]) => c < 0.5)
    .map(([w]) => w),
);

describe('titles and tags from what was surely said', () => {
  it('the recogniser confidence in the transcript reaches the stages: no title or tag word is a guess', async () => {
    const { client, conference } = await spaceWithConference(t.app, 'Ana');
    const posted = await postTranscript(client, conference.id, {
      title: '',
      turns: [{ speaker: 'Ana', text: 'Placeholder until the recogniser result is written.', startMs: 0, endMs: 2000 }],
    });
    // What the transcribe stage writes for recognised speech, then the stages after it.
    const repo = contributionsRepo(t.runtime.db);
    await repo.replaceTranscript(posted.id, recognised());
    const row = (await repo.byId(posted.id))!;
    const ctx = {
      ...t.runtime,
      maxMediaMs: t.runtime.config.maxMediaMs,
      log: createLogger({ level: 'silent', pretty: false }),
      progress: () => {},
      signal: new AbortController().signal,
    };
    for (const stage of [segmentStage, labelStage, summariseStage]) await stage(row, ctx);

    const c = (await client.get(`/api/contributions/${posted.id}`)).json().contribution;
    const words = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];
    const title: string = c.summary.title;
    expect(title).not.toBe('');
    for (const w of words(title)) expect(unsure.has(w), `title word "${w}" was a guess`).toBe(false);
    const tags: string[] = c.statements.flatMap((s: { labels: { kind: string; value: string }[] }) =>
      s.labels.filter((l) => l.kind === 'topic').map((l) => l.value),
    );
    expect(tags.length).toBeGreaterThan(0);
    for (const w of tags.flatMap(words)) expect(unsure.has(w), `tag word "${w}" was a guess`).toBe(false);
    // What the reading was about, said surely twice, names it.
    expect(`${title} ${tags.join(' ')}`.toLowerCase()).toMatch(/printing|block|book/);
  });
});
