/** How a stage is retried. Times in milliseconds. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = never retry). */
  readonly maxAttempts: number;
  /** The ceiling of the first backoff; it doubles each attempt. */
  readonly baseDelayMs: number;
  /** The ceiling never grows past this. */
  readonly maxDelayMs: number;
  /** One attempt is stopped after this long. */
  readonly attemptTimeoutMs: number;
}

export type RetryDecision =
  { readonly retry: false; readonly reason: string } | { readonly retry: true; readonly delayMs: number };

/**
 * Exponential backoff with full jitter. `random` is in [0, 1): the caller draws it, tests pin it.
 * A retry whose delay would end past the run deadline is not made.
 */
export function nextRetry(
  policy: RetryPolicy,
  failedAttempt: number,
  error: { readonly transient: boolean },
  random: number,
  msUntilDeadline: number = Number.POSITIVE_INFINITY,
): RetryDecision {
  if (!error.transient) return { retry: false, reason: 'permanent error' };
  if (failedAttempt >= policy.maxAttempts)
    return { retry: false, reason: `gave up after ${failedAttempt} attempts` };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const delayMs = Math.floor(random * ceiling);
  if (delayMs >= msUntilDeadline) return { retry: false, reason: 'no time left before the run deadline' };
  return { retry: true, delayMs };
}

/** How long the next attempt may run: its own timeout, cut to what is left of the run. */
export function attemptBudgetMs(policy: RetryPolicy, msUntilDeadline: number): number {
  return Math.max(0, Math.min(policy.attemptTimeoutMs, msUntilDeadline));
}
