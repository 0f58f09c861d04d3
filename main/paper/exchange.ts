import { BUY, OrderBook, SELL } from './engine/book';
import { badRequest, notFound } from './errors';
import type { CandleStore } from './candles';
import type { Ledger } from './ledger';
import { DEFAULT_FEES, type FeeRates, PAIRS, type PairSpec, findPair } from './market';
import { Dec, ZERO, ceil8, decimalsOf, dec, fromScaled, toScaled, trunc8 } from './money';
import type {
  CoreState,
  OrderRecord,
  OrderStatus,
  OrderType,
  Side,
  SideEffect,
  StopOperator,
  TimeInForce,
  TradeRecord,
  Wallet,
  WalletType,
} from './state';

export interface PlaceOrderInput {
  accountId: number;
  pair: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  walletType: WalletType;
  /** Decimal strings, as received. */
  price?: string;
  amount?: string;
  quoteAmount?: string;
  stopPrice?: string;
  stopOperator?: StopOperator | '';
  clientOrderId?: string;
  expireAt?: number;
  sideEffect?: SideEffect;
  /** A limit order refused, with nothing changed, when it would take liquidity on arrival. */
  postOnly?: boolean;
}

export interface PlaceResult {
  order: OrderRecord;
  trades: TradeRecord[];
  /** True when `clientOrderId` matched an existing order: nothing new was created. */
  duplicate: boolean;
}

/** Hooks the margin desk provides to order placement (AUTO_BORROW / AUTO_REPAY side effects). */
export interface MarginHooks {
  autoBorrow(accountId: number, walletType: WalletType, pair: string, currency: string, amount: Dec, now: number): void;
  autoRepay(accountId: number, walletType: WalletType, pair: string, currency: string, now: number): void;
}

const ACTIVE: ReadonlySet<OrderStatus> = new Set(['PENDING', 'OPEN', 'PARTIAL_FILLED']);
/** Budget headroom for a stop-market buy given in base amount: it may fill above its stop price. */
const STOP_MARKET_BUY_HEADROOM = dec('1.05');
/** Sim-only trades kept for the public history; trades of user accounts are always kept. */
const MAX_PUBLIC_TRADES = 50_000;

export function isActive(o: OrderRecord): boolean {
  return ACTIVE.has(o.status);
}

/**
 * The trading core: validates and places orders, runs the per-pair books, settles every fill between
 * wallets with maker/taker fees, triggers stop orders on the last price and expires orders.
 */
export class Exchange {
  private readonly books = new Map<string, OrderBook>();
  private readonly clientIds = new Map<string, number>();
  margin: MarginHooks | null = null;
  readonly fees: FeeRates = DEFAULT_FEES;

  constructor(
    private readonly state: CoreState,
    private readonly ledger: Ledger,
    private readonly candles: CandleStore,
  ) {
    for (const p of PAIRS) this.books.set(p.name, new OrderBook());
    // Rebuild the books from the open orders: ids grow with arrival, so id order is time priority.
    const open = [...state.orders.values()].filter((o) => o.status === 'OPEN' || o.status === 'PARTIAL_FILLED');
    open.sort((a, b) => a.id - b.id);
    for (const o of open) {
      const spec = findPair(o.pair) as PairSpec;
      this.bookOf(o.pair).rest(
        o.id,
        o.side === 'BUY' ? BUY : SELL,
        toScaled(o.price, spec.pricePrecision),
        toScaled(o.amount.sub(o.filled), spec.amountPrecision),
      );
    }
    for (const o of state.orders.values())
      if (o.clientOrderId !== '') this.clientIds.set(`${o.accountId}|${o.clientOrderId}`, o.id);
  }

  bookOf(pair: string): OrderBook {
    const b = this.books.get(pair);
    if (b === undefined) throw notFound(`Unknown pair ${pair}`);
    return b;
  }

  order(id: number): OrderRecord | undefined {
    return this.state.orders.get(id);
  }

  lastPrice(pair: string): Dec {
    return this.state.lastPrice.get(pair) ?? ZERO;
  }

