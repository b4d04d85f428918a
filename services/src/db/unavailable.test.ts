import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { asDbError, isDbUnavailable } from './unavailable.ts';

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
