/**
 * Ids of orders this client has seen (placed, or listed among own orders). An uncertain v1 order is matched
 * only against orders that were not already known before it was sent, so an earlier identical order is never
 * taken for it. Bounded: the oldest ids are dropped first.
 */
const SEEN_ORDER_IDS_MAX = 20_000;

export class KnownOrders {
  private readonly seen = new Map<number, number>();
  /** Sequence of first sightings: an order is "known before a send" when its first sighting is <= the send's mark. */
  private seq = 0;

  remember(id: number): void {
    if (this.seen.has(id)) return; // keep the first sighting: later ones must not make it look new
    this.seen.set(id, ++this.seq);
    if (this.seen.size > SEEN_ORDER_IDS_MAX) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /** The mark to take right before a send. */
  mark(): number {
    return this.seq;
  }

  knownBefore(mark: number): (id: number) => boolean {
    return (id) => (this.seen.get(id) ?? Number.POSITIVE_INFINITY) <= mark;
  }
}
