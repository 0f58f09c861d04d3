/**
 * The account's P&L: one pair P&L per traded pair (each in its own quote), and totals converted into the chosen
 * currency at current prices. A pair whose quote cannot be priced is listed in `unpriced` and left out of the
 * totals (never guessed).
 */
import type { AccountPnl, OwnTrade, Pair, PnlMethod } from '../../preload/domain';
import { out, type Px, ZERO } from './decimal';
import { computePairPnl, type PairResult } from './pair-pnl';
import type { PriceTable } from './valuation';

export interface AccountInput {
  trades: readonly OwnTrade[];
  pairs: readonly Pair[];
  /** pair -> last price. */
  lastPrices: Record<string, string>;
  prices: PriceTable;
  method: PnlMethod;
  currency: string;
  from: number;
  to: number;
}

/** Base and quote of a pair: from the exchange's pair list, else from the symbol. */
export function splitPair(pair: string, pairs: readonly Pair[]): { base: string; quote: string } {
  const known = pairs.find((p) => p.name === pair);
  if (known) return { base: known.base, quote: known.quote };
  const [base = pair, quote = ''] = pair.split('_');
  return { base, quote };
}

export function computeAccountPnl(input: AccountInput): { pnl: AccountPnl; results: PairResult[] } {
  const names = [...new Set(input.trades.map((t) => t.pair))].sort();
  const results = names.map((pair) =>
    computePairPnl({
      pair,
      ...splitPair(pair, input.pairs),
      trades: input.trades,
      last: input.lastPrices[pair] ?? null,
      method: input.method,
    }),
  );
  let realised = ZERO;
  let unrealised = ZERO;
  let fees = ZERO;
  const unpriced: string[] = [];
  for (const r of results) {
    const rate = input.prices.price(r.summary.quote, input.currency);
    if (!rate || (r.exact.unrealised === null && !r.exact.position.isZero())) {
      unpriced.push(r.summary.pair);
      continue;
    }
    const conv = (d: Px) => d.mul(rate.price);
    realised = realised.plus(conv(r.exact.realised));
    if (r.exact.unrealised) unrealised = unrealised.plus(conv(r.exact.unrealised));
    fees = fees.plus(conv(r.exact.feesValue));
  }
  return {
    results,
    pnl: {
      from: input.from,
      to: input.to,
      method: input.method,
      currency: input.currency,
      pairs: results.map((r) => r.summary),
      realised: out(realised),
      unrealised: out(unrealised),
      fees: out(fees),
      total: out(realised.plus(unrealised)),
      unpriced,
    },
  };
}
