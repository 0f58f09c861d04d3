/** Decimal helpers: money is never a JS float. One Decimal clone with enough precision for any balance. */
import Decimal from 'decimal.js';

export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Dx = InstanceType<typeof D>;

const PLAIN = /^-?\d+(\.\d+)?$/;
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** True when `s` is a decimal literal (optionally with exponent). */
export function isNumericText(s: string): boolean {
  return NUMERIC.test(s);
}

/**
 * Canonical decimal string of a numeric literal: no exponent, no leading '+', no redundant zeros, "-0" -> "0".
 * Fast path for the plain literals exchanges send; decimal.js for anything else.
 */
export function canonicalDec(text: string): string {
  if (PLAIN.test(text)) {
    let neg = false;
    let s = text;
    if (s.charCodeAt(0) === 45) {
      neg = true;
      s = s.slice(1);
    }
    const dot = s.indexOf('.');
    let int = dot < 0 ? s : s.slice(0, dot);
    let frac = dot < 0 ? '' : s.slice(dot + 1);
    let i = 0;
    while (i < int.length - 1 && int.charCodeAt(i) === 48) i++;
    int = int.slice(i);
    let j = frac.length;
    while (j > 0 && frac.charCodeAt(j - 1) === 48) j--;
    frac = frac.slice(0, j);
    const body = frac ? `${int}.${frac}` : int;
    if (body === '0') return '0';
    return neg ? `-${body}` : body;
  }
  return new D(text).toFixed();
}

/** Number of decimals in a canonical decimal string. */
export function decimalsOf(canonical: string): number {
  const dot = canonical.indexOf('.');
  return dot < 0 ? 0 : canonical.length - dot - 1;
}

export function dec(s: string): Dx {
  return new D(s);
}

/** a - b for canonical decimal strings, exact (BigInt on a common scale); canonical result. */
export function subDec(a: string, b: string): string {
  if (!PLAIN.test(a) || !PLAIN.test(b)) return new D(a).minus(b).toFixed();
  const da = decimalsOf(a);
  const db = decimalsOf(b);
  const scale = da > db ? da : db;
  const ia = BigInt(a.replace('.', '') + '0'.repeat(scale - da));
  const ib = BigInt(b.replace('.', '') + '0'.repeat(scale - db));
  const r = ia - ib;
  const neg = r < 0n;
  let digits = (neg ? -r : r).toString();
  if (scale === 0) return canonicalDec((neg ? '-' : '') + digits);
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  const text = `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return canonicalDec(text);
}

/** a + b for canonical decimal strings, exact; canonical result. */
export function addDec(a: string, b: string): string {
  return new D(a).plus(b).toFixed();
}
