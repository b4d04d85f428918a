/** The email outbox: every email is a row first, delivered (or written to a file) by the mailer. */
import type { Queryable } from '../db.ts';
import { one } from '../db.ts';

export interface OutboxRow {
  id: string;
  to_email: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  kind: string;
  sensitive: boolean;
  attempts: number;
  /** An .ics calendar invitation sent with the email, or null. */
  calendar_ics: string | null;
}

export const outboxRepo = (q: Queryable) => ({
  add: async (mail: {
    to: string;
    subject: string;
    text: string;
    html: string | null;
    kind: string;
    sensitive: boolean;
    calendar: string | null;
  }) =>
    (await one<{ id: string }>(
      q,
      `insert into outbox (to_email, subject, text_body, html_body, kind, sensitive, calendar_ics) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [mail.to, mail.subject, mail.text, mail.html, mail.kind, mail.sensitive, mail.calendar],
    ))!.id,

  /** Claims a pending row nobody is delivering for `minutes`, counting the attempt; undefined otherwise. */
  claim: (id: string, minutes: number) =>
    one<OutboxRow>(
      q,
      `update outbox set attempts = attempts + 1, last_attempt_at = now(),
                         claimed_until = now() + make_interval(mins => $2::int)
        where id = $1 and status = 'pending' and (claimed_until is null or claimed_until < now())
        returning id, to_email, subject, text_body, html_body, kind, sensitive, attempts, calendar_ics`,
      [id, minutes],
    ),

  /** Leaves the row pending with its error, free for the next attempt. */
  recordError: (id: string, error: string) => q.query(`update outbox set error = $2, claimed_until = null where id = $1`, [id, error]),

  /** Delivered: a sensitive row's body holds a secret link, so the table forgets it. */
  markDelivered: (id: string, status: 'sent' | 'written', file: string | null) =>
    q.query(
      `update outbox
          set status = $2, file_path = $3, sent_at = now(), error = null, claimed_until = null,
              text_body = case when sensitive then '' else text_body end,
              html_body = case when sensitive then null else html_body end
        where id = $1`,
      [id, status, file],
    ),

  /**
   * Pending rows nobody is delivering: never tried for a while (their job was lost), or failed and
   * due again (2, 4, 8 … minutes after the last attempt, at most hourly). Oldest first.
   */
  due: async (limit: number): Promise<string[]> => {
    const rows = await q.query<{ id: string }>(
      `select id from outbox
        where status = 'pending' and (claimed_until is null or claimed_until < now())
          and coalesce(last_attempt_at + make_interval(mins => least(power(2, attempts)::int, 60)),
                       created_at + interval '2 minutes') < now()
        order by created_at limit $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  },
});
