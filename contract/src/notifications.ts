import { z } from 'zod';
import { Id, IdParams, IsoDate } from './common.ts';
import { defineOperations } from './operation.ts';

export const NotificationKind = z.enum(['contribution', 'reply', 'forward', 'mention', 'digest', 'nudge', 'agenda']);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  spaceId: Id.nullable(),
  payload: z
    .record(z.string(), z.unknown())
    .describe(
      'what it is about (contributionId, conferenceId, statementId, startMs, title, authorName, …); `items` holds every event of a burst',
    ),
  count: z.int().describe('how many events this notification gathers (a burst is one notification)'),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  readAt: IsoDate.nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'off'] as const;
export const DigestFrequency = z.enum(DIGEST_FREQUENCIES);
export type DigestFrequency = z.infer<typeof DigestFrequency>;
/** The notification kinds that may also come by email (digests have their own frequency). */
export const EMAIL_KINDS = ['contribution', 'reply', 'forward', 'mention', 'agenda'] as const;
export const EmailKind = z.enum(EMAIL_KINDS);
export type EmailKind = z.infer<typeof EmailKind>;

export const Preferences = z.object({
  digestFrequency: DigestFrequency,
  emailKinds: z.array(EmailKind),
  nudges: z.boolean().describe('reminders of what you were asked and have not answered (by email, in the digest, and from hosts)'),
  lastDigestAt: IsoDate.nullable(),
});
export type Preferences = z.infer<typeof Preferences>;

export const UpdatePreferencesBody = z
  .strictObject({
    digestFrequency: DigestFrequency.optional(),
    emailKinds: z
      .array(EmailKind)
      .max(EMAIL_KINDS.length)
      .refine((kinds) => new Set(kinds).size === kinds.length, 'each kind once')
      .optional(),
    nudges: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
export type UpdatePreferencesBody = z.infer<typeof UpdatePreferencesBody>;

export const NotificationsQuery = z.object({
  unread: z.stringbool().optional().describe('only unread ones'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type NotificationsQuery = z.input<typeof NotificationsQuery>;

const PreferencesAnswer = z.object({ preferences: Preferences });

export const notificationsOperations = defineOperations({
  listNotifications: {
    method: 'GET',
    url: '/api/notifications',
    tags: ['notifications'],
    summary: 'Your notifications, newest activity first, with the number unread',
    description:
      'New contributions in conferences you follow, replies to yours, forwards to you, mentions and digests. Live: `event: notification` on /api/events.',
    querystring: NotificationsQuery,
    response: { 200: z.object({ notifications: z.array(Notification), unread: z.int() }) },
  },
  markNotificationRead: {
    method: 'POST',
    url: '/api/notifications/:id/read',
    tags: ['notifications'],
    summary: 'Mark one of your notifications read',
    params: IdParams,
    response: { 200: z.object({ notification: Notification, unread: z.int() }) },
  },
  markAllNotificationsRead: {
    method: 'POST',
    url: '/api/notifications/read-all',
    tags: ['notifications'],
    summary: 'Mark all your notifications read',
    response: { 200: z.object({ marked: z.int(), unread: z.int() }) },
  },
  getPreferences: {
    method: 'GET',
    url: '/api/me/preferences',
    tags: ['notifications'],
    summary: 'Your email digest frequency and which notifications also come by email',
    response: { 200: PreferencesAnswer },
  },
  updatePreferences: {
    method: 'PUT',
    url: '/api/me/preferences',
    tags: ['notifications'],
    summary: 'Change your email digest frequency and which notifications also come by email',
    description: 'Fields left out keep their value. The digest goes out at DIGEST_HOUR_UTC (UTC): daily, weekly, or not at all.',
    body: UpdatePreferencesBody,
    response: { 200: PreferencesAnswer },
  },
});
