import { z } from 'zod';
import type { PaperCore } from '../../core';
import { isActive } from '../../exchange';
import { type Route, accountOf, empty, ok } from '../../http/routing';
import type { Account, OrderType, TimeInForce } from '../../state';
import { findPair } from '../../market';
import { dec, fromScaled } from '../../money';
import { placeInput } from '../placeInput';
import { FormError, formError, parseForm } from './errors';
import { NEVER_MS, boolIn, intIn, moneyIn, pairIn, sideIn, timeIn, walletTypeIn } from './wire';

const optionalTime = z.union([timeIn, z.literal('')]).optional();

/** POST /api/v3/trading/order: the docs' fields plus what the official client sends (`side_effect`, `tif`, ...). */
const orderBody = z.object({
  account_id: intIn.optional(),
  pair: pairIn,
  order_type: z.enum(['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET', 'STOP']),
  order_side: sideIn,
  wallet_type: walletTypeIn.default('SPOT'),
  base_amount: moneyIn,
  quote_amount: moneyIn,
  limit_price: moneyIn,
  stop_price: moneyIn,
  stop_operator: z.enum(['', 'GTE', 'LTE']).default(''),
  client_order_id: z.string().max(64, 'must be at most 64 characters').default(''),
  post_only: boolIn.default(false),
  // The official client spells "no side effect" NO_SIDE_EFFECT and auto-repay AUTO_REPLAY.
  side_effect: z
    .enum(['', 'NO_SIDE_EFFECT', 'AUTO_BORROW', 'AUTO_REPAY', 'AUTO_REPLAY'])
    .default('')
    .transform((s) => (s === 'AUTO_BORROW' ? s : s === 'AUTO_REPAY' || s === 'AUTO_REPLAY' ? 'AUTO_REPAY' : '')),
  expire_after: optionalTime,
  valid_till: optionalTime,
  tif: z.enum(['GTC', 'IOC', 'FOK', 'AON', 'UNDEFINED_TIME_IN_FORCE']).default('GTC'),
});

const cancelBody = z.object({
  order_ids: z.array(intIn).min(1, 'must list at least one order id').max(1000).optional(),
  all: boolIn.optional(),
  pair: z.union([pairIn, z.literal('')]).optional(),
});

/** The account the request acts for: the caller or, when `account_id` names one, one of its subaccounts. */
export function actingAccount(core: PaperCore, me: Account, requested: number | undefined): number {
  if (requested === undefined || requested === me.id) return me.id;
  const target = core.accounts.get(requested);
  if (target === undefined || target.parentId !== me.id)
    throw formError('account_id', `${requested} is not this account or one of its subaccounts`);
  return target.id;
}

export function currentTradingRoutes(core: PaperCore): Route[] {
  const ex = core.exchange;
  const json = (body: unknown): unknown => body ?? {};
  return [
    {
      method: 'POST',
      pattern: /^\/api\/v3\/trading\/order$/,
      auth: 'v3',
      dialect: 'current',
      mutates: true,
      handle: (ctx) => {
        const b = parseForm(orderBody, json(ctx.body.json));
        const accountId = actingAccount(core, accountOf(ctx), b.account_id);
        const type: OrderType =
          b.order_type === 'STOP' ? (b.limit_price !== undefined ? 'STOP_LIMIT' : 'STOP_MARKET') : b.order_type;
        const limit = type === 'LIMIT' || type === 'STOP_LIMIT';
        const problems: Record<string, string> = {};
        if (limit && b.limit_price === undefined) problems.limit_price = 'required for limit orders';
        if (limit && b.base_amount === undefined) problems.base_amount = 'required for limit orders';
        if (limit && b.quote_amount !== undefined) problems.quote_amount = 'allowed for market orders only';
        if (!limit && b.base_amount === undefined && b.quote_amount === undefined)
          problems.base_amount = 'base_amount or quote_amount is required';
        if ((type === 'STOP_LIMIT' || type === 'STOP_MARKET') && b.stop_price === undefined)
          problems.stop_price = 'required for stop orders';
        if (b.valid_till !== undefined && b.valid_till !== '' && b.valid_till <= ctx.now)
          problems.valid_till = 'already passed';
        if (b.expire_after !== undefined && b.expire_after !== '' && b.expire_after <= ctx.now)
          problems.expire_after = 'already passed';
        if (b.post_only && type !== 'LIMIT') problems.post_only = 'only for limit orders';
        if (Object.keys(problems).length > 0) throw new FormError(problems);
        if (b.post_only && b.limit_price !== undefined) {
          // A post-only order that would take liquidity is refused, so it can only ever be a maker.
          const spec = findPair(b.pair);
          const book = ex.bookOf(b.pair);
          const best = b.order_side === 'BUY' ? book.bestAsk() : book.bestBid();
          const price = dec(b.limit_price);
          if (spec !== undefined && !Number.isNaN(best)) {
            const touch = fromScaled(best, spec.pricePrecision);
            if (b.order_side === 'BUY' ? price.gte(touch) : price.lte(touch))
              throw formError(
                'post_only',
                `the order would trade at once against the ${b.order_side === 'BUY' ? 'asks' : 'bids'}`,
              );
          }
        }
        // The official client's default expiry (3000-01-01) means "never".
        const expireAt =
          b.expire_after === undefined || b.expire_after === '' || b.expire_after >= NEVER_MS
            ? undefined
            : b.expire_after;
        // The official client's "undefined" time in force is the exchange's default, GTC.
        const tif: TimeInForce = b.tif === 'UNDEFINED_TIME_IN_FORCE' ? 'GTC' : b.tif;
        const r = core.place(placeInput(accountId, b, { type, tif, expireAt }), ctx.now);
        return ok([r.order.id], 201);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/v3\/trading\/order$/,
      auth: 'v3',
      dialect: 'current',
      mutates: true,
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const b = parseForm(cancelBody, json(ctx.body.json));
        const chosen = [b.order_ids !== undefined, b.all === true, b.pair !== undefined && b.pair !== ''].filter(
          Boolean,
        ).length;
        if (chosen !== 1) throw formError('order_ids', 'send exactly one of order_ids, all: true or pair');
        if (b.order_ids === undefined) {
          core.cancelMany(me, null, b.all === true ? '' : (b.pair ?? ''), ctx.now);
          return empty(202);
        }
        const answer: Record<string, string> = {};
        const active: number[] = [];
        for (const id of b.order_ids) {
          const o = ex.order(id);
          if (o === undefined || o.accountId !== me) answer[String(id)] = 'order not found';
          else if (!isActive(o)) answer[String(id)] = `order is ${o.status}`;
          else {
            answer[String(id)] = 'CANCELLED';
            active.push(id);
          }
        }
        if (active.length > 0) core.cancelMany(me, active, '', ctx.now);
        return ok(answer);
      },
    },
  ];
}
