/**
 * Limit order book for one pair, on scaled integers (price in ticks, quantity in lots) so the hot path
 * never touches floats or Decimal. Price-time priority: best price first, then arrival order within a level.
 *
 * Levels: a Map price -> Level plus a sorted array of prices per side with the best price at the END
 * (so consuming the best level is an O(1) pop). Orders within a level form a doubly linked FIFO, so a
 * cancel is O(1) once the order is found in the id map.
 */
export const BUY = 0;
export const SELL = 1;
export type BookSide = typeof BUY | typeof SELL;

/** Called once per fill, in execution order. */
export type FillSink = (makerId: number, takerId: number, priceTicks: number, lots: number) => void;

interface RestingOrder {
  id: number;
  side: BookSide;
  price: number;
  lots: number;
  prev: RestingOrder | null;
  next: RestingOrder | null;
  level: Level;
}

interface Level {
  price: number;
  head: RestingOrder | null;
  tail: RestingOrder | null;
  lots: number;
  count: number;
}

export interface LevelView {
  price: number;
  lots: number;
  count: number;
}

export interface RestingView {
  id: number;
  price: number;
  lots: number;
}

export class OrderBook {
  /** Ascending prices; best bid (highest) last. */
  private readonly bidPrices: number[] = [];
  /** Descending prices; best ask (lowest) last. */
  private readonly askPrices: number[] = [];
  private readonly bidLevels = new Map<number, Level>();
  private readonly askLevels = new Map<number, Level>();
  private readonly orders = new Map<number, RestingOrder>();

  get size(): number {
    return this.orders.size;
  }

  has(id: number): boolean {
    return this.orders.has(id);
  }

  bestBid(): number {
    const n = this.bidPrices.length;
    return n === 0 ? Number.NaN : (this.bidPrices[n - 1] as number);
  }

  bestAsk(): number {
    const n = this.askPrices.length;
    return n === 0 ? Number.NaN : (this.askPrices[n - 1] as number);
  }

  /**
   * Matches an incoming order against the opposite side up to `limit` (Infinity for a buy market order,
   * 0 / -Infinity for a sell market order) and returns the unfilled lots. Does not rest the remainder.
   */
  match(takerId: number, side: BookSide, limit: number, lots: number, sink: FillSink): number {
    const prices = side === BUY ? this.askPrices : this.bidPrices;
    const levels = side === BUY ? this.askLevels : this.bidLevels;
    let remaining = lots;
    while (remaining > 0) {
      const n = prices.length;
      if (n === 0) break;
      const price = prices[n - 1] as number;
      if (side === BUY ? price > limit : price < limit) break;
      const level = levels.get(price) as Level;
      let maker = level.head;
      while (maker !== null && remaining > 0) {
        const qty = maker.lots < remaining ? maker.lots : remaining;
        maker.lots -= qty;
        level.lots -= qty;
        remaining -= qty;
        const next = maker.next;
        if (maker.lots === 0) {
          level.head = next;
          if (next !== null) next.prev = null;
          else level.tail = null;
          level.count--;
          this.orders.delete(maker.id);
        }
        sink(maker.id, takerId, price, qty);
        maker = next;
      }
      if (level.head === null) {
        prices.pop();
        levels.delete(price);
      }
    }
    return remaining;
  }

  /** Lots available to a taker up to `limit`, stopping once `wanted` is reached (for fill-or-kill). */
  fillable(side: BookSide, limit: number, wanted: number): number {
    const prices = side === BUY ? this.askPrices : this.bidPrices;
    const levels = side === BUY ? this.askLevels : this.bidLevels;
    let total = 0;
    for (let i = prices.length - 1; i >= 0 && total < wanted; i--) {
      const price = prices[i] as number;
      if (side === BUY ? price > limit : price < limit) break;
      total += (levels.get(price) as Level).lots;
    }
    return total < wanted ? total : wanted;
  }

  /** Rests an order at the back of its price level. */
  rest(id: number, side: BookSide, price: number, lots: number): void {
    if (lots <= 0) return;
    if (this.orders.has(id)) throw new Error(`order ${id} already rests in the book`);
    const levels = side === BUY ? this.bidLevels : this.askLevels;
    let level = levels.get(price);
    if (level === undefined) {
      level = { price, head: null, tail: null, lots: 0, count: 0 };
      levels.set(price, level);
      insertPrice(side === BUY ? this.bidPrices : this.askPrices, price, side === BUY);
    }
    const order: RestingOrder = { id, side, price, lots, prev: level.tail, next: null, level };
    if (level.tail !== null) level.tail.next = order;
    else level.head = order;
    level.tail = order;
    level.lots += lots;
    level.count++;
    this.orders.set(id, order);
  }

  /** Removes a resting order; returns its unfilled lots, or -1 when it does not rest in the book. */
  cancel(id: number): number {
    const order = this.orders.get(id);
    if (order === undefined) return -1;
    this.orders.delete(id);
    const level = order.level;
    if (order.prev !== null) order.prev.next = order.next;
    else level.head = order.next;
    if (order.next !== null) order.next.prev = order.prev;
    else level.tail = order.prev;
    level.lots -= order.lots;
    level.count--;
    if (level.head === null) {
      const buy = order.side === BUY;
      (buy ? this.bidLevels : this.askLevels).delete(level.price);
      removePrice(buy ? this.bidPrices : this.askPrices, level.price, buy);
    }
    return order.lots;
  }

  /** Aggregated levels, best first. */
  levels(side: BookSide, limit = Number.POSITIVE_INFINITY): LevelView[] {
    const prices = side === BUY ? this.bidPrices : this.askPrices;
    const levels = side === BUY ? this.bidLevels : this.askLevels;
    const out: LevelView[] = [];
    for (let i = prices.length - 1; i >= 0 && out.length < limit; i--) {
      const l = levels.get(prices[i] as number) as Level;
      out.push({ price: l.price, lots: l.lots, count: l.count });
    }
    return out;
  }

  /** Individual resting orders in priority order (best price, then oldest). */
  orderList(side: BookSide, limit = Number.POSITIVE_INFINITY): RestingView[] {
    const prices = side === BUY ? this.bidPrices : this.askPrices;
    const levels = side === BUY ? this.bidLevels : this.askLevels;
    const out: RestingView[] = [];
    for (let i = prices.length - 1; i >= 0 && out.length < limit; i--) {
      for (let o = (levels.get(prices[i] as number) as Level).head; o !== null && out.length < limit; o = o.next) {
        out.push({ id: o.id, price: o.price, lots: o.lots });
      }
    }
    return out;
  }

  restingLots(id: number): number {
    return this.orders.get(id)?.lots ?? -1;
  }

  /** Price (ticks) of a resting order, or -1 when it does not rest in the book. */
  restingPrice(id: number): number {
    return this.orders.get(id)?.price ?? -1;
  }
}

/** Keeps `prices` sorted so the best price is last: ascending for bids, descending for asks. */
function insertPrice(prices: number[], price: number, ascending: boolean): void {
  let lo = 0;
  let hi = prices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = prices[mid] as number;
    if (ascending ? p < price : p > price) lo = mid + 1;
    else hi = mid;
  }
  prices.splice(lo, 0, price);
}

function removePrice(prices: number[], price: number, ascending: boolean): void {
  // Cancels cluster near the top of book, so scan from the best end first.
  for (let i = prices.length - 1; i >= 0; i--) {
    if (prices[i] === price) {
      if (i === prices.length - 1) prices.pop();
      else prices.splice(i, 1);
      return;
    }
    if (ascending ? (prices[i] as number) < price : (prices[i] as number) > price) return;
  }
}
