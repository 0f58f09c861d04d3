/**
 * One poller per stream key: polls, emits only when the payload changed, never overlaps two polls, and backs
 * off exponentially while polls fail (reporting each outcome so app.status can say what is happening).
 */
import { type BackoffPolicy, backoffDelay } from './backoff';
import type { SetTimer } from './timers';

export type PollOutcome = { ok: true } | { ok: false; error: unknown; failures: number; retryInMs: number };

export interface PollerOptions<T> {
  intervalMs: number;
  fetch: () => Promise<T>;
  fingerprint: (value: T) => string;
  emit: (value: T) => void;
  setTimer: SetTimer;
  now: () => number;
  backoff: BackoffPolicy;
  onOutcome?: (outcome: PollOutcome) => void;
}

/** A subscriber's failure is not the feed's failure: it must not count as a failed poll. */
function deliver<T>(emit: (value: T) => void, value: T): void {
  try {
    emit(value);
  } catch {
    // the hub isolates subscribers; nothing to do here
  }
}

/** Starts polling at once; returns the function that stops it (an in-flight poll's result is then dropped). */
export function startPoller<T>(o: PollerOptions<T>): () => void {
  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let lastPrint: string | null = null;
  let failures = 0;

  const poll = async (): Promise<void> => {
    cancelTimer = null;
    const started = o.now();
    let delay: number;
    try {
      const value = await o.fetch();
      if (stopped) return;
      failures = 0;
      const print = o.fingerprint(value);
      if (print !== lastPrint) {
        lastPrint = print;
        deliver(o.emit, value);
      }
      o.onOutcome?.({ ok: true });
      // Keep the cadence: the next poll starts one interval after this one started, but never before it ended.
      delay = Math.max(0, o.intervalMs - (o.now() - started));
    } catch (error) {
      if (stopped) return;
      failures++;
      delay = Math.max(o.intervalMs, backoffDelay(failures, o.backoff));
      o.onOutcome?.({ ok: false, error, failures, retryInMs: delay });
    }
    if (!stopped) cancelTimer = o.setTimer(() => void poll(), delay);
  };

  void poll();
  return () => {
    stopped = true;
    cancelTimer?.();
    cancelTimer = null;
  };
}
