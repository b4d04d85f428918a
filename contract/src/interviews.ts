import { z } from 'zod';
import { Text } from './text.ts';
import { BoundedNumber, Id, IdParams, Int, IsoDate } from './common.ts';
import { binary, Contribution } from './contributions.ts';
import { defineOperations } from './operation.ts';
import { Role } from './spaces.ts';

/**
 * One-way interviews, as hosts and reviewers reach them (session): question sets, openings and
 * their rubric, invitations, answers, blind scoring, the shortlist and sharing one answer. The
 * candidate's side is candidate.ts, the outside reviewer's experts.ts.
 *
 * Request bodies are loose on purpose where the interview modules check the limits themselves:
 * they answer with stable codes (E_BAD_QUESTIONS, E_BAD_CRITERIA, …) rather than E_VALIDATION.
 */

/** Text whose length the interview modules check; control characters are still refused here. */
const LooseText = Text(1_000_000);

/** What a candidate can reasonably be asked; checked by services/src/interview/question-sets.ts. */
export const QUESTION_LIMITS = {
  questions: { min: 1, max: 20 },
  promptChars: 2000,
  thinkTimeS: { min: 0, max: 600 },
  timeLimitS: { min: 10, max: 1800 },
  retakes: { min: 0, max: 10 },
} as const;

/** A host's recording of a question: a prompt, not a lecture. */
export const PROMPT_MEDIA_MAX_S = 180;
/** A reviewer's comment, on the review or on one score. */
export const REVIEW_COMMENT_MAX = 2000;

const TAGS = ['interviews'];
const REVIEW_TAGS = ['interview review'];

// ---- questions and question sets ----

export const Question = z.object({
  id: Id,
  position: z.int().describe('1-based'),
  prompt: z.string(),
  thinkTimeS: z.int(),
  timeLimitS: z.int(),
  retakes: z.int().describe('recordings allowed after the first'),
  isPractice: z.boolean().describe('a warm-up: never uploaded, scored or shown to reviewers'),
  hasPromptMedia: z.boolean().describe('a host recorded a video of the question'),
});
export type Question = z.infer<typeof Question>;

export const QuestionSet = z.object({
  id: Id,
  spaceId: Id,
  title: z.string(),
  isTemplate: z.boolean(),
  questions: z.array(Question),
});
export type QuestionSet = z.infer<typeof QuestionSet>;

const L = QUESTION_LIMITS;
export const QuestionInput = z.object({
  prompt: LooseText.describe(`1–${L.promptChars} characters`),
  thinkTimeS: Int.default(30).describe(`${L.thinkTimeS.min}–${L.thinkTimeS.max}`),
  timeLimitS: Int.default(120).describe(`${L.timeLimitS.min}–${L.timeLimitS.max}`),
  retakes: Int.default(1).describe(`${L.retakes.min}–${L.retakes.max}`),
  isPractice: z.boolean().default(false).describe('at most one, and it comes first'),
});
export type QuestionInput = z.input<typeof QuestionInput>;

export const QuestionSetBody = z.object({
  title: LooseText,
  questions: z.array(QuestionInput).describe(`${L.questions.min}–${L.questions.max} questions`),
});
export type QuestionSetBody = z.input<typeof QuestionSetBody>;

export const QuestionSetResponse = z.object({ questionSet: QuestionSet });
export const QuestionSetsResponse = z.object({ questionSets: z.array(QuestionSet) });
export const QuestionResponse = z.object({ question: Question });

// ---- rubric ----

export const CriterionAnchors = z.object({ weak: z.string(), average: z.string(), strong: z.string() });
const CriterionAnchorsInput = z.object({ weak: LooseText, average: LooseText, strong: LooseText });
export type CriterionAnchors = z.infer<typeof CriterionAnchors>;

