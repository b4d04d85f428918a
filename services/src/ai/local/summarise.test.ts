import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import type { StatementInput } from '../ports.ts';
import { createLocalAi } from './index.ts';
import { LocalSummariser } from './summariser.ts';
import { answerFrom, chaptersOf, gistOf, summaryOf, titleFrom } from './summarise.ts';
import { removeDisfluencies } from '../../core/text/disfluency.ts';
import { splitSentences } from '../../core/text/sentences.ts';

const GARDEN = [
  'This spring I rebuilt the raised beds in the garden behind the house.',
  'The old timber had rotted, so the garden beds needed new cedar boards and fresh soil.',
  'I mixed compost into the soil before planting tomatoes, beans and lettuce.',
  'Tomatoes in the raised beds need full sun, so the beds face south.',
  'Watering the garden every morning keeps the soil moist and the lettuce from bolting.',
  'The beans climb a trellis of garden twine tied between two cedar posts.',
  'Slugs love lettuce, so I put copper tape around the edges of the raised beds.',
  'By July the tomatoes were heavy and the garden beds needed extra compost.',
  'Next year I want a fourth raised bed for herbs near the garden gate.',
  'Cedar lasts longer than pine, so the new garden beds should survive many seasons.',
  'Mulching the soil with straw keeps the beds cool and cuts down on watering.',
  'Overall the raised beds doubled what the garden produced compared with last year.',
  'The compost heap behind the shed now takes all the garden waste.',
  'Lettuce and beans went to the neighbours when the garden produced too much.',
  'I will add drip irrigation to the raised beds before the summer heat.',
  'Herbs like basil and thyme will go into the new garden bed.',
];
const DATABASE = [
  'The query planner kept choosing a sequential scan on the orders table.',
  'We added a composite index on customer id and date, and the query dropped to milliseconds.',
  'Vacuum had not run for weeks, so table statistics were stale and the planner guessed badly.',
  'After analyze refreshed the statistics, the planner used the new index for every query.',
  'Connection pooling also mattered, because each request opened a fresh database connection.',
  'With the pool capped at twenty connections, database latency under load became flat.',
  'Replication lag on the read replica stayed under a second during the nightly batch.',
  'The migration to partitioned tables starts with the largest orders partition.',
  'Partitioning the orders table by month keeps each index small.',
  'Old partitions of the orders table move to cheaper storage after a year.',
  'The database backups now run from the replica to spare the primary.',
  'Restoring a database backup takes forty minutes, which we test every month.',
  'Slow query logs show the reporting queries still scan the whole table.',
  'A materialised view for the reports refreshes every hour in the database.',
  'We will raise the connection limit once the pool metrics look stable.',
  'The query planner statistics target went up for the orders table.',
];
const HIRING = [
  'We are hiring two engineers for the platform team this quarter.',
  'The job posting went out on Monday and drew ninety applications.',
  'Each candidate gets a short take-home exercise before the interview.',
  'The interview panel has three people: a manager, an engineer and a designer.',
  'Candidates liked that the interview questions were about real problems.',
  'Two candidates accepted offers and start their onboarding next month.',
  'Onboarding pairs each new engineer with a mentor for six weeks.',
  'Hiring managers review the interview rubric every quarter.',
  'Referral candidates made up a third of the hires last year.',
  'The recruiter screens candidates by phone before the interview panel.',
  'Salary bands for engineers are published in every job posting.',
  'The onboarding checklist covers laptops, accounts and the first project.',
  'Interview feedback is due within a day so candidates hear back quickly.',
  'We hired a designer last month through a referral.',
  'The hiring plan adds a data engineer in the autumn.',
  'Mentors meet new hires weekly during onboarding.',
];

/** Statements of two sentences, ~50 s each, one topic after another. */
function statementsFrom(topics: string[][]): StatementInput[] {
  const statements: StatementInput[] = [];
  for (const sentences of topics) {
    for (let i = 0; i < sentences.length; i += 2) {
      const n = statements.length;
      statements.push({
        id: `s${n}`,
        text: `${sentences[i]} ${sentences[i + 1]}`,
        speaker: 'Ann',
        startMs: n * 50_000,
        endMs: n * 50_000 + 48_000,
      });
    }
  }
  return statements;
}

