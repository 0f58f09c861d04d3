/** Schemas of the v3 responses, producing the domain model. Times RFC 3339 (or epoch), amounts numbers or strings. */
import { z } from 'zod';
import type {
  Balance,
  ExchangeAccount,
  FeeRule,
  MarginBorrow,
  MarginInterest,
  MarginLiquidation,
  MarginPosition,
  MarginRepay,
  MarginTransfer,
  Order,
  OwnTrade,
  WalletMotion,
} from '../../../preload/domain';
import { orderTypeV3 } from '../normalise/enums';
import {
  zBool,
  zBoolOpt,
  zDec,
  zDecOpt,
  zDecOr0,
  zEnum,
  zInt,
  zIntList,
  zIntOpt,
  zStr,
  zStrOpt,
  zTime,
  zTimeOpt,
  zOrderType,
  zTif,
} from './primitives';
import { balanceFromV3Row } from '../normalise/holdings';

const zSide = zEnum(['buy', 'sell'] as const, 'BUY or SELL');
const zWallet = zEnum(['SPOT', 'ISOLATED_MARGIN', 'CROSS_MARGIN'] as const, 'a wallet type');
const zLoan = zEnum(['LOAN_MANUAL', 'LOAN_AUTO'] as const, 'a loan type');
const zStatus = zEnum(
  ['PENDING', 'OPEN', 'PARTIAL_FILLED', 'FILLED', 'CANCELLED', 'PARTIAL_CANCELLED', 'EXPIRED', 'FAILED'] as const,
  'an order status',
);

/** Today's exchange answers the JWT as a bare JSON string; the earlier reading was `{token, expires_at}`. */
export const authSchema = z.union([
  z.string().transform((token) => ({ token, expires_at: null })),
  z.object({ token: zStr, expires_at: zTimeOpt }),
]);

export const feeSchema = z
  .object({
    name: zStrOpt,
    account_id: zInt,
    is_active: zBool,
    currency: zStrOpt,
    pair: zStrOpt,
    taker_fee_rate: zDec,
    maker_fee_rate: zDec,
    fee_currency: zStrOpt,
    priority: zInt,
  })
  .transform(
    (w): FeeRule => ({
      accountId: w.account_id,
      name: w.name ?? '',
      active: w.is_active,
      currency: w.currency,
      pair: w.pair,
      takerRate: w.taker_fee_rate,
      makerRate: w.maker_fee_rate,
      feeCurrency: w.fee_currency,
      priority: w.priority,
    }),
  );

export const orderV3Schema = z
  .object({
    id: zInt,
    account_id: zIntOpt,
    pair: zStr,
    wallet_type: zWallet,
    side: zSide,
    type: zOrderType,
    tif: zTif,
    price: zDecOr0,
    stop_price: zDecOpt,
    amount: zDec,
    amount_filled: zDecOr0,
    amount_cancelled: zDecOr0,
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
      amount: w.amount,
      filled: w.amount_filled,
      cancelled: w.amount_cancelled,
      status: w.status,
      walletType: w.wallet_type,
      createdAt: w.date,
      updatedAt: w.updated_at,
      doneAt: w.done_at,
      expireAt: w.expire_after,
    };
  });

/** POST /orders answers with the bare order id. */
export const placeOrderV3Schema = zInt;

/** DELETE /orders: 202 with the list of cancelled ids, 204 (empty body) when nothing was cancelled. */
export const cancelOrdersV3Schema = z.union([z.undefined(), z.array(zInt)]).transform((v) => v ?? []);

export const accountSchema = z.object({ id: zInt, name: zStrOpt, email: zStrOpt, id_parent: zIntOpt }).transform(
  (w): ExchangeAccount => ({
    id: w.id,
    name: w.name ?? '',
    email: w.email,
    parentId: w.id_parent === null || w.id_parent === 0 ? null : w.id_parent,
  }),
);

export const accountTradeSchema = z
  .object({
    id: zIntOpt,
    order_id: zIntOpt,
    date: zTime,
    side: zSide,
    price: zDec,
    amount: zDec,
    fee_rate: zDecOpt,
    fee_amount: zDecOr0,
    is_maker: zBoolOpt,
    account_id: zIntOpt,
    pair: zStr,
    fee_currency: zStrOpt,
    wallet_type: zWallet,
  })
  .transform(
    (w): OwnTrade => ({
      id: w.id,
      orderId: w.order_id,
      pair: w.pair,
      side: w.side,
      price: w.price,
      amount: w.amount,
      fee: w.fee_amount,
      feeCurrency: w.fee_currency,
      feeRate: w.fee_rate,
      isMaker: w.is_maker,
      time: w.date,
      walletType: w.wallet_type,
      accountId: w.account_id,
    }),
  );

export const balanceV3Schema = z
  .object({
    account_id: zIntOpt,
    balance: zDec,
    reserve: zDec,
    currency: zStr,
    pair: zStrOpt,
    wallet_type: zWallet,
    last_update_at: zTimeOpt,
  })
  .transform((w): Balance => balanceFromV3Row(w));

export const walletMotionSchema = z
  .object({
    id: zInt,
    account_id: zInt,
    currency: zStr,
    pair: zStrOpt,
    wallet_id: zIntOpt,
    date: zTime,
    type: zStr,
    balance: zDec,
    balance_delta: zDec,
    reserve: zDec,
    reserve_delta: zDec,
    balance_end: zDec,
    reserve_end: zDec,
    wallet_type: zWallet,
  })
  .transform(
    (w): WalletMotion => ({
      id: w.id,
      accountId: w.account_id,
      currency: w.currency,
      pair: w.pair,
      walletId: w.wallet_id,
      time: w.date,
      type: w.type,
      balance: w.balance,
      balanceDelta: w.balance_delta,
      reserve: w.reserve,
      reserveDelta: w.reserve_delta,
      balanceEnd: w.balance_end,
      reserveEnd: w.reserve_end,
      walletType: w.wallet_type,
    }),
  );

