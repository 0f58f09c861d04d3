/**
 * Schemas of today's exchange (../shared/alp-api-current.md) where its answers differ from the documented v3:
 * sides BID/ASK (or BUY/SELL), `amount_canceled`, `PARTIAL_CANCELED`, FUNDING wallets, trades with `timestamp`
 * and `fee`, `parent_id`, order ids in an array, a cancel answer as a map id -> outcome. Public market data has
 * the documented v1 shapes (those schemas are reused). Every schema accepts either spelling where the docs and
 * the official client disagree.
 */
import { z } from 'zod';
import type { Balance, ExchangeAccount, Order, OwnTrade, Side, Ticker, WalletType } from '../../../preload/domain';
import { orderTypeV3 } from '../normalise/enums';
import {
  zBoolOpt,
  zDec,
  zDecOpt,
  zDecOr0,
  zEnumOpt,
  zInt,
  zIntOpt,
  zStr,
  zStrOpt,
  zTime,
  zTimeOpt,
  zOrderType,
  zTif,
} from './primitives';
import { balanceFromV3Row } from '../normalise/holdings';

const SIDES: Record<string, Side> = { BUY: 'buy', BID: 'buy', SELL: 'sell', ASK: 'sell' };
/** BUY/BID -> buy, SELL/ASK -> sell, any case. */
export const zSideAny = z.any().transform((v, ctx): Side => {
  const s = typeof v === 'string' ? SIDES[v.toUpperCase()] : undefined;
  if (s) return s;
  ctx.addIssue({ code: 'custom', message: `expected a side (BUY, SELL, BID, ASK), got ${JSON.stringify(v)}` });
  return z.NEVER;
});

const WALLETS: Record<string, WalletType | 'FUNDING'> = {
  SPOT: 'SPOT',
  CROSS_MARGIN: 'CROSS_MARGIN',
  MARGIN_CROSS: 'CROSS_MARGIN',
  ISOLATED_MARGIN: 'ISOLATED_MARGIN',
  MARGIN_ISOLATED: 'ISOLATED_MARGIN',
  FUNDING: 'FUNDING',
};
/** Either spelling of the margin wallets, and FUNDING (which the app does not trade from). */
export const zWalletAny = z.any().transform((v, ctx): WalletType | 'FUNDING' => {
  const w = typeof v === 'string' ? WALLETS[v.toUpperCase()] : undefined;
  if (w) return w;
  ctx.addIssue({
    code: 'custom',
    message: `expected a wallet type (SPOT, CROSS_MARGIN, ISOLATED_MARGIN, FUNDING), got ${JSON.stringify(v)}`,
  });
  return z.NEVER;
});
const zTradeWallet = zWalletAny.transform((w): WalletType => (w === 'FUNDING' ? 'SPOT' : w));

