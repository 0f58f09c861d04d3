/**
 * A pacing queue: calls wait (never dropped) and go out as fast as the limit allows, highest priority first
 * (cancel > create > read), FIFO within a priority. The clock and sleep are injected so tests can drive time.
 *
 * The exchange counts calls when they ARRIVE, which is some time between our dispatch and its answer. So a call
 * holds its slot from dispatch until `windowMs` after its answer came back: a new call goes out only while fewer
 * than `perWindow` calls are in flight or answered within the last `windowMs`. Whatever the latency or a server's
 * backlog, no window of the server's can then hold more than `perWindow` arrivals. And at least `minSpacingMs`
 * between two dispatches. `exclusive` tasks run one at a time (the next one is dispatched only after the
 * previous settled): v1 private calls use it so nonces reach the server in the order they were issued.
 */
import type { RateBudget } from '../../preload/domain';

/** `awaited`: a read the trader is waiting to see (the account feed's balances and open orders on connect). */
export const PRIORITY = { cancel: 0, create: 1, awaited: 1.5, read: 2 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

export interface LimiterOptions {
  perWindow: number;
  windowMs: number;
  minSpacingMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Task {
  priority: number;
  seq: number;
  exclusive: boolean;
  run: () => void;
}

export class RateLimiter {
  private readonly queue: Task[] = [];
  /** Completion times of answered calls that may still be inside the window: done[head..], ascending. */
  private done: number[] = [];
  private head = 0;
  private inFlight = 0;
  private lastDispatch: number | null = null;
  private seq = 0;
  private exclusiveBusy = false;
  private sleeping = false;

  constructor(private readonly opts: LimiterOptions) {}

  /**
   * Runs `fn` when the limit allows. The time slot is taken just before `fn` is called, synchronously, so
   * the order of `fn` calls is the order of dispatch.
   */
  schedule<T>(priority: number, fn: () => Promise<T>, exclusive = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        priority,
        seq: this.seq++,
        exclusive,
        run: () => {
          let p: Promise<T>;
          try {
            p = fn();
          } catch (e) {
            p = Promise.reject(e);
          }
          const settle = () => {
            this.inFlight--;
            this.done.push(this.opts.now());
            if (exclusive) this.exclusiveBusy = false;
            this.pump();
          };
          p.then(
            (v) => {
              settle();
              resolve(v);
            },
            (e: unknown) => {
              settle();
              reject(e);
            },
          );
        },
      };
      this.insert(task);
      this.pump();
    });
  }

  budget(): RateBudget {
    this.prune(this.opts.now());
    return {
      limit: this.opts.perWindow,
      windowMs: this.opts.windowMs,
      used: this.inFlight + this.done.length - this.head,
      queued: this.queue.length,
    };
  }

  private insert(t: Task): void {
    // binary search for the first task with a larger (priority, seq)
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const q = this.queue[mid] as Task;
      if (q.priority < t.priority || (q.priority === t.priority && q.seq < t.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, t);
  }

  private prune(now: number): void {
    const cutoff = now - this.opts.windowMs;
    while (this.head < this.done.length && (this.done[this.head] as number) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.done.length) {
      this.done = this.done.slice(this.head);
      this.head = 0;
    }
  }

  /** ms until another dispatch is allowed (0 = now; Infinity = when a call in flight answers). */
  private waitFor(now: number): number {
    this.prune(now);
    let wait = 0;
    const answered = this.done.length - this.head;
    const excess = this.inFlight + answered - this.opts.perWindow + 1;
    if (excess > 0) {
      // the `excess` oldest answered calls must leave the window; if there are not enough, wait for answers
      wait =
        excess > answered
          ? Number.POSITIVE_INFINITY
          : (this.done[this.head + excess - 1] as number) + this.opts.windowMs - now;
    }
    const spacing = this.opts.minSpacingMs ?? 0;
    if (spacing > 0 && this.lastDispatch !== null) wait = Math.max(wait, this.lastDispatch + spacing - now);
    return Math.max(0, wait);
  }

  private pump(): void {
    if (this.sleeping) return;
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      if (head.exclusive && this.exclusiveBusy) return; // resumes when the running exclusive task settles
      const now = this.opts.now();
      const wait = this.waitFor(now);
      if (wait === Number.POSITIVE_INFINITY) return; // resumes when a call in flight settles
      if (wait > 0) {
        this.sleeping = true;
        this.opts.sleep(wait).then(
          () => {
            this.sleeping = false;
            this.pump();
          },
          () => {
            this.sleeping = false;
            this.pump();
          },
        );
        return;
      }
      this.queue.shift();
      this.inFlight++;
      this.lastDispatch = now;
      if (head.exclusive) this.exclusiveBusy = true;
      head.run();
    }
  }
}

// ---- registries: limits are per venue (public, per origin) and per account (private, per origin + key) ----
// Keyed by name only: every client of one account shares one budget and one nonce lane, whatever clock it was
// given (the first client's limiter, with its clock and limits, serves the others).

const publicLimiters = new Map<string, RateLimiter>();
const privateLimiters = new Map<string, RateLimiter>();

function shared(reg: Map<string, RateLimiter>, key: string, make: () => RateLimiter): RateLimiter {
  let l = reg.get(key);
  if (!l) {
    l = make();
    reg.set(key, l);
  }
  return l;
}

/** All clients of one origin share the public budget. */
export function publicLimiterFor(origin: string, make: () => RateLimiter): RateLimiter {
  return shared(publicLimiters, origin, make);
}

/** All clients of one account on one origin share the private budget (and the exclusive nonce lane). */
export function privateLimiterFor(origin: string, apiKey: string, make: () => RateLimiter): RateLimiter {
  return shared(privateLimiters, `${origin}\n${apiKey}`, make);
}