/** Words of a shown sentence, to check it was said: fillers removed, nothing added. */
const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
function saidIn(shown: string, statement: string): boolean {
  const shownWords = wordsOf(shown.replace(/…$/, ''));
  return splitSentences(statement).some((s) => {
    const spoken = wordsOf(removeDisfluencies(s.text)).join(' ');
    return spoken.startsWith(shownWords.join(' ')) || spoken.includes(shownWords.join(' '));
  });
}

describe('gists', () => {
  it('is a sentence of the statement, fillers removed, at most ~120 characters', () => {
    const text =
      'Um, okay. So, uh, the main problem is that the battery of the remote control runs out after a week. ' +
      'You know, we could, uh, add a solar cell to the remote control, which would keep the battery charged. Yeah.';
    const gist = gistOf(text);
    expect(saidIn(gist, text)).toBe(true);
    expect(gist.length).toBeLessThanOrEqual(121);
    expect(gist).not.toMatch(/\b(?:um|uh|you know)\b/i);
    expect(gist).not.toBe('Okay.');
    expect(gist).not.toBe('Yeah.');
  });

  it('a one-sentence statement is its own gist', () => {
    expect(gistOf('We decided to ship on Monday.')).toBe('We decided to ship on Monday.');
  });

  it('gives one gist per statement through the port', async () => {
    const statements = statementsFrom([GARDEN.slice(0, 6)]);
    const gists = await new LocalSummariser().gists(statements);
    expect(gists).toHaveLength(statements.length);
    for (const [i, g] of gists.entries()) expect(saidIn(g, statements[i].text)).toBe(true);
  });
});

describe('summaries and titles', () => {
  const statements = statementsFrom([GARDEN.slice(0, 8), DATABASE.slice(0, 8)]);

  it('has 2–4 sentences, each said in the statement it cites, citing only given statements', () => {
    const summary = summaryOf(statements);
    expect(summary.length).toBeGreaterThanOrEqual(2);
    expect(summary.length).toBeLessThanOrEqual(4);
    const byId = new Map(statements.map((s) => [s.id, s]));
    for (const line of summary) {
      expect(line.statementIds).toHaveLength(1);
      const cited = byId.get(line.statementIds[0]);
      expect(cited).toBeDefined();
      expect(saidIn(line.text, cited!.text)).toBe(true);
    }
  });

  it('covers both topics instead of repeating one (MMR)', () => {
    const text = summaryOf(statements)
      .map((l) => l.text)
      .join(' ')
      .toLowerCase();
    expect(text).toMatch(/garden|bed|soil|compost/);
    expect(text).toMatch(/query|index|database|table|planner/);
  });

  it('keeps a given title and makes one from keyphrases otherwise', async () => {
    const summariser = new LocalSummariser();
    expect((await summariser.summarise({ title: 'Garden notes', durationMs: 60_000, statements })).title).toBe('Garden notes');
    const made = (await summariser.summarise({ title: '  ', durationMs: 60_000, statements })).title;
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThanOrEqual(60);
    expect(titleFrom(statementsFrom([DATABASE.slice(0, 6)])).toLowerCase()).toMatch(/query|planner|index|table|statistic/);
  });
});

describe('chapters', () => {
  const statements = statementsFrom([GARDEN, DATABASE, HIRING]); // 24 statements, 20 minutes
  const durationMs = statements[statements.length - 1].endMs;

  it('none for media up to ~5 minutes', () => {
    expect(chaptersOf(statements.slice(0, 5), 4 * 60_000)).toEqual([]);
  });

  it('3–10 chapters covering every statement once, in order, starting at the first', () => {
    const chapters = chaptersOf(statements, durationMs);
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    expect(chapters.length).toBeLessThanOrEqual(10);
    expect(chapters.flatMap((c) => c.statementIds)).toEqual(statements.map((s) => s.id));
    expect(chapters[0].startMs).toBe(statements[0].startMs);
    for (let i = 1; i < chapters.length; i++) expect(chapters[i].startMs).toBeGreaterThan(chapters[i - 1].startMs);
    for (const c of chapters) expect(c.title.length).toBeGreaterThan(0);
  });

  it('splits where the topic changes', () => {
    const starts = new Set(chaptersOf(statements, durationMs).map((c) => c.statementIds[0]));
    expect(starts).toContain('s8'); // garden → database
    expect(starts).toContain('s16'); // database → hiring
  });

  it('come with the summary only for long media', async () => {
    const summariser = new LocalSummariser();
    expect((await summariser.summarise({ title: 't', durationMs, statements })).chapters.length).toBeGreaterThanOrEqual(3);
    expect((await summariser.summarise({ title: 't', durationMs: 120_000, statements: statements.slice(0, 3) })).chapters).toEqual([]);
  });
});

