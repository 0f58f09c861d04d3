import Decimal from 'decimal.js';

/**
 * Money helpers. Every balance, reserve, fee and price outside the engine's hot path is a Decimal;
 * wallets keep 8 decimals (the exchange's wire format), pairs round prices/amounts to their own precision.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

export const WALLET_DECIMALS = 8;
export const ZERO = new Dec(0);

export function dec(v: string | number | Dec): Dec {
  return new Dec(v);
}

/** Truncates toward zero at the wallet precision: what one side pays the other receives, so no value is created. */
export function trunc8(v: Dec): Dec {
  return v.toDecimalPlaces(WALLET_DECIMALS, Dec.ROUND_DOWN);
}

/** Rounds up at the wallet precision: reserves cover at least the exact cost. */
export function ceil8(v: Dec): Dec {
  return v.toDecimalPlaces(WALLET_DECIMALS, Dec.ROUND_UP);
}

/** Number of decimals written in a decimal string ("1.2300" -> 4). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Scaled integer (ticks / lots) -> Decimal, exact (through its decimal text: no division). */
export function fromScaled(n: number, decimals: number): Dec {
  return new Dec(scaledText(n, decimals));
}

/**
 * Decimal with at most `decimals` places -> scaled integer; asserts exactness and safe-integer bounds.
 * Works on the decimal text (digits shifted by `decimals`), which is exact and much cheaper than multiplying.
 */
export function toScaled(v: Dec, decimals: number): number {
  const text = v.toFixed();
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac.length > decimals) throw new Error(`value ${text} has more than ${decimals} decimals`);
  const n = Number(whole + frac.padEnd(decimals, '0'));
  if (!Number.isSafeInteger(n)) throw new Error(`value ${text} is out of the engine's integer range`);
  return n;
}

/** Formats a scaled integer as a fixed decimal string without going through a float. */
export function scaledText(n: number, decimals: number): string {
  const neg = n < 0;
  let s = Math.abs(n).toString();
  if (decimals === 0) return (neg ? '-' : '') + s;
  while (s.length <= decimals) s = `0${s}`;
  return `${neg ? '-' : ''}${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
}

/** Decimals of scaled integers already made, per number of decimals: prices and sizes repeat (levels, lots). */
const scaledCache = new Map<number, Map<number, Dec>>();
const SCALED_CACHE_SIZE = 4096;

/**
 * `fromScaled`, with the Decimal kept for the next time the same value is asked for (Decimals are immutable,
 * so sharing one is safe). The cache is bounded: emptied whenever it holds SCALED_CACHE_SIZE values.
 */
export function scaledDec(n: number, decimals: number): Dec {
  let m = scaledCache.get(decimals);
  if (m === undefined) {
    m = new Map();
    scaledCache.set(decimals, m);
  }
  let d = m.get(n);
  if (d === undefined) {
    if (m.size >= SCALED_CACHE_SIZE) m.clear();
    d = fromScaled(n, decimals);
    m.set(n, d);
  }
  return d;
}