  place(input: PlaceOrderInput, now: number): PlaceResult {
    const spec = findPair(input.pair);
    if (spec === undefined) throw notFound(`Unknown pair ${input.pair}`);
    const cid = input.clientOrderId ?? '';
    if (cid !== '') {
      const prior = this.clientIds.get(`${input.accountId}|${cid}`);
      if (prior !== undefined)
        return { order: this.state.orders.get(prior) as OrderRecord, trades: [], duplicate: true };
    }
    const price = parseField(input.price, 'price', spec.pricePrecision);
    const amount = parseField(input.amount, 'amount', spec.amountPrecision);
    const quoteAmount = parseField(input.quoteAmount, 'quote_amount', 8);
    const stopPrice = parseField(input.stopPrice, 'stop_price', spec.pricePrecision);
    const isLimit = input.type === 'LIMIT' || input.type === 'STOP_LIMIT';
    const isStop = input.type === 'STOP_LIMIT' || input.type === 'STOP_MARKET';
    if (isLimit && price.lte(0)) throw badRequest('price must be greater than 0');
    if (isStop && stopPrice.lte(0)) throw badRequest('stop_price must be greater than 0 for stop orders');
    const byQuote = !isLimit && input.side === 'BUY' && amount.isZero() && quoteAmount.gt(0);
    if (!byQuote) {
      if (amount.lte(0)) throw badRequest('amount must be greater than 0');
      if (amount.lt(spec.minOrderSize)) throw badRequest(`amount must be at least ${spec.minOrderSize.toFixed()}`);
      if (amount.gt(spec.maxOrderSize)) throw badRequest(`amount must be at most ${spec.maxOrderSize.toFixed()}`);
    }
    if (!isLimit && input.side === 'SELL' && quoteAmount.gt(0) && amount.isZero())
      throw badRequest('quote_amount is only allowed for market buys');
    if (isLimit && price.mul(amount).lt(spec.minOrderValue))
      throw badRequest(`price*amount must be at least ${spec.minOrderValue.toFixed()} (minimum_order_value)`);
    if (input.walletType === 'SPOT' && input.sideEffect !== undefined && input.sideEffect !== '')
      throw badRequest('side_effect is only allowed for margin orders');
    if (input.postOnly === true) this.refuseIfCrossing(spec, input.side, input.type, price);

    // What the order must hold: quote for buys, base for sells.
    const reserveCurrency = input.side === 'BUY' ? spec.quote : spec.base;
    let need: Dec;
    if (input.side === 'SELL') need = amount;
    else if (isLimit) need = ceil8(price.mul(amount));
    else if (byQuote) need = quoteAmount;
    else if (isStop) need = ceil8(amount.mul(stopPrice).mul(STOP_MARKET_BUY_HEADROOM));
    else need = ceil8(this.costToBuy(spec, toScaled(amount, spec.amountPrecision)));

    const scopePair = input.walletType === 'ISOLATED_MARGIN' ? spec.name : '';
    const wallet = this.ledger.wallet(input.accountId, input.walletType, scopePair, reserveCurrency, now);
    if (wallet.balance.lt(need)) {
      if (input.sideEffect === 'AUTO_BORROW' && this.margin !== null) {
        this.margin.autoBorrow(
          input.accountId,
          input.walletType,
          scopePair,
          reserveCurrency,
          need.sub(wallet.balance),
          now,
        );
      } else {
        throw badRequest(
          `Out of balance: ${wallet.balance.toFixed(8)} ${reserveCurrency} available, ${need.toFixed(8)} needed`,
        );
      }
    }

    const order: OrderRecord = {
      id: ++this.state.counters.order,
      accountId: input.accountId,
      pair: spec.name,
      side: input.side,
      type: input.type,
      tif: input.tif,
      walletType: input.walletType,
      price: isLimit ? price : ZERO,
      stopPrice,
      stopOperator: isStop ? input.stopOperator || (input.side === 'BUY' ? 'GTE' : 'LTE') : '',
      amount: byQuote ? ZERO : amount,
      quoteAmount: byQuote ? quoteAmount : ZERO,
      filled: ZERO,
      cancelled: ZERO,
      status: isStop ? 'PENDING' : 'OPEN',
      createdAt: now,
      updatedAt: now,
      openAt: 0,
      doneAt: 0,
      expireAt: input.expireAt ?? 0,
      clientOrderId: cid,
      sideEffect: input.sideEffect ?? '',
      reserved: ZERO,
      reserveCurrency,
    };
    this.state.orders.set(order.id, order);
    if (cid !== '') this.clientIds.set(`${order.accountId}|${cid}`, order.id);
    if (need.gt(0)) {
      this.ledger.lock(wallet, need, now, order.side);
      order.reserved = need;
    }
    const trades: TradeRecord[] = [];
    if (!isStop) this.execute(order, spec, now, trades);
    this.triggerStops(spec, now, trades);
    if (order.sideEffect === 'AUTO_REPAY' && this.margin !== null) {
      this.margin.autoRepay(
        order.accountId,
        order.walletType,
        scopePair,
        order.side === 'BUY' ? spec.base : spec.quote,
        now,
      );
    }
    return { order, trades, duplicate: false };
  }

