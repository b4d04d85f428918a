import { z } from 'zod';
import { Text } from './text.ts';
import { BoundedNumber, Id, IdParams, IsoDate } from './common.ts';
import { Contribution, PostTranscriptBody } from './contributions.ts';
import { Aggregate, Criterion, InvitationScores, MyReviewResponse, SaveScoresBody } from './interviews.ts';
import { CandidateParams } from './candidate.ts';
import { defineOperations } from './operation.ts';

/**
 * The live round of an interview (the hybrid funnel: one-way first, live later). Hosts advance
 * shortlisted candidates; a structured guide (the opening's questions with follow-up probes, the
 * same rubric) leads the live interview; hosts propose slots and the candidate picks one through
 * their link (/i/<token>); live interviewers score blind until they submit; the round's recording
 * or transcript joins the opening's conference; reviewers see both rounds side by side.
 */

const TAGS = ['interview live round'];

export const LIVE_LIMITS = {
  probesPerQuestion: 10,
  probeChars: 500,
  promptChars: 2000,
  slotsAtOnce: 50,
  durationMin: { min: 10, max: 480 },
  callLinkChars: 2000,
  endingChars: 5000,
} as const;

// ---- the guide ----

export const GuideQuestion = z.object({
  questionId: Id.describe('the one-way question it follows'),
  number: z.int().describe('1-based among the real questions'),
  prompt: z.string().describe('the core question, as the interviewer asks it'),
  probes: z.array(z.string()).describe('follow-up probes'),
  criterionIds: z.array(Id).describe("the rubric criteria on this question (the whole-interview ones are in the guide's criteria)"),
});
export type GuideQuestion = z.infer<typeof GuideQuestion>;

export const LiveGuide = z.object({
  conferenceId: Id,
  edited: z.boolean().describe('false while the guide is the one generated from the opening'),
  questions: z.array(GuideQuestion),
  criteria: z.array(Criterion).describe("the opening's rubric: the rating scales, with their anchors"),
});
export type LiveGuide = z.infer<typeof LiveGuide>;

export const LiveGuideResponse = z.object({ guide: LiveGuide });

export const SaveGuideBody = z.object({
  questions: z
    .array(
      z.object({
        questionId: Text(100).describe('a real question of the opening (400 E_BAD_GUIDE otherwise)'),
        prompt: Text(LIVE_LIMITS.promptChars),
        probes: z.array(Text(LIVE_LIMITS.probeChars)).max(LIVE_LIMITS.probesPerQuestion),
      }),
    )
    .max(20)
    .describe('every real question of the opening, once each'),
});
export type SaveGuideBody = z.infer<typeof SaveGuideBody>;

// ---- slots ----

export const LiveSlot = z.object({
  id: Id,
  startsAt: IsoDate,
  endsAt: IsoDate,
  durationMin: z.int(),
  callLink: z.string(),
  booked: z.object({ invitationId: Id, candidateName: z.string(), bookedAt: IsoDate }).nullable(),
});
export type LiveSlot = z.infer<typeof LiveSlot>;

export const LiveSlotsResponse = z.object({ slots: z.array(LiveSlot) });

export const ProposeSlotsBody = z.object({
  slots: z
    .array(
      z.object({
        startsAt: Text(40).describe('ISO date and time, in the future'),
        durationMin: BoundedNumber.describe(`${LIVE_LIMITS.durationMin.min}–${LIVE_LIMITS.durationMin.max} minutes`),
      }),
    )
    .max(LIVE_LIMITS.slotsAtOnce)
    .describe(`1–${LIVE_LIMITS.slotsAtOnce} slots`),
  callLink: Text(LIVE_LIMITS.callLinkChars).describe('the video-call link (https), the LOCATION and URL of the invitation'),
});
export type ProposeSlotsBody = z.infer<typeof ProposeSlotsBody>;

// ---- one candidate's live round ----

export const LiveRound = z.object({
  invitationId: Id,
  advancedAt: IsoDate,
  slot: LiveSlot.nullable().describe('the slot the candidate picked; null until they pick'),
  recording: Contribution.pick({ id: true, status: true, title: true }).nullable().describe("the round's recording or transcript"),
});
export type LiveRound = z.infer<typeof LiveRound>;

export const LiveRoundResponse = z.object({ liveRound: LiveRound });

export const CombinedView = z.object({
  liveRound: LiveRound.nullable().describe('null while the candidate is not advanced'),
  oneWay: z.object({
    submitted: z.boolean().describe('you submitted your one-way review'),
    reviews: z.int(),
    aggregate: Aggregate.nullable().describe('null until your one-way review is submitted'),
  }),
  live: z.object({
    submitted: z.boolean().describe('you submitted your live scores'),
    reviews: z.int(),
    aggregate: Aggregate.nullable().describe('null until your live scores are submitted'),
  }),
});
export type CombinedView = z.infer<typeof CombinedView>;

export const LiveTranscriptBody = PostTranscriptBody;
export type LiveTranscriptBody = z.infer<typeof LiveTranscriptBody>;

// ---- the candidate's side ----

export const CandidateSlot = z.object({ id: Id, startsAt: IsoDate, endsAt: IsoDate, durationMin: z.int() });
export type CandidateSlot = z.infer<typeof CandidateSlot>;

export const CandidateLiveRound = z.object({
  picked: CandidateSlot.extend({ callLink: z.string() }).nullable(),
  open: z.array(CandidateSlot).describe('free slots in the future, earliest first'),
});
export type CandidateLiveRound = z.infer<typeof CandidateLiveRound>;

