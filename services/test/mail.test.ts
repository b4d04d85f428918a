import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { waitFor } from './helpers/wait.ts';
import { readEmail } from './helpers/eml.ts';
import { enqueueEmail } from '../src/notify/outbox.ts';
import { Mailer } from '../src/notify/mailer.ts';

interface OutboxRow {
  status: string;
  text_body: string;
  html_body: string | null;
  file_path: string | null;
  sent_at: Date | null;
  error: string | null;
  attempts: number;
}

const row = async (t: TestApp, id: string) => (await t.runtime.db.query<OutboxRow>(`select * from outbox where id = $1`, [id]))[0];

const secretMail = {
  to: 'expert@example.org',
  subject: 'A question for you',
  text: 'Open https://colloquy.example.org/x/SECRET-TOKEN-123 to answer.',
  html: '<p><a href="https://colloquy.example.org/x/SECRET-TOKEN-123">Answer</a></p>',
  kind: 'forward',
  sensitive: true,
};

describe('email without SMTP_URL: the outbox folder', () => {
  let t: TestApp;
  let outboxDir: string;
  beforeAll(async () => {
    outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-outbox-'));
    t = await startTestApp({ OUTBOX_DIR: outboxDir, MAIL_FROM: 'Colloquy <noreply@colloquy.example.org>' });
  });
  afterAll(async () => {
    await t.close({ remove: true });
    fs.rmSync(outboxDir, { recursive: true, force: true });
  });

  it('writes each email as an .eml file in the folder, and forgets a sensitive body once written', async () => {
    const id = await enqueueEmail(t.runtime.db, t.runtime.queue, secretMail);
    const done = await waitFor('the email to be written', () => row(t, id), { until: (r) => r.status !== 'pending' });
    expect(done.status).toBe('written');
    expect(done.sent_at).toBeTruthy();
    expect(path.dirname(done.file_path!)).toBe(outboxDir);

    const mail = readEmail(fs.readFileSync(done.file_path!, 'utf8'));
    expect(mail.to).toBe('expert@example.org');
    expect(mail.headers.from).toBe('Colloquy <noreply@colloquy.example.org>');
    expect(mail.subject).toBe('A question for you');
    expect(mail.body).toContain('https://colloquy.example.org/x/SECRET-TOKEN-123'); // the file is the delivery
    // …but the database no longer keeps the secret link.
    expect(done.text_body).toBe('');
    expect(done.html_body).toBeNull();
  });

  it('logs where it wrote the email', async () => {
    const lines: { msg: string; file?: string; to?: string }[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write: (chunk, _enc, cb) => {
          lines.push(JSON.parse(String(chunk)));
          cb();
        },
      }),
    );
    // A row with no job, delivered by a mailer of our own so its log can be read.
    const [{ id }] = await t.runtime.db.query<{ id: string }>(
      `insert into outbox (to_email, subject, text_body, kind) values ('ana@example.org', 'Weekly digest', 'Hello', 'digest') returning id`,
    );
    const mailer = new Mailer(t.runtime.db, t.runtime.config.mail, log);
    expect(await mailer.deliver(id)).toBe('written');
    expect(await mailer.deliver(id)).toBe('skipped'); // delivered once only
    const written = await row(t, id);
    expect(written.text_body).toBe('Hello'); // not sensitive: kept
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: expect.stringContaining('outbox folder'), file: written.file_path, to: 'ana@example.org' }),
    );
  });
});

describe('email with SMTP_URL', () => {
  let t: TestApp;
  let outboxDir: string;
  let smtp: SMTPServer;
  const received: { from: string; to: string[]; raw: string }[] = [];
  let refuse = true;

  beforeAll(async () => {
    // Only the remote peer is faked: a real SMTP server on this machine.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, cb) {
        if (refuse && address.address.startsWith('unreachable@')) {
          return cb(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        }
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'colloquy-outbox-'));
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      OUTBOX_DIR: outboxDir,
      MAIL_FROM: 'Colloquy <noreply@colloquy.example.org>',
    });
  });
  afterAll(async () => {
    await t.close({ remove: true });
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    fs.rmSync(outboxDir, { recursive: true, force: true });
  });

  it('delivers through the SMTP server and blanks a sensitive row afterwards', async () => {
    const id = await enqueueEmail(t.runtime.db, t.runtime.queue, secretMail);
    const done = await waitFor('the email to be sent', () => row(t, id), { until: (r) => r.status !== 'pending' });
    expect(done.status).toBe('sent');
    expect(done.sent_at).toBeTruthy();
    expect(done.file_path).toBeNull();
    expect(done.text_body).toBe('');
    expect(done.html_body).toBeNull();

    const got = received.find((m) => m.to.includes('expert@example.org'))!;
    expect(got.from).toBe('noreply@colloquy.example.org');
    const mail = readEmail(got.raw);
    expect(mail.subject).toBe('A question for you');
    expect(mail.body).toContain('https://colloquy.example.org/x/SECRET-TOKEN-123');
    expect(fs.readdirSync(outboxDir)).toEqual([]); // nothing written to the folder when SMTP is set
  });

  it('keeps a refused email pending with its error, and delivers it on a later try', async () => {
    const id = await enqueueEmail(t.runtime.db, t.runtime.queue, {
      to: 'unreachable@example.org',
      subject: 'Reply to you',
      text: 'Ben replied.',
      kind: 'reply',
    });
    const failed = await waitFor('the first attempt to fail', () => row(t, id), { until: (r) => r.error !== null });
    expect(failed.status).toBe('pending');
    expect(failed.error).toMatch(/451|mailbox busy/);
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    expect(failed.sent_at).toBeNull();
    expect(failed.text_body).toBe('Ben replied.'); // kept for the retry

    refuse = false; // the server recovers; a retry (here sent at once rather than after the backoff) delivers it
    await t.runtime.queue.sendTask('mail', { outboxId: id });
    const done = await waitFor('the retry to deliver', () => row(t, id), { until: (r) => r.status === 'sent' });
    expect(done.error).toBeNull();
    expect(received.filter((m) => m.to.includes('unreachable@example.org'))).toHaveLength(1);
  });
});
