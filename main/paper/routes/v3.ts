import { z } from 'zod';
import type { PaperCore } from '../core';
import { ExchangeError, badRequest } from '../errors';
import type { Scope } from '../margin';
import { PAIRS, findPair } from '../market';
import { ZERO } from '../money';
import type { MarginHistory } from '../marginRecords';
import type { Account, Activity, OrderRecord, OrderType } from '../state';
import { type RequestContext, type Route, accountOf, empty, ok } from '../http/routing';
import {
  boolText,
  checkScaled,
  deadlineOf,
  historyWindow,
  intText,
  optionalDecimal,
  pairName,
  rfc3339OrEmpty,
  rfc3339Text,
  validate,
} from '../http/validate';
import { rfc3339, v3Num } from '../http/wire';
import { placeInput } from './placeInput';

const walletType = z.enum(['SPOT', 'CROSS_MARGIN', 'ISOLATED_MARGIN']);
const side = z.enum(['BUY', 'SELL']);
const currency = z.string().regex(/^[A-Z0-9]{2,10}$/, 'must be a currency symbol like BTC');
/** Numeric JSON fields arrive as their literal text; "0" / "" mean "not set". */
const money = z
  .union([optionalDecimal, z.literal('')])
  .transform((v) => (v === undefined || v === '' || /^0+(\.0+)?$/.test(v) ? undefined : v));

const historyQuery = {
  pair: pairName.optional(),
  currency: currency.optional(),
  side: side.optional(),
  open_only: boolText.optional(),
  start_time: rfc3339Text.optional(),
  end_time: rfc3339Text.optional(),
};

/** Inside a history window: from inclusive, to exclusive (as the contract's start_time >=, end_time <). */
function inWindow(t: number, w: { from: number; to: number }): boolean {
  return t >= w.from && t < w.to;
}

function windowOf(q: { start_time?: number | undefined; end_time?: number | undefined }, now: number) {
  return historyWindow(q.start_time, q.end_time, now);
}

const marginHistoryQuery = z.object({
  pair: historyQuery.pair,
  currency: historyQuery.currency,
  open_only: historyQuery.open_only,
  start_time: historyQuery.start_time,
  end_time: historyQuery.end_time,
});

/**
 * The margin history endpoints share one query: the caller's own records (from the per-account index) of a pair
 * and currency, dated within a window of at most 30 days, newest first; `open_only` keeps records not yet closed
 * (where records close at all).
 */
function marginHistory<K extends keyof MarginHistory>(
  core: PaperCore,
  ctx: RequestContext,
  kind: K,
  dateOf: (r: MarginHistory[K]) => number,
): MarginHistory[K][] {
  const me = accountOf(ctx).id;
  const q = validate(marginHistoryQuery, ctx.query);
  const w = windowOf(q, ctx.now);
  const rows: readonly (MarginHistory[K] & { closedAt?: number })[] = core.marginHistoryOf(kind, me);
  return rows
    .filter(
      (r) =>
        inWindow(dateOf(r), w) &&
        (q.pair === undefined || r.pair === q.pair) &&
        (q.currency === undefined || r.currency === q.currency) &&
        (q.open_only !== true || !r.closedAt),
    )
    .reverse();
}

function checkPair(name: string | undefined): void {
  if (name !== undefined && name !== '' && findPair(name) === undefined)
    throw new ExchangeError(404, `Unknown pair ${name}`);
}

function orderView(o: OrderRecord) {
  return {
    id: o.id,
    account_id: o.accountId,
    pair: o.pair,
    wallet_type: o.walletType,
    side: o.side,
    type: o.type,
    tif: o.tif,
    price: v3Num(o.price),
    stop_price: v3Num(o.stopPrice),
    amount: v3Num(o.amount),
    amount_filled: v3Num(o.filled),
    amount_cancelled: v3Num(o.cancelled),
    status: o.status,
    date: rfc3339(o.createdAt),
    updated_at: rfc3339(o.updatedAt),
    open_at: rfc3339(o.openAt),
    expire_after: rfc3339(o.expireAt),
    done_at: rfc3339(o.doneAt),
    client_order_id: o.clientOrderId,
  };
}