/** The contract's sample spells `currecny`; the exchange may send either key. */
export const marginPositionSchema = z
  .object({
    id: zInt,
    account_id: zInt,
    wallet_type: zWallet,
    interest: zDec,
    currency: zStrOpt,
    currecny: zStrOpt,
    borrowed: zDec,
    pair: zStrOpt,
    margin_level: zDecOpt,
  })
  .transform((w, ctx): MarginPosition => {
    const currency = w.currency ?? w.currecny;
    if (currency === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a currency, got nothing (missing)', path: ['currency'] });
      return z.NEVER as never;
    }
    return {
      id: w.id,
      accountId: w.account_id,
      walletType: w.wallet_type,
      currency,
      pair: w.pair,
      borrowed: w.borrowed,
      interest: w.interest,
      marginLevel: w.margin_level,
    };
  });

export const marginBorrowSchema = z
  .object({
    id: zInt,
    date: zTime,
    type: zLoan,
    wallet_type: zWallet,
    opened_at: zTimeOpt,
    closed_at: zTimeOpt,
    borrowed: zDec,
    repaid: zDecOr0,
    interest_rate: zDec,
    interest_accrued: zDecOr0,
    interest_paid: zDecOr0,
    account_id: zInt,
    currency: zStr,
    pair: zStrOpt,
    last_interest_at: zTimeOpt,
  })
  .transform(
    (w): MarginBorrow => ({
      id: w.id,
      time: w.date,
      type: w.type,
      walletType: w.wallet_type,
      openedAt: w.opened_at,
      closedAt: w.closed_at,
      borrowed: w.borrowed,
      repaid: w.repaid,
      interestRate: w.interest_rate,
      interestAccrued: w.interest_accrued,
      interestPaid: w.interest_paid,
      accountId: w.account_id,
      currency: w.currency,
      pair: w.pair,
      lastInterestAt: w.last_interest_at,
    }),
  );

export const marginTransferSchema = z
  .object({
    id: zInt,
    account_id: zInt,
    wallet_type: zWallet,
    date: zTime,
    direction: zEnum(['ADD', 'SUB'] as const, 'ADD or SUB'),
    currency: zStr,
    pair: zStrOpt,
    amount: zDec,
    note: zStrOpt,
  })
  .transform(
    (w): MarginTransfer => ({
      id: w.id,
      accountId: w.account_id,
      walletType: w.wallet_type,
      time: w.date,
      direction: w.direction,
      currency: w.currency,
      pair: w.pair,
      amount: w.amount,
      note: w.note ?? '',
    }),
  );

export const marginRepaySchema = z
  .object({
    id: zInt,
    account_id: zInt,
    wallet_type: zWallet,
    date: zTime,
    type: zLoan,
    currency: zStr,
    pair: zStrOpt,
    principal_amount: zDec,
    interest_amount: zDecOr0,
    borrow_id: zIntOpt,
  })
  .transform(
    (w): MarginRepay => ({
      id: w.id,
      accountId: w.account_id,
      walletType: w.wallet_type,
      time: w.date,
      type: w.type,
      currency: w.currency,
      pair: w.pair,
      principal: w.principal_amount,
      interest: w.interest_amount,
      borrowId: w.borrow_id,
    }),
  );

export const marginInterestSchema = z
  .object({
    id: zInt,
    account_id: zInt,
    wallet_type: zWallet,
    date: zTime,
    currency: zStr,
    pair: zStrOpt,
    interest_rate: zDec,
    borrow_id: zIntOpt,
    interest_accrued: zDecOr0,
    interest_paid: zDecOr0,
  })
  .transform(
    (w): MarginInterest => ({
      id: w.id,
      accountId: w.account_id,
      walletType: w.wallet_type,
      time: w.date,
      currency: w.currency,
      pair: w.pair,
      interestRate: w.interest_rate,
      borrowId: w.borrow_id,
      interestAccrued: w.interest_accrued,
      interestPaid: w.interest_paid,
    }),
  );

export const marginLiquidationSchema = z
  .object({
    id: zInt,
    account_id: zInt,
    created_at: zTime,
    wallet_type: zWallet,
    margin_level: zDec,
    closed_at: zTimeOpt,
    amount: zDec,
    fund_amount: zDec,
    currency: zStr,
    /** The isolated pair; the documented shape has none, so absent or "" reads as null. */
    pair: zStrOpt,
    order_closed: zIntList,
    order_created: zIntList,
    borrow_closed: zIntList,
    repay_created: zIntList,
  })
  .transform(
    (w): MarginLiquidation => ({
      id: w.id,
      accountId: w.account_id,
      createdAt: w.created_at,
      walletType: w.wallet_type,
      marginLevel: w.margin_level,
      closedAt: w.closed_at,
      amount: w.amount,
      fundAmount: w.fund_amount,
      currency: w.currency,
      pair: w.pair ? w.pair : null,
      ordersClosed: w.order_closed,
      ordersCreated: w.order_created,
      borrowsClosed: w.borrow_closed,
      repaysCreated: w.repay_created,
    }),
  );
