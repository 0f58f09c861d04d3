/**
 * Sliding-window limiter: at most `limit` accepted calls per id with arrival time > now - windowMs.
 * A refused call is not counted. Time comes from the caller (injected clock).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  tryAcquire(id: string, now: number): boolean {
    let times = this.hits.get(id);
    if (times === undefined) {
      times = [];
      this.hits.set(id, times);
    }
    while (times.length > 0 && (times[0] as number) <= now - this.windowMs) times.shift();
    if (times.length >= this.limit) return false;
    times.push(now);
    return true;
  }

  /** True when `id` has used its whole window: the next `tryAcquire` would refuse. Counts nothing. */
  isFull(id: string, now: number): boolean {
    const times = this.hits.get(id);
    if (times === undefined) return false;
    let live = times.length;
    for (const t of times) {
      if (t > now - this.windowMs) break;
      live--;
    }
    return live >= this.limit;
  }
}