const zStatus = z.any().transform((v, ctx): Order['status'] => {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  const known = ['PENDING', 'OPEN', 'PARTIAL_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const;
  const hit = known.find((k) => k === s);
  if (hit) return hit;
  if (s === 'PARTIAL_CANCELED' || s === 'PARTIAL_CANCELLED') return 'PARTIAL_CANCELLED';
  if (s === 'CANCELED') return 'CANCELLED';
  ctx.addIssue({ code: 'custom', message: `expected an order status, got ${JSON.stringify(v)}` });
  return z.NEVER;
});

const zStopOp = zEnumOpt(['GTE', 'LTE'] as const, 'a stop operator');

export const orderSchema = z
  .object({
    id: zInt,
    account_id: zIntOpt,
    pair: zStr,
    wallet_type: zTradeWallet,
    side: zSideAny,
    type: zOrderType,
    tif: zTif,
    price: zDecOr0,
    stop_price: zDecOpt,
    stop_operator: zStopOp,
    amount: zDec,
    amount_filled: zDecOr0,
    amount_canceled: zDecOpt,
    amount_cancelled: zDecOpt,
    status: zStatus,
    date: zTime,
    updated_at: zTimeOpt,
    open_at: zTimeOpt,
    expire_after: zTimeOpt,
    done_at: zTimeOpt,
    client_order_id: zStrOpt,
  })
  .transform((w): Order => {
    const type = orderTypeV3(w.type, w.price);
    const isStop = type === 'STOP_LIMIT' || type === 'STOP_MARKET';
    // "3000-01-01" is the official client's "never": not an expiry worth showing.
    const expireAt = w.expire_after !== null && w.expire_after < Date.UTC(2999, 0, 1) ? w.expire_after : null;
    return {
      id: w.id,
      clientOrderId: w.client_order_id,
      accountId: w.account_id,
      pair: w.pair,
      side: w.side,
      type,
      tif: w.tif,
      price: w.price,
      stopPrice: isStop ? w.stop_price : null,
      stopOperator: isStop ? w.stop_operator : null,
      amount: w.amount,
      filled: w.amount_filled,
      cancelled: w.amount_canceled ?? w.amount_cancelled ?? '0',
      status: w.status,
      walletType: w.wallet_type,
      createdAt: w.date,
      updatedAt: w.updated_at,
      doneAt: w.done_at,
      expireAt,
    };
  });

/** POST /trading/order answers with the new ids in an array (`[34]`); a bare id is read too. */
export const placeOrderSchema = z
  .union([z.array(zInt).min(1), zInt.transform((id) => [id])])
  .transform((ids) => ids[0] ?? 0);

/**
 * DELETE /trading/order: by ids a map id -> "CANCELLED" or a reason; all/pair: 202 without a body. A list of
 * ids (the documented answer) is read as all cancelled.
 */
export const cancelOrdersSchema = z
  .union([z.undefined(), z.array(zInt), z.record(z.string(), z.string())])
  .transform((v): { cancelled: number[]; refused: { id: number; reason: string }[] } => {
    if (v === undefined) return { cancelled: [], refused: [] };
    if (Array.isArray(v)) return { cancelled: v, refused: [] };
    const cancelled: number[] = [];
    const refused: { id: number; reason: string }[] = [];
    for (const [k, outcome] of Object.entries(v)) {
      const id = Number(k);
      if (/^CANCEL+ED$/i.test(outcome)) cancelled.push(id);
      else refused.push({ id, reason: outcome });
    }
    return { cancelled, refused };
  });

export const accountSchema = z
  .object({ id: zInt, name: zStrOpt, email: zStrOpt, parent_id: zIntOpt, id_parent: zIntOpt })
  .transform((w): ExchangeAccount => {
    const parent = w.parent_id ?? w.id_parent;
    return { id: w.id, name: w.name ?? '', email: w.email, parentId: parent === null || parent === 0 ? null : parent };
  });

/** Docs: `timestamp`, `fee`; the official client's model: `date`, `fee_amount`, `fee_currency`, ... */
export const accountTradeSchema = z
  .object({
    id: zIntOpt,
    order_id: zIntOpt,
    date: zTimeOpt,
    timestamp: zTimeOpt,
    side: zSideAny,
    price: zDec,
    amount: zDec,
    fee: zDecOpt,
    fee_amount: zDecOpt,
    fee_rate: zDecOpt,
    is_maker: zBoolOpt,
    account_id: zIntOpt,
    pair: zStr,
    fee_currency: zStrOpt,
    wallet_type: zTradeWallet.optional(),
  })
  .transform((w, ctx): OwnTrade => {
    const time = w.date ?? w.timestamp;
    if (time === null) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'expected a time (date or timestamp), got nothing' });
      return z.NEVER;
    }
    return {
      id: w.id,
      orderId: w.order_id,
      pair: w.pair,
      side: w.side,
      price: w.price,
      amount: w.amount,
      fee: w.fee_amount ?? w.fee ?? '0',
      feeCurrency: w.fee_currency,
      feeRate: w.fee_rate,
      isMaker: w.is_maker,
      time,
      walletType: w.wallet_type ?? 'SPOT',
      accountId: w.account_id,
    };
  });

/** A balance row; FUNDING rows come back as null (the app trades from SPOT and margin wallets only). */
export const balanceSchema = z
  .object({
    account_id: zIntOpt,
    balance: zDec,
    reserve: zDec,
    currency: zStr,
    pair: zStrOpt,
    wallet_type: zWalletAny,
    last_update_at: zTimeOpt,
  })
  .transform((w): Balance | null =>
    w.wallet_type === 'FUNDING' ? null : balanceFromV3Row({ ...w, wallet_type: w.wallet_type }),
  );

/** Today's ticker carries `diff` (absolute) and `diff_percent`; the app shows the percent. */
export const tickerSchema = z
  .object({
    timestamp: zTime,
    pair: zStr,
    last: zDec,
    diff: zDecOpt,
    diff_percent: zDecOpt,
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
      changePct: w.diff_percent ?? w.diff ?? '0',
      volume: w.vol,
      high: w.high,
      low: w.low,
      bid: w.buy,
      ask: w.sell,
    }),
  );
