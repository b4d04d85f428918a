import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Queryable } from '../db/db.ts';
import { outboxRepo } from '../db/repos/outbox.repo.ts';
import type { Logger } from '../core/logger.ts';

export interface MailConfig {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
}

export type Delivery = 'sent' | 'written' | 'skipped';

/** A calendar invitation as nodemailer sends it: a text/calendar alternative with its METHOD, and invite.ics. */
const calendarPart = (ics: string) => ({ method: /^METHOD:(\w+)/m.exec(ics)?.[1] ?? 'PUBLISH', filename: 'invite.ics', content: ics });

/** How long one delivery may hold its row before another worker may try it again. */
const CLAIM_MINUTES = 5;

/**
 * Delivers outbox rows: through SMTP when SMTP_URL is set, otherwise as RFC 822 .eml files in the
 * outbox folder (and a log line), so an email is never silently dropped on a machine without mail.
 */
export class Mailer {
  private readonly smtp;
  // Builds the exact bytes an SMTP server would get, for the outbox folder.
  private readonly writer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(
    private readonly db: Queryable,
    private readonly config: MailConfig,
    private readonly log: Logger,
  ) {
    // Timeouts well inside the claim, so a hung server cannot outlive it and cause a second send.
    this.smtp = config.smtpUrl
      ? nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 })
      : null;
  }

  /** Delivers one row once; a row that is delivered or being delivered elsewhere is skipped. */
  async deliver(outboxId: string): Promise<Delivery> {
    const row = await outboxRepo(this.db).claim(outboxId, CLAIM_MINUTES);
    if (!row) return 'skipped';
    const message = {
      from: this.config.from,
      to: row.to_email,
      subject: row.subject,
      text: row.text_body,
      ...(row.html_body ? { html: row.html_body } : {}),
      headers: { 'X-Colloquy-Kind': row.kind },
      ...(row.calendar_ics ? { icalEvent: calendarPart(row.calendar_ics) } : {}),
    };
    try {
      if (this.smtp) {
        const info = await this.smtp.sendMail(message);
        await outboxRepo(this.db).markDelivered(row.id, 'sent', null);
        this.log.info({ outboxId: row.id, kind: row.kind, messageId: info.messageId }, 'email sent');
        return 'sent';
      }
      const info = await this.writer.sendMail(message);
      const file = this.write(row.id, info.message as Buffer);
      await outboxRepo(this.db).markDelivered(row.id, 'written', file);
      this.log.info(
        { outboxId: row.id, kind: row.kind, to: row.to_email, subject: row.subject, file },
        'email written to the outbox folder (SMTP_URL is not set)',
      );
      return 'written';
    } catch (err) {
      // Stays pending with its error: the queue retries it, then the sweep, so nothing is dropped.
      const error = err instanceof Error ? err.message : String(err);
      await outboxRepo(this.db).recordError(row.id, error.slice(0, 2000));
      this.log.warn({ err, outboxId: row.id, kind: row.kind, attempt: row.attempts }, 'email not delivered; will retry');
      throw err;
    }
  }

  /**
   * Pending rows nobody is delivering: never tried for a while (their job was lost), or failed and
   * due again (2, 4, 8 … minutes after the last attempt, at most hourly).
   */
  due(limit = 100): Promise<string[]> {
    return outboxRepo(this.db).due(limit);
  }

  close() {
    this.smtp?.close();
  }

  private write(id: string, message: Buffer): string {
    fs.mkdirSync(this.config.outboxDir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.config.outboxDir, `${stamp}-${id}.eml`);
    // An email may carry a secret link (a forward to an outside expert): owner-readable only.
    fs.writeFileSync(file, message, { mode: 0o600 });
    return file;
  }
}
