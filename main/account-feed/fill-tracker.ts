/**
 * Finds the fills that are new since the stream started. The first successful read primes what has been seen
 * (reporting only fills stamped at or after the stream's start, so a fill between the start and a slow or
 * failed first read is not lost); each later read returns the fills not seen before (oldest first). Keys are counted, not just remembered, so two
 * identical fills in one read are both reported.
 */
import type { OwnTrade } from '../../preload/domain';
import { fillKey } from './fingerprint';

/** Bound on remembered fill keys; the oldest are forgotten first (they no longer come back in a read). */
const MAX_KEYS = 20_000;

export class FillTracker {
  private seen = new Map<string, number>();
  private primed = false;

  /** `since`: epoch ms the stream started. */
  constructor(private readonly since: number) {}

  /** Returns the new fills of this read, oldest first. */
  update(trades: OwnTrade[]): OwnTrade[] {
    const counts = new Map<string, number>();
    const fresh: OwnTrade[] = [];
    for (const t of trades) {
      const key = fillKey(t);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n > (this.seen.get(key) ?? 0)) {
        this.seen.delete(key); // re-insert at the end: most recently seen
        this.seen.set(key, n);
        if (this.primed || t.time >= this.since) fresh.push(t);
      }
    }
    this.primed = true;
    while (this.seen.size > MAX_KEYS) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return fresh.sort((a, b) => a.time - b.time);
  }
}
