/**
 * The order book kept from the WebSocket: a snapshot (`market_depth`) replaced whole, then `diff` levels applied
 * (qty = the level's new quantity, 0 removes it; re-applying a level is harmless, which is what makes a resync
 * from any snapshot safe without sequence numbers). Prices are keyed by their canonical decimal text and
 * ordered with decimal.js, never as floats.
 */
import type { BookLevel, OrderBook } from '../../preload/domain';
import { D } from '../api/decimal';

function side(levels: BookLevel[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of levels) if (!new D(l.amount).isZero()) m.set(l.price, l.amount);
  return m;
}

function sorted(m: Map<string, string>, desc: boolean, depth: number): BookLevel[] {
  const out = [...m.entries()].map(([price, amount]) => ({ price, amount }));
  out.sort((a, b) => {
    const c = new D(a.price).comparedTo(b.price);
    return desc ? -c : c;
  });
  return out.slice(0, depth);
}

export class LocalBook {
  private bids = new Map<string, string>();
  private asks = new Map<string, string>();
  private cache: { bids: BookLevel[]; asks: BookLevel[] } | null = null;

  constructor(
    readonly pair: string,
    private readonly depth: number,
  ) {}

  reset(bids: BookLevel[], asks: BookLevel[]): void {
    this.bids = side(bids);
    this.asks = side(asks);
    this.cache = null;
  }

  apply(bids: BookLevel[], asks: BookLevel[]): void {
    for (const l of bids) this.set(this.bids, l);
    for (const l of asks) this.set(this.asks, l);
    this.cache = null;
  }

  private set(m: Map<string, string>, l: BookLevel): void {
    if (new D(l.amount).isZero()) m.delete(l.price);
    else m.set(l.price, l.amount);
  }

  view(time: number): OrderBook {
    if (!this.cache)
      this.cache = { bids: sorted(this.bids, true, this.depth), asks: sorted(this.asks, false, this.depth) };
    return { pair: this.pair, bids: this.cache.bids, asks: this.cache.asks, time };
  }
}

/** True when the two books agree on their first `levels` levels a side (both as shown, best first). */
export function sameTop(a: OrderBook, b: OrderBook, levels: number): boolean {
  const eq = (x: BookLevel[], y: BookLevel[]) => {
    const n = Math.min(levels, Math.max(x.length, y.length));
    for (let i = 0; i < n; i++) {
      const l = x[i];
      const r = y[i];
      if (!l || !r || !new D(l.price).eq(r.price) || !new D(l.amount).eq(r.amount)) return false;
    }
    return true;
  };
  return eq(a.bids, b.bids) && eq(a.asks, b.asks);
}
