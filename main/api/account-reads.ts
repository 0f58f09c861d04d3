/**
 * The account's own data in either dialect: balances, own orders (v1 list or v3 reads), fills, fees, accounts,
 * wallet activity, deposits and withdrawals. v3 histories accept any range (split into windows of at most 30
 * days, merged by time). The current dialect answers the documented v1 reads from their v3 equivalents.
 */
import type { z } from 'zod';
import type { ApiDialect, Balance, Order, OwnTrade } from '../../preload/domain';
import { splitRange, mergeByTime } from './history-windows';
import { V1_STATUS_CODE, WITHDRAW_CODE, sideToV3 } from './normalise/enums';
import { type Query, posInt, readPriority, rfc3339, v1Get, v3Get, validationError } from './operations';
import { PRIORITY, type Priority } from './rate-limiter';
import type { KnownOrders } from './orders-known';
import { CURRENT_PATHS, PATHS } from './paths';
import type { RequestPipeline } from './pipeline';
import type {
  AccountTradesQuery,
  OrdersV3Query,
  OwnOrdersQuery,
  OwnTradesQuery,
  WalletActivityQuery,
  WithdrawsQuery,
} from './types';
import * as current from './wire/current';
import * as v1 from './wire/v1';
import * as v3 from './wire/v3';

const byTime = (o: Order) => o.createdAt;
const OPEN = new Set<Order['status']>(['PENDING', 'OPEN', 'PARTIAL_FILLED']);
const CANCELLED = new Set<Order['status']>(['CANCELLED', 'PARTIAL_CANCELLED', 'EXPIRED', 'FAILED']);

export class AccountReads {
  constructor(
    private readonly pipe: RequestPipeline,
    private readonly dialect: ApiDialect,
    private readonly known: KnownOrders,
  ) {}

  /** A v3 history query over any range: one call per window of at most 30 days, merged by time. */
  async history<S extends z.ZodType>(
    name: string,
    path: string,
    range: { from?: number; to?: number },
    query: Query,
    item: S,
    root: string,
    timeOf: (x: z.output<S>) => number,
    priority: Priority = PRIORITY.read,
  ): Promise<z.output<S>[]> {
    if (range.from !== undefined && !Number.isFinite(range.from))
      throw validationError(name, 'from must be epoch ms.', 'from');
    if (range.to !== undefined && !Number.isFinite(range.to)) throw validationError(name, 'to must be epoch ms.', 'to');
    const windows = splitRange(range, this.pipe.now());
    const parts: z.output<S>[][] = [];
    for (const w of windows) {
      parts.push(
        await this.pipe.list(
          v3Get(name, path, { ...query, start_time: rfc3339(w.from), end_time: rfc3339(w.to) }, priority),
          item,
          root,
        ),
      );
    }
    return mergeByTime(parts, timeOf);
  }

  // ---------------------------------------------------------------- v3 reads (both dialects)

  async feeInfo() {
    const path = this.dialect === 'current' ? CURRENT_PATHS.feeInfo : PATHS.feeInfo;
    return this.pipe.list(v3Get('feeinfo', path), v3.feeSchema, 'fees');
  }

  async ordersV3(q?: OrdersV3Query): Promise<Order[]> {
    const query = {
      pair: q?.pair,
      open_only: q?.openOnly ? 'true' : undefined,
      side: q?.side ? sideToV3(q.side) : undefined,
    };
    const range = { ...(q?.from !== undefined ? { from: q.from } : {}), ...(q?.to !== undefined ? { to: q.to } : {}) };
    const prio = readPriority(q?.urgent);
    const orders =
      this.dialect === 'current'
        ? await this.history('orders', CURRENT_PATHS.orders, range, query, current.orderSchema, 'orders', byTime, prio)
        : await this.history('orders', PATHS.ordersV3, range, query, v3.orderV3Schema, 'orders', byTime, prio);
    for (const o of orders) this.known.remember(o.id);
    // `open_only` is a request; a server that ignores it must not put done orders among the open ones.
    return q?.openOnly ? orders.filter((o) => OPEN.has(o.status)) : orders;
  }

  async accounts(q?: { includeSubaccounts?: boolean }) {
    const query = { include_subaccounts: q?.includeSubaccounts ? 'true' : undefined };
    if (this.dialect === 'current')
      return this.pipe.list(v3Get('accounts', CURRENT_PATHS.accounts, query), current.accountSchema, 'accounts');
    return this.pipe.list(v3Get('accounts', PATHS.accounts, query), v3.accountSchema, 'accounts');
  }

