/**
 * Order placement and cancelling, and the reconciliation of an answer that never came. Orders are never sent
 * twice blindly: an uncertain POST (timeout, dropped connection, 5xx, unreadable success) is resolved by looking
 * for the order; a refused connection (nothing sent) is `not_created` at once. The current dialect places and
 * cancels through /api/v3/trading/order; a v1 limit order there becomes a v3 LIMIT GTC order.
 */
import { LosslessNumber } from 'lossless-json';
import type { ApiDialect, Order, OwnTrade, Pair, PlaceOrderResult, Side } from '../../preload/domain';
import type { AccountReads } from './account-reads';
import { D } from './decimal';
import { ApiError } from './errors';
import { nothingSent } from './http';
import { PRIORITY } from './rate-limiter';
import { type Op, type ValidTillStamp, rfc3339, v3Write, validationError } from './operations';
import type { KnownOrders } from './orders-known';
import { CURRENT_PATHS, PATHS } from './paths';
import type { RequestPipeline, Reply } from './pipeline';
import { OrderCheckError, checkOrder, positiveDecimal } from './precision';
import type { PublicData } from './public-data';
import { reconcileV1, reconcileV3 } from './reconcile';
import { sideToV3 } from './normalise/enums';
import type { CancelOrdersV3Request, LimitOrderRequest, OrderRequestV3 } from './types';
import * as current from './wire/current';
import { validate } from './wire/primitives';
import * as v1 from './wire/v1';
import * as v3 from './wire/v3';

/** Pause between the two lookups that resolve an uncertain order POST. */
export const RECONCILE_SETTLE_MS = 1_000;
const ORDERS_V3_LOOKBACK_MS = 24 * 60 * 60 * 1000;
const OPEN = new Set<Order['status']>(['OPEN', 'PARTIAL_FILLED', 'PENDING']);

export function isUncertain(e: unknown): e is ApiError {
  return (
    e instanceof ApiError &&
    !e.notSent &&
    (e.kind === 'timeout' || (e.kind === 'network' && (e.status === null || e.status >= 500)))
  );
}

/** For an order POST, a success status whose body cannot be read leaves the outcome as open as a timeout does. */
function isUncertainPlacement(e: unknown): e is ApiError {
  return (
    isUncertain(e) ||
    (e instanceof ApiError && e.kind === 'malformed' && (e.status === null || (e.status >= 200 && e.status < 300)))
  );
}

function num(s: string): LosslessNumber {
  return new LosslessNumber(s);
}

/** The connection was refused, so the order request never left: it certainly was not created. */
function notSent(e: unknown, clientOrderId: string | null): PlaceOrderResult | null {
  if (!nothingSent(e) || !(e instanceof Error)) return null;
  return {
    outcome: 'not_created',
    orderId: null,
    clientOrderId,
    order: null,
    fills: [],
    message: `${e.message}; the connection was refused before anything was sent, so the order was not created.`,
  };
}

export class OrderDesk {
  constructor(
    private readonly pipe: RequestPipeline,
    private readonly dialect: ApiDialect,
    private readonly market: PublicData,
    private readonly reads: AccountReads,
    private readonly known: KnownOrders,
  ) {}

  private checked(operation: string, pair: Pair, side: Side, input: { price?: string | null; amount?: string | null }) {
    try {
      return checkOrder(pair, side, input);
    } catch (e) {
      if (e instanceof OrderCheckError) throw validationError(operation, e.message, e.field);
      throw e;
    }
  }

  amountArg(operation: string, v: string, field = 'amount', label = 'Amount'): string {
    try {
      return positiveDecimal(v, 'amount', label);
    } catch (e) {
      if (e instanceof OrderCheckError) throw validationError(operation, e.message, field);
      throw e;
    }
  }

