import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { asDbError, isDbUnavailable, whenDatabaseAnswers } from './unavailable.ts';

describe('telling a lost database from a refused query', () => {
  it('sees refused and dropped connections and shutdowns', () => {
    expect(isDbUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDbUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDbUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDbUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
  });

  it('leaves query errors alone', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    expect(isDbUnavailable(unique)).toBe(false);
    expect(asDbError(unique)).toBe(unique);
  });

  it('turns a lost connection into a retryable 503', () => {
    const err = asDbError(new Error('Connection terminated')) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'E_DB_UNAVAILABLE', status: 503, retryable: true });
  });
});

describe('waiting for the database at start', () => {
  const noSleep = async () => {};

  it('retries a step while the database cannot be reached, then carries on', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await whenDatabaseAnswers(
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return 'up';
      },
      { waitMs: 60_000, onWait: (_err, ms) => waits.push(ms), sleep: noSleep },
    );
    expect(result).toBe('up');
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up after the wait with E_DB_UNAVAILABLE, and never retries a refused query', async () => {
    const down = () => Promise.reject(new Error('Connection terminated'));
    await expect(whenDatabaseAnswers(down, { waitMs: 0, onWait: () => {}, sleep: noSleep })).rejects.toMatchObject({
      code: 'E_DB_UNAVAILABLE',
    });
    let calls = 0;
    const refused = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('syntax error'), { code: '42601' }));
    };
    await expect(whenDatabaseAnswers(refused, { waitMs: 60_000, onWait: () => {}, sleep: noSleep })).rejects.toThrow('syntax error');
    expect(calls).toBe(1);
  });
});
