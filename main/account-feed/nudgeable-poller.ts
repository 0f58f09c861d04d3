/**
 * A poller that can be told "poll now" (after the trader's own order or cancel, so the screen catches up at
 * once instead of at the next tick). Never overlaps two polls: a nudge during a pending poll is remembered and
 * served right after it. Backs off exponentially while polls fail. `run` is told when the trader waits for the
 * poll (the first one, and one that a nudge asked for) so it can ask the rate limiter to serve it first.
 */
import { type BackoffPolicy, backoffDelay } from '../market/backoff';
import type { SetTimer } from '../market/timers';

export interface NudgeablePollerOptions {
  intervalMs: number;
  /** Delay of the first poll. */
  firstDelayMs: number;
  /**
   * One poll: fetch, compare, emit. Throwing counts as a failure. `awaited`: the first poll, or a nudged one (the
   * trader waits for it). `current()` turns false once the poller is stopped: a read still in flight then must not
   * emit (the stream that replaced the poller owns the screen).
   */
  run: (awaited: boolean, current: () => boolean) => Promise<void>;
  setTimer: SetTimer;
  now: () => number;
  backoff: BackoffPolicy;
}

export interface NudgeablePoller {
  nudge(): void;
  stop(): void;
}

export function startNudgeablePoller(o: NudgeablePollerOptions): NudgeablePoller {
  let stopped = false;
  let pending = false;
  let nudged = false;
  /** The next poll is one the trader waits for: the first, or one a nudge asked for. */
  let awaited = true;
  let failures = 0;
  let cancelTimer: (() => void) | null = null;
  const current = () => !stopped;

  const schedule = (ms: number) => {
    cancelTimer?.();
    cancelTimer = o.setTimer(() => {
      cancelTimer = null;
      void poll();
    }, ms);
  };

  const poll = async (): Promise<void> => {
    if (stopped || pending) return;
    pending = true;
    nudged = false;
    const forTrader = awaited;
    awaited = false;
    const started = o.now();
    let delay: number;
    try {
      await o.run(forTrader, current);
      failures = 0;
      // Keep the cadence: the next poll starts one interval after this one started, never before it ended.
      delay = Math.max(0, o.intervalMs - (o.now() - started));
    } catch {
      failures++;
      delay = Math.max(o.intervalMs, backoffDelay(failures, o.backoff));
    }
    pending = false;
    if (stopped) return;
    if (nudged) awaited = true;
    schedule(nudged ? 0 : delay);
  };

  schedule(o.firstDelayMs);
  return {
    nudge() {
      if (stopped) return;
      if (pending) nudged = true;
      else {
        awaited = true;
        schedule(0);
      }
    },
    stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
    },
  };
}
