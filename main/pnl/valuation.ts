/**
 * Prices of one currency in another from what the exchange publishes: its currency rates (USD per unit, where
 * the dialect has them) and the last prices of its pairs. A path is, in order of preference: the same currency;
 * a direct pair FROM_TO; the inverse pair TO_FROM (1 / last); a cross through a hub (USD, USDT, BTC), each leg
 * direct or inverse; a cross through the USD rates. Exact decimals; the only division is an inverse leg's.
 */
import type { PriceSource } from '../../preload/domain';
import { P, type Px } from './decimal';

export const CROSS_HUBS = ['USD', 'USDT', 'BTC'] as const;

export interface PriceQuote {
  price: Px;
  source: PriceSource;
}

export interface PriceTable {
  /** One unit of `from` in `to`, or null when no path exists. */
  price(from: string, to: string): PriceQuote | null;
}

/**
 * @param lastPrices pair symbol (BASE_QUOTE) -> last price; non-positive prices are ignored.
 * @param usdRates currency -> price in USD (the exchange's currency rates), when available.
 */
export function priceTable(
  lastPrices: Record<string, string>,
  usdRates: Record<string, string> | null = null,
): PriceTable {
  const last = new Map<string, Px>();
  for (const [pair, p] of Object.entries(lastPrices)) {
    try {
      const d = new P(p);
      if (d.gt(0)) last.set(pair, d);
    } catch {
      // A price that is not a number is no price.
    }
  }
  const rates = new Map<string, Px>();
  for (const [cur, r] of Object.entries(usdRates ?? {})) {
    try {
      const d = new P(r);
      if (d.gt(0)) rates.set(cur, d);
    } catch {
      // Ignored like a missing rate.
    }
  }
  rates.set('USD', new P(1));

  const leg = (from: string, to: string): Px | null => {
    if (from === to) return new P(1);
    const direct = last.get(`${from}_${to}`);
    if (direct) return direct;
    const inverse = last.get(`${to}_${from}`);
    return inverse ? new P(1).div(inverse) : null;
  };

  return {
    price(from, to) {
      if (from === to) return { price: new P(1), source: 'identity' };
      const direct = last.get(`${from}_${to}`);
      if (direct) return { price: direct, source: 'direct' };
      const inverse = last.get(`${to}_${from}`);
      if (inverse) return { price: new P(1).div(inverse), source: 'inverse' };
      // Rates are USD per unit: exact for a USD target, a cross through USD otherwise.
      const rf = rates.get(from);
      const rt = rates.get(to);
      if (rates.size > 1 && rf && rt) return { price: rf.div(rt), source: 'rate' };
      for (const hub of CROSS_HUBS) {
        if (hub === from || hub === to) continue;
        const a = leg(from, hub);
        const b = a ? leg(hub, to) : null;
        if (a && b) return { price: a.mul(b), source: 'cross' };
      }
      return null;
    },
  };
}
