/**
 * The P&L and portfolio service behind the bridge: fetches a profile's own trades for a range (the client splits
 * long ranges into the exchange's 30-day history windows), balances, pairs, last prices and, for the value
 * history, candles; then computes with the plain functions of this folder.
 */
import { z } from 'zod';
import type {
  AccountPnl,
  Candle,
  Pair,
  PnlLedgerRow,
  PnlMethod,
  PortfolioValue,
  Ticker,
  ValuePoint,
} from '../../preload/domain';
import type { AlpClient } from '../api/types';
import { computeAccountPnl, splitPair } from './account-pnl';
import { pricesAtFrom, timeframeFor } from './candle-prices';
import { computePairPnl, sortedTrades } from './pair-pnl';
import { portfolioValue } from './portfolio';
import { sampleTimes, valueHistory } from './value-history';
import { CROSS_HUBS, type PriceTable, priceTable } from './valuation';

/** The exchange's default history range: the 30 days up to now. */
export const DEFAULT_RANGE_MS = 30 * 24 * 60 * 60 * 1000;

export interface RangeQuery {
  from?: number;
  to?: number;
  pair?: string;
}

export interface PnlServiceDeps {
  clientFor: (profileId: string) => AlpClient;
  now?: () => number;
  /**
   * USD per unit by currency (the exchange's currency rates), when the client's dialect has them. By default the
   * service uses a client's `currencyRates()` if it has one; otherwise prices come from tickers alone.
   */
  usdRates?: (client: AlpClient) => Promise<Record<string, string> | null>;
}

const ratesSchema = z.record(z.string(), z.string());

/** A client's own currency rates, if its dialect offers them (validated; any failure = no rates). */
async function clientRates(client: AlpClient): Promise<Record<string, string> | null> {
  if (!('currencyRates' in client) || typeof client.currencyRates !== 'function') return null;
  try {
    const parsed = ratesSchema.safeParse(await client.currencyRates());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function lastPrices(tickers: readonly Ticker[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tickers) out[t.pair] = t.last;
  return out;
}

export function createPnlService(deps: PnlServiceDeps) {
  const now = deps.now ?? Date.now;
  const rates = deps.usdRates ?? clientRates;
  const range = (q: RangeQuery) => {
    const to = q.to ?? now();
    return { from: q.from ?? to - DEFAULT_RANGE_MS, to };
  };
  const market = async (client: AlpClient) => {
    const [pairs, tickers, usd] = await Promise.all([client.pairs(), client.tickers(), rates(client)]);
    const last = lastPrices(tickers);
    return { pairs, last, prices: priceTable(last, usd) };
  };
  const trades = async (client: AlpClient, q: RangeQuery) => {
    const r = range(q);
    const list = await client.accountTrades({ from: r.from, to: r.to, ...(q.pair ? { pair: q.pair } : {}) });
    // Windows are [from, to): keep the same bounds whatever a server returns at the edges.
    return { ...r, trades: list.filter((t) => t.time >= r.from && t.time < r.to) };
  };

  return {
    async summary(profileId: string, q: RangeQuery & { method: PnlMethod; currency: string }): Promise<AccountPnl> {
      const client = deps.clientFor(profileId);
      const [t, m] = await Promise.all([trades(client, q), market(client)]);
      return computeAccountPnl({
        trades: t.trades,
        pairs: m.pairs,
        lastPrices: m.last,
        prices: m.prices,
        method: q.method,
        currency: q.currency,
        from: t.from,
        to: t.to,
      }).pnl;
    },

    /** The per-trade P&L history (the P&L export), oldest first. */
    async ledger(profileId: string, q: RangeQuery & { method: PnlMethod }): Promise<PnlLedgerRow[]> {
      const client = deps.clientFor(profileId);
      const [t, pairs] = await Promise.all([trades(client, q), client.pairs()]);
      const names = [...new Set(t.trades.map((x) => x.pair))].sort();
      const rows = names.flatMap(
        (pair) =>
          computePairPnl({ pair, ...splitPair(pair, pairs), trades: t.trades, last: null, method: q.method }, true)
            .ledger,
      );
      return rows.sort((a, b) => a.time - b.time);
    },

    async portfolio(profileId: string, currency: string): Promise<PortfolioValue> {
      const client = deps.clientFor(profileId);
      const [balances, m] = await Promise.all([client.wallets(), market(client)]);
      return portfolioValue(balances, m.prices, currency, now());
    },

    async history(
      profileId: string,
      q: { from?: number; to?: number; currency: string; points: number },
    ): Promise<ValuePoint[]> {
      const client = deps.clientFor(profileId);
      const end = now();
      const r = range(q);
      const to = Math.min(r.to, end);
      // Trades from the range's start up to now: those after a sample time are undone to reach it.
      const [balances, pairs, list] = await Promise.all([
        client.wallets(),
        client.pairs(),
        client.accountTrades({ from: r.from, to: end + 1 }),
      ]);
      const traded = sortedTrades(list).filter((t) => t.time >= r.from);
      const currencies = new Set<string>([q.currency, ...CROSS_HUBS]);
      for (const b of balances) currencies.add(b.currency);
      for (const t of traded) for (const c of Object.values(splitPair(t.pair, pairs))) currencies.add(c);
      const needed = pairs.filter((p) => currencies.has(p.base) && currencies.has(p.quote));
      const tf = timeframeFor(to - r.from, 500);
      const byPair = new Map<string, Candle[]>();
      await Promise.all(
        needed.map(async (p: Pair) => {
          const candles = await client.candles({
            pair: p.name,
            timeframe: tf.timeframe,
            since: r.from - tf.ms,
            until: to,
            limit: 500,
          });
          byPair.set(
            p.name,
            [...candles].sort((a, b) => a.time - b.time),
          );
        }),
      );
      return valueHistory({
        balances,
        trades: traded,
        pairs,
        currency: q.currency,
        times: sampleTimes(r.from, to, q.points),
        pricesAt: pricesAtFrom(byPair),
      });
    },
  };
}

export type PnlService = ReturnType<typeof createPnlService>;
export type { PriceTable };
