import { Dec } from './money';

/**
 * Wallet money as integers of 1e-8 (the wallet precision): the hot path of placing, matching and settling
 * adds and compares these instead of decimal.js objects. bigint, not number: balances of 1e12 (the internal
 * accounts) are 1e20 units, far past 2^53. Every value a wallet can hold is a whole number of 1e-8 (deposits
 * are rounded to 8 decimals, fees truncated and reserves rounded up to 8), so the conversion is exact.
 */
export const UNIT_DECIMALS = 8;
const SCALE = 10n ** BigInt(UNIT_DECIMALS);

/** Powers of ten as bigint, for rescaling between a pair's ticks/lots and wallet units. */
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

export function pow10(n: number): bigint {
  const p = POW10[n];
  if (p === undefined) throw new Error(`no power of ten for ${n}`);
  return p;
}

/** Decimal -> units; refuses (a bug in the caller) a value with more than 8 decimals instead of rounding it. */
export function toUnits(v: Dec): bigint {
  const text = v.toFixed();
  const neg = text.startsWith('-');
  const abs = neg ? text.slice(1) : text;
  const dot = abs.indexOf('.');
  const whole = dot < 0 ? abs : abs.slice(0, dot);
  const frac = dot < 0 ? '' : abs.slice(dot + 1);
  if (frac.length > UNIT_DECIMALS) throw new Error(`value ${text} has more than ${UNIT_DECIMALS} decimals`);
  const u = BigInt(whole + frac.padEnd(UNIT_DECIMALS, '0'));
  return neg ? -u : u;
}

/** Units -> fixed decimal text with 8 decimals, without a float. */
export function unitsText(u: bigint): string {
  const neg = u < 0n;
  const s = (neg ? -u : u).toString().padStart(UNIT_DECIMALS + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, s.length - UNIT_DECIMALS)}.${s.slice(s.length - UNIT_DECIMALS)}`;
}

/** Units -> Decimal (exact). */
export function unitsDec(u: bigint): Dec {
  return u === 0n ? ZERO_DEC : new Dec(unitsText(u));
}

const ZERO_DEC = new Dec(0);

/** A pair's scaled integer (`decimals` places, e.g. lots) -> wallet units. Exact: pairs have at most 8 decimals. */
export function scaledToUnits(n: number, decimals: number): bigint {
  return BigInt(n) * pow10(UNIT_DECIMALS - decimals);
}

/**
 * A rate (fee) as a fraction `num / den` with `den` a power of ten, so `amount x rate` truncated to whole units
 * is one multiplication and one division of integers, exactly what trunc8(amount x rate) gives.
 */
export interface Rate {
  num: bigint;
  den: bigint;
}

const rates = new WeakMap<Dec, Rate>();

/** The fraction of a (non-negative) Decimal rate; cached per Decimal object (the fee schedule's are constants). */
export function rateOf(r: Dec): Rate {
  let known = rates.get(r);
  if (known === undefined) {
    const text = r.toFixed();
    const dot = text.indexOf('.');
    const places = dot < 0 ? 0 : text.length - dot - 1;
    known = { num: BigInt(text.replace('.', '')), den: pow10(places) };
    rates.set(r, known);
  }
  return known;
}

/** trunc8(amount x rate) in units, for non-negative amounts. */
export function unitsTimesRate(units: bigint, rate: Rate): bigint {
  return (units * rate.num) / rate.den;
}

export { SCALE as UNITS_PER_WHOLE };
