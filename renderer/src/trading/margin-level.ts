import Decimal from 'decimal.js';

/**
 * How worrying a margin level is. Exchanges liquidate near 1.1 and refuse new borrowing under 1.25 (5x), so
 * below 1.25 is danger and below 1.5 a warning.
 */
export function levelTone(level: string | null): 'none' | 'ok' | 'warn' | 'danger' {
  if (level === null) return 'none';
  const d = new Decimal(level);
  if (d.lt('1.25')) return 'danger';
  if (d.lt('1.5')) return 'warn';
  return 'ok';
}
