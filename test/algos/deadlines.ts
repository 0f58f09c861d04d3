/**
 * The algo tests' client timeout and the engine's view of it (kept apart from helpers.ts, which imports vitest,
 * so the crash fixture process can use it too).
 */

/** The test clients' request timeout: an order request's `valid_till` is its send + this. */
export const CLIENT_TIMEOUT_MS = 3000;

/**
 * What the engine is told of its client's deadlines in these tests (one machine, one clock: a small skew
 * allowance), so a child left 'sending' may be sent again about 4.5 s after it was journaled rather than 20 s.
 */
export const TEST_DEADLINES = { clientTimeoutMs: CLIENT_TIMEOUT_MS, clockSkewMs: 500, queueAllowanceMs: 1000 };
