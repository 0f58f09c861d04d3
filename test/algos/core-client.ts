/**
 * The engine's client interface served straight from the paper exchange's core (its real matching engine and
 * ledger) without HTTP or rate limits, so property tests can run hundreds of steps on a virtual clock.
 */
import type { AlgoClient } from '../../main/algos/engine';
import { ApiError } from '../../main/api/errors';
import { PAIRS, PaperCore } from '../../main/paper';
import { ExchangeError } from '../../main/paper/errors';
import type { OrderRecord } from '../../main/paper/state';
import type { Order, OwnTrade, Pair } from '../../preload/domain';

export function pairsOfPaper(): Pair[] {
  return PAIRS.map((p) => ({
    name: p.name,
    base: p.base,
    quote: p.quote,
    pricePrecision: p.pricePrecision,
    amountPrecision: p.amountPrecision,
    minOrderSize: p.minOrderSize.toFixed(),
    maxOrderSize: p.maxOrderSize.toFixed(),
    minOrderValue: p.minOrderValue.toFixed(),
    liquidityType: null,
  }));
}

export function orderOf(o: OrderRecord): Order {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId || null,
    accountId: o.accountId,
    pair: o.pair,
    side: o.side === 'BUY' ? 'buy' : 'sell',
    type: o.type,
    tif: o.tif,
    price: o.price.toFixed(),
    stopPrice: o.stopPrice.isZero() ? null : o.stopPrice.toFixed(),
    amount: o.amount.toFixed(),
    filled: o.filled.toFixed(),
    cancelled: o.cancelled.toFixed(),
    status: o.status,
    walletType: o.walletType,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    doneAt: o.doneAt || null,
    expireAt: o.expireAt || null,
  };
}

export function newCore(now: number): PaperCore {
  const core = new PaperCore();
  core.genesis(now, 1, false);
  return core;
}

export interface Faults {
  /** The order is created but its answer is lost (the client reports 'unknown'). */
  loseAnswer?: () => boolean;
  /** The request never reaches the exchange (the client throws a network error: definitely not created). */
  dropRequest?: () => boolean;
}

export function coreClient(
  core: PaperCore,
  accountId: number,
  now: () => number,
  faults: Faults = {},
): AlgoClient & { placed: string[] } {
  const placed: string[] = [];
  const refused = (e: unknown): never => {
    if (e instanceof ExchangeError)
      throw new ApiError({
        kind: 'rejected',
        operation: 'place order',
        message: e.message,
        exchangeMessage: e.message,
      });
    throw e;
  };
  return {
    placed,
    async pairs() {
      return pairsOfPaper();
    },
    async tickers(q) {
      const last = (core.state.lastPrice.get(q?.pair ?? 'BTC_USD') ?? 0).toString();
      return [
        {
          pair: q?.pair ?? 'BTC_USD',
          time: now(),
          last,
          changePct: '0',
          volume: '0',
          high: last,
          low: last,
          bid: '0',
          ask: '0',
        },
      ];
    },
    async ordersV3(q) {
      return [...core.state.orders.values()]
        .filter((o) => o.accountId === accountId && (q?.pair === undefined || o.pair === q.pair))
        .map(orderOf);
    },
    async placeOrderV3(o) {
      if (faults.dropRequest?.())
        throw new ApiError({ kind: 'network', operation: 'place order', message: 'place order: connection refused' });
      placed.push(o.clientOrderId ?? '');
      try {
        const r = core.place(
          {
            accountId,
            pair: o.pair,
            side: o.side === 'buy' ? 'BUY' : 'SELL',
            type: o.type,
            tif: 'GTC',
            walletType: 'SPOT',
            ...(o.price !== undefined ? { price: o.price } : {}),
            ...(o.amount !== undefined ? { amount: o.amount } : {}),
            ...(o.stopPrice !== undefined ? { stopPrice: o.stopPrice } : {}),
            ...(o.stopOperator !== undefined ? { stopOperator: o.stopOperator } : {}),
            clientOrderId: o.clientOrderId ?? '',
          },
          now(),
        );
        return {
          outcome: 'created',
          orderId: r.order.id,
          clientOrderId: o.clientOrderId ?? null,
          order: null,
          fills: [],
          message: null,
        };
      } catch (e) {
        return refused(e);
      }
    },
    async cancelOrdersV3(q) {
      return core.cancelMany(accountId, q.orderIds ?? null, q.pair ?? '', now());
    },
    async accountTrades(q) {
      const out: OwnTrade[] = [];
      for (const t of core.state.trades) {
        if (q?.pair !== undefined && t.pair !== q.pair) continue;
        for (const side of ['buy', 'sell'] as const) {
          if ((side === 'buy' ? t.buyerId : t.sellerId) !== accountId) continue;
          out.push({
            id: t.id,
            orderId: null,
            pair: t.pair,
            side,
            price: t.price.toFixed(),
            amount: t.amount.toFixed(),
            fee: '0',
            feeCurrency: null,
            feeRate: null,
            isMaker: null,
            time: t.time,
            walletType: 'SPOT',
            accountId,
          });
        }
      }
      return out;
    },
    privateBudget() {
      return { limit: 2, windowMs: 1000, used: 0, queued: 0 };
    },
  };
}