  async accountTrades(q?: AccountTradesQuery): Promise<OwnTrade[]> {
    const query = { pair: q?.pair, side: q?.side ? sideToV3(q.side) : undefined };
    const schema = this.dialect === 'current' ? current.accountTradeSchema : v3.accountTradeSchema;
    const prio = readPriority(q?.urgent);
    return this.history('accounts/trades', PATHS.accountTrades, q ?? {}, query, schema, 'trades', (t) => t.time, prio);
  }

  async accountBalances(urgent?: boolean): Promise<Balance[]> {
    const prio = readPriority(urgent);
    if (this.dialect === 'documented')
      return this.pipe.list(
        v3Get('accounts/balances', PATHS.accountBalances, undefined, prio),
        v3.balanceV3Schema,
        'balances',
      );
    const rows = await this.pipe.list(
      v3Get('accounts/balances', CURRENT_PATHS.accountBalances, undefined, prio),
      current.balanceSchema,
      'balances',
    );
    return rows.filter((b): b is Balance => b !== null);
  }

  async walletActivity(q?: WalletActivityQuery) {
    const query = { currency: q?.currency, side: q?.side ? sideToV3(q.side) : undefined };
    const path = this.dialect === 'current' ? CURRENT_PATHS.walletActivity : PATHS.walletActivity;
    return this.history('wallets/activity', path, q ?? {}, query, v3.walletMotionSchema, 'activity', (m) => m.time);
  }

  // ---------------------------------------------------------------- documented v1 reads (mapped in current)

  async wallets(q?: { currencyId?: string; urgent?: boolean }): Promise<Balance[]> {
    if (this.dialect === 'current') {
      const spot = (await this.accountBalances(q?.urgent)).filter((b) => b.walletType === 'SPOT');
      return q?.currencyId ? spot.filter((b) => b.currency === q.currencyId) : spot;
    }
    return this.pipe.list(
      v1Get('wallets', PATHS.wallets, { currency_id: q?.currencyId }, readPriority(q?.urgent)),
      v1.walletSchema,
      'wallets',
    );
  }

  async ownOrders(q?: OwnOrdersQuery): Promise<Order[]> {
    const op = 'orders/own';
    const limit = posInt(op, 'limit', q?.limit);
    if (this.dialect === 'current') {
      const all = await this.ordersV3({
        ...(q?.pair ? { pair: q.pair } : {}),
        ...(q?.side ? { side: q.side } : {}),
        ...(q?.status === 'open' ? { openOnly: true } : {}),
        ...(q?.urgent ? { urgent: true } : {}),
      });
      const wanted =
        q?.status === 'done'
          ? all.filter((o) => o.status === 'FILLED')
          : q?.status === 'cancelled'
            ? all.filter((o) => CANCELLED.has(o.status))
            : all;
      const newestFirst = [...wanted].sort((a, b) => b.createdAt - a.createdAt);
      return limit === undefined ? newestFirst : newestFirst.slice(0, limit);
    }
    const query = {
      type: q?.side,
      pair: q?.pair,
      status: q?.status ? V1_STATUS_CODE[q.status] : undefined,
      limit,
    };
    const orders = await this.pipe.list(
      v1Get(op, PATHS.ownOrders, query, readPriority(q?.urgent)),
      v1.ownOrderSchema,
      'orders',
    );
    for (const o of orders) this.known.remember(o.id);
    return orders;
  }

  async ownTrades(q?: OwnTradesQuery): Promise<OwnTrade[]> {
    const op = 'exchanges/own';
    const limit = posInt(op, 'limit', q?.limit);
    const offset = posInt(op, 'offset', q?.offset);
    if (this.dialect === 'current') {
      const trades = await this.accountTrades({
        ...(q?.pair ? { pair: q.pair } : {}),
        ...(q?.side ? { side: q.side } : {}),
      });
      const ordered = q?.ordering === 'id' ? trades : [...trades].reverse();
      return ordered.slice(offset ?? 0, limit === undefined ? undefined : (offset ?? 0) + limit);
    }
    const query = { type: q?.side, pair: q?.pair, limit, offset, ordering: q?.ordering };
    return this.pipe.list(v1Get(op, PATHS.ownExchanges, query), v1.ownTradeV1Schema, 'exchanges');
  }

  async deposits() {
    return this.pipe.list(v1Get('deposits', PATHS.deposits), v1.depositSchema, 'deposits');
  }

  async withdraws(q?: WithdrawsQuery) {
    const query = { currency_id: q?.currencyId, status: q?.status ? WITHDRAW_CODE[q.status] : undefined };
    return this.pipe.list(v1Get('withdraws', PATHS.withdraws, query), v1.withdrawSchema, 'withdraws');
  }
}
