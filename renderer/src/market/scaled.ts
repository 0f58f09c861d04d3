/**
 * Exact decimal arithmetic on scaled integers (BigInt), for the hot path of the order book: parsing a decimal
 * string at a known number of places, rounding to a step, summing, and printing with fixed places. Exact like
 * decimal.js, an order of magnitude cheaper per level at 20 updates a second.
 */

/** "123.4" at 3 places -> 123400n; extra places are truncated (the exchange never sends more than it allows). */
export function toScaled(s: string, places: number): bigint {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  frac = frac.length >= places ? frac.slice(0, places) : frac + '0'.repeat(places - frac.length);
  const v = BigInt((int || '0') + frac);
  return neg ? -v : v;
}

/** 123400n at 3 places -> "123.400". */
export function fromScaled(v: bigint, places: number): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (places === 0) return (neg ? '-' : '') + digits;
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const cut = digits.length - places;
  return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Rounds down (floor) or up (ceil) to a multiple of `step` (both scaled the same; values are non-negative). */
export function roundToStep(v: bigint, step: bigint, up: boolean): bigint {
  const r = v % step;
  if (r === 0n) return v;
  return up ? v - r + step : v - r;
}

/** Decimal places written in a decimal string ("0.001" -> 3). */
export function placesIn(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
