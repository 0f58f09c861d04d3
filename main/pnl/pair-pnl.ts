/**
 * P&L of one pair from its own trades: run the trades, oldest first, through a position book and add up fees,
 * volumes and realised P&L; value what is still open at the last price. Also the per-trade history rows.
 */
import type { OwnTrade, PairPnl, PnlLedgerRow, PnlMethod } from '../../preload/domain';
import { out, P, type Px, ZERO } from './decimal';
import { positionBook } from './position';
import { feeCurrencyOf, tradeFlow } from './trade-flow';

export interface PairInput {
  pair: string;
  base: string;
  quote: string;
  /** Own trades of any pairs; only this pair's count. Any order (sorted by time here, stable). */
  trades: readonly OwnTrade[];
  last: string | null;
  method: PnlMethod;
}

/** Exact figures before rounding, for tests and for the account totals. */
export interface PairFigures {
  position: Px;
  cost: Px;
  realised: Px;
  unrealised: Px | null;
  feesValue: Px;
}

export interface PairResult {
  summary: PairPnl;
  exact: PairFigures;
  ledger: PnlLedgerRow[];
}

export function sortedTrades(trades: readonly OwnTrade[], pair?: string): OwnTrade[] {
  return trades
    .map((t, i) => ({ t, i }))
    .filter((x) => pair === undefined || x.t.pair === pair)
    .sort((a, b) => a.t.time - b.t.time || a.i - b.i)
    .map((x) => x.t);
}

export function computePairPnl(input: PairInput, withLedger = false): PairResult {
  const { pair, base, quote, method } = input;
  const book = positionBook(method);
  let realised = ZERO;
  let bought = ZERO;
  let sold = ZERO;
  let feesBase = ZERO;
  let feesQuote = ZERO;
  let feesValue = ZERO;
  const other = new Map<string, Px>();
  const ledger: PnlLedgerRow[] = [];
  const trades = sortedTrades(input.trades, pair);
  for (const t of trades) {
    const f = tradeFlow(t, base, quote);
    const r = book.apply(f);
    realised = realised.plus(r);
    if (f.side === 'buy') bought = bought.plus(f.amount);
    else sold = sold.plus(f.amount);
    feesBase = feesBase.plus(f.feeBase);
    feesQuote = feesQuote.plus(f.feeQuote);
    feesValue = feesValue.plus(f.feeQuote).plus(f.feeBase.mul(f.price));
    if (f.feeOther) other.set(f.feeOther.currency, (other.get(f.feeOther.currency) ?? ZERO).plus(f.feeOther.amount));
    if (withLedger) {
      const pos = book.position();
      ledger.push({
        time: t.time,
        pair,
        side: t.side,
        price: t.price,
        amount: t.amount,
        fee: t.fee,
        feeCurrency: feeCurrencyOf(t, base, quote),
        position: out(pos),
        averageEntry: pos.isZero() ? null : out(book.cost().div(pos)),
        realised: out(r),
        cumulativeRealised: out(realised),
      });
    }
  }
  const position = book.position();
  const cost = book.cost();
  const last = input.last !== null && new P(input.last).gt(0) ? new P(input.last) : null;
  const unrealised = last ? position.mul(last).minus(cost) : null;
  return {
    exact: { position, cost, realised, unrealised, feesValue },
    ledger,
    summary: {
      pair,
      base,
      quote,
      method,
      trades: trades.length,
      position: out(position),
      averageEntry: position.isZero() ? null : out(cost.div(position)),
      costBasis: out(cost),
      realised: out(realised),
      unrealised: unrealised ? out(unrealised) : null,
      lastPrice: input.last,
      total: unrealised ? out(realised.plus(unrealised)) : null,
      bought: out(bought),
      sold: out(sold),
      feesBase: out(feesBase),
      feesQuote: out(feesQuote),
      feesValue: out(feesValue),
      otherFees: [...other].map(([currency, amount]) => ({ currency, amount: out(amount) })),
    },
  };
}
