import { z } from 'zod';
import { pairsOf } from './pairsOf';
import { CANDLE_LIMIT_DEFAULT } from './constants';
import { TIMEFRAMES, isTimeframe } from '../candles';
import type { PaperCore } from '../core';
import { notFound } from '../errors';
import { isActive } from '../exchange';
import { CURRENCIES, PAIRS, findPair } from '../market';
import { depth, ticker } from '../marketData';
import { ZERO, fromScaled } from '../money';
import type { Slice } from '../slice';
import type { OrderRecord, OrderStatus, TradeRecord } from '../state';
import { type Route, accountOf, ok } from '../http/routing';
import {
  checkScaled,
  countText,
  deadlineOf,
  decimalText,
  instantText,
  intText,
  pairName,
  validate,
} from '../http/validate';
import { num, v1Num } from '../http/wire';

/** v1 order status: 1 Active, 2 Canceled, 3 Done. */
export function v1Status(s: OrderStatus): 1 | 2 | 3 {
  if (s === 'FILLED') return 3;
  if (s === 'PENDING' || s === 'OPEN' || s === 'PARTIAL_FILLED') return 1;
  return 2;
}

const seconds = (ms: number): ReturnType<typeof num> => num((ms / 1000).toFixed(6));

function knownPair(name: string): NonNullable<ReturnType<typeof findPair>> {
  const p = findPair(name);
  if (p === undefined) throw notFound(`Unknown pair ${name}`);
  return p;
}

/** The largest page any list route serves: bigger asks are refused, not walked. */
const MAX_LIMIT = 100_000;
const limitText = countText(MAX_LIMIT);

// Request schemas, built once at load (not per request).
const listQuery = z.object({
  pair: pairName.optional(),
  type: z.enum(['buy', 'sell']).optional(),
  limit: limitText.optional(),
  offset: intText.optional(),
  ordering: z.enum(['id', '-id']).optional(),
});
const pairsQuery = z.object({ currency1: z.string().optional(), currency2: z.string().optional() });
const tickerQuery = z.object({ pair: pairName.optional() });
const orderbookQuery = z.object({
  limit_sell: limitText.optional(),
  limit_buy: limitText.optional(),
  limit_asks: limitText.optional(),
  limit_bids: limitText.optional(),
  group: z.enum(['0', '1']).optional(),
});
const walletsQuery = z.object({ currency_id: z.string().optional() });
const ownOrdersQuery = z.object({
  type: z.enum(['buy', 'sell']).optional(),
  pair: pairName.optional(),
  status: z.enum(['1', '2', '3']).optional(),
  limit: limitText.optional(),
});
const orderBody = z.object({
  type: z.enum(['buy', 'sell']),
  pair: pairName,
  amount: decimalText,
  price: decimalText,
  /** v1 has no documented deadline: `valid_till` (unix ms or RFC 3339, signed like any param) is this exchange's. */
  valid_till: instantText.optional(),
});
const cancelBody = z.object({ order: intText });
const orderPath = z.object({ id: intText });
const withdrawsQuery = z.object({
  currency_id: z.string().optional(),
  status: z.enum(['10', '20', '30', '40', '50']).optional(),
});
const chartQuery = z.object({ limit: limitText.optional(), since: intText.optional(), until: intText.optional() });

/**
 * A page of trades: `read` gets the pair and the page (ordering, type filter, offset, limit) and reads only
 * that from its index, stopping at the page's end.
 */
function tradeRows(
  read: (pair: string | undefined, page: Slice<TradeRecord>) => TradeRecord[],
  q: z.output<typeof listQuery>,
  sideOf: (t: TradeRecord) => 'buy' | 'sell',
  accountOfTrade: (t: TradeRecord) => number,
) {
  if (q.pair !== undefined) knownPair(q.pair);
  const type = q.type;
  const rows = read(q.pair, {
    newestFirst: (q.ordering ?? '-id') === '-id',
    ...(type !== undefined ? { where: (t: TradeRecord) => sideOf(t) === type } : {}),
    offset: q.offset ?? 0,
    limit: q.limit ?? 100,
  });
  return rows.map((t) => ({
    id: t.id,
    account_id: accountOfTrade(t),
    price: v1Num(t.price),
    pair: t.pair,
    type: sideOf(t),
    timestamp: seconds(t.time),
    amount: v1Num(t.amount),
  }));
}

