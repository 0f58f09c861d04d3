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

/** Scaled integer (ticks / lots) -> Decimal, exact. */
export function fromScaled(n: number, decimals: number): Dec {
  return new Dec(n).div(new Dec(10).pow(decimals));
}

/** Decimal with at most `decimals` places -> scaled integer; asserts exactness and safe-integer bounds. */
export function toScaled(v: Dec, decimals: number): number {
  const scaled = v.mul(new Dec(10).pow(decimals));
  if (!scaled.isInteger()) throw new Error(`value ${v.toFixed()} has more than ${decimals} decimals`);
  const n = scaled.toNumber();
  if (!Number.isSafeInteger(n)) throw new Error(`value ${v.toFixed()} is out of the engine's integer range`);
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
