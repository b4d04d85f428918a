/**
 * Regenerates the tables and shapes of docs/interviews-contract.md from the contract
 * (contract/src/interviews.ts, candidate.ts, experts.ts); the prose around them is kept:
 *
 *   node services/bin/run-ts.js tools/interviews-contract.ts
 *
 * services/src/http/interviews-contract-doc.test.ts fails when the committed document is not what this writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Aggregate,
  CandidateAnswerState,
  CandidateConsentText,
  CandidateInterview,
  CandidateLink,
  CandidateQuestion,
  Criterion,
  CriterionAggregate,
  CriterionAnchors,
  CriterionInput,
  candidateOperations,
  Evidence,
  EvidenceStatement,
  ExpertLink,
  expertOperations,
  Interview,
  Invitation,
  InterviewAnswer,
  interviewOperations,
  OthersReview,
  Question,
  QuestionInput,
  QuestionSet,
  Review,
  Score,
  ShortlistEntry,
  StuckQuestion,
  TranscriptCue,
} from '@colloquy/contract';
import { operationsTable, shapesBlock, spliceGenerated } from './contract-markdown.ts';

export const DOCUMENT = new URL('../docs/interviews-contract.md', import.meta.url);

const interviewOps = Object.values(interviewOperations);

export const blocks = {
  shapes: shapesBlock({
    QuestionInput,
    Question,
    QuestionSet,
    CriterionAnchors,
    CriterionInput,
    Criterion,
    Interview,
    Invitation,
    StuckQuestion,
    InterviewAnswer,
    Score,
    Review,
    OthersReview,
    CriterionAggregate,
    Aggregate,
    ShortlistEntry,
    EvidenceStatement,
    Evidence,
    CandidateLink,
    CandidateInterview,
    CandidateConsentText,
    CandidateQuestion,
    CandidateAnswerState,
    ExpertLink,
    TranscriptCue,
  }),
  hosts: operationsTable(interviewOps.filter((op) => op.tags.includes('interviews'))),
  reviewers: operationsTable(interviewOps.filter((op) => op.tags.includes('interview review'))),
  candidates: operationsTable(Object.values(candidateOperations)),
  experts: operationsTable(Object.values(expertOperations)),
};

export const regenerate = (document: string) => spliceGenerated(document, blocks);

// Run as a script (not imported by the test): rewrite the document.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.writeFileSync(DOCUMENT, regenerate(fs.readFileSync(DOCUMENT, 'utf8')));
}