const orderBody = z.object({
  account_id: intText.optional(),
  wallet_type: walletType.default('SPOT'),
  pair: pairName,
  order_side: side,
  order_type: z.enum(['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET', 'STOP']),
  tif: z.enum(['GTC', 'IOC', 'FOK', 'AON']).default('GTC'),
  expire_after: rfc3339OrEmpty.optional(),
  side_effect: z.enum(['', 'AUTO_BORROW', 'AUTO_REPAY']).default(''),
  limit_price: money,
  base_amount: money,
  quote_amount: money,
  stop_price: money,
  stop_operator: z.enum(['', 'GTE', 'LTE']).default(''),
  client_order_id: z.string().max(64, 'must be at most 64 characters').default(''),
  valid_till: rfc3339OrEmpty.optional(),
  post_only: z.union([z.boolean(), boolText]).default(false),
});

const cancelBody = z.object({
  order_ids: z.array(intText).optional(),
  all: z.union([z.boolean(), boolText]).default(false),
  pair: z.union([pairName, z.literal('')]).default(''),
});

// The other request schemas, built once at load (not per request).
const ordersQuery = z.object({
  pair: pairName.optional(),
  open_only: boolText.optional(),
  side: side.optional(),
  start_time: historyQuery.start_time,
  end_time: historyQuery.end_time,
});
const accountsQuery = z.object({ include_subaccounts: boolText.optional() });
const activityQuery = z.object({
  currency: historyQuery.currency,
  side: historyQuery.side,
  start_time: historyQuery.start_time,
  end_time: historyQuery.end_time,
});
const marginQuery = z.object({ isolated_margin: boolText.optional(), cross_margin: boolText.optional() });

/** The account the request acts for: the caller or, when `account_id` names one, one of its subaccounts. */
function actingAccount(core: PaperCore, me: Account, requested: number | undefined): number {
  if (requested === undefined || requested === me.id) return me.id;
  const target = core.accounts.get(requested);
  if (target === undefined || target.parentId !== me.id)
    throw badRequest(`Invalid account_id: ${requested} is not this account or one of its subaccounts`);
  return target.id;
}

