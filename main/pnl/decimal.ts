/**
 * The P&L's decimal type: decimal.js at 50 significant digits. Sums and products of exchange decimals are exact
 * at that precision; only the average-cost and partial-lot divisions round (at the 50th digit), and results are
 * rounded once, at the output, to OUT_PLACES decimals (half-even).
 */
import Decimal from 'decimal.js';

export const P = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });
export type Px = InstanceType<typeof P>;

/** Decimals of every figure the P&L reports (the exchange's wallets hold 8). */
export const OUT_PLACES = 8;

export const ZERO = new P(0);

/** A result as the bridge carries it: a fixed-places decimal string, "-0" shown as "0". */
export function out(d: Px, places = OUT_PLACES): string {
  const r = d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  return (r.isZero() ? new P(0) : r).toFixed(places);
}
