import { z } from 'zod';
import { pairsOf } from '../pairsOf';
import type { Timeframe } from '../../candles';
import type { PaperCore } from '../../core';
import { type Route, ok } from '../../http/routing';
import { num, v3Num } from '../../http/wire';
import { CURRENCIES, PAIRS, type PairSpec, findPair } from '../../market';
import { depth, ticker } from '../../marketData';
import { type Dec, ZERO, dec, fromScaled } from '../../money';
import { formError, parseForm } from './errors';
import { currencyIn, intIn, pairIn } from './wire';

/** Public market data under /api/v3, as today's exchange serves it. Money as JSON numbers. */

const pairsQuery = z.object({ currency1: currencyIn.optional(), currency2: currencyIn.optional() });
const tickerQuery = z.object({
  pair: pairIn.optional(),
  pair_id: intIn.optional(),
  limit: intIn.optional(),
  offset: intIn.optional(),
});
const orderbookQuery = z.object({
  pair: pairIn,
  limit_buy: intIn.optional(),
  limit_sell: intIn.optional(),
  group: z.enum(['0', '1', 'true', 'false']).optional(),
});
/** `1440` is the official client's name for a day; `1` (one minute) is not kept by the paper exchange. */
const INTERVALS: Record<string, Timeframe> = {
  '5': '5',
  '15': '15',
  '30': '30',
  '60': '60',
  '240': '240',
  '1D': 'D',
  '1440': 'D',
  D: 'D',
};
const chartsQuery = z.object({
  pair: pairIn,
  // Object.hasOwn, not `in`: inherited keys (`toString`, `constructor`) are no interval.
  interval: z
    .string()
    .refine((i) => Object.hasOwn(INTERVALS, i), `must be one of ${Object.keys(INTERVALS).join(', ')}`),
  since: intIn.optional(),
  until: intIn.optional(),
  limit: intIn.pipe(z.number().min(1).max(500, 'must be at most 500')).optional(),
});
const tradesQuery = z.object({
  pair: pairIn,
  limit: intIn.pipe(z.number().min(1).max(1000, 'must be at most 1000')).optional(),
  offset: intIn.optional(),
});

const seconds = (ms: number) => num((ms / 1000).toFixed(3));

/** The 24 h open: the first 5-minute candle of the last 24 hours (as `ticker()` computes its change from). */
function openOf(core: PaperCore, p: PairSpec, now: number): Dec {
  const sinceSec = Math.floor((now - 86_400_000) / 1000);
  const first = core.candles.query(p.name, '5', 400, sinceSec - (sinceSec % 300))[0];
  return first === undefined ? ZERO : fromScaled(first.open, p.pricePrecision);
}

function tickerRow(core: PaperCore, p: PairSpec, now: number) {
  const t = ticker(core, p, now);
  const open = openOf(core, p, now);
  return {
    pair: p.name,
    last: v3Num(t.last),
    open: v3Num(open),
    vol: v3Num(t.vol),
    buy: v3Num(t.buy),
    sell: v3Num(t.sell),
    high: v3Num(t.high),
    low: v3Num(t.low),
    // `diff` is the 24 h change in quote currency, `diff_percent` the same in percent.
    diff: v3Num(open.isZero() ? ZERO : t.last.sub(open)),
    diff_percent: num(t.diff.toFixed(2)),
    price_precision: p.pricePrecision,
    amount_precision: p.amountPrecision,
    timestamp: seconds(now),
  };
}

