import type { PairSpec } from './market';
import type { Dec } from './money';
import { pow10, scaledToUnits } from './units';

/**
 * The integer fast path of checking a plain limit order (most of what is placed): price and amount read
 * straight from their text into ticks and lots, the pair's bounds compared as integers, the reserve computed
 * as wallet units. It only ever ACCEPTS: anything it does not handle, or that breaks a rule, answers null and
 * the caller runs the full Decimal check, which then refuses with its own specific error. So the rules and
 * their messages live in one place (exchange.ts `plan`); this is a faster way to the same acceptance.
 */
export interface LimitFigures {
  priceTicks: number;
  lots: number;
  /** What the order holds: ceil8(price x amount) of quote for a buy, the amount of base for a sell. */
  needUnits: bigint;
}

interface Bounds {
  maxPriceTicks: number;
  minLots: number;
  maxLots: number;
  /** Order value bounds in units of 10^-(price decimals + amount decimals). */
  minValue: bigint;
  maxValue: bigint;
}

const boundsOf = new WeakMap<PairSpec, Bounds>();

function bounds(spec: PairSpec): Bounds {
  let b = boundsOf.get(spec);
  if (b === undefined) {
    const pp = spec.pricePrecision;
    const ap = spec.amountPrecision;
    b = {
      maxPriceTicks: exactScaled(spec.maxPrice, pp),
      minLots: exactScaled(spec.minOrderSize, ap),
      maxLots: exactScaled(spec.maxOrderSize, ap),
      minValue: exactScaledBig(spec.minOrderValue, pp + ap),
      maxValue: exactScaledBig(spec.maxOrderValue, pp + ap),
    };
    boundsOf.set(spec, b);
  }
  return b;
}

function exactScaledBig(v: Dec, decimals: number): bigint {
  const scaled = v.mul(pow10(decimals).toString());
  if (!scaled.isInteger()) throw new Error(`pair bound ${v.toFixed()} has more than ${decimals} decimals`);
  return BigInt(scaled.toFixed());
}

function exactScaled(v: Dec, decimals: number): number {
  const n = Number(exactScaledBig(v, decimals));
  if (!Number.isSafeInteger(n)) throw new Error(`pair bound ${v.toFixed()} is out of the engine's integer range`);
  return n;
}

/** Digits a scaled value may have here: below 10^15, far inside 2^53, so the digit loop is exact. */
const MAX_DIGITS = 15;

/**
 * A plain decimal text ("123", "0.0100") as an integer of `decimals` places, or -1 when it is anything else
 * (empty, signed, exponent, more significant decimals than `decimals`, too many digits): the full check decides.
 */
export function scaledFromText(text: string | undefined, decimals: number): number {
  if (text === undefined) return -1;
  const len = text.length;
  if (len === 0 || len > 40) return -1;
  let n = 0;
  let digits = 0;
  let frac = -1;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (frac >= 0 || i === 0 || i === len - 1) return -1;
      frac = 0;
      continue;
    }
    if (c < 48 || c > 57) return -1;
    if (frac >= 0 && ++frac > decimals) {
      if (c !== 48) return -1; // trailing zeros past the pair's decimals are allowed, like the full check
      continue;
    }
    if (n > 0 || c !== 48) digits++;
    n = n * 10 + (c - 48);
  }
  const kept = frac < 0 ? 0 : Math.min(frac, decimals);
  if (digits + decimals - kept > MAX_DIGITS) return -1;
  for (let k = kept; k < decimals; k++) n *= 10;
  return n;
}

/** The figures of a plain limit order within every bound of its pair, or null (then the full check runs). */
export function limitFigures(
  spec: PairSpec,
  buy: boolean,
  price: string | undefined,
  amount: string | undefined,
): LimitFigures | null {
  const b = bounds(spec);
  const priceTicks = scaledFromText(price, spec.pricePrecision);
  if (priceTicks <= 0 || priceTicks > b.maxPriceTicks) return null;
  const lots = scaledFromText(amount, spec.amountPrecision);
  if (lots <= 0 || lots < b.minLots || lots > b.maxLots) return null;
  const value = BigInt(priceTicks) * BigInt(lots);
  if (value < b.minValue || value > b.maxValue) return null;
  let needUnits: bigint;
  if (!buy) needUnits = scaledToUnits(lots, spec.amountPrecision);
  else {
    const shift = 8 - spec.pricePrecision - spec.amountPrecision;
    if (shift >= 0) needUnits = value * pow10(shift);
    else {
      const d = pow10(-shift);
      needUnits = (value + d - 1n) / d; // rounded up: the reserve covers the exact cost
    }
  }
  return { priceTicks, lots, needUnits };
}
