/**
 * A pacing queue that keeps the client inside the exchange's rule, "2 calls per second from a single account"
 * (../shared/alp-api.md): calls wait (never dropped) and go out as soon as the rule allows, bursts included.
 * The clock and sleep are injected so tests can drive time.
 *
 * The rule, as the paper exchange enforces it (main/paper/rateLimit.ts): a call is admitted when fewer than
 * `perWindow` admitted calls ARRIVED within the last `windowMs`. We cannot see arrival times, only that each
 * arrival lies between our dispatch and its answer. So a call holds its slot from dispatch until
 * `windowMs + marginMs` after its answer came back, and a call goes out only while fewer than `perWindow` slots
 * are held: any two arrivals `perWindow` calls apart are then at least a window apart on the server, whatever
 * the latency or the server's backlog. Up to `perWindow` calls may go at once (a burst), and no window of the
 * server's ever holds more. `marginMs` is the safety margin for what that bound does not cover: both clocks
 * count whole milliseconds, a venue may count at a front node whose clock is a little off the one that answers,
 * and our wall clock can be stepped (NTP) between a dispatch and its answer.
 *
 * Order: the queue serves the highest priority first (cancel > create > awaited > read), FIFO within one, so
 * what the trader waits for never queues behind background reads. Background (`read`) calls also
 *  - leave `reserve` slots free: a create or cancel that comes while a background read holds a slot still goes
 *    at once;
 *  - in their first `holdMs` in the queue, go only if they leave `holdFree` slots free: a screen asks for its
 *    background reads and the reads it shows (two: balances and open orders) at about the same moment, the shown
 *    ones often a little later (after its socket connects), and those must find the budget unspent. With 2 slots
 *    that means waiting out the hold; with a generous budget it costs nothing.
 * Nothing starves: a call rises one priority for every `ageMs` it waits (to a cancel's at most, the older first
 * among equals), and once risen from background it may use any slot. A background read behind a steady stream of
 * cancels goes within about 3 x `ageMs`; behind orders, within 2 x `ageMs`.
 *
 * `exclusive` tasks run one at a time (the next one is dispatched only after the previous settled): v1 private
 * calls use it so nonces reach the server in the order they were issued.
 */
import type { RateBudget } from '../../preload/domain';

/**
 * `awaited`: a read the trader is waiting to see (a screen's first balances and open orders, the read-back of a
 * just-placed order, the lookups that resolve an unconfirmed order). `read`: everything else, i.e. background
 * (reconciliation, fills catch-up, history, the margin panel's refresh).
 */