export function v3Routes(core: PaperCore): Route[] {
  const ex = core.exchange;
  const json = (ctx: RequestContext): unknown => ctx.body.json ?? {};
  return [
    {
      // Handled by the server's login step (issues the JWT); listed here so routing knows the path.
      method: 'POST',
      pattern: /^\/api\/v3\/auth$/,
      auth: 'v3-login',
      handle: () => {
        throw new Error('login is handled by the server');
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/feeinfo$/,
      auth: 'v3',
      handle: (ctx) => {
        const me = accountOf(ctx);
        return ok(
          PAIRS.map((p, i) => {
            const f = ex.feeRates(me.id, p.name);
            return {
              name: me.name,
              account_id: me.id,
              is_active: true,
              currency: '',
              pair: p.name,
              taker_fee_rate: v3Num(f.taker),
              maker_fee_rate: v3Num(f.maker),
              // Fees are charged in the currency received: the base when buying, the quote when selling.
              fee_currency: '',
              priority: i + 1,
            };
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/orders$/,
      auth: 'v3',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = validate(ordersQuery, ctx.query);
        checkPair(q.pair);
        const w = windowOf(q, ctx.now);
        const rows = core.ordersOf(me, {
          ...(q.pair !== undefined ? { pair: q.pair } : {}),
          ...(q.open_only === true ? { active: true } : {}),
          newestFirst: true,
          where: (o: OrderRecord) => inWindow(o.createdAt, w) && (q.side === undefined || o.side === q.side),
        });
        return ok(rows.map(orderView));
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v3\/orders$/,
      auth: 'v3',
      mutates: true,
      deadline: (ctx) => deadlineOf(json(ctx), rfc3339OrEmpty),
      handle: (ctx) => {
        const me = accountOf(ctx);
        const b = validate(orderBody, json(ctx));
        const accountId = actingAccount(core, me, b.account_id);
        const spec = findPair(b.pair);
        if (spec === undefined) throw new ExchangeError(404, `Unknown pair ${b.pair}`);
        checkScaled('limit_price', b.limit_price, spec.pricePrecision);
        checkScaled('stop_price', b.stop_price, spec.pricePrecision);
        checkScaled('base_amount', b.base_amount, spec.amountPrecision);
        checkScaled('quote_amount', b.quote_amount, 8);
        let type: OrderType =
          b.order_type === 'STOP' ? (b.limit_price !== undefined ? 'STOP_LIMIT' : 'STOP_MARKET') : b.order_type;
        if ((type === 'LIMIT' || type === 'STOP_LIMIT') && b.limit_price === undefined)
          throw badRequest('Invalid limit_price: required for limit orders');
        if ((type === 'LIMIT' || type === 'STOP_LIMIT') && b.base_amount === undefined)
          throw badRequest('Invalid base_amount: required for limit orders');
        if ((type === 'LIMIT' || type === 'STOP_LIMIT') && b.quote_amount !== undefined)
          throw badRequest('Invalid quote_amount: allowed for market types only');
        if (
          (type === 'MARKET' || type === 'STOP_MARKET') &&
          b.base_amount === undefined &&
          b.quote_amount === undefined
        )
          throw badRequest('Invalid base_amount: base_amount or quote_amount is required');
        if ((type === 'STOP_LIMIT' || type === 'STOP_MARKET') && b.stop_price === undefined)
          throw badRequest('Invalid stop_price: required for stop orders');
        if (b.expire_after !== undefined && b.expire_after <= ctx.now)
          throw badRequest('Invalid expire_after: already passed');
        type = type satisfies OrderType;
        const r = core.place(
          placeInput(accountId, b, {
            type,
            tif: b.tif,
            expireAt: b.expire_after,
            postOnly: b.post_only === true,
          }),
          ctx.now,
        );
        return ok(r.order.id, 201);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/v3\/orders$/,
      auth: 'v3',
      mutates: true,
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const b = validate(cancelBody, json(ctx));
        checkPair(b.pair);
        if (b.all !== true && (b.order_ids === undefined || b.order_ids.length === 0))
          throw badRequest('Invalid order_ids: order_ids or all=true must be specified');
        const ids = core.cancelMany(me, b.all === true ? null : (b.order_ids ?? []), b.pair, ctx.now);
        return ids.length === 0 ? empty(204) : ok(ids, 202);
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/accounts$/,
      auth: 'v3',
      handle: (ctx) => {
        const me = accountOf(ctx);
        const q = validate(accountsQuery, ctx.query);
        const list = [me, ...(q.include_subaccounts === true ? core.accounts.children(me.id) : [])];
        return ok(list.map((a) => ({ id: a.id, name: a.name, email: a.email, id_parent: a.parentId })));
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/wallets\/activity$/,
      auth: 'v3',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = validate(activityQuery, ctx.query);
        const w = windowOf(q, ctx.now);
        return ok(
          core
            .activityOf(me, {
              newestFirst: true,
              where: (a: Activity) =>
                inWindow(a.date, w) &&
                (q.currency === undefined || a.currency === q.currency) &&
                (q.side === undefined || a.side === q.side),
            })
            .map((a) => ({
              id: a.id,
              account_id: a.accountId,
              currency: a.currency,
              pair: a.pair,
              wallet_id: a.walletId,
              date: rfc3339(a.date),
              type: a.type,
              balance: v3Num(a.balance),
              balance_delta: v3Num(a.balanceDelta),
              reserve: v3Num(a.reserve),
              reserve_delta: v3Num(a.reserveDelta),
              balance_end: v3Num(a.balance.add(a.balanceDelta)),
              reserve_end: v3Num(a.reserve.add(a.reserveDelta)),
              wallet_type: a.walletType,
            })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/margin$/,
      auth: 'v3',
      handle: (ctx) => {
        const me = accountOf(ctx).id;
        const q = validate(marginQuery, ctx.query);
        if (q.isolated_margin !== true && q.cross_margin !== true)
          throw badRequest('Invalid isolated_margin: isolated_margin or cross_margin must be true');
        const rows: unknown[] = [];
        for (const w of core.ledger.walletsOf(me)) {
          if (w.walletType === 'SPOT') continue;
          if (w.walletType === 'ISOLATED_MARGIN' && q.isolated_margin !== true) continue;
          if (w.walletType === 'CROSS_MARGIN' && q.cross_margin !== true) continue;
          const scope: Scope = { accountId: me, walletType: w.walletType, pair: w.pair };
          const borrows = core.margin.openBorrows(scope, w.currency);
          let level: string | null = null;
          try {
            level = core.margin.level(scope)?.toFixed() ?? null;
          } catch {
            level = null;
          }
          rows.push({
            id: w.id,
            account_id: me,
            wallet_type: w.walletType,
            interest: v3Num(borrows.reduce((s, b) => s.add(b.interestAccrued.sub(b.interestPaid)), ZERO)),
            currecny: w.currency,
            currency: w.currency,
            borrowed: v3Num(borrows.reduce((s, b) => s.add(b.borrowed.sub(b.repaid)), ZERO)),
            pair: w.pair,
            // The total, as every v3 balance (available = balance - reserve).
            balance: v3Num(w.balance.add(w.reserve)),
            reserve: v3Num(w.reserve),
            margin_level: level === null ? null : v3Num(ZERO.add(level)),
          });
        }
        return ok(rows);
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/margin\/borrow$/,
      auth: 'v3',
      handle: (ctx) => {
        return ok(
          marginHistory(core, ctx, 'borrows', (b) => b.openedAt).map((b) => ({
            id: b.id,
            date: rfc3339(b.openedAt),
            type: b.type,
            wallet_type: b.walletType,
            opened_at: rfc3339(b.openedAt),
            closed_at: rfc3339(b.closedAt),
            borrowed: v3Num(b.borrowed),
            repaid: v3Num(b.repaid),
            interest_rate: v3Num(b.interestRate),
            interest_accrued: v3Num(b.interestAccrued),
            interest_paid: v3Num(b.interestPaid),
            account_id: b.accountId,
            currency: b.currency,
            pair: b.pair,
            last_interest_at: rfc3339(b.lastInterestAt),
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/margin\/transfer$/,
      auth: 'v3',
      handle: (ctx) => {
        return ok(
          marginHistory(core, ctx, 'transfers', (t) => t.date).map((t) => ({
            id: t.id,
            account_id: t.accountId,
            wallet_type: t.walletType,
            date: rfc3339(t.date),
            direction: t.direction,
            currency: t.currency,
            pair: t.pair,
            amount: v3Num(t.amount),
            note: t.note,
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/margin\/repay$/,
      auth: 'v3',
      handle: (ctx) => {
        return ok(
          marginHistory(core, ctx, 'repays', (r) => r.date).map((r) => ({
            id: r.id,
            account_id: r.accountId,
            wallet_type: r.walletType,
            date: rfc3339(r.date),
            type: r.type,
            currency: r.currency,
            pair: r.pair,
            principal_amount: v3Num(r.principal),
            interest_amount: v3Num(r.interest),
            borrow_id: r.borrowId,
          })),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/margin\/interest$/,
      auth: 'v3',
      handle: (ctx) => {
        return ok(
          marginHistory(core, ctx, 'interests', (r) => r.date).map((r) => {
            const b = core.borrowById(r.borrowId);
            return {
              id: r.id,
              account_id: r.accountId,
              wallet_type: r.walletType,
              date: rfc3339(r.date),
              currency: r.currency,
              pair: r.pair,
              interest_rate: v3Num(r.rate),
              borrow_id: r.borrowId,
              interest_accrued: v3Num(r.accrued),
              interest_paid: v3Num(b?.interestPaid ?? ZERO),
            };
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/v3\/margin\/liquidation$/,
      auth: 'v3',
      handle: (ctx) => {
        return ok(
          marginHistory(core, ctx, 'liquidations', (l) => l.createdAt).map((l) => ({
            id: l.id,
            account_id: l.accountId,
            created_at: rfc3339(l.createdAt),
            wallet_type: l.walletType,
            margin_level: v3Num(l.marginLevel),
            closed_at: rfc3339(l.closedAt),
            amount: v3Num(l.amount),
            fund_amount: v3Num(l.fundAmount),
            currency: l.currency,
            pair: l.pair,
            order_closed: l.orderClosed,
            order_created: l.orderCreated,
            borrow_closed: l.borrowClosed,
            repay_created: l.repayCreated,
          })),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v3\/wallets\/(addresses|withdraw)$/,
      auth: 'none',
      handle: (ctx) => {
        throw new ExchangeError(
          501,
          `wallets/${ctx.pathParams[0]} is coming soon: not available on the paper exchange`,
        );
      },
    },
  ];
}
