/** A hand-driven clock and timer queue for the feed: tests move time, nothing sleeps. */
import type { SetTimer } from '../../main/market';

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  delay: number;
}

export class ManualTimers {
  t: number;
  private queue: Entry[] = [];
  private seq = 0;
  /** Every delay ever scheduled, in order (to check cadence and back-off). */
  readonly delays: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now = (): number => this.t;

  setTimer: SetTimer = (fn, ms) => {
    const e: Entry = { at: this.t + ms, seq: ++this.seq, fn, delay: ms };
    this.queue.push(e);
    this.delays.push(ms);
    return () => {
      this.queue = this.queue.filter((x) => x !== e);
    };
  };

  get pending(): number {
    return this.queue.length;
  }

  /** The delay the earliest pending timer was scheduled with. */
  nextDelay(): number | undefined {
    return this.earliest()?.delay;
  }

  /** Whether a timer scheduled with this delay is pending (e.g. the next poll, once the previous one was answered). */
  hasPending(delay: number): boolean {
    return this.queue.some((e) => e.delay === delay);
  }

  /** Jumps to the earliest pending timer and runs it (and any others due at that instant). */
  fireNext(): void {
    const first = this.earliest();
    if (!first) throw new Error('no timer pending');
    this.advance(Math.max(0, first.at - this.t));
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > end) break;
      this.t = Math.max(this.t, next.at);
      this.queue = this.queue.filter((x) => x !== next);
      next.fn();
    }
    this.t = end;
  }

  private earliest(): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.queue) if (!best || e.at < best.at || (e.at === best.at && e.seq < best.seq)) best = e;
    return best;
  }
}
