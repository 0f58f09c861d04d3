import { BUY, type BookSide, type OrderBook, SELL } from '../engine/book';
import type { PairSpec } from '../market';
import { scaledText } from '../money';

/** One level on the wire: [price, quantity] as exact decimal strings. */
export type WireLevel = [string, string];

export interface BookDiff {
  asks: WireLevel[];
  bids: WireLevel[];
}

/**
 * The book as last told to `diff` subscribers, level by level (ticks -> lots). Each committed change that
 * touched the pair is compared against it: the levels whose quantity changed go out with their new quantity,
 * and `0` for a level that is gone. Snapshots (`market_depth`) are taken from the mirror, so a snapshot plus
 * the diffs that follow it always rebuild exactly the book the engine holds.
 */
export class BookMirror {
  private readonly sides: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];

  constructor(
    readonly spec: PairSpec,
    private readonly book: OrderBook,
  ) {
    for (const side of [BUY, SELL] as const) for (const l of book.levels(side)) this.sides[side].set(l.price, l.lots);
  }

  /** Brings the mirror up to the engine's book and returns what changed (empty lists when nothing did). */
  update(): BookDiff {
    return { asks: this.updateSide(SELL), bids: this.updateSide(BUY) };
  }

  private updateSide(side: BookSide): WireLevel[] {
    const old = this.sides[side];
    const next = new Map<number, number>();
    const out: WireLevel[] = [];
    for (const l of this.book.levels(side)) {
      next.set(l.price, l.lots);
      if (old.get(l.price) !== l.lots) out.push(this.level(l.price, l.lots));
    }
    // A level that is gone goes out as quantity "0", as the docs say.
    for (const price of old.keys()) if (!next.has(price)) out.push([scaledText(price, this.spec.pricePrecision), '0']);
    this.sides[side] = next;
    return out;
  }

  private level(ticks: number, lots: number): WireLevel {
    return [scaledText(ticks, this.spec.pricePrecision), scaledText(lots, this.spec.amountPrecision)];
  }

  /** Levels best first: asks ascending, bids descending. */
  snapshot(): { asks: WireLevel[]; bids: WireLevel[]; totalAsks: string; totalBids: string } {
    const asks = [...this.sides[SELL]].sort((a, b) => a[0] - b[0]);
    const bids = [...this.sides[BUY]].sort((a, b) => b[0] - a[0]);
    const total = (levels: Array<[number, number]>): string =>
      scaledText(
        levels.reduce((s, l) => s + l[1], 0),
        this.spec.amountPrecision,
      );
    return {
      asks: asks.map(([p, q]) => this.level(p, q)),
      bids: bids.map(([p, q]) => this.level(p, q)),
      totalAsks: total(asks),
      totalBids: total(bids),
    };
  }
}
