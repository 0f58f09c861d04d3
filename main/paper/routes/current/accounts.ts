import { z } from 'zod';
import type { PaperCore } from '../../core';
import { notFound } from '../../errors';
import { type Route, accountOf, ok } from '../../http/routing';
import { historyWindow } from '../../http/validate';
import { rfc3339, v3Num } from '../../http/wire';
import { PAIRS, findPair } from '../../market';
import { ZERO } from '../../money';
import type { OrderRecord, TradeRecord } from '../../state';
import { bidAsk } from '../../ws/messages';
import { formError, parseForm } from './errors';
import { NEVER_ISO, boolIn, currencyIn, intIn, isoTime, pairIn, sideIn, timeIn, walletTypeIn } from './wire';

const DAY = 86_400_000;

/** Both ends given at most 30 days apart (the official client refuses more itself); either may be left out. */
function span(start: number | undefined, end: number | undefined): { from: number; to: number } {
  const from = start ?? Number.NEGATIVE_INFINITY;
  const to = end ?? Number.POSITIVE_INFINITY;
  if (to < from) throw formError('end_time', 'must not be before start_time');
  if (start !== undefined && end !== undefined && to - from > 30 * DAY)
    throw formError('end_time', 'must be at most 30 days after start_time');
  return { from, to };
}

const accountsQuery = z.object({ include_subaccounts: boolIn.optional() });
const balancesQuery = z.object({ currency: currencyIn.optional(), wallet_type: walletTypeIn.optional() });
const ordersQuery = z.object({
  pair: pairIn.optional(),
  open_only: boolIn.optional(),
  side: sideIn.optional(),
  start_time: timeIn.optional(),
  end_time: timeIn.optional(),
  limit: intIn.pipe(z.number().min(1).max(1000, 'must be at most 1000')).optional(),
});
const tradesQuery = z.object({
  // Format only: an unknown pair is a 404 here, as the documented path always answered.
  pair: z
    .string()
    .regex(/^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/, 'must be a pair symbol like BTC_USD')
    .optional(),
  side: sideIn.optional(),
  start_time: timeIn.optional(),
  end_time: timeIn.optional(),
  limit: intIn.pipe(z.number().min(1).max(100, 'must be at most 100')).optional(),
});
const activityQuery = z.object({
  currency: currencyIn.optional(),
  side: sideIn.optional(),
  start_time: timeIn.optional(),
  end_time: timeIn.optional(),
  limit: intIn.pipe(z.number().min(1).max(1000, 'must be at most 1000')).optional(),
  offset: intIn.optional(),
});

/**
 * An order as today's exchange lists it (the docs' and the official client's fields) plus every field of the
 * documented `/api/v3/orders` view. `side` is BID/ASK (the client's enum), `order_side` BUY/SELL (the docs').
 * Times are never null or empty: an order not yet open reports its creation, one without expiry the client's
 * "never", and `done_at` is left out until the order is done.
 */
export function currentOrderView(o: OrderRecord) {
  return {
    id: o.id,
    account_id: o.accountId,
    pair: o.pair,
    amount: v3Num(o.amount),
    price: v3Num(o.price),
    side: bidAsk(o.side),
    order_side: o.side,
    status: o.status,
    type: o.type,
    wallet_type: o.walletType,
    amount_canceled: v3Num(o.cancelled),
    amount_cancelled: v3Num(o.cancelled),
    amount_filled: v3Num(o.filled),
    quote_amount: v3Num(o.quoteAmount),
    date: rfc3339(o.createdAt),
    open_at: isoTime(o.openAt, rfc3339(o.createdAt)),
    tif: o.tif,
    updated_at: rfc3339(o.updatedAt),
    ...(o.doneAt > 0 ? { done_at: rfc3339(o.doneAt) } : {}),
    expire_after: isoTime(o.expireAt, NEVER_ISO),
    stop_price: v3Num(o.stopPrice),
    stop_operator: o.stopOperator,
    client_order_id: o.clientOrderId,
  };
}

