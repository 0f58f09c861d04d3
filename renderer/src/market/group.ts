/**
 * Order book price grouping in the renderer, with exact decimal math (scaled integers): bids round down to the
 * step and asks round up, so a grouped level never shows a better price than any order in it. Also cumulative
 * depth per level. Prices and amounts come out already formatted to the pair's precision.
 */
import type { BookLevel } from '../../../preload/domain';
import { fromScaled, roundToStep, toScaled } from './scaled';

export interface DepthLevel {
  /** Price formatted to the pair's price precision. */
  price: string;
  /** Amount formatted to the pair's amount precision. */
  amount: string;
  /** Sum of amounts from the best level to this one, formatted likewise. */
  total: string;
  /** total as a number, for the depth bar only. */
  totalNum: number;
}

export interface Grouping {
  pricePlaces: number;
  amountPlaces: number;
  /** 1, 10 or 100 ticks. */
  ticks: number;
}

/** Groups levels (best first); one tick still merges repeated prices (an ungrouped book lists orders). */
export function groupLevels(
  levels: readonly BookLevel[],
  g: Grouping,
  side: 'bid' | 'ask',
  maxLevels: number,
): DepthLevel[] {
  const step = BigInt(g.ticks);
  const up = side === 'ask';
  const out: DepthLevel[] = [];
  const scale = 10 ** g.amountPlaces;
  let key: bigint | null = null;
  let amount = 0n;
  let total = 0n;
  const flush = () => {
    if (key === null) return;
    total += amount;
    out.push({
      price: fromScaled(key, g.pricePlaces),
      amount: fromScaled(amount, g.amountPlaces),
      total: fromScaled(total, g.amountPlaces),
      totalNum: Number(total) / scale,
    });
  };
  for (const l of levels) {
    const k = roundToStep(toScaled(l.price, g.pricePlaces), step, up);
    if (k !== key) {
      flush();
      if (out.length >= maxLevels) return out;
      key = k;
      amount = 0n;
    }
    amount += toScaled(l.amount, g.amountPlaces);
  }
  if (out.length < maxLevels) flush();
  return out;
}

/** The grouping steps offered for a pair: tick ×1, ×10, ×100, as decimal strings. */
export function groupingSteps(pricePrecision: number): string[] {
  return [1n, 10n, 100n].map((m) => fromScaled(m, pricePrecision));
}
