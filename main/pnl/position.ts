/**
 * Position books: what is held of one pair's base and what it cost, and the P&L realised when a trade reduces it.
 * Both take each trade as its wallet flows (trade-flow.ts), so fees are inside cost and proceeds. Positions are
 * signed: a sell beyond what is held opens a short at that price (margin trading, or coins bought before the
 * chosen range), and a buy covers it.
 *
 * Average cost: the open position has one cost; a reducing trade takes its share of that cost
 *   (cost × closed / position) and realises proceeds share − cost share.
 * FIFO: every opening trade is a lot; a reducing trade consumes the oldest lots first, each at its own cost.
 */
import { type Px, ZERO } from './decimal';

export type PnlMethod = 'average' | 'fifo';

export interface Flow {
  base: Px;
  quote: Px;
}

export interface PositionBook {
  /** Applies one trade; returns the P&L it realised. */
  apply(flow: Flow): Px;
  /** Signed base held. */
  position(): Px;
  /** Signed cost of what is held (negative for a short: what it brought in). */
  cost(): Px;
}

/** The part of `whole` that `part` of `of` is, exact when part = of. */
function share(whole: Px, part: Px, of: Px): Px {
  return part.eq(of) ? whole : whole.mul(part).div(of);
}

export function averageCostBook(): PositionBook {
  let pos = ZERO;
  let cost = ZERO;
  return {
    position: () => pos,
    cost: () => cost,
    apply({ base, quote }) {
      if (base.isZero()) return quote;
      if (pos.isZero() || pos.isNeg() === base.isNeg()) {
        pos = pos.plus(base);
        cost = cost.minus(quote);
        return ZERO;
      }
      const size = base.abs();
      const held = pos.abs();
      const closed = size.lt(held) ? size : held;
      const costShare = share(cost, closed, held);
      const quoteShare = share(quote, closed, size);
      const realised = quoteShare.minus(costShare);
      cost = cost.minus(costShare);
      pos = base.isNeg() ? pos.minus(closed) : pos.plus(closed);
      if (pos.isZero()) cost = ZERO;
      if (size.gt(held)) {
        // The rest of the trade opens a position the other way.
        pos = base.isNeg() ? size.minus(held).neg() : size.minus(held);
        cost = quote.minus(quoteShare).neg();
      }
      return realised;
    },
  };
}

interface Lot {
  /** Unsigned size still open. */
  size: Px;
  /** Signed cost of that size. */
  cost: Px;
}

export function fifoBook(): PositionBook {
  const lots: Lot[] = [];
  let head = 0;
  let long = true;
  // Running totals of the open lots, so position() and cost() are O(1).
  let held = ZERO;
  let costSum = ZERO;
  const open = () => lots.length - head;
  const push = (lot: Lot) => {
    lots.push(lot);
    held = held.plus(lot.size);
    costSum = costSum.plus(lot.cost);
  };
  return {
    position: () => (long ? held : held.neg()),
    cost: () => costSum,
    apply({ base, quote }) {
      if (base.isZero()) return quote;
      const buying = !base.isNeg();
      if (open() === 0 || long === buying) {
        if (open() === 0) long = buying;
        push({ size: base.abs(), cost: quote.neg() });
        return ZERO;
      }
      const size = base.abs();
      let left = size;
      let quoteUsed = ZERO;
      let realised = ZERO;
      while (left.gt(0) && open() > 0) {
        const lot = lots[head] as Lot;
        const take = left.lt(lot.size) ? left : lot.size;
        const costShare = share(lot.cost, take, lot.size);
        // The last piece takes the exact remainder, so the pieces add up to the trade's cash flow.
        const quoteShare = take.eq(left) ? quote.minus(quoteUsed) : share(quote, take, size);
        realised = realised.plus(quoteShare.minus(costShare));
        quoteUsed = quoteUsed.plus(quoteShare);
        left = left.minus(take);
        held = held.minus(take);
        costSum = costSum.minus(costShare);
        if (take.eq(lot.size)) head++;
        else lots[head] = { size: lot.size.minus(take), cost: lot.cost.minus(costShare) };
      }
      if (head > 1024 && head * 2 > lots.length) {
        lots.splice(0, head);
        head = 0;
      }
      if (open() === 0) {
        held = ZERO;
        costSum = ZERO;
      }
      if (left.gt(0)) {
        long = buying;
        push({ size: left, cost: quote.minus(quoteUsed).neg() });
      }
      return realised;
    },
  };
}

export function positionBook(method: PnlMethod): PositionBook {
  return method === 'fifo' ? fifoBook() : averageCostBook();
}