export const Criterion = z.object({
  id: Id,
  questionId: Id.nullable().describe('null: the criterion is about the whole interview'),
  position: z.int(),
  name: z.string(),
  description: z.string(),
  scaleMin: z.int(),
  scaleMax: z.int(),
  anchors: CriterionAnchors,
});
export type Criterion = z.infer<typeof Criterion>;

export const CriterionInput = z.object({
  name: LooseText,
  description: LooseText.optional(),
  question: Int.nullable().optional().describe('1-based position in the question list; null or absent: the whole interview'),
  scaleMin: Int.default(1),
  scaleMax: Int.default(5),
  anchors: CriterionAnchorsInput,
});
export type CriterionInput = z.input<typeof CriterionInput>;

// ---- openings ----

export const Interview = z.object({
  conferenceId: Id,
  spaceId: Id,
  title: z.string(),
  description: z.string(),
  timeline: z.string().describe('shown to candidates: what happens after they answer, and when'),
  aiSummaries: z.boolean(),
  retentionDays: z.int(),
  contactEmail: z.string().nullable(),
  endingText: z.string().describe('what a candidate is told when the process ends for them (the default until a host edits it)'),
  questionSetId: Id,
  questions: z.array(Question),
  criteria: z.array(Criterion),
  role: Role.describe("the caller's role in the space"),
});
export type Interview = z.infer<typeof Interview>;

const settings = {
  timeline: LooseText.optional(),
  aiSummaries: z.boolean().optional(),
  retentionDays: Int.optional().describe(
    'days after a rejection (or after the deadline, when undecided) until the data is deleted; 1–3650',
  ),
  contactEmail: LooseText.nullable().optional().describe('who candidates write to about their data'),
  endingText: LooseText.nullable().optional().describe("the email when the process ends for a candidate; null or '' restores the default"),
};

export const CreateInterviewBody = z.object({
  title: LooseText,
  description: LooseText.optional(),
  templateId: Id.optional(),
  questions: z.array(QuestionInput).optional(),
  criteria: z.array(CriterionInput).describe('1–20 criteria'),
  ...settings,
  aiSummaries: settings.aiSummaries.default(true),
  retentionDays: settings.retentionDays.default(90),
});
export type CreateInterviewBody = z.input<typeof CreateInterviewBody>;

export const UpdateInterviewBody = z.object(settings);
export type UpdateInterviewBody = z.infer<typeof UpdateInterviewBody>;

export const InterviewResponse = z.object({ interview: Interview });

// ---- invitations ----

