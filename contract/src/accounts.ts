import { z } from 'zod';
import { Text } from './text.ts';
import { Id, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';

export const User = z.object({ id: Id, email: z.string(), name: z.string(), createdAt: IsoDate });
export type User = z.infer<typeof User>;

const Email = z.email().max(254);
const Password = Text(1024, { min: 1 });

export const SignUpBody = z.object({ email: Email, password: Password, name: Text(200, { min: 1, oneLine: true }) });
export type SignUpBody = z.infer<typeof SignUpBody>;
export const SignInBody = z.object({ email: Email, password: Password });
export type SignInBody = z.infer<typeof SignInBody>;
export const CreateApiTokenBody = z.object({ name: Text(100, { min: 1, oneLine: true }) });
export type CreateApiTokenBody = z.infer<typeof CreateApiTokenBody>;

/** A personal API token; `token` is shown this once (only its hash is stored). */
export const NewApiToken = z.object({ id: Id, name: z.string(), token: z.string() });
export type NewApiToken = z.infer<typeof NewApiToken>;

const UserAnswer = z.object({ user: User });

/** Sign-up, sign-in and sign-out: reachable without an account. */
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
});

/** The signed-in caller's own account. */
export const accountOperations = defineOperations({
  getMe: { method: 'GET', url: '/api/me', tags: ['auth'], summary: 'The signed-in user', response: { 200: UserAnswer } },
  createApiToken: {
    method: 'POST',
    url: '/api/tokens',
    tags: ['auth'],
    summary: 'Create a personal API token (send as Authorization: Bearer); shown once',
    body: CreateApiTokenBody,
    response: { 201: NewApiToken },
  },
});
