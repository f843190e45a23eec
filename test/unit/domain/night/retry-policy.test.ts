import { describe, expect, it } from 'vitest';
import { attemptBudgetMs, nextRetry } from '../../../../src/domain/night/retry-policy.js';

describe('nextRetry', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 3_000, attemptTimeoutMs: 60_000 };
  it.each([
    {
      name: 'first failure, full ceiling',
      failedAttempt: 1,
      transient: true,
      random: 0.999,
      deadline: Infinity,
      expected: { retry: true, delayMs: 999 },
    },
    {
      name: 'second failure doubles the ceiling',
      failedAttempt: 2,
      transient: true,
      random: 0.5,
      deadline: Infinity,
      expected: { retry: true, delayMs: 1_000 },
    },
    {
      name: 'third failure is capped',
      failedAttempt: 3,
      transient: true,
      random: 0.5,
      deadline: Infinity,
      expected: { retry: true, delayMs: 1_500 },
    },
    {
      name: 'jitter of zero retries at once',
      failedAttempt: 2,
      transient: true,
      random: 0,
      deadline: Infinity,
      expected: { retry: true, delayMs: 0 },
    },
    {
      name: 'the last attempt is not retried',
      failedAttempt: 4,
      transient: true,
      random: 0.5,
      deadline: Infinity,
      expected: { retry: false, reason: 'gave up after 4 attempts' },
    },
    {
      name: 'a permanent error is not retried',
      failedAttempt: 1,
      transient: false,
      random: 0.5,
      deadline: Infinity,
      expected: { retry: false, reason: 'permanent error' },
    },
    {
      name: 'no retry that would end past the deadline',
      failedAttempt: 2,
      transient: true,
      random: 0.5,
      deadline: 900,
      expected: { retry: false, reason: 'no time left before the run deadline' },
    },
  ])('$name', ({ failedAttempt, transient, random, deadline, expected }) => {
    expect(nextRetry(policy, failedAttempt, { transient }, random, deadline)).toEqual(expected);
  });

  it('grows the delay ceiling with each failed attempt', () => {
    const delays = [1, 2, 3].map((attempt) => {
      const decision = nextRetry({ ...policy, maxDelayMs: 100_000 }, attempt, { transient: true }, 0.75);
      return decision.retry ? decision.delayMs : -1;
    });
    expect(delays).toEqual([750, 1_500, 3_000]);
  });
});

describe('attemptBudgetMs', () => {
  it.each([
    { timeout: 60_000, left: 3_600_000, expected: 60_000 },
    { timeout: 60_000, left: 10_000, expected: 10_000 },
    { timeout: 60_000, left: -5, expected: 0 },
  ])('timeout $timeout with $left ms left gives $expected', ({ timeout, left, expected }) => {
    expect(
      attemptBudgetMs({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, attemptTimeoutMs: timeout }, left),
    ).toBe(expected);
  });
});