export const InvitationStatus = z.enum(['invited', 'started', 'completed', 'expired', 'revoked', 'deleted']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const Decision = z.enum(['advanced', 'rejected']);
export type Decision = z.infer<typeof Decision>;

export const StuckQuestion = z.object({
  questionId: Id,
  position: z.int().describe('1-based position in the question list, practice included'),
  number: z.int().describe('1-based among real questions'),
  prompt: z.string(),
});
export type StuckQuestion = z.infer<typeof StuckQuestion>;

export const Invitation = z.object({
  id: Id,
  candidateName: z.string(),
  candidateEmail: z.string().nullable().describe('null once their data is deleted, and for members who are not owners or hosts'),
  deadline: IsoDate,
  status: InvitationStatus,
  consentedAt: IsoDate.nullable(),
  startedAt: IsoDate.nullable(),
  completedAt: IsoDate.nullable(),
  remindedAt: IsoDate.nullable(),
  decision: Decision.nullable(),
  answered: z.int().describe('non-practice questions answered'),
  questionCount: z.int().describe('non-practice questions'),
  stuck: z
    .array(StuckQuestion)
    .describe('real questions with no answer and no takes left (empty unless invited or started): a host can allow another take'),
});
export type Invitation = z.infer<typeof Invitation>;

export const InviteBody = z.object({
  candidates: z.array(z.object({ name: LooseText, email: LooseText })).describe('1–100 at a time'),
  deadline: LooseText.optional().describe('ISO date and time'),
  deadlineDays: BoundedNumber.optional().describe('days from now (default 7)'),
});
export type InviteBody = z.infer<typeof InviteBody>;

export const DecisionBody = z.object({ decision: Decision.nullable() });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const InvitationResponse = z.object({ invitation: Invitation });
export const InvitationsResponse = z.object({ invitations: z.array(Invitation) });

export const InvitationQuestionParams = z.object({ id: Id, questionId: Id });

// ---- answers, reviews and scores ----

export const AnswerStatus = z.enum(['queued', 'processing', 'ready', 'failed', 'deleted']);
export type AnswerStatus = z.infer<typeof AnswerStatus>;

export const InterviewAnswer = z.object({
  id: Id,
  invitationId: Id,
  questionId: Id,
  contributionId: Id.nullable(),
  take: z.int(),
  durationMs: z.int().nullable(),
  status: AnswerStatus,
  gist: z
    .string()
    .nullable()
    .describe("the summary's title or the first statement's gist (AI); null when the opening has AI summaries off"),
  statementCount: z.int(),
});
export type InterviewAnswer = z.infer<typeof InterviewAnswer>;

export const Score = z.object({ criterionId: Id, value: z.int(), comment: z.string() });
export type Score = z.infer<typeof Score>;

export const Review = z.object({
  submittedAt: IsoDate.nullable().describe('null while a draft'),
  comment: z.string(),
  scores: z.array(Score),
});
export type Review = z.infer<typeof Review>;

export const OthersReview = Review.extend({ reviewer: z.object({ id: Id, name: z.string() }) });
export type OthersReview = z.infer<typeof OthersReview>;

export const CriterionAggregate = z.object({
  criterionId: Id,
  mean: z.number().nullable().describe("in the criterion's own scale; null while nobody scored it"),
  min: z.number().nullable(),
  max: z.number().nullable(),
  spread: z.number().nullable().describe('max − min'),
  n: z.int().describe('reviews that scored it'),
  disagreement: z.boolean().describe('max − min is at least half the scale range'),
});
export type CriterionAggregate = z.infer<typeof CriterionAggregate>;

export const Aggregate = z
  .object({
    mean: z.number().describe("0..1: each criterion's mean placed on its scale, averaged over the criteria"),
    reviews: z.int(),
    criteria: z.array(CriterionAggregate),
    disagreement: z.boolean(),
  })
  .describe('submitted reviews only');
export type Aggregate = z.infer<typeof Aggregate>;

export const ReviewCandidate = z.object({
  invitationId: Id,
  name: z.string(),
  status: InvitationStatus,
  completedAt: IsoDate.nullable(),
  decision: Decision.nullable().describe('null while undecided'),
  answers: z.array(InterviewAnswer),
  myReview: Review,
  reviewsSubmitted: z.int(),
  liveContributionId: Id.nullable().describe("the live round's recording or transcript, searched beside the answers"),
});
export type ReviewCandidate = z.infer<typeof ReviewCandidate>;

export const ReviewGrid = z.object({
  questions: z.array(Question).describe('non-practice questions only'),
  criteria: z.array(Criterion),
  candidates: z.array(ReviewCandidate),
});
export type ReviewGrid = z.infer<typeof ReviewGrid>;

export const InvitationScores = z.object({
  mine: Review,
  others: z.array(OthersReview).nullable().describe('null until yours is submitted'),
  aggregate: Aggregate.nullable().describe('null until yours is submitted'),
});
export type InvitationScores = z.infer<typeof InvitationScores>;

export const SaveScoresBody = z.object({
  scores: z
    .array(
      z.object({
        // Any string: a criterion outside the rubric gets E_UNKNOWN_CRITERION, not a validation error.
        criterionId: Text(100),
        value: Int,
        comment: Text(REVIEW_COMMENT_MAX).optional(),
      }),
    )
    .max(200),
  comment: Text(REVIEW_COMMENT_MAX).optional(),
});
export type SaveScoresBody = z.infer<typeof SaveScoresBody>;

export const MyReviewResponse = z.object({ mine: Review });

export const ShortlistEntry = z.object({
  invitationId: Id,
  name: z.string(),
  status: InvitationStatus,
  decision: Decision.nullable(),
  reviews: z.int().describe('submitted reviews'),
  aggregate: Aggregate.nullable().describe('null unless you submitted a review of this candidate'),
  rank: z.int().nullable().describe('1 = best mean; equal means share a rank'),
});
export type ShortlistEntry = z.infer<typeof ShortlistEntry>;

export const Shortlist = z.object({ candidates: z.array(ShortlistEntry) });
export type Shortlist = z.infer<typeof Shortlist>;

// ---- one answer in full ----

export const EvidenceStatement = z.object({
  statementId: Id,
  startMs: z.int(),
  endMs: z.int(),
  text: z.string(),
  similarity: z.number(),
});
export type EvidenceStatement = z.infer<typeof EvidenceStatement>;

export const Evidence = z
  .object({
    ai: z.literal(true),
    provider: z.string().describe('the embedder that matched statements to criteria'),
    model: z.string(),
    summary: z
      .object({ text: z.string(), statementIds: z.array(Id), provider: z.string(), model: z.string() })
      .nullable()
      .describe('the stored summary, with the model that wrote it'),
    criteria: z
      .array(z.object({ criterionId: Id, statements: z.array(EvidenceStatement) }))
      .describe("per criterion of the answer's question or the whole interview: the answer's statements closest to it (at most 3)"),
  })
  .describe('suggestions for the reviewer, never a score (AI)');
export type Evidence = z.infer<typeof Evidence>;

export const AnswerDetail = z.object({
  answer: InterviewAnswer,
  question: Question,
  candidate: z.object({ invitationId: Id, name: z.string() }),
  contribution: Contribution.nullable().describe("as GET /api/contributions/:id; null once the candidate's data is deleted"),
  evidence: Evidence.nullable().describe('null when the opening has AI summaries off'),
});
export type AnswerDetail = z.infer<typeof AnswerDetail>;

export const ShareAnswerBody = z.object({
  email: z.email().max(254),
  name: Text(200, { min: 1, oneLine: true }).optional().describe('the name of a new directory entry'),
  note: Text(2000).optional().describe('defaults to the question'),
});
export type ShareAnswerBody = z.infer<typeof ShareAnswerBody>;

export const SharedAnswer = z.object({
  forward: z.object({ id: Id, expiresAt: IsoDate.nullable() }),
  link: z.string().nullable().describe('the link (shown once; it is also emailed); null when the address is a member’s'),
});
export type SharedAnswer = z.infer<typeof SharedAnswer>;

// ---- operations ----

export const interviewOperations = defineOperations({
  createQuestionSet: {
    method: 'POST',
    url: '/api/spaces/:id/question-sets',
    tags: TAGS,
    summary: 'Create a question set template for this space (owners and hosts)',
    params: IdParams,
    body: QuestionSetBody,
    response: { 201: QuestionSetResponse },
  },
  listQuestionSets: {
    method: 'GET',
    url: '/api/spaces/:id/question-sets',
    tags: TAGS,
    summary: "This space's question set templates (any member)",
    params: IdParams,
    response: { 200: QuestionSetsResponse },
  },
  getQuestionSet: {
    method: 'GET',
    url: '/api/question-sets/:id',
    tags: TAGS,
    summary: "A question set: a template or an opening's own copy (any member)",
    params: IdParams,
    response: { 200: QuestionSetResponse },
  },
  replaceQuestionSet: {
    method: 'PUT',
    url: '/api/question-sets/:id',
    tags: TAGS,
    summary: "Replace a question set's title and questions (owners and hosts)",
    description:
      'Questions are written position by position: a question keeps its id, prompt video and rubric criteria where one stood. ' +
      "An opening's own copy can change only until a candidate starts (409 E_INTERVIEW_STARTED); templates always (openings keep their copies).",
    params: IdParams,
    body: QuestionSetBody,
    response: { 200: QuestionSetResponse },
  },
  setPromptMedia: {
    method: 'PUT',
    url: '/api/questions/:id/prompt-media',
    tags: TAGS,
    summary: `Set a question's prompt video (multipart "file"; owners and hosts; at most ${PROMPT_MEDIA_MAX_S / 60} minutes)`,
    description:
      'multipart/form-data with the video in a "file" field. The type is sniffed from the bytes (415 if not audio/video) ' +
      'and the duration probed (422 E_PROMPT_TOO_LONG). Replaces any earlier one.',
    consumes: ['multipart/form-data'],
    params: IdParams,
    response: { 200: QuestionResponse },
  },
  getPromptMedia: {
    method: 'GET',
    url: '/api/questions/:id/prompt-media',
    tags: TAGS,
    summary: "A question's prompt video (any member; HTTP Range)",
    params: IdParams,
    response: {
      200: binary('application/octet-stream', 'the prompt video (its own type)'),
      206: binary('application/octet-stream', 'the requested range'),
    },
  },
  createInterview: {
    method: 'POST',
    url: '/api/spaces/:id/interviews',
    tags: TAGS,
    summary: 'Create an opening: a conference of kind "interview" with its questions, rubric and settings (owners and hosts)',
    description:
      "Give templateId (a template's questions are copied: editing the template later does not change this opening) or questions. " +
      'Each criterion names its question by 1-based position (never the practice question), or none for the whole interview.',
    params: IdParams,
    body: CreateInterviewBody,
    response: { 201: InterviewResponse },
  },
  getInterview: {
    method: 'GET',
    url: '/api/interviews/:id',
    tags: TAGS,
    summary: 'An opening: settings, questions (practice included) and rubric (any member)',
    params: IdParams,
    response: { 200: InterviewResponse },
  },
  updateInterview: {
    method: 'PATCH',
    url: '/api/interviews/:id',
    tags: TAGS,
    summary: "Change an opening's settings (owners and hosts); what is not given stays",
    params: IdParams,
    body: UpdateInterviewBody,
    response: { 200: InterviewResponse },
  },
  inviteCandidates: {
    method: 'POST',
    url: '/api/interviews/:id/invitations',
    tags: TAGS,
    summary: 'Invite candidates (owners and hosts): each gets an email with a personal link <PUBLIC_URL>/i/<token>',
    description:
      'The deadline is `deadline` (ISO) or `deadlineDays` from now (default 7); it must be in the future (E_BAD_DEADLINE). ' +
      'An address with a live invitation to this opening is refused (409 E_ALREADY_INVITED; revoke it first). Only the hash of a link is stored.',
    params: IdParams,
    body: InviteBody,
    response: { 201: InvitationsResponse },
  },
  listInvitations: {
    method: 'GET',
    url: '/api/interviews/:id/invitations',
    tags: TAGS,
    summary: "An opening's candidates with their status and progress (any member; their email addresses only to owners and hosts)",
    params: IdParams,
    response: { 200: InvitationsResponse },
  },
  remindCandidate: {
    method: 'POST',
    url: '/api/invitations/:id/remind',
    tags: TAGS,
    summary:
      'Email the candidate a reminder with a fresh link now (owners and hosts; invited or started candidates only, else 409 E_INVITATION_CLOSED)',
    params: IdParams,
    response: { 200: InvitationResponse },
  },
  grantExtraTake: {
    method: 'POST',
    url: '/api/invitations/:id/questions/:questionId/extra-take',
    tags: TAGS,
    summary: 'Allow the candidate one more take of a question, e.g. after a recording was lost (owners and hosts)',
    description:
      'Adds to 1 + retakes for this candidate and question. 409 E_ALREADY_ANSWERED when the question has its answer; ' +
      '409 E_INVITATION_CLOSED when the candidate completed, expired, was revoked or deleted; 400 E_PRACTICE_NOT_UPLOADED for the practice question.',
    params: InvitationQuestionParams,
    response: { 200: InvitationResponse },
  },
  revokeInvitation: {
    method: 'DELETE',
    url: '/api/invitations/:id',
    tags: TAGS,
    summary: "Revoke an invitation (owners and hosts): the candidate's links stop working at once",
    params: IdParams,
    response: { 204: z.null() },
  },
  decideOnCandidate: {
    method: 'POST',
    url: '/api/invitations/:id/decision',
    tags: TAGS,
    summary: 'Record the decision on a candidate: advanced, rejected, or null to undo (owners and hosts)',
    description: 'Rejected candidates have their data deleted retentionDays after the decision.',
    params: IdParams,
    body: DecisionBody,
    response: { 200: InvitationResponse },
  },
  deleteCandidateData: {
    method: 'DELETE',
    url: '/api/invitations/:id/data',
    tags: TAGS,
    summary:
      "Delete a candidate's recordings, transcripts, statements, vectors and reviews (owners and hosts), e.g. when they ask by email",
    description: 'The invitation stays, anonymised, with status "deleted"; its links stop working.',
    params: IdParams,
    response: { 200: InvitationResponse },
  },

  getReviewGrid: {
    method: 'GET',
    url: '/api/interviews/:id/review',
    tags: REVIEW_TAGS,
    summary:
      'The review grid: non-practice questions, the rubric, and each candidate with their answers, your review and how many reviews are in',
    params: IdParams,
    response: { 200: ReviewGrid },
  },
  getAnswer: {
    method: 'GET',
    url: '/api/answers/:id',
    tags: REVIEW_TAGS,
    summary: 'One answer: its question, its candidate, the contribution (as GET /api/contributions/:id) and AI evidence for the rubric',
    params: IdParams,
    response: { 200: AnswerDetail },
  },
  getInvitationScores: {
    method: 'GET',
    url: '/api/invitations/:id/scores',
    tags: REVIEW_TAGS,
    summary: "Your review of a candidate; the others' submitted reviews and the aggregate only once yours is submitted (blind until done)",
    params: IdParams,
    response: { 200: InvitationScores },
  },
  saveScores: {
    method: 'PUT',
    url: '/api/invitations/:id/scores',
    tags: REVIEW_TAGS,
    summary: 'Save your draft: its scores become those given (a criterion left out is unscored); the comment changes when given',
    description:
      '409 E_REVIEW_SUBMITTED once submitted; 400 E_UNKNOWN_CRITERION for a criterion outside the rubric; 400 E_SCORE_OUT_OF_SCALE.',
    params: IdParams,
    body: SaveScoresBody,
    response: { 200: MyReviewResponse },
  },
  submitReview: {
    method: 'POST',
    url: '/api/invitations/:id/scores/submit',
    tags: REVIEW_TAGS,
    summary: 'Submit your review: final, and only possible once every criterion is scored (409 E_SCORES_MISSING)',
    params: IdParams,
    response: { 200: MyReviewResponse },
  },
  getShortlist: {
    method: 'GET',
    url: '/api/interviews/:id/shortlist',
    tags: REVIEW_TAGS,
    summary: 'Candidates ranked by their aggregate; you see the aggregate and rank only of candidates you have reviewed yourself',
    params: IdParams,
    response: { 200: Shortlist },
  },
  shareAnswer: {
    method: 'POST',
    url: '/api/answers/:id/share',
    tags: REVIEW_TAGS,
    summary: 'Share one answer with an outside reviewer: an emailed expert link (/x/<token>) that opens this whole answer and nothing else',
    description:
      'A forward of the answer (revoke it with DELETE /api/forwards/:id); the note defaults to the question. As for any forward, ' +
      'only owners and hosts may add an address new to the directory (403). 409 E_ANSWER_NOT_READY while the answer is processed.',
    params: IdParams,
    body: ShareAnswerBody,
    response: { 201: SharedAnswer },
  },
});