  /** post_only: a limit order at or through the best opposite price would take liquidity, so it is refused. */
  private refuseIfCrossing(spec: PairSpec, side: Side, type: OrderType, price: Dec): void {
    if (type !== 'LIMIT') throw badRequest('post_only is only allowed for LIMIT orders');
    const book = this.bookOf(spec.name);
    const ticks = toScaled(price, spec.pricePrecision);
    const best = side === 'BUY' ? book.bestAsk() : book.bestBid();
    if (Number.isNaN(best)) return;
    if (side === 'BUY' ? ticks >= best : ticks <= best)
      throw badRequest(
        `post_only order would take liquidity: the best ${side === 'BUY' ? 'ask' : 'bid'} is ${fromScaled(best, spec.pricePrecision).toFixed(spec.pricePrecision)}`,
      );
  }

  /** Cancels an active order of `accountId`. */
  cancel(accountId: number, orderId: number, now: number, status: OrderStatus = 'CANCELLED'): OrderRecord {
    const o = this.state.orders.get(orderId);
    if (o === undefined || o.accountId !== accountId) throw notFound(`Order ${orderId} not found`);
    if (!isActive(o)) throw badRequest(`Order ${orderId} is not active`);
    if (o.status !== 'PENDING') this.bookOf(o.pair).cancel(o.id);
    this.finish(o, status, now);
    return o;
  }

  activeOrders(accountId: number, pair?: string): OrderRecord[] {
    const out: OrderRecord[] = [];
    for (const o of this.state.orders.values()) {
      if (o.accountId === accountId && isActive(o) && (pair === undefined || pair === '' || o.pair === pair))
        out.push(o);
    }
    return out;
  }

  /** Expires orders whose `expire_after` has passed. Returns true when anything changed. */
  expire(now: number): boolean {
    let changed = false;
    for (const o of this.state.orders.values()) {
      if (o.expireAt > 0 && o.expireAt <= now && isActive(o)) {
        this.cancel(o.accountId, o.id, now, 'EXPIRED');
        changed = true;
      }
    }
    return changed;
  }

  feeRates(_accountId: number, _pair: string): FeeRates {
    return this.fees;
  }

  /** Exact quote cost of buying `lots` from the asks (or what the asks hold). */
  private costToBuy(spec: PairSpec, lots: number): Dec {
    let left = lots;
    let cost = ZERO;
    for (const l of this.bookOf(spec.name).levels(SELL)) {
      if (left <= 0) break;
      const q = Math.min(left, l.lots);
      cost = cost.add(fromScaled(l.price, spec.pricePrecision).mul(fromScaled(q, spec.amountPrecision)));
      left -= q;
    }
    return cost;
  }

  /** Lots a market buy can take: at most `maxLots`, and no more than `budget` of quote at the asks' prices. */
  private lotsForBudget(spec: PairSpec, maxLots: number, budget: Dec): number {
    let lots = 0;
    let left = budget;
    for (const l of this.bookOf(spec.name).levels(SELL)) {
      if (lots >= maxLots) break;
      const price = fromScaled(l.price, spec.pricePrecision);
      const q = Math.min(l.lots, maxLots - lots);
      const cost = price.mul(fromScaled(q, spec.amountPrecision));
      if (cost.lte(left)) {
        lots += q;
        left = left.sub(cost);
      } else {
        const affordable = left
          .div(price)
          .mul(10 ** spec.amountPrecision)
          .floor()
          .toNumber();
        lots += Math.min(q, affordable);
        break;
      }
    }
    return lots;
  }

