import crypto from 'node:crypto';

/**
 * Deliveries are signed like Stripe's: `Colloquy-Signature: t=<unix seconds>,v1=<hex>`, where the
 * hex is HMAC-SHA256 over `<t>.<raw body>` with the webhook's secret. A receiver recomputes it and
 * refuses old timestamps, so a captured delivery cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'colloquy-signature';

export function sign(secret: string, body: string, timestamp: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** What a receiver does: true when the header is valid for this body and at most `toleranceS` old. */
export function verify(secret: string, body: string, header: string, now = Date.now(), toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(now / 1000 - timestamp) > toleranceS) return false;
  const expected = Buffer.from(sign(secret, body, timestamp).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** A new webhook's secret: 256 random bits. */
export const newSecret = () => `whsec_${crypto.randomBytes(32).toString('base64url')}`;