export function currentPublicRoutes(core: PaperCore): Route[] {
  const common = { auth: 'public', dialect: 'current' } as const;
  return [
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/time$/,
      handle: (ctx) => ok({ serverTime: Math.floor(ctx.now / 1000) }),
    },
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/currency-rates$/,
      handle: () => {
        // In USD, from last trade prices (directly or through another pair); 0 while a currency has no price.
        const rates: Record<string, string> = {};
        for (const c of CURRENCIES) rates[c.shortName] = (core.margin.rate(c.shortName, 'USD') ?? dec(0)).toFixed(8);
        return ok(rates);
      },
    },
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/currencies$/,
      handle: () => ok(CURRENCIES.map((c) => ({ short_name: c.shortName, sign: c.sign }))),
    },
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/pairs$/,
      handle: (ctx) => {
        const q = parseForm(pairsQuery, ctx.query);
        return ok(
          pairsOf(q).map((p) => ({
            name: p.name,
            currency1: p.base,
            currency2: p.quote,
            price_precision: p.pricePrecision,
            amount_precision: p.amountPrecision,
            minimum_order_size: v3Num(p.minOrderSize),
            maximum_order_size: v3Num(p.maxOrderSize),
            minimum_order_value: v3Num(p.minOrderValue),
          })),
        );
      },
    },
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/ticker$/,
      handle: (ctx) => {
        const q = parseForm(tickerQuery, ctx.query);
        // The official client reads one object when it names a pair (`pair` or `pair_id`), a list otherwise.
        const byId = q.pair_id === undefined ? undefined : PAIRS[q.pair_id - 1];
        if (q.pair_id !== undefined && byId === undefined) throw formError('pair_id', 'is not a pair of this exchange');
        const one = q.pair !== undefined ? findPair(q.pair) : byId;
        if (one !== undefined) return ok(tickerRow(core, one, ctx.now));
        const offset = q.offset ?? 0;
        return ok(PAIRS.slice(offset, offset + (q.limit ?? PAIRS.length)).map((p) => tickerRow(core, p, ctx.now)));
      },
    },
    {
      ...common,
      method: 'GET',
      // `orderbook` in the docs, `order_book` in the official client.
      pattern: /^\/api\/v3\/order_?book$/,
      handle: (ctx) => {
        const q = parseForm(orderbookQuery, ctx.query);
        const p = findPair(q.pair) as PairSpec;
        const grouped = q.group === '1' || q.group === 'true';
        const rows = (side: 'buy' | 'sell', limit: number | undefined) =>
          depth(core, p, side, limit ?? Number.POSITIVE_INFINITY, grouped).map((r) => ({
            amount: num(r.amount.toFixed(p.amountPrecision)),
            price: num(r.price.toFixed(p.pricePrecision)),
          }));
        return ok({ buy: rows('buy', q.limit_buy), sell: rows('sell', q.limit_sell) });
      },
    },
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/charts$/,
      handle: (ctx) => {
        const q = parseForm(chartsQuery, ctx.query);
        const p = findPair(q.pair) as PairSpec;
        const tf = INTERVALS[q.interval] as Timeframe;
        const rows = core.candles.query(p.name, tf, q.limit ?? 500, q.since, q.until);
        const px = (ticks: number) => fromScaled(ticks, p.pricePrecision);
        return ok(
          rows.map((c) => {
            const volume = fromScaled(c.volume, p.amountPrecision);
            return {
              time: c.time,
              open: v3Num(px(c.open)),
              close: v3Num(px(c.close)),
              low: v3Num(px(c.low)),
              high: v3Num(px(c.high)),
              volume: v3Num(volume),
              // Candles keep base volume only: quote volume at the candle's close; counts are not kept.
              quoteVolume: v3Num(volume.mul(px(c.close)).toDecimalPlaces(8)),
              tradesCount: 0,
              takerBuyBaseVolume: 0,
              takerBuyQuoteVolume: 0,
            };
          }),
        );
      },
    },
    {
      ...common,
      method: 'GET',
      pattern: /^\/api\/v3\/trades$/,
      handle: (ctx) => {
        const q = parseForm(tradesQuery, ctx.query);
        const offset = q.offset ?? 0;
        return ok(
          core
            .publicTrades(q.pair, offset + (q.limit ?? 100))
            .slice(offset)
            .map((t) => ({
              id: t.id,
              price: v3Num(t.price),
              amount: v3Num(t.amount),
              timestamp: seconds(t.time),
              pair: t.pair,
              type: t.takerSide === 'BUY' ? 'buy' : 'sell',
              // The official client's model also wants the (taker's) account, as v1 reports it.
              account_id: t.takerSide === 'BUY' ? t.buyerId : t.sellerId,
            })),
        );
      },
    },
  ];
}
