/**
 * The account's value over a range, from what it holds now and its trades: walking back from now, each trade
 * after a sample time is undone (its wallet flows reversed), and the holdings at that time are valued at the
 * candle closes of that time. Deposits, withdrawals and margin transfers are not trades, so they are not undone:
 * the history shows what the trading did to today's holdings (said so in the README).
 */
import type { Balance, OwnTrade, Pair, ValuePoint } from '../../preload/domain';
import { splitPair } from './account-pnl';
import { out, type Px, ZERO } from './decimal';
import { spotHoldings, valueHoldings } from './portfolio';
import { tradeFlow } from './trade-flow';
import { type PriceTable, priceTable } from './valuation';

export interface HistoryInput {
  balances: readonly Balance[];
  /** Own trades from the first sample time up to now (any order). */
  trades: readonly OwnTrade[];
  pairs: readonly Pair[];
  currency: string;
  /** Sample times, epoch ms (any order). */
  times: readonly number[];
  /** Pair -> price at a time (a candle close); the table is built from it per sample. */
  pricesAt: (time: number) => Record<string, string>;
}

export function valueHistory(input: HistoryInput): ValuePoint[] {
  const holdings = spotHoldings(input.balances);
  const trades = [...input.trades].sort((a, b) => b.time - a.time);
  const times = [...input.times].sort((a, b) => b - a);
  const points: ValuePoint[] = [];
  let next = 0;
  const add = (cur: string, d: Px) => holdings.set(cur, (holdings.get(cur) ?? ZERO).plus(d));
  for (const t of times) {
    // Undo every trade made after t.
    while (next < trades.length && (trades[next] as OwnTrade).time > t) {
      const trade = trades[next++] as OwnTrade;
      const { base, quote } = splitPair(trade.pair, input.pairs);
      const f = tradeFlow(trade, base, quote);
      add(base, f.base.neg());
      add(quote, f.quote.neg());
      if (f.feeOther) add(f.feeOther.currency, f.feeOther.amount);
    }
    const prices: PriceTable = priceTable(input.pricesAt(t));
    points.push({ time: t, value: out(valueHoldings(holdings, prices, input.currency).total) });
  }
  return points.reverse();
}

/** Evenly spaced sample times over [from, to], both ends included. */
export function sampleTimes(from: number, to: number, points: number): number[] {
  const n = Math.max(2, Math.floor(points));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.round(from + ((to - from) * i) / (n - 1)));
  return out;
}
