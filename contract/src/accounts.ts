import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';

export const User = z.object({ id: Id, email: z.string(), name: z.string(), createdAt: IsoDate });
export type User = z.infer<typeof User>;

/** A new password's length: fewer is refused with E_WEAK_PASSWORD, more with E_PASSWORD_TOO_LONG. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

const Email = z.email().max(254);
// Loose on purpose: the rules for a new password answer with their own codes (above), not E_VALIDATION.
const Password = Text(1024, { min: 1 });
const Name = Text(200, { min: 1, oneLine: true });

export const SignUpBody = z.object({ email: Email, password: Password, name: Name });
export type SignUpBody = z.infer<typeof SignUpBody>;
export const SignInBody = z.object({ email: Email, password: Password });
export type SignInBody = z.infer<typeof SignInBody>;
export const CreateApiTokenBody = z.object({ name: Text(100, { min: 1, oneLine: true }) });
export type CreateApiTokenBody = z.infer<typeof CreateApiTokenBody>;

/** A personal API token; `token` is shown this once (only its hash is stored). */
export const NewApiToken = z.object({ id: Id, name: z.string(), token: z.string() });
export type NewApiToken = z.infer<typeof NewApiToken>;

/** A personal API token as listed: never its secret. */
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  createdAt: IsoDate,
  lastUsedAt: IsoDate.nullable(),
  expiresAt: IsoDate.nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** One signed-in browser (or other cookie holder) of the caller. */
export const AccountSession = z.object({
  id: Id,
  createdAt: IsoDate,
  /** Updated at most every few minutes, so it is approximate. */
  lastUsedAt: IsoDate.nullable(),
  expiresAt: IsoDate,
  /** The User-Agent header at sign-in, when there was one. */
  userAgent: z.string().nullable(),
  /** The client address at sign-in. */
  address: z.string().nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof AccountSession>;

export const UpdateMeBody = z.strictObject({ name: Name });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;
export const ChangePasswordBody = z.object({ currentPassword: Password, newPassword: Password });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
export const RequestPasswordResetBody = z.object({ email: Email });
export type RequestPasswordResetBody = z.infer<typeof RequestPasswordResetBody>;
export const ResetPasswordBody = z.object({ token: Text(200, { min: 1, oneLine: true }), password: Password });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

const UserAnswer = z.object({ user: User });
/** How many sessions a password change or reset signed out. */
const SignedOutAnswer = z.object({ signedOut: z.int().min(0) });

/** Sign-up, sign-in, sign-out and password reset: reachable without an account. */
export const sessionOperations = defineOperations({
  signUp: {
    method: 'POST',
    url: '/api/auth/signup',
    security: [],
    tags: ['auth'],
    summary: 'Create an account and sign in (sets the session cookie)',
    body: SignUpBody,
    response: { 201: UserAnswer },
  },
  signIn: {
    method: 'POST',
    url: '/api/auth/login',
    security: [],
    tags: ['auth'],
    summary: 'Sign in (sets the session cookie)',
    body: SignInBody,
    response: { 200: UserAnswer },
  },
  signOut: {
    method: 'POST',
    url: '/api/auth/logout',
    security: [],
    tags: ['auth'],
    summary: 'Sign out',
    response: { 204: z.null().describe('signed out') },
  },
  getMe: {
    method: 'GET',
    url: '/api/me',
    security: [],
    tags: ['auth'],
    summary: 'The signed-in user, or null for a visitor who is not signed in',
    description: 'Answers 200 either way, so a web page can ask who is signed in without an error status.',
    response: { 200: z.object({ user: User.nullable() }) },
  },
  requestPasswordReset: {
    method: 'POST',
    url: '/api/auth/password-reset',
    security: [],
    tags: ['auth'],
    summary: 'Email a password reset link to this address, if an account uses it',
    description:
      'The answer is the same whether or not an account uses the address. The link holds a random single-use token ' +
      '(stored hashed) that expires after PASSWORD_RESET_MINUTES. Rate-limited per client address and per email.',
    body: RequestPasswordResetBody,
    response: { 202: z.object({ message: z.string() }) },
  },
  resetPassword: {
    method: 'POST',
    url: '/api/auth/password-reset/confirm',
    security: [],
    tags: ['auth'],
    summary: "Set a new password with a reset link's token; signs out every session of the account",
    body: ResetPasswordBody,
    response: { 200: SignedOutAnswer.extend({ email: z.string() }) },
  },
});

/** The signed-in caller's own account. */
export const accountOperations = defineOperations({
  updateMe: {
    method: 'PATCH',
    url: '/api/me',
    tags: ['auth'],
    summary: 'Change your name',
    body: UpdateMeBody,
    response: { 200: UserAnswer },
  },
  changePassword: {
    method: 'POST',
    url: '/api/me/password',
    tags: ['auth'],
    summary: 'Change your password (give the current one); signs out your other sessions',
    body: ChangePasswordBody,
    response: { 200: SignedOutAnswer },
  },
  listSessions: {
    method: 'GET',
    url: '/api/me/sessions',
    tags: ['auth'],
    summary: 'Your signed-in sessions, the current one marked',
    response: { 200: z.object({ sessions: z.array(AccountSession) }) },
  },
  revokeSession: {
    method: 'DELETE',
    url: '/api/me/sessions/:id',
    tags: ['auth'],
    summary: 'Sign a session out (at once); revoking the current one signs you out',
    params: IdParams,
    response: { 204: z.null().describe('signed out') },
  },
  listApiTokens: {
    method: 'GET',
    url: '/api/tokens',
    tags: ['auth'],
    summary: 'Your personal API tokens (never their secrets)',
    response: { 200: z.object({ tokens: z.array(ApiToken) }) },
  },
  createApiToken: {
    method: 'POST',
    url: '/api/tokens',
    tags: ['auth'],
    summary: 'Create a personal API token (send as Authorization: Bearer); shown once',
    body: CreateApiTokenBody,
    response: { 201: NewApiToken },
  },
  revokeApiToken: {
    method: 'DELETE',
    url: '/api/tokens/:id',
    tags: ['auth'],
    summary: 'Revoke a personal API token (at once)',
    params: IdParams,
    response: { 204: z.null().describe('revoked') },
  },
});
