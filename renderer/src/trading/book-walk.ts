/**
 * What a market order would cost or bring, estimated by walking the order book level by level (exact decimal
 * arithmetic). It is an estimate: the book moves between the look and the fill, hence the "≈" on screen.
 */
import Decimal from 'decimal.js';
import type { BookLevel } from '../../../preload/domain';

export interface WalkEstimate {
  /** Base amount filled. */
  base: Decimal;
  /** Quote amount spent (buy) or received (sell), before fees. */
  quote: Decimal;
  /** False when the book shown is too thin to fill the whole order. */
  complete: boolean;
}

/** Takes `amount` of base from `levels` (asks for a buy, bids for a sell), best first. */
export function walkByBase(levels: readonly BookLevel[], amount: Decimal): WalkEstimate {
  let base = new Decimal(0);
  let quote = new Decimal(0);
  for (const l of levels) {
    const left = amount.sub(base);
    if (left.lte(0)) break;
    const take = Decimal.min(left, l.amount);
    base = base.add(take);
    quote = quote.add(take.mul(l.price));
  }
  return { base, quote, complete: base.gte(amount) };
}

/** Spends `budget` of quote on the asks, best first; returns how much base it buys. */
export function walkByQuote(asks: readonly BookLevel[], budget: Decimal, amountPrecision: number): WalkEstimate {
  let base = new Decimal(0);
  let quote = new Decimal(0);
  for (const l of asks) {
    const left = budget.sub(quote);
    if (left.lte(0)) break;
    const levelCost = new Decimal(l.amount).mul(l.price);
    if (levelCost.lte(left)) {
      base = base.add(l.amount);
      quote = quote.add(levelCost);
    } else {
      // Only whole lots can be bought: round the part of this level down to the pair's amount precision.
      const take = left.div(l.price).toDecimalPlaces(amountPrecision, Decimal.ROUND_DOWN);
      base = base.add(take);
      quote = quote.add(take.mul(l.price));
      return { base, quote, complete: true };
    }
  }
  return { base, quote, complete: quote.gte(budget) };
}
