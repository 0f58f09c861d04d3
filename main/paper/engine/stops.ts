/**
 * Pending stop orders of one pair, indexed by stop price (ticks) so triggering looks only at the stops that
 * fire: a GTE stop fires when the last price rises to or above it (lowest stop first), an LTE stop when the
 * last price falls to or below it (highest stop first). Ties fire in arrival (id) order. Money-free, like
 * the book. Each side is a sorted array with the next stop to fire at the END (O(1) pop).
 */
export type StopOperatorCode = 'GTE' | 'LTE';

interface StopEntry {
  ticks: number;
  id: number;
}

export class StopBook {
  /** GTE stops by descending ticks (then descending id): lowest stop, oldest first, is last. */
  private readonly gte: StopEntry[] = [];
  /** LTE stops by ascending ticks (then descending id): highest stop, oldest first, is last. */
  private readonly lte: StopEntry[] = [];

  get size(): number {
    return this.gte.length + this.lte.length;
  }

  add(id: number, op: StopOperatorCode, ticks: number): void {
    const list = op === 'GTE' ? this.gte : this.lte;
    list.splice(position(list, op, ticks, id), 0, { ticks, id });
  }

  /** Removes a pending stop; returns false when it was not there. */
  remove(id: number, op: StopOperatorCode, ticks: number): boolean {
    const list = op === 'GTE' ? this.gte : this.lte;
    const i = position(list, op, ticks, id);
    const e = list[i];
    if (e === undefined || e.id !== id) return false;
    if (i === list.length - 1) list.pop();
    else list.splice(i, 1);
    return true;
  }

  /**
   * The next stop that fires at `last` (removed from the book), or 0 when none does. Of the two candidates
   * the older one (lower id) goes first, so the order does not depend on the operator.
   */
  popFiring(last: number): number {
    const g = this.gte[this.gte.length - 1];
    const l = this.lte[this.lte.length - 1];
    const gFires = g !== undefined && last >= g.ticks;
    const lFires = l !== undefined && last <= l.ticks;
    if (gFires && (!lFires || (g as StopEntry).id < (l as StopEntry).id)) return (this.gte.pop() as StopEntry).id;
    if (lFires) return (this.lte.pop() as StopEntry).id;
    return 0;
  }
}

/** Index where (ticks, id) sits or would be inserted, keeping the order described on the lists. */
function position(list: StopEntry[], op: StopOperatorCode, ticks: number, id: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = list[mid] as StopEntry;
    // "before": entries that fire later come first in the array.
    const before =
      op === 'GTE'
        ? e.ticks > ticks || (e.ticks === ticks && e.id > id)
        : e.ticks < ticks || (e.ticks === ticks && e.id > id);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
