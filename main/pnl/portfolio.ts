/**
 * What the account is worth in one currency: each spot holding (available + reserve) times its price from the
 * price table; a currency without a price path is listed in `unpriced` and left out of the total.
 */
import type { Balance, Holding, PortfolioValue } from '../../preload/domain';
import { out, P, type Px, ZERO } from './decimal';
import type { PriceTable } from './valuation';

/** Spot holdings by currency (a currency may come in several wallets). */
export function spotHoldings(balances: readonly Balance[]): Map<string, Px> {
  const m = new Map<string, Px>();
  for (const b of balances) {
    if (b.walletType !== 'SPOT') continue;
    m.set(b.currency, (m.get(b.currency) ?? ZERO).plus(new P(b.balance)));
  }
  return m;
}

/** Total value of `holdings`; currencies without a price are skipped (and named in `unpriced`). */
export function valueHoldings(holdings: ReadonlyMap<string, Px>, prices: PriceTable, currency: string) {
  let total = ZERO;
  const rows: Holding[] = [];
  const unpriced: string[] = [];
  for (const [cur, amount] of [...holdings].sort(([a], [b]) => a.localeCompare(b))) {
    if (amount.isZero()) continue;
    const q = prices.price(cur, currency);
    const value = q ? amount.mul(q.price) : null;
    if (value) total = total.plus(value);
    else unpriced.push(cur);
    rows.push({
      currency: cur,
      amount: out(amount),
      price: q ? out(q.price) : null,
      value: value ? out(value) : null,
      source: q?.source ?? null,
    });
  }
  return { total, rows, unpriced };
}

export function portfolioValue(
  balances: readonly Balance[],
  prices: PriceTable,
  currency: string,
  time: number,
): PortfolioValue {
  const v = valueHoldings(spotHoldings(balances), prices, currency);
  return { currency, time, total: out(v.total), holdings: v.rows, unpriced: v.unpriced };
}
