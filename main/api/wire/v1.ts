/** Schemas of the v1 responses (and charts), producing the domain model. Accept numbers or numeric strings. */
import { z } from 'zod';
import type {
  BookLevel,
  Candle,
  Currency,
  Deposit,
  Order,
  Pair,
  PublicTrade,
  Ticker,
  Withdraw,
  Balance,
  OwnTrade,
} from '../../../preload/domain';
import { D } from '../decimal';
import { orderStatusV1, withdrawStatus } from '../normalise/enums';
import { zBoolOpt, zDec, zDecOpt, zEnum, zInt, zIntOpt, zStr, zStrOpt, zTime, zTimeOpt } from './primitives';
import { holdingsFromFree } from '../normalise/holdings';

const zSide = zEnum(['buy', 'sell'] as const, 'buy or sell');

export const currencySchema = z
  .object({ short_name: zStr, sign: zStrOpt })
  .transform((w): Currency => ({ code: w.short_name, sign: w.sign ?? '' }));

export const pairSchema = z
  .object({
    name: zStr,
    currency1: zStr,
    currency2: zStr,
    price_precision: zInt,
    amount_precision: zInt,
    maximum_order_size: zDec,
    minimum_order_size: zDec,
    minimum_order_value: zDecOpt,
    liquidity_type: zIntOpt,
  })
  .transform(
    (w): Pair => ({
      name: w.name,
      base: w.currency1,
      quote: w.currency2,
      pricePrecision: w.price_precision,
      amountPrecision: w.amount_precision,
      minOrderSize: w.minimum_order_size,
      maxOrderSize: w.maximum_order_size,
      minOrderValue: w.minimum_order_value,
      liquidityType: w.liquidity_type,
    }),
  );

export const tickerSchema = z
  .object({
    timestamp: zTime,
    pair: zStr,
    last: zDec,
    diff: zDec,
    vol: zDec,
    high: zDec,
    low: zDec,
    buy: zDec,
    sell: zDec,
  })
  .transform(
    (w): Ticker => ({
      pair: w.pair,
      time: w.timestamp,
      last: w.last,
      changePct: w.diff,
      volume: w.vol,
      high: w.high,
      low: w.low,
      bid: w.buy,
      ask: w.sell,
    }),
  );

export const candleSchema = z
  .object({ time: zTime, open: zDec, high: zDec, low: zDec, close: zDec, volume: zDec })
  .transform(
    (w): Candle => ({ time: w.time, open: w.open, high: w.high, low: w.low, close: w.close, volume: w.volume }),
  );

const levelSchema = z
  .object({ price: zDec, amount: zDec })
  .transform((w): BookLevel => ({ price: w.price, amount: w.amount }));

function byPrice(desc: boolean) {
  return (a: BookLevel, b: BookLevel) => {
    const c = new D(a.price).comparedTo(b.price);
    return desc ? -c : c;
  };
}

/** Bids best (highest) first, asks best (lowest) first; the caller adds pair and time. */
export const orderbookSchema = z.object({ sell: z.array(levelSchema), buy: z.array(levelSchema) }).transform((w) => ({
  bids: [...w.buy].sort(byPrice(true)),
  asks: [...w.sell].sort(byPrice(false)),
}));

const exchangeWire = z.object({
  id: zInt,
  account_id: zIntOpt,
  price: zDec,
  pair: zStr,
  type: zSide,
  timestamp: zTime,
  amount: zDec,
});

export const publicTradeSchema = exchangeWire.transform(
  (w): PublicTrade => ({ id: w.id, pair: w.pair, side: w.type, price: w.price, amount: w.amount, time: w.timestamp }),
);

/** v1 own exchanges: `type` is read as the account's own side. v1 reports no fee: fee "0", feeCurrency null. */
export const ownTradeV1Schema = exchangeWire.transform(
  (w): OwnTrade => ({
    id: w.id,
    orderId: null,
    pair: w.pair,
    side: w.type,
    price: w.price,
    amount: w.amount,
    fee: '0',
    feeCurrency: null,
    feeRate: null,
    isMaker: null,
    time: w.timestamp,
    walletType: 'SPOT',
    accountId: w.account_id,
  }),
);

