import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { hashToken } from '../core/secrets.ts';
import type { Db } from '../db/db.ts';
import { rateLimitsRepo } from '../db/repos/rate-limits.repo.ts';

/** One limit: at most `max` requests per `windowSeconds` for each value of `key`. */
export interface Limit {
  /** Names the counter, so two limits on one route count apart. */
  name: string;
  max: number;
  windowSeconds: number;
  key: (request: FastifyRequest) => string;
}

const SWEEP_EVERY_MS = 5 * 60_000;
const KEEP_MS = 24 * 3600_000;

/**
 * Rate limits counted in the database (rate_limits.repo.ts), so N API processes share one limit
 * instead of each allowing its own. Keys are hashed: no address or email is stored. Use the hook
 * as a route's `preHandler` (after validation, so a key may read the parsed body).
 */
export class RateLimiter {
  private lastSweep = 0;

  constructor(private readonly db: Db) {}

  hook(...limits: Limit[]) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      for (const limit of limits) await this.check(limit, request, reply);
    };
  }

  private async check(limit: Limit, request: FastifyRequest, reply: FastifyReply) {
    const repo = rateLimitsRepo(this.db);
    const { hits, resetAt } = await repo.hit(hashToken(`${limit.name}\u0000${limit.key(request)}`), limit.windowSeconds);
    this.sweepSometimes();
    if (hits <= limit.max) return;
    const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
    reply.header('retry-after', String(retryAfter));
    throw new AppError('E_RATE_LIMITED', `too many requests: try again in ${retryAfter} s`, 429);
  }

  private sweepSometimes() {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    void rateLimitsRepo(this.db)
      .sweep(new Date(now - KEEP_MS))
      .catch(() => {}); // best effort: the next sweep tries again
  }
}
