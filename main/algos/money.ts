import Decimal from 'decimal.js';
import type { Dec, Pair, Side } from '../../preload/domain';

/** decimal.js with enough digits for any exchange amount; never a JS float in arithmetic. */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN });
export type D = InstanceType<typeof D>;

export const ZERO = new D(0);

export function dec(value: Dec | D): D {
  return value instanceof D ? value : new D(value);
}

/** Canonical decimal string (no exponent, no trailing zeros). */
export function str(value: D): Dec {
  return value.toFixed();
}

/** Amounts are rounded down to the pair's lot: an algo never sends more than it was given. */
export function roundAmount(value: D, pair: Pair): D {
  return value.toDecimalPlaces(pair.amountPrecision, D.ROUND_DOWN);
}

/**
 * Prices are rounded toward the trader: a buy's limit down, a sell's up (never a worse price than asked for).
 * Same rule as the client's pre-flight check.
 */
export function roundPrice(value: D, pair: Pair, side: Side): D {
  return value.toDecimalPlaces(pair.pricePrecision, side === 'buy' ? D.ROUND_DOWN : D.ROUND_UP);
}

export function minD(a: D, b: D): D {
  return a.lt(b) ? a : b;
}

export function maxD(a: D, b: D): D {
  return a.gt(b) ? a : b;
}
