/**
 * Order book price grouping in the renderer, with decimal math: bids round down to the step and asks round up,
 * so a grouped level never shows a better price than any order in it. Also cumulative depth per level.
 */
import Decimal from 'decimal.js';
import type { BookLevel } from '../../../preload/domain';

export interface DepthLevel {
  price: string;
  amount: string;
  /** Sum of amounts from the best level to this one, inclusive. */
  total: string;
  /** total as a number, for the depth bar only. */
  totalNum: number;
}

/** Groups levels (best first) by `step`; a step equal to the tick still merges repeated prices. */
export function groupLevels(
  levels: readonly BookLevel[],
  step: string,
  side: 'bid' | 'ask',
  maxLevels: number,
): DepthLevel[] {
  const s = new Decimal(step);
  const rounding = side === 'bid' ? Decimal.ROUND_FLOOR : Decimal.ROUND_CEIL;
  const out: DepthLevel[] = [];
  let currentKey: string | null = null;
  let amount = new Decimal(0);
  let total = new Decimal(0);
  const flush = () => {
    if (currentKey === null) return;
    total = total.plus(amount);
    out.push({ price: currentKey, amount: amount.toString(), total: total.toString(), totalNum: total.toNumber() });
  };
  for (const l of levels) {
    const key = new Decimal(l.price).div(s).toDecimalPlaces(0, rounding).times(s).toString();
    if (key !== currentKey) {
      flush();
      if (out.length >= maxLevels) return out;
      currentKey = key;
      amount = new Decimal(0);
    }
    amount = amount.plus(l.amount);
  }
  if (out.length < maxLevels) flush();
  return out;
}

/** The grouping steps offered for a pair: tick ×1, ×10, ×100. */
export function groupingSteps(pricePrecision: number): string[] {
  const tick = new Decimal(10).pow(-pricePrecision);
  return [tick, tick.times(10), tick.times(100)].map((d) => d.toFixed());
}
