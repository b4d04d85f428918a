/**
 * Every error code the API or the pipeline can give, with its HTTP status and a default message:
 * the one catalogue. services/ throws only these codes (AppError takes an ErrorCode), web/ branches
 * on them, and the README's error table is checked against this list by a test
 * (services/src/http/error-table.test.ts; `npx tsx tools/error-table.ts` prints the table).
 *
 * `pipeline: true` marks codes a pipeline stage stores on a failed contribution (`errorCode`);
 * their status is what the stage reports, not an HTTP answer.
 */
export const ERRORS = {
  // 400: the request is wrong
  E_BAD_REQUEST: { status: 400, message: 'the request is not valid' },
  E_VALIDATION: { status: 400, message: 'the request does not match the schema' },
  E_BAD_JSON: { status: 400, message: 'the body is not valid JSON' },
  E_WEAK_PASSWORD: { status: 400, message: 'the password needs at least 8 characters' },
  E_BAD_CAPTIONS: { status: 400, message: 'the caption file could not be parsed' },
  E_BAD_REPLY_TO: { status: 400, message: 'replyTo must be a contribution or statement in this conference' },
  E_BAD_LINKS: { status: 400, message: 'the links are not valid http(s) URLs' },
  E_BAD_TRANSCRIPT: { status: 400, message: 'the transcript is not valid' },
  E_EMPTY_TRANSCRIPT: { status: 400, message: 'the transcript has no text' },
  E_NO_FILE: { status: 400, message: 'attach the media as the "file" field' },
  E_EMPTY_FILE: { status: 400, message: 'the uploaded file is empty' },
  E_EMPTY_CHUNK: { status: 400, message: 'the chunk is empty' },
  E_UNKNOWN_REACTION: { status: 400, message: 'unknown reaction kind' },
  E_BAD_RANGES: { status: 400, message: 'ranges must be [startMs, endMs] pairs with 0 ≤ startMs ≤ endMs' },
  E_BAD_FORWARD: { status: 400, message: 'give exactly one recipient: a member, a person or an email' },
  E_BAD_CANDIDATES: { status: 400, message: 'the candidates are not valid' },
  E_BAD_CRITERIA: { status: 400, message: 'the rubric criteria are not valid' },
  E_BAD_DEADLINE: { status: 400, message: 'the deadline is not valid' },
  E_BAD_DECISION: { status: 400, message: 'decision must be "advanced", "rejected" or null' },
  E_BAD_QUESTIONS: { status: 400, message: 'the questions are not valid' },
  E_BAD_SETTINGS: { status: 400, message: 'the interview settings are not valid' },
  E_BAD_TEMPLATE: { status: 400, message: 'templateId is not a question set template of this space' },
  E_BAD_TITLE: { status: 400, message: 'give a title of 1–300 characters' },
  E_PRACTICE_NOT_UPLOADED: { status: 400, message: 'a practice question stays in the browser: it is never recorded on the server' },
  E_BAD_STATEMENT_TEXT: { status: 400, message: 'a statement’s text has 1–10,000 characters and no control characters' },
  E_BAD_SPEAKER: { status: 400, message: 'a speaker’s name has 1–200 characters and no control characters' },
  E_UNKNOWN_CRITERION: { status: 400, message: "the criterion is not in this interview's rubric" },
  E_SCORE_OUT_OF_SCALE: { status: 400, message: "the score is outside the criterion's scale" },
  // 401, 403: who may do it
  E_UNAUTHORIZED: { status: 401, message: 'sign in first' },
  E_BAD_CREDENTIALS: { status: 401, message: 'wrong email or password' },
  E_FORBIDDEN: { status: 403, message: 'you may not do that' },
  E_CSRF: { status: 403, message: 'cross-site request refused' },
  // 404: not there, or not yours (outsiders get 404, not 403)
  E_NOT_FOUND: { status: 404, message: 'not found' },
  E_LINK_INVALID: { status: 404, message: 'this link is not valid: it may have expired or been revoked' },
  // 409: the state does not allow it
  E_CONFLICT: { status: 409, message: 'this conflicts with the current state' },
  E_EMAIL_TAKEN: { status: 409, message: 'an account with this email exists' },
  E_NOT_FAILED: { status: 409, message: 'only a failed contribution can be retried' },
  E_ALREADY_FORWARDED: { status: 409, message: 'this statement is already forwarded to them' },
  E_PERSON_EXISTS: { status: 409, message: 'someone with this email is already in the directory' },
  E_ALREADY_ANSWERED: { status: 409, message: 'this question is already answered' },
  E_ALREADY_INVITED: { status: 409, message: 'already invited to this interview' },
  E_ANSWERS_MISSING: { status: 409, message: 'answer every question first' },
  E_ANSWER_DELETED: { status: 409, message: "this answer was deleted with the candidate's data" },
  E_ANSWER_NOT_READY: { status: 409, message: 'this answer is still being processed' },
  E_CANDIDATE_DELETED: { status: 409, message: "this candidate's data was deleted" },
  E_CONSENT_REQUIRED: { status: 409, message: 'agree to the recording terms first' },
  E_INTERVIEW_COMPLETED: { status: 409, message: 'the interview is already finished' },
  E_INTERVIEW_STARTED: { status: 409, message: 'a candidate has started this interview: its questions can no longer change' },
  E_INVITATION_CLOSED: { status: 409, message: 'this invitation is closed' },
  E_NO_RETAKES_LEFT: { status: 409, message: 'no retakes left' },
  E_REVIEW_SUBMITTED: { status: 409, message: 'your review is submitted and can no longer be changed' },
  E_SCORES_MISSING: { status: 409, message: 'score every criterion before submitting' },
  E_STATEMENT_CHANGED: { status: 409, message: 'someone corrected this statement since you opened it: reload it and try again' },
  E_STALE_TAKE: { status: 409, message: 'a newer take of this question was started' },
  E_UPLOAD_INCOMPLETE: { status: 409, message: 'not every byte of the upload has arrived' },
  E_UPLOAD_OFFSET: { status: 409, message: 'the chunk does not start where the upload stands' },
  // 410: too late
  E_INTERVIEW_CLOSED: { status: 410, message: 'this interview is closed' },
  // 413, 415, 416: the upload or the range
  E_TOO_LARGE: { status: 413, message: 'the upload is larger than the limit' },
  E_TOO_MANY_FILES: { status: 413, message: 'too many files in the upload' },
  E_TOO_MANY_PARTS: { status: 413, message: 'too many parts in the upload' },
  E_TOO_MANY_FIELDS: { status: 413, message: 'too many fields in the upload' },
  E_UNSUPPORTED_MEDIA: { status: 415, message: 'the file is not audio or video' },
  E_UNSUPPORTED_CAPTIONS: { status: 415, message: 'captions must be a WebVTT (.vtt) or SubRip (.srt) file' },
  E_UNSUPPORTED_CONTENT_TYPE: { status: 415, message: 'this content type is not accepted here' },
  E_NOT_MULTIPART: { status: 415, message: 'send multipart/form-data' },
  E_RANGE_NOT_SATISFIABLE: { status: 416, message: 'the range is outside the file' },
  // 422: the media cannot be used
  E_ANSWER_TOO_LONG: { status: 422, message: 'the answer is longer than the time allowed' },
  E_PROMPT_TOO_LONG: { status: 422, message: 'the prompt video is too long' },
  E_BAD_WAV: { status: 422, message: 'not a WAV file this server can read', pipeline: true },
  E_BAD_AUDIO: { status: 422, message: 'the speech recogniser needs 16 kHz mono 16-bit WAV', pipeline: true },
  E_MEDIA_UNREADABLE: { status: 422, message: 'the file could not be read as audio or video', pipeline: true },
  E_MEDIA_NO_STREAMS: { status: 422, message: 'the file has neither an audio nor a video track', pipeline: true },
  E_MEDIA_NO_AUDIO: { status: 422, message: 'the file has no audio track and no captions', pipeline: true },
  E_NO_MEDIA: { status: 422, message: 'this contribution has no media file', pipeline: true },
  // 429
  E_RATE_LIMITED: { status: 429, message: 'too many requests: try again in a minute' },
  // 5xx: the server or a service it depends on
  E_INTERNAL: { status: 500, message: 'internal error' },
  E_STAGE_FAILED: { status: 500, message: 'a pipeline stage failed', pipeline: true },
  E_FFMPEG_FAILED: { status: 500, message: 'ffmpeg could not process the file', pipeline: true },
  E_MEDIA_MISSING: { status: 500, message: 'the media file is missing from storage', pipeline: true },
  E_MEDIA_TOOLS_MISSING: { status: 500, message: 'ffmpeg could not be run: install it or set FFMPEG_PATH', pipeline: true },
  E_TRANSCRIBE_FAILED: { status: 500, message: 'the speech recogniser failed', pipeline: true },
  E_EMBED_DIMENSION: {
    status: 500,
    message: 'the embedder returns vectors of another dimension than this deployment stores',
    pipeline: true,
  },
  E_CONFIG: { status: 500, message: 'the configuration is not valid' },
  E_AI_CONFIG: { status: 500, message: 'the AI configuration is not valid' },
  E_PROMPT_INVALID: { status: 500, message: 'a prompt file is not valid' },
  E_PROMPT_MISSING: { status: 500, message: 'a prompt file is missing' },
  E_PROMPT_VARS: { status: 500, message: 'a prompt is missing variables' },
  E_AI_AUTH: { status: 502, message: 'the AI server refused the credentials: check OPENAI_API_KEY', pipeline: true },
  E_AI_REJECTED: { status: 502, message: 'the AI server rejected the request', pipeline: true },
  E_AI_INVALID_OUTPUT: { status: 502, message: 'the model gave an answer that does not fit', pipeline: true },
  E_TRANSCRIBE_AUTH: { status: 502, message: 'the transcription server refused the credentials: check OPENAI_API_KEY', pipeline: true },
  E_TRANSCRIBE_REJECTED: { status: 502, message: 'the transcription server rejected the request', pipeline: true },
  E_AI_UNAVAILABLE: { status: 503, message: 'the AI server is unavailable', pipeline: true },
  E_TRANSCRIBE_UNAVAILABLE: { status: 503, message: 'the transcription server is unavailable', pipeline: true },
  E_NO_RECOGNISER: { status: 503, message: 'no speech recogniser is installed', pipeline: true },
  E_REINDEX_NEEDED: { status: 503, message: 'the configured embedder differs from the index: run `colloquy reindex`', pipeline: true },
} as const satisfies Record<string, { status: number; message: string; pipeline?: true }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);