describe('answers', () => {
  const statements = statementsFrom([GARDEN.slice(0, 6), DATABASE.slice(0, 6), HIRING.slice(0, 6)]);

  it('cites only the given statements and prefers the relevant one', () => {
    const answer = answerFrom('Why was the query slow on the orders table?', statements);
    expect(answer.length).toBeGreaterThanOrEqual(1);
    expect(answer.length).toBeLessThanOrEqual(3);
    const ids = new Set(statements.map((s) => s.id));
    for (const line of answer) for (const id of line.statementIds) expect(ids.has(id)).toBe(true);
    const databaseIds = new Set(['s3', 's4', 's5']);
    expect(databaseIds.has(answer[0].statementIds[0])).toBe(true);
  });

  it('answers from whatever subset it is given', () => {
    const subset = statements.slice(6); // hiring only
    const answer = answerFrom('How many people are on the interview panel?', subset);
    expect(answer[0].text.toLowerCase()).toContain('panel');
    for (const line of answer) expect(subset.map((s) => s.id)).toContain(line.statementIds[0]);
  });

  it('says nothing rather than something unrelated', () => {
    expect(answerFrom('What is the capital of Mongolia?', statements)).toEqual([]);
  });

  it('rejects an empty question', async () => {
    await expect(new LocalSummariser().answer('  ', statements)).rejects.toBeInstanceOf(AppError);
  });
});

describe('createLocalAi', () => {
  it('wires the three local ports with versioned model names', async () => {
    const ai = createLocalAi({ dims: 128 });
    expect(ai.embedder.dims).toBe(128);
    expect(ai.embedder.model).toBe('hash-ngram-v1-128');
    expect([ai.embedder.provider, ai.labeler.provider, ai.summariser.provider]).toEqual(['local', 'local', 'local']);
    expect(ai.labeler.model).toMatch(/v\d/);
    expect(ai.summariser.model).toBe('textrank-v1');
    const labels = await ai.labeler.label(
      [
        { id: 'a', text: 'Should we move the launch to April?', speaker: 'Ann', startMs: 0, endMs: 5000 },
        {
          id: 'b',
          text: 'Yes, the launch in April gives marketing more time for the launch campaign.',
          speaker: 'Bo',
          startMs: 5000,
          endMs: 12000,
        },
      ],
      { existingTags: ['launch'] },
    );
    expect(labels.map((l) => [l.statementId, l.act])).toEqual([
      ['a', 'question'],
      ['b', 'answer'],
    ]);
    expect(labels[1].topics).toContain('launch');
  });
});

describe('titles of recognised speech', () => {
  /** A statement as a recogniser heard it: each word with its confidence. */
  const heard = (id: string, pairs: [string, number][]): StatementInput => ({
    id,
    text: pairs.map(([w]) => w).join(' '),
    speaker: null,
    startMs: 0,
    endMs: 5000,
    words: pairs.map(([text, confidence], i) => ({ text, startMs: i * 300, endMs: i * 300 + 250, confidence })),
  });

  it('is made only of words said surely and more than once', () => {
    const statements = [
      heard('a', [
        ['printing', 0.95],
        ['innate', 0.05],
        ['rack', 0.1],
        ['tide', 0.02],
        ['press', 0.9],
        ['woodcut', 0.8],
      ]),
      heard('b', [
        ['innate', 0.08],
        ['rack', 0.04],
        ['tide', 0.3],
        ['printing', 0.92],
        ['press', 0.85],
      ]),
    ];
    const title = titleFrom(statements).toLowerCase();
    expect(title).toMatch(/printing|press/);
    expect(title).not.toMatch(/innate|rack|tide|woodcut/);
  });

  it('is empty when nothing was surely said twice, rather than a guess', () => {
    expect(
      titleFrom([
        heard('a', [
          ['and', 0.9],
          ['then', 0.2],
          ['arm', 0.12],
          ['arrow', 0.0007],
          ['country', 0.47],
        ]),
      ]),
    ).toBe('');
  });

  it('names a typed transcript by its gist when nothing recurs', () => {
    expect(titleFrom(statementsFrom([['We decided to ship the beta on Monday.']]))).toBe('We decided to ship the beta on Monday.');
  });
});
