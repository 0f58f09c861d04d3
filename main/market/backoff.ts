/** Exponential back-off after consecutive failures: base, 2×base, 4×base … capped. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/** Delay before the next attempt after `failures` (>= 1) failures in a row. */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const exp = Math.min(30, Math.max(0, failures - 1));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exp);
}