export const PRIORITY = { cancel: 0, create: 1, awaited: 2, read: 3 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

export interface LimiterOptions {
  /** Calls the server admits per window. */
  perWindow: number;
  /** The server's window, ms. */
  windowMs: number;
  /** Added to the window on our side (see the module comment); default 0. */
  marginMs?: number;
  /** Slots a background (`read`) call must leave free, 0 .. perWindow - 1; default 0. */
  reserve?: number;
  /** For this long after it is queued, a background call goes only if it leaves `holdFree` slots free; default 0. */
  holdMs?: number;
  /** See `holdMs`; default 0. */
  holdFree?: number;
  /** A call rises one priority for every `ageMs` it waits; default: never (no aging). */
  ageMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Task {
  priority: number;
  seq: number;
  queuedAt: number;
  exclusive: boolean;
  run: () => void;
}

export class RateLimiter {
  /** Waiting tasks in the order they were queued (seq ascending). */
  private queue: Task[] = [];
  /** Completion times of answered calls that may still hold a slot: done[head..], ascending. */
  private done: number[] = [];
  private head = 0;
  private inFlight = 0;
  private seq = 0;
  private exclusiveBusy = false;
  /** When the pending wake-up is due (null: none pending). Earlier needs start another; late ones are harmless. */
  private wakeAt: number | null = null;
  private readonly heldMs: number;
  private readonly reserve: number;

  constructor(private readonly opts: LimiterOptions) {
    this.heldMs = opts.windowMs + (opts.marginMs ?? 0);
    this.reserve = Math.min(Math.max(0, opts.reserve ?? 0), Math.max(0, opts.perWindow - 1));
  }

  /**
   * Runs `fn` when the limit allows. The slot is taken just before `fn` is called, synchronously, so the order of
   * `fn` calls is the order of dispatch.
   */
  schedule<T>(priority: number, fn: () => Promise<T>, exclusive = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        priority,
        seq: this.seq++,
        queuedAt: this.opts.now(),
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
      this.queue.push(task);
      this.pump();
    });
  }

  budget(): RateBudget {
    this.prune(this.opts.now());
    return {
      limit: this.opts.perWindow,
      windowMs: this.heldMs,
      used: this.held(),
      queued: this.queue.length,
    };
  }

  private held(): number {
    return this.inFlight + this.done.length - this.head;
  }

  private prune(now: number): void {
    const cutoff = now - this.heldMs;
    while (this.head < this.done.length && (this.done[this.head] as number) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.done.length) {
      this.done = this.done.slice(this.head);
      this.head = 0;
    }
  }

  /** `t`'s priority now: one better for every `ageMs` it has waited, never better than a cancel's. */
  private effective(t: Task, now: number): number {
    const age = this.opts.ageMs;
    if (age === undefined || t.priority <= PRIORITY.cancel) return t.priority;
    return Math.max(PRIORITY.cancel, t.priority - Math.floor((now - t.queuedAt) / age));
  }

  /** The task to serve next: the best effective priority, the first queued among equals. */
  private next(now: number): Task | undefined {
    let best: Task | undefined;
    let bestPriority = Number.POSITIVE_INFINITY;
    for (const t of this.queue) {
      const p = this.effective(t, now);
      if (p < bestPriority) {
        best = t;
        bestPriority = p;
      }
    }
    return best;
  }

  /** ms until a slot frees with at most `limit - 1` held (0 = now; Infinity = when a call in flight answers). */
  private slotWait(now: number, limit: number): number {
    this.prune(now);
    const answered = this.done.length - this.head;
    const excess = this.held() - limit + 1;
    if (excess <= 0) return 0;
    // the `excess` oldest answered calls must leave the window; if there are not enough, wait for answers
    if (excess > answered) return Number.POSITIVE_INFINITY;
    return (this.done[this.head + excess - 1] as number) + this.heldMs - now;
  }

  /** ms until `t` may go (0 = now; Infinity = when a call in flight settles). */
  private waitFor(t: Task, now: number): number {
    if (t.exclusive && this.exclusiveBusy) return Number.POSITIVE_INFINITY;
    if (this.effective(t, now) < PRIORITY.read) return this.slotWait(now, this.opts.perWindow);
    let wait = this.slotWait(now, this.opts.perWindow - this.reserve);
    const holdLeft = t.queuedAt + (this.opts.holdMs ?? 0) - now;
    if (holdLeft > 0) {
      // while held it goes early only if it leaves `holdFree` slots free (0 when it leaves none: never early)
      const free = this.opts.perWindow - (this.opts.holdFree ?? 0);
      wait = Math.max(wait, free > 0 ? Math.min(holdLeft, this.slotWait(now, free)) : holdLeft);
    }
    // risen from background it may use any slot: look again then
    if (this.opts.ageMs !== undefined) wait = Math.min(wait, t.queuedAt + this.opts.ageMs - now);
    return Math.max(0, wait);
  }

  private pump(): void {
    for (;;) {
      const now = this.opts.now();
      const task = this.next(now);
      if (!task) return;
      const wait = this.waitFor(task, now);
      if (wait === Number.POSITIVE_INFINITY) return; // resumes when a call in flight settles
      if (wait > 0) {
        this.wakeUpIn(wait, now);
        return;
      }
      this.queue.splice(this.queue.indexOf(task), 1);
      this.inFlight++;
      if (task.exclusive) this.exclusiveBusy = true;
      task.run();
    }
  }

  /** Looks at the queue again in `ms`, unless a look is already due by then. */
  private wakeUpIn(ms: number, now: number): void {
    const at = now + ms;
    if (this.wakeAt !== null && this.wakeAt <= at) return;
    this.wakeAt = at;
    const wake = () => {
      if (this.wakeAt === at) this.wakeAt = null;
      this.pump();
    };
    this.opts.sleep(ms).then(wake, wake);
  }
}

// ---- registries: limits are per venue (public, per origin) and per account (private, per origin + key) ----
// Keyed by name only: every client of one account shares one budget and one nonce lane, whatever clock it was
// given (the first client's limiter, with its clock and limits, serves the others).

const publicLimiters = new Map<string, RateLimiter>();
const privateLimiters = new Map<string, RateLimiter>();
const loginLimiters = new Map<string, RateLimiter>();

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

/** All clients of one account on one origin share the budget of their logins (POST /api/v3/auth). */
export function loginLimiterFor(origin: string, apiKey: string, make: () => RateLimiter): RateLimiter {
  return shared(loginLimiters, `${origin}\n${apiKey}`, make);
}