export function v1Routes(core: PaperCore): Route[] {
  const ex = core.exchange;
  return [
    {
      method: 'GET',
      pattern: /^\/api\/v1\/currencies$/,
      auth: 'public',
      handle: () => ok(CURRENCIES.map((c) => ({ sign: c.sign, short_name: c.shortName }))),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/pairs$/,
      auth: 'public',
      handle: (ctx) => {
        const q = validate(pairsQuery, ctx.query);
        return ok(
          pairsOf(q).map((p) => ({
            name: p.name,
            currency1: p.base,
            currency2: p.quote,
            price_precision: p.pricePrecision,
            amount_precision: p.amountPrecision,
            maximum_order_size: p.maxOrderSize.toFixed(8),
            minimum_order_size: p.minOrderSize.toFixed(8),
            minimum_order_value: p.minOrderValue.toFixed(8),
            liquidity_type: 10,
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/ticker$/,
      auth: 'public',
      handle: (ctx) => {
        const q = validate(tickerQuery, ctx.query);
        const pairs = q.pair === undefined ? PAIRS : [knownPair(q.pair)];
        return ok(
          pairs.map((p) => {
            const t = ticker(core, p, ctx.now);
            return {
              timestamp: seconds(ctx.now),
              pair: p.name,
              last: t.last.toFixed(p.pricePrecision),
              diff: t.diff.toFixed(2),
              vol: t.vol.toFixed(p.amountPrecision),
              high: t.high.toFixed(p.pricePrecision),
              low: t.low.toFixed(p.pricePrecision),
              buy: t.buy.toFixed(p.pricePrecision),
              sell: t.sell.toFixed(p.pricePrecision),
            };
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/orderbook\/([^/]+)$/,
      auth: 'public',
      handle: (ctx) => {
        const p = knownPair(ctx.pathParams[0] as string);
        const q = validate(orderbookQuery, ctx.query);
        const grouped = q.group === '1';
        const rows = (side: 'buy' | 'sell', limit: number | undefined) =>
          depth(core, p, side, limit ?? Number.POSITIVE_INFINITY, grouped).map((r) => ({
            price: num(r.price.toFixed(p.pricePrecision)),
            amount: num(r.amount.toFixed(p.amountPrecision)),
          }));
        return ok({ sell: rows('sell', q.limit_sell ?? q.limit_asks), buy: rows('buy', q.limit_buy ?? q.limit_bids) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/exchanges$/,
      auth: 'public',
      handle: (ctx) => {
        const q = validate(listQuery, ctx.query);
        return ok(
          tradeRows(
            (pair, page) => core.tape({ ...(pair !== undefined ? { pair } : {}), ...page }),
            q,
            (t) => (t.takerSide === 'BUY' ? 'buy' : 'sell'),
            (t) => (t.takerSide === 'BUY' ? t.buyerId : t.sellerId),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/exchanges\/own$/,
      auth: 'v1',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = validate(listQuery, ctx.query);
        // A self-trade is reported from the buying side.
        return ok(
          tradeRows(
            (pair, page) => core.tradesOf(me, { ...(pair !== undefined ? { pair } : {}), ...page }),
            q,
            (t) => (t.buyerId === me ? 'buy' : 'sell'),
            () => me,
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/order\/(\d+)$/,
      auth: 'public',
      handle: (ctx) => {
        const { id } = validate(orderPath, { id: ctx.pathParams[0] });
        const o = ex.order(id);
        if (o === undefined) throw notFound(`Order ${id} not found`);
        return ok({
          id: o.id,
          date: o.createdAt,
          pair: o.pair,
          type: o.side === 'BUY' ? 'buy' : 'sell',
          price: v1Num(o.price),
          amount: v1Num(isActive(o) ? o.amount.sub(o.filled) : ZERO),
          amount_filled: o.filled.toFixed(8),
          amount_original: v1Num(o.amount),
          status: String(v1Status(o.status)),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/wallets$/,
      auth: 'v1',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = validate(walletsQuery, ctx.query);
        const currencies = CURRENCIES.map((c) => c.shortName).filter(
          (c, i) => q.currency_id === undefined || q.currency_id === c || q.currency_id === String(i + 1),
        );
        return ok(
          currencies.map((c) => {
            const w = core.ledger.find(me, 'SPOT', '', c);
            return { currency: c, balance: v1Num(w?.balance ?? ZERO), reserve: v1Num(w?.reserve ?? ZERO) };
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/orders\/own$/,
      auth: 'v1',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = validate(ownOrdersQuery, ctx.query);
        // Status 1 reads the active index; 2 and 3 only finished orders; newest first, up to the limit.
        const rows = core.ordersOf(me, {
          ...(q.pair !== undefined ? { pair: q.pair } : {}),
          ...(q.status !== undefined ? { active: q.status === '1' } : {}),
          newestFirst: true,
          limit: q.limit ?? 2000,
          where: (o: OrderRecord) =>
            (q.type === undefined || (o.side === 'BUY' ? 'buy' : 'sell') === q.type) &&
            (q.status === undefined || String(v1Status(o.status)) === q.status),
        });
        return ok(
          rows.map((o) => ({
            id: o.id,
            pair: o.pair,
            type: o.side === 'BUY' ? 'buy' : 'sell',
            status: v1Status(o.status),
            price: v1Num(o.price),
            amount: v1Num(o.amount),
            amount_filled: v1Num(o.filled),
            date: o.createdAt,
          })),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v1\/order$/,
      auth: 'v1',
      mutates: true,
      deadline: (ctx) => deadlineOf(ctx.body.params, instantText),
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const p = validate(orderBody, ctx.body.params);
        const spec = knownPair(p.pair);
        checkScaled('price', p.price, spec.pricePrecision);
        checkScaled('amount', p.amount, spec.amountPrecision);
        const r = core.place(
          {
            accountId: me,
            pair: p.pair,
            side: p.type === 'buy' ? 'BUY' : 'SELL',
            type: 'LIMIT',
            tif: 'GTC',
            walletType: 'SPOT',
            price: p.price,
            amount: p.amount,
          },
          ctx.now,
        );
        const o = r.order;
        return ok({
          success: true,
          type: p.type,
          date: seconds(o.createdAt),
          oid: o.id,
          price: v1Num(o.price),
          amount: v1Num(isActive(o) ? o.amount.sub(o.filled) : ZERO),
          // As the live v1 exchange sent them beside the documented fields.
          amount_filled: o.filled.toFixed(8),
          amount_original: o.amount.toFixed(8),
          trades: r.trades.map((t) => ({
            type: t.buyOrderId === o.id ? 'sell' : 'buy',
            price: v1Num(t.price),
            o_id: t.buyOrderId === o.id ? t.sellOrderId : t.buyOrderId,
            amount: v1Num(t.amount),
            tid: t.id,
          })),
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v1\/order-cancel$/,
      auth: 'v1',
      mutates: true,
      handle: (ctx) => {
        const p = validate(cancelBody, ctx.body.params);
        core.cancel(accountOf(ctx).id, p.order, ctx.now);
        return ok({ order: p.order });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/deposits$/,
      auth: 'v1',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        return ok(
          core
            .depositsOf(me)
            .map((d) => ({ timestamp: seconds(d.time), id: d.id, currency: d.currency, amount: v1Num(d.amount) })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\/withdraws$/,
      auth: 'v1',
      handle: (ctx) => {
        validate(withdrawsQuery, ctx.query);
        return ok([]); // the paper exchange has no withdrawals
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/charts\/([^/]+)\/([^/]+)\/chart$/,
      auth: 'public',
      handle: (ctx) => {
        const p = knownPair(ctx.pathParams[0] as string);
        const tf = ctx.pathParams[1] as string;
        if (!isTimeframe(tf))
          throw notFound(`Unknown timeframe ${tf}: use one of ${Object.keys(TIMEFRAMES).join(', ')}`);
        const q = validate(chartQuery, ctx.query);
        const rows = core.candles.query(p.name, tf, q.limit ?? CANDLE_LIMIT_DEFAULT, q.since, q.until);
        return ok(
          rows.map((c) => ({
            volume: num(fromScaled(c.volume, p.amountPrecision).toFixed(p.amountPrecision)),
            high: num(fromScaled(c.high, p.pricePrecision).toFixed(p.pricePrecision)),
            low: num(fromScaled(c.low, p.pricePrecision).toFixed(p.pricePrecision)),
            close: num(fromScaled(c.close, p.pricePrecision).toFixed(p.pricePrecision)),
            time: c.time,
            open: num(fromScaled(c.open, p.pricePrecision).toFixed(p.pricePrecision)),
          })),
        );
      },
    },
  ];
}