  private newClientOrderId(): string {
    let r = '';
    for (let i = 0; i < 4; i++)
      r += Math.floor(this.pipe.random() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return `alpt-${this.pipe.now().toString(36)}-${r}`;
  }

  // ---------------------------------------------------------------- v1 limit order (documented dialect)

  async createOrder(o: LimitOrderRequest): Promise<PlaceOrderResult> {
    if (this.dialect === 'current') {
      if (o.side !== 'buy' && o.side !== 'sell')
        throw validationError('create order', `Side must be buy or sell (got ${String(o.side)}).`, 'side');
      return this.placeOrderV3({
        pair: o.pair,
        side: o.side,
        type: 'LIMIT',
        price: o.price,
        amount: o.amount,
        tif: 'GTC',
      });
    }
    const op = 'create order';
    if (o.side !== 'buy' && o.side !== 'sell')
      throw validationError(op, `Side must be buy or sell (got ${String(o.side)}).`, 'side');
    const pair = await this.market.pairInfo(op, o.pair);
    const { price, amount } = this.checked(op, pair, o.side, { price: o.price, amount: o.amount });
    const form = { type: o.side, pair: o.pair, amount: amount ?? '0', price: price ?? '0' };
    const sentAt = this.pipe.now();
    const known = this.known.knownBefore(this.known.mark());
    const validTill: ValidTillStamp = { at: null };
    let w: ReturnType<typeof v1.createOrderSchema.parse>;
    let reply: Reply;
    try {
      reply = await this.pipe.execute({
        name: op,
        method: 'POST',
        path: PATHS.createOrder,
        form,
        auth: 'v1',
        priority: PRIORITY.create,
        idempotent: false,
        validTill,
      });
      w = validate(v1.createOrderSchema, reply.body, 'order', op);
    } catch (e) {
      const refused = notSent(e, null);
      if (refused) return refused;
      if (!isUncertainPlacement(e)) throw e;
      return reconcileV1(
        { sleep: this.pipe.sleep, now: this.pipe.now, settleMs: RECONCILE_SETTLE_MS },
        { pair: o.pair, side: o.side, price: form.price, amount: form.amount },
        sentAt,
        async () =>
          (await this.reads.ownOrders({ pair: o.pair, side: o.side, urgent: true })).filter((x) => !known(x.id)),
        `The exchange did not confirm the order (${e.message})`,
        this.pipe.honouredDeadline('v1', validTill),
      );
    }
    this.known.remember(w.oid);
    if (w.success === false) {
      throw new ApiError({
        kind: 'rejected',
        operation: op,
        status: reply.status,
        message: `${op}: the exchange answered success=false`,
      });
    }
    const remaining = new D(w.amount);
    const filled = D.max(0, new D(form.amount).minus(remaining));
    const order: Order = {
      id: w.oid,
      clientOrderId: null,
      accountId: null,
      pair: o.pair,
      side: o.side,
      type: 'LIMIT',
      tif: null,
      price: form.price,
      stopPrice: null,
      amount: form.amount,
      filled: filled.toFixed(),
      cancelled: '0',
      status: remaining.isZero() ? 'FILLED' : filled.isZero() ? 'OPEN' : 'PARTIAL_FILLED',
      walletType: 'SPOT',
      createdAt: w.date,
      updatedAt: null,
      doneAt: remaining.isZero() ? w.date : null,
      expireAt: null,
    };
    const fills: OwnTrade[] = w.trades.map((t) => ({
      id: t.tid,
      orderId: w.oid,
      pair: o.pair,
      side: o.side,
      price: t.price,
      amount: t.amount,
      fee: '0',
      feeCurrency: null,
      feeRate: null,
      isMaker: false,
      time: w.date,
      walletType: 'SPOT',
      accountId: null,
    }));
    return { outcome: 'created', orderId: w.oid, clientOrderId: null, order, fills, message: null };
  }

  async cancelOrder(id: number): Promise<void> {
    const op = 'cancel order';
    if (!Number.isSafeInteger(id) || id <= 0)
      throw validationError(op, `Order id must be a positive whole number (got ${id}).`, 'id');
    if (this.dialect === 'current') {
      await this.cancelOrdersV3({ orderIds: [id] });
      return;
    }
    try {
      const reply = await this.pipe.execute({
        name: op,
        method: 'POST',
        path: PATHS.cancelOrder,
        form: { order: String(id) },
        auth: 'v1',
        priority: PRIORITY.cancel,
        idempotent: false,
      });
      validate(v1.cancelOrderSchema, reply.body, 'cancel', op);
    } catch (e) {
      if (!isUncertain(e)) throw e;
      // Never resend blindly: find out what happened to the order.
      let state: Order;
      try {
        state = await this.market.order(id);
      } catch (e2) {
        throw new ApiError({
          kind: e.kind,
          operation: op,
          status: e.status,
          message: `${op}: the exchange did not confirm cancelling order ${id}, and reading the order failed (${(e2 as Error).message}). Its state is unknown.`,
        });
      }
      if (state.status === 'CANCELLED' || state.status === 'PARTIAL_CANCELLED') return;
      throw new ApiError({
        kind: e.kind,
        operation: op,
        status: e.status,
        message: `${op}: the exchange did not confirm cancelling order ${id}; the order is ${state.status}${state.status === 'FILLED' ? ', nothing left to cancel' : ', cancel it again'}.`,
      });
    }
  }

  // ---------------------------------------------------------------- v3 orders (both dialects)

  async placeOrderV3(o: OrderRequestV3): Promise<PlaceOrderResult> {
    const op = 'place order';
    if (o.side !== 'buy' && o.side !== 'sell')
      throw validationError(op, `Side must be buy or sell (got ${String(o.side)}).`, 'side');
    const pair = await this.market.pairInfo(op, o.pair);
    const isLimit = o.type === 'LIMIT' || o.type === 'STOP_LIMIT';
    const isStop = o.type === 'STOP_LIMIT' || o.type === 'STOP_MARKET';
    if (!['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET'].includes(o.type)) {
      throw validationError(
        op,
        `Order type ${String(o.type)} is not LIMIT, MARKET, STOP_LIMIT or STOP_MARKET.`,
        'type',
      );
    }
    if (isLimit && (o.price === undefined || o.amount === undefined)) {
      throw validationError(
        op,
        `A ${o.type} order needs a price and an amount.`,
        o.price === undefined ? 'price' : 'amount',
      );
    }
    if (!isLimit && o.price !== undefined)
      throw validationError(op, `A ${o.type} order takes no limit price; remove it.`, 'price');
    if (!isLimit && (o.amount === undefined) === (o.quoteAmount === undefined)) {
      throw validationError(op, `A ${o.type} order needs either an amount or a quote amount (not both).`, 'amount');
    }
    if (isLimit && o.quoteAmount !== undefined)
      throw validationError(op, 'A quote amount is allowed for market orders only.', 'quoteAmount');
    if (isStop && (o.stopPrice === undefined || o.stopOperator === undefined)) {
      throw validationError(op, `A ${o.type} order needs a stop price and a stop operator (GTE or LTE).`, 'stopPrice');
    }
    const { price, amount } = this.checked(op, pair, o.side, { price: o.price ?? null, amount: o.amount ?? null });
    let stopPrice: string | null = null;
    if (isStop && o.stopPrice !== undefined) stopPrice = this.checked(op, pair, o.side, { price: o.stopPrice }).price;
    const quote = o.quoteAmount !== undefined ? this.amountArg(op, o.quoteAmount, 'quoteAmount', 'Quote amount') : null;
    const clientOrderId = o.clientOrderId ?? this.newClientOrderId();
    const body: Record<string, unknown> = {
      ...(o.accountId !== undefined ? { account_id: o.accountId } : {}),
      wallet_type: o.walletType ?? 'SPOT',
      pair: o.pair,
      order_side: sideToV3(o.side),
      order_type: o.type,
      tif: o.tif ?? 'GTC',
      expire_after: o.expireAfter !== undefined ? rfc3339(o.expireAfter) : '',
      side_effect: o.sideEffect ?? '',
      limit_price: num(price ?? '0'),
      base_amount: num(amount ?? '0'),
      quote_amount: num(quote ?? '0'),
      stop_price: num(stopPrice ?? '0'),
      stop_operator: o.stopOperator ?? '',
      client_order_id: clientOrderId,
      // valid_till is stamped at send time (RequestPipeline.stampValidTill).
      // Sent only when asked for, so every other order's body stays as the exchange's samples show it.
      ...(o.postOnly ? { post_only: true } : {}),
    };
    const path = this.dialect === 'current' ? CURRENT_PATHS.tradingOrder : PATHS.ordersV3;
    const schema = this.dialect === 'current' ? current.placeOrderSchema : v3.placeOrderV3Schema;
    const sentAt = this.pipe.now();
    const validTill: ValidTillStamp = { v3Body: body, at: null };
    let id: number;
    try {
      const reply = await this.pipe.execute({ ...v3Write(op, 'POST', path, body, PRIORITY.create), validTill });
      id = validate(schema, reply.body, 'order_id', op);
    } catch (e) {
      const refused = notSent(e, clientOrderId);
      if (refused) return refused;
      if (!isUncertainPlacement(e)) throw e;
      return reconcileV3(
        { sleep: this.pipe.sleep, now: this.pipe.now, settleMs: RECONCILE_SETTLE_MS },
        clientOrderId,
        () =>
          this.reads.ordersV3({
            pair: o.pair,
            from: sentAt - ORDERS_V3_LOOKBACK_MS,
            to: this.pipe.now() + ORDERS_V3_LOOKBACK_MS,
            urgent: true,
          }),
        `The exchange did not confirm the order (${e.message})`,
        this.pipe.honouredDeadline('v3', validTill),
      );
    }
    this.known.remember(id);
    return { outcome: 'created', orderId: id, clientOrderId, order: null, fills: [], message: null };
  }

  async cancelOrdersV3(q: CancelOrdersV3Request): Promise<number[]> {
    const op = 'cancel orders';
    const ids = q.orderIds ?? [];
    if (!q.all && ids.length === 0)
      throw validationError(op, 'Give the order ids to cancel, or all: true.', 'orderIds');
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id <= 0)
        throw validationError(op, `Order id ${id} is not a positive whole number.`, 'orderIds');
    }
    try {
      return await this.sendCancel(op, q, ids);
    } catch (e) {
      if (!isUncertain(e)) throw e;
      // Never resend blindly: read the orders' state.
      let recent: Order[];
      try {
        recent = await this.reads.ordersV3({ ...(q.pair ? { pair: q.pair } : {}), urgent: true });
      } catch (e2) {
        throw new ApiError({
          kind: e.kind,
          operation: op,
          status: e.status,
          message: `${op}: the exchange did not confirm the cancel, and reading the orders failed (${(e2 as Error).message}). Their state is unknown.`,
        });
      }
      const targets = q.all ? recent : recent.filter((o) => ids.includes(o.id));
      const stillOpen = targets.filter((o) => OPEN.has(o.status));
      if (stillOpen.length === 0) {
        return targets.filter((o) => o.status === 'CANCELLED' || o.status === 'PARTIAL_CANCELLED').map((o) => o.id);
      }
      throw new ApiError({
        kind: e.kind,
        operation: op,
        status: e.status,
        message: `${op}: the exchange did not confirm the cancel; order(s) ${stillOpen.map((o) => o.id).join(', ')} are still open, cancel again.`,
      });
    }
  }

  private async sendCancel(op: string, q: CancelOrdersV3Request, ids: number[]): Promise<number[]> {
    if (this.dialect === 'documented') {
      const body = { order_ids: ids, all: q.all === true, pair: q.pair ?? '' };
      const reply = await this.pipe.execute(v3Write(op, 'DELETE', PATHS.ordersV3, body, PRIORITY.cancel));
      return validate(v3.cancelOrdersV3Schema, reply.body, 'order_ids', op);
    }
    // Today's exchange takes exactly one of order_ids, all, pair; "all of a pair" is the pair alone.
    const body = ids.length > 0 ? { order_ids: ids } : q.pair ? { pair: q.pair } : { all: true };
    let before: Order[] | null = null;
    if (ids.length === 0) {
      // all/pair answer 202 without naming what they cancelled: read the open orders first to report them.
      before = await this.reads
        .ordersV3({ openOnly: true, ...(q.pair ? { pair: q.pair } : {}), urgent: true })
        .catch(() => null);
    }
    const request: Op = v3Write(op, 'DELETE', CURRENT_PATHS.tradingOrder, body, PRIORITY.cancel);
    const reply = await this.pipe.execute(request);
    const answer = validate(current.cancelOrdersSchema, reply.body, 'order_ids', op);
    if (answer.refused.length > 0 && answer.cancelled.length === 0) {
      const first = answer.refused[0];
      throw new ApiError({
        kind: 'rejected',
        operation: op,
        status: reply.status,
        exchangeMessage: first?.reason ?? '',
        message: `${op}: ${answer.refused.map((r) => `order ${r.id}: ${r.reason}`).join('; ')}`,
      });
    }
    if (before) return before.map((o) => o.id);
    return answer.cancelled;
  }
}
