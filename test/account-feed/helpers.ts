/** Manual timers for the account feed: tests decide when a poll runs, and see what each poller scheduled. */
import type { SetTimer } from '../../main/market/timers';

interface Pending {
  id: number;
  fn: () => void;
  ms: number;
}

export class ManualTimers {
  private seq = 0;
  private pending: Pending[] = [];
  /** Every delay ever scheduled, in order (to check cadence and back-off). */
  readonly scheduled: number[] = [];
  private waiters: (() => void)[] = [];

  setTimer: SetTimer = (fn, ms) => {
    const t = { id: ++this.seq, fn, ms };
    this.pending.push(t);
    this.scheduled.push(ms);
    for (const w of this.waiters.splice(0)) w();
    return () => {
      this.pending = this.pending.filter((p) => p !== t);
    };
  };

  get count(): number {
    return this.pending.length;
  }

  delays(): number[] {
    return this.pending.map((p) => p.ms);
  }

  /**
   * Runs every timer due now and waits until each poll it started has finished, which a poller signals by
   * scheduling its next timer.
   */
  async fire(): Promise<void> {
    const due = this.pending.splice(0);
    const before = this.scheduled.length;
    for (const t of due) t.fn();
    await this.waitScheduled(before + due.length);
  }

  /** Waits until `total` timers have been scheduled since the start. */
  async waitScheduled(total: number): Promise<void> {
    while (this.scheduled.length < total) await new Promise<void>((r) => this.waiters.push(r));
  }
}