export const CandidateLiveResponse = z.object({ liveRound: CandidateLiveRound.nullable().describe('null unless advanced') });

export const PickSlotBody = z.object({ slotId: Text(100) });
export type PickSlotBody = z.infer<typeof PickSlotBody>;

export const liveRoundOperations = defineOperations({
  getLiveGuide: {
    method: 'GET',
    url: '/api/interviews/:id/live-guide',
    tags: TAGS,
    summary: "The live interview guide: each real question with follow-up probes, and the opening's rubric (any member)",
    description: 'Until a host edits it, the guide is generated from the opening: its questions and probes drawn from the rubric anchors.',
    params: IdParams,
    response: { 200: LiveGuideResponse },
  },
  saveLiveGuide: {
    method: 'PUT',
    url: '/api/interviews/:id/live-guide',
    tags: TAGS,
    summary: "Edit the guide's questions and probes (owners and hosts); the rubric stays the opening's",
    params: IdParams,
    body: SaveGuideBody,
    response: { 200: LiveGuideResponse },
  },
  listLiveSlots: {
    method: 'GET',
    url: '/api/interviews/:id/live-slots',
    tags: TAGS,
    summary: "The opening's proposed slots, earliest first, with who booked each (any member)",
    params: IdParams,
    response: { 200: LiveSlotsResponse },
  },
  proposeLiveSlots: {
    method: 'POST',
    url: '/api/interviews/:id/live-slots',
    tags: TAGS,
    summary: 'Propose slots for live interviews, with the video-call link (owners and hosts)',
    description: '400 E_BAD_SLOTS for a slot in the past, a duration out of range or a link that is not https.',
    params: IdParams,
    body: ProposeSlotsBody,
    response: { 201: LiveSlotsResponse },
  },
  deleteLiveSlot: {
    method: 'DELETE',
    url: '/api/live-slots/:id',
    tags: TAGS,
    summary: 'Withdraw a slot nobody booked (owners and hosts; 409 E_SLOT_UNAVAILABLE once booked)',
    params: IdParams,
    response: { 204: z.null() },
  },
  advanceToLive: {
    method: 'POST',
    url: '/api/invitations/:id/live-round',
    tags: TAGS,
    summary:
      'Advance a candidate to the live round (owners and hosts): the decision becomes "advanced" and they get an email with the slot picker',
    description: 'Advancing again changes nothing and sends nothing. 409 E_CANDIDATE_DELETED once their data is deleted.',
    params: IdParams,
    response: { 200: LiveRoundResponse },
  },
  getCombinedView: {
    method: 'GET',
    url: '/api/invitations/:id/live',
    tags: TAGS,
    summary: "A candidate's two rounds side by side: the live round, the one-way and the live aggregates (each blind until yours is in)",
    params: IdParams,
    response: { 200: CombinedView },
  },
  getLiveScores: {
    method: 'GET',
    url: '/api/invitations/:id/live/scores',
    tags: TAGS,
    summary: "Your live scores; the others' and the live aggregate only once yours are submitted",
    params: IdParams,
    response: { 200: InvitationScores },
  },
  saveLiveScores: {
    method: 'PUT',
    url: '/api/invitations/:id/live/scores',
    tags: TAGS,
    summary: 'Save your live scores as a draft (as PUT /api/invitations/:id/scores; 409 E_NOT_ADVANCED before the live round)',
    params: IdParams,
    body: SaveScoresBody,
    response: { 200: MyReviewResponse },
  },
  submitLiveScores: {
    method: 'POST',
    url: '/api/invitations/:id/live/scores/submit',
    tags: TAGS,
    summary: 'Submit your live scores: final once every criterion is scored (409 E_SCORES_MISSING)',
    params: IdParams,
    response: { 200: MyReviewResponse },
  },
  importLiveTranscript: {
    method: 'POST',
    url: '/api/invitations/:id/live/transcript',
    tags: TAGS,
    summary: "Import the live round's transcript (as POST /api/conferences/:id/transcripts; owners and hosts)",
    description:
      'It becomes a contribution of the opening, searched beside the one-way answers; a new import replaces the link to the old one.',
    params: IdParams,
    body: LiveTranscriptBody,
    response: { 202: LiveRoundResponse },
  },
  uploadLiveRecording: {
    method: 'POST',
    url: '/api/invitations/:id/live/recording',
    tags: TAGS,
    summary: "Upload the live round's recording (multipart as POST /api/conferences/:id/contributions; owners and hosts)",
    consumes: ['multipart/form-data'],
    params: IdParams,
    response: { 202: LiveRoundResponse },
  },
  getCandidateLive: {
    method: 'GET',
    url: '/api/i/:token/live',
    security: [],
    tags: ['candidates'],
    summary: 'The live round as the candidate sees it: the slot they picked and the free ones (null unless advanced)',
    params: CandidateParams,
    response: { 200: CandidateLiveResponse },
  },
  pickLiveSlot: {
    method: 'POST',
    url: '/api/i/:token/live/slot',
    security: [],
    tags: ['candidates'],
    summary: 'Pick a slot (or move to another): both sides get an .ics invitation by email',
    description:
      '409 E_SLOT_UNAVAILABLE when someone else booked it or it has started; 409 E_NOT_ADVANCED before the candidate is advanced; 404 for a slot of another opening.',
    params: CandidateParams,
    body: PickSlotBody,
    response: { 200: CandidateLiveResponse },
  },
});
