import { z } from 'zod';
import { DIALOGUE_ACTS } from '../ports.ts';

/**
 * What the model must answer, one zod schema per prompt `output` name. These are the shapes sent
 * to the server as JSON Schema (structured output), so they stay within what OpenAI's strict mode
 * and self-hosted grammars accept: objects, arrays, strings, enums, numbers, every field required.
 * Counts, ranges and citations are checked afterwards against the input, where the errors can say
 * exactly what was wrong.
 *
 * Statement ids here are the short aliases the prompt showed ('s1', 's2', …), not database ids.
 */

const cited = z.object({
  text: z.string().describe('One sentence.'),
  statementIds: z.array(z.string()).describe('Ids of the given statements that support the sentence.'),
});

export const StatementLabels = z
  .object({
    labels: z.array(
      z.object({
        id: z.string().describe('Statement id, exactly as given.'),
        act: z.enum(DIALOGUE_ACTS),
        confidence: z.number().describe('0 to 1.'),
        topics: z.array(z.string()).describe('1 to 3 short lowercase topic tags.'),
      }),
    ),
  })
  .describe('A dialogue act and topic tags for every statement.');

export const StatementGists = z
  .object({
    gists: z.array(
      z.object({
        id: z.string().describe('Statement id, exactly as given.'),
        gist: z.string().describe("The statement's point in one short line."),
      }),
    ),
  })
  .describe('A one-line gist for every statement.');

export const ContributionSummary = z
  .object({
    title: z.string(),
    summary: z.array(cited).describe('2 to 4 sentences, each citing statements.'),
    chapters: z.array(
      z.object({
        title: z.string(),
        statementIds: z.array(z.string()).describe('The consecutive statements the chapter covers.'),
      }),
    ),
  })
  .describe('Title, cited summary and chapters of one contribution.');

export const CitedAnswer = z
  .object({
    sentences: z.array(cited).describe('The answer, each sentence citing statements; empty when they do not answer it.'),
  })
  .describe('An answer grounded in the given statements.');

export type StatementLabelsOutput = z.infer<typeof StatementLabels>;
export type StatementGistsOutput = z.infer<typeof StatementGists>;
export type ContributionSummaryOutput = z.infer<typeof ContributionSummary>;
export type CitedAnswerOutput = z.infer<typeof CitedAnswer>;