export function currentAccountRoutes(core: PaperCore): Route[] {
  const ex = core.exchange;
  return [
    {
      method: 'GET',
      pattern: /^\/api\/v3\/accounts\/accounts$/,
      auth: 'v3',
      dialect: 'current',
      handle: (ctx) => {
        const me = accountOf(ctx);
        const q = parseForm(accountsQuery, ctx.query);
        const list = [me, ...(q.include_subaccounts === true ? core.accounts.children(me.id) : [])];
        return ok(
          list.map((a) => ({
            id: a.id,
            email: a.email,
            name: a.name,
            ...(a.parentId > 0 ? { parent_id: a.parentId } : {}),
            id_parent: a.parentId,
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/accounts\/feeinfo$/,
      auth: 'v3',
      dialect: 'current',
      handle: (ctx) => {
        const me = accountOf(ctx);
        return ok(
          PAIRS.map((p, i) => {
            const f = ex.feeRates(me.id, p.name);
            return {
              account_id: me.id,
              name: me.name,
              // One schedule, valid from the account's creation on.
              active_once: [rfc3339(me.createdAt), NEVER_ISO],
              taker_fee_rate: v3Num(f.taker),
              maker_fee_rate: v3Num(f.maker),
              // Fees are charged in the currency received; the rule names the pair's quote as its currency.
              fee_currency: p.quote,
              priority: i + 1,
              currency: '',
              pair: p.name,
              is_active: true,
            };
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/accounts\/order$/,
      auth: 'v3',
      dialect: 'current',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = parseForm(ordersQuery, ctx.query);
        const w = span(q.start_time, q.end_time);
        const mine = core.ordersOf(me, {
          ...(q.pair !== undefined ? { pair: q.pair } : {}),
          ...(q.open_only === true ? { active: true } : {}),
        });
        // Newest first; the docs: "the 100 most recent".
        const limit = q.limit ?? 100;
        const rows: OrderRecord[] = [];
        for (let i = mine.length - 1; i >= 0 && rows.length < limit; i--) {
          const o = mine[i] as OrderRecord;
          if (o.createdAt < w.from || o.createdAt >= w.to) continue;
          if (q.side !== undefined && o.side !== q.side) continue;
          rows.push(o);
        }
        return ok(rows.map(currentOrderView));
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/accounts\/activity$/,
      auth: 'v3',
      dialect: 'current',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = parseForm(activityQuery, ctx.query);
        const w = span(q.start_time, q.end_time);
        const offset = q.offset ?? 0;
        const limit = q.limit ?? 1000;
        const out: unknown[] = [];
        let skipped = 0;
        const log = core.activityOf(me);
        for (let i = log.length - 1; i >= 0 && out.length < limit; i--) {
          const a = log[i];
          if (a === undefined || a.date < w.from || a.date >= w.to) continue;
          if (q.currency !== undefined && a.currency !== q.currency) continue;
          if (q.side !== undefined && a.side !== q.side) continue;
          if (skipped++ < offset) continue;
          out.push({
            id: a.id,
            account_id: a.accountId,
            wallet_id: a.walletId,
            type: a.type,
            op_type: a.type,
            balance: v3Num(a.balance),
            balance_delta: v3Num(a.balanceDelta),
            balance_end: v3Num(a.balance.add(a.balanceDelta)),
            reserve: v3Num(a.reserve),
            reserve_delta: v3Num(a.reserveDelta),
            reserve_end: v3Num(a.reserve.add(a.reserveDelta)),
            currency: a.currency,
            pair: a.pair,
            wallet_type: a.walletType,
            date: rfc3339(a.date),
            last_update_at: rfc3339(a.date),
          });
        }
        return ok(out);
      },
    },
    {
      // A path of both dialects: the documented fields and today's (docs and official client) in one row.
      method: 'GET',
      pattern: /^\/api\/v3\/accounts\/trades$/,
      auth: 'v3',
      dialect: 'documented',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = parseForm(tradesQuery, ctx.query);
        if (q.pair !== undefined && findPair(q.pair) === undefined) throw notFound(`Unknown pair ${q.pair}`);
        const w = historyWindow(q.start_time, q.end_time, ctx.now);
        const rows: unknown[] = [];
        const view = (t: TradeRecord, s: 'BUY' | 'SELL') => {
          const o = ex.order(s === 'BUY' ? t.buyOrderId : t.sellOrderId);
          const spec = findPair(t.pair);
          const fee = s === 'BUY' ? t.buyFee : t.sellFee;
          return {
            id: t.id,
            order_id: s === 'BUY' ? t.buyOrderId : t.sellOrderId,
            date: rfc3339(t.time),
            timestamp: Math.floor(t.time / 1000),
            status: o?.status ?? 'FILLED',
            side: s,
            type: o?.type ?? 'LIMIT',
            price: v3Num(t.price),
            amount: v3Num(t.amount),
            amount_unfilled: v3Num(o === undefined ? ZERO : o.amount.sub(o.filled)),
            fee: v3Num(fee),
            fee_rate: v3Num(s === 'BUY' ? t.buyFeeRate : t.sellFeeRate),
            fee_amount: v3Num(fee),
            is_maker: t.takerSide !== s,
            account_id: me,
            currency: '',
            pair: t.pair,
            fee_currency: (s === 'BUY' ? spec?.base : spec?.quote) ?? '',
            wallet_type: s === 'BUY' ? t.buyWalletType : t.sellWalletType,
          };
        };
        const limit = q.limit ?? Number.POSITIVE_INFINITY;
        const mine = core.tradesOf(me, { ...(q.pair !== undefined ? { pair: q.pair } : {}), since: w.from });
        for (let i = mine.length - 1; i >= 0 && rows.length < limit; i--) {
          const t = mine[i] as TradeRecord;
          if (t.time >= w.to) continue;
          if (t.buyerId === me && q.side !== 'SELL') rows.push(view(t, 'BUY'));
          if (t.sellerId === me && q.side !== 'BUY' && rows.length < limit) rows.push(view(t, 'SELL'));
        }
        return ok(rows);
      },
    },
    {
      // A path of both dialects; the same fields, and today's `currency` / `wallet_type` filters.
      method: 'GET',
      pattern: /^\/api\/v3\/accounts\/balances$/,
      auth: 'v3',
      dialect: 'documented',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = parseForm(balancesQuery, ctx.query);
        return ok(
          core.ledger
            .walletsOf(me)
            .filter(
              (w) =>
                (q.currency === undefined || w.currency === q.currency) &&
                (q.wallet_type === undefined || w.walletType === q.wallet_type),
            )
            .map((w) => ({
              account_id: me,
              // The total, as the live venue's official client reads it (available = balance - reserve).
              balance: v3Num(w.balance.add(w.reserve)),
              reserve: v3Num(w.reserve),
              currency: w.currency,
              pair: w.pair,
              wallet_type: w.walletType,
              last_update_at: rfc3339(w.updatedAt),
            })),
        );
      },
    },
  ];
}