function statusIssue(ctx: z.core.$RefinementCtx, code: number, path: string) {
  ctx.addIssue({ code: 'custom', message: `expected an order status (1, 2 or 3), got ${code}`, path: [path] });
  return z.NEVER;
}

function v1Order(
  w: { id: number; pair: string; type: 'buy' | 'sell'; price: string; status: number },
  original: string,
  filled: string,
  createdAt: number,
  ctx: z.core.$RefinementCtx,
): Order {
  const status = orderStatusV1(w.status, filled);
  if (!status) return statusIssue(ctx, w.status, 'status') as never;
  const cancelled = status === 'CANCELLED' ? new D(original).minus(filled).toFixed() : '0';
  return {
    id: w.id,
    clientOrderId: null,
    accountId: null,
    pair: w.pair,
    side: w.type,
    type: 'LIMIT',
    tif: null,
    price: w.price,
    stopPrice: null,
    amount: original,
    filled,
    cancelled,
    status,
    walletType: 'SPOT',
    createdAt,
    updatedAt: null,
    doneAt: null,
    expireAt: null,
  };
}

/** Public single order: `amount` is what remains; `amount_original` and `amount_filled` complete it. */
export const singleOrderSchema = z
  .object({
    id: zInt,
    date: zTime,
    pair: zStr,
    type: zSide,
    price: zDec,
    amount: zDec,
    amount_filled: zDecOpt,
    amount_original: zDecOpt,
    status: zInt,
  })
  .transform((w, ctx) => {
    const filled =
      w.amount_filled ?? (w.amount_original !== null ? new D(w.amount_original).minus(w.amount).toFixed() : '0');
    const original = w.amount_original ?? new D(w.amount).plus(filled).toFixed();
    return v1Order(w, original, filled, w.date, ctx);
  });

/** Own orders: `amount` is the original amount; `amount_filled` and `date` (ms) when the exchange sends them. */
export const ownOrderSchema = z
  .object({
    id: zInt,
    pair: zStr,
    type: zSide,
    status: zInt,
    price: zDec,
    amount: zDec,
    amount_filled: zDecOpt,
    date: zTimeOpt,
  })
  .transform((w, ctx) => {
    const filled = w.amount_filled ?? (w.status === 3 ? w.amount : '0');
    return v1Order(w, w.amount, filled, w.date ?? 0, ctx);
  });

export const walletSchema = z.object({ currency: zStr, balance: zDec, reserve: zDec }).transform(
  (w): Balance => ({
    currency: w.currency,
    ...holdingsFromFree(w.balance, w.reserve),
    walletType: 'SPOT',
    pair: null,
    accountId: null,
    updatedAt: null,
  }),
);

export const createOrderSchema = z.object({
  success: zBoolOpt,
  type: zSide,
  date: zTime,
  oid: zInt,
  price: zDec,
  amount: zDec,
  trades: z
    .array(z.object({ type: zSide, price: zDec, o_id: zIntOpt, amount: zDec, tid: zIntOpt }))
    .nullish()
    .transform((t) => t ?? []),
});
export type CreateOrderWire = z.output<typeof createOrderSchema>;

export const cancelOrderSchema = z.object({ order: zInt });

export const depositSchema = z
  .object({ timestamp: zTime, id: zInt, currency: zStr, amount: zDec })
  .transform((w): Deposit => ({ id: w.id, currency: w.currency, amount: w.amount, time: w.timestamp }));

export const withdrawSchema = z
  .object({ id: zInt, timestamp: zTime, currency: zStr, amount: zDec, status: zInt })
  .transform((w, ctx): Withdraw => {
    const status = withdrawStatus(w.status);
    if (!status) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a withdraw status (10-50), got ${w.status}`,
        path: ['status'],
      });
      return z.NEVER as never;
    }
    return { id: w.id, currency: w.currency, amount: w.amount, time: w.timestamp, status };
  });
