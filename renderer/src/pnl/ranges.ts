/** The ranges the P&L tab offers, and money formatting for it (decimal.js, never floats). */
import Decimal from 'decimal.js';

export const RANGES = [
  { id: '1d', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: '30 days', ms: 30 * 86_400_000 },
  { id: '90d', label: '90 days', ms: 90 * 86_400_000 },
  { id: '1y', label: '1 year', ms: 365 * 86_400_000 },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

export function rangeMs(id: RangeId): number {
  return RANGES.find((r) => r.id === id)?.ms ?? 30 * 86_400_000;
}

/** Places to show an amount of a currency with: fiat and stablecoins 2, others 8. */
export function placesFor(currency: string): number {
  return /^(USD|USDT|USDC|EUR|GBP|RUB|UAH|TRY)$/.test(currency) ? 2 : 8;
}

/** "+1 234.50" style: a sign for gains, thin-space thousands. */
export function money(value: string | null, places: number, signed = false): string {
  if (value === null) return '—';
  const d = new Decimal(value);
  const [int = '0', frac] = d.abs().toFixed(places).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  const sign = d.isNeg() && !d.toDecimalPlaces(places).isZero() ? '−' : signed && d.gt(0) ? '+' : '';
  return `${sign}${grouped}${frac ? `.${frac}` : ''}`;
}

export function tone(value: string | null): 'up' | 'down' | '' {
  if (value === null) return '';
  const d = new Decimal(value);
  return d.gt(0) ? 'up' : d.lt(0) ? 'down' : '';
}