  private execute(order: OrderRecord, spec: PairSpec, now: number, trades: TradeRecord[]): void {
    const book = this.bookOf(spec.name);
    const side = order.side === 'BUY' ? BUY : SELL;
    order.status = 'OPEN';
    order.openAt = now;
    order.updatedAt = now;
    const sink = (makerId: number, _takerId: number, priceTicks: number, lots: number): void => {
      trades.push(this.settle(this.state.orders.get(makerId) as OrderRecord, order, spec, priceTicks, lots, now));
    };
    const isLimit = order.type === 'LIMIT' || order.type === 'STOP_LIMIT';
    if (isLimit) {
      const priceTicks = toScaled(order.price, spec.pricePrecision);
      const lots = toScaled(order.amount, spec.amountPrecision);
      if (order.tif === 'FOK' && book.fillable(side, priceTicks, lots) < lots) {
        this.finish(order, 'CANCELLED', now);
        return;
      }
      const left = book.match(order.id, side, priceTicks, lots, sink);
      if (left === 0) this.finish(order, 'FILLED', now);
      else if (order.tif === 'GTC') book.rest(order.id, side, priceTicks, left);
      else this.finish(order, 'CANCELLED', now);
      return;
    }
    // Market: sells take `amount` down the bids; buys take what the reserve can pay for.
    let lots: number;
    if (side === SELL) lots = toScaled(order.amount, spec.amountPrecision);
    else {
      const maxLots = order.amount.isZero() ? Number.MAX_SAFE_INTEGER : toScaled(order.amount, spec.amountPrecision);
      lots = this.lotsForBudget(spec, maxLots, order.reserved);
    }
    if (
      order.tif === 'FOK' &&
      (order.amount.isZero() ||
        lots < toScaled(order.amount, spec.amountPrecision) ||
        book.fillable(side, side === BUY ? Number.POSITIVE_INFINITY : 0, lots) < lots)
    ) {
      this.finish(order, 'CANCELLED', now);
      return;
    }
    const left = lots > 0 ? book.match(order.id, side, side === BUY ? Number.POSITIVE_INFINITY : 0, lots, sink) : 0;
    if (order.amount.isZero()) order.amount = order.filled; // bought by quote amount: the amount is what was bought
    const complete = left === 0 && order.filled.eq(order.amount) && order.filled.gt(0);
    this.finish(order, complete ? 'FILLED' : 'CANCELLED', now);
  }

  /** Moves money for one fill at the maker's price and records the trade. */
  private settle(
    maker: OrderRecord,
    taker: OrderRecord,
    spec: PairSpec,
    priceTicks: number,
    lots: number,
    now: number,
  ): TradeRecord {
    const price = fromScaled(priceTicks, spec.pricePrecision);
    const qty = fromScaled(lots, spec.amountPrecision);
    const total = trunc8(price.mul(qty));
    const buy = maker.side === 'BUY' ? maker : taker;
    const sell = maker.side === 'BUY' ? taker : maker;
    const buyRate =
      buy === maker ? this.feeRates(buy.accountId, spec.name).maker : this.feeRates(buy.accountId, spec.name).taker;
    const sellRate =
      sell === maker ? this.feeRates(sell.accountId, spec.name).maker : this.feeRates(sell.accountId, spec.name).taker;
    // Fees come out of what each side receives, so they can never take a balance below zero.
    const buyFee = trunc8(qty.mul(buyRate));
    const sellFee = trunc8(total.mul(sellRate));
    const L = this.ledger;
    const bq = this.scopeWallet(buy, spec.quote, now);
    const bb = this.scopeWallet(buy, spec.base, now);
    const sb = this.scopeWallet(sell, spec.base, now);
    const sq = this.scopeWallet(sell, spec.quote, now);
    L.move(bq, ZERO, total.neg(), 'MOTION_TYPE_TRADE', now, 'BUY');
    buy.reserved = buy.reserved.sub(total);
    L.move(bb, qty, ZERO, 'MOTION_TYPE_TRADE', now, 'BUY');
    L.move(bb, buyFee.neg(), ZERO, 'MOTION_TYPE_FEE', now, 'BUY');
    L.move(sb, ZERO, qty.neg(), 'MOTION_TYPE_TRADE', now, 'SELL');
    sell.reserved = sell.reserved.sub(qty);
    L.move(sq, total, ZERO, 'MOTION_TYPE_TRADE', now, 'SELL');
    L.move(sq, sellFee.neg(), ZERO, 'MOTION_TYPE_FEE', now, 'SELL');
    L.collectFee(spec.base, buyFee);
    L.collectFee(spec.quote, sellFee);
    for (const o of [maker, taker]) {
      o.filled = o.filled.add(qty);
      o.updatedAt = now;
      if (o.status === 'OPEN') o.status = 'PARTIAL_FILLED';
    }
    if (maker.filled.eq(maker.amount)) this.finish(maker, 'FILLED', now);
    const trade: TradeRecord = {
      id: ++this.state.counters.trade,
      pair: spec.name,
      price,
      amount: qty,
      total,
      takerSide: taker.side,
      time: now,
      buyOrderId: buy.id,
      sellOrderId: sell.id,
      buyerId: buy.accountId,
      sellerId: sell.accountId,
      buyFee,
      sellFee,
      buyFeeRate: buyRate,
      sellFeeRate: sellRate,
      buyWalletType: buy.walletType,
      sellWalletType: sell.walletType,
    };
    this.recordTrade(trade, priceTicks, lots);
    return trade;
  }

  private recordTrade(trade: TradeRecord, priceTicks: number, lots: number): void {
    const s = this.state;
    s.trades.push(trade);
    s.lastPrice.set(trade.pair, trade.price);
    this.candles.addTrade(trade.pair, trade.time, priceTicks, lots);
    if (s.trades.length > MAX_PUBLIC_TRADES * 1.2) {
      // Drop the oldest trades between simulated traders only; every user's trade stays.
      const internal = (id: number): boolean => s.accounts.get(id)?.internal === true;
      const cut = s.trades.length - MAX_PUBLIC_TRADES;
      s.trades = s.trades.filter((t, i) => i >= cut || !(internal(t.buyerId) && internal(t.sellerId)));
    }
  }

  private scopeWallet(o: OrderRecord, currency: string, now: number): Wallet {
    return this.ledger.wallet(o.accountId, o.walletType, o.pair, currency, now);
  }

  /** Terminal transition: returns the unused reserve and sets the final status. */
  private finish(o: OrderRecord, status: OrderStatus, now: number): void {
    if (o.reserved.gt(0)) {
      this.ledger.release(this.scopeWallet(o, o.reserveCurrency, now), o.reserved, now, o.side);
      o.reserved = ZERO;
    }
    let final = status;
    if (status !== 'FILLED' && o.filled.gt(0) && status === 'CANCELLED') final = 'PARTIAL_CANCELLED';
    o.status = final;
    if (final !== 'FILLED') o.cancelled = o.amount.sub(o.filled);
    o.updatedAt = now;
    o.doneAt = now;
    // Finished orders of simulated traders are not queryable by anyone: drop them to bound memory.
    if (this.state.accounts.get(o.accountId)?.internal === true) this.state.orders.delete(o.id);
  }

  /** Fires pending stop orders whose condition holds on the pair's last price, until none is left to fire. */
  private triggerStops(spec: PairSpec, now: number, trades: TradeRecord[]): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const last = this.state.lastPrice.get(spec.name);
      if (last === undefined) return;
      let fired: OrderRecord | undefined;
      for (const o of this.state.orders.values()) {
        if (o.status !== 'PENDING' || o.pair !== spec.name) continue;
        if (o.stopOperator === 'GTE' ? last.gte(o.stopPrice) : last.lte(o.stopPrice)) {
          fired = o;
          break;
        }
      }
      if (fired === undefined) return;
      this.execute(fired, spec, now, trades);
    }
  }
}

/** Parses an optional decimal field and checks its precision; absent/empty -> 0. */
function parseField(text: string | undefined, field: string, decimals: number): Dec {
  if (text === undefined || text === '') return ZERO;
  if (!/^\d+(\.\d+)?$/.test(text)) throw badRequest(`${field} must be a non-negative decimal number`);
  if (decimalsOf(text.replace(/0+$/, '')) > decimals) throw badRequest(`${field} has more than ${decimals} decimals`);
  return dec(text);
}

export { Dec };
