import type { CandleStore } from './candles';
import { BUY, type FillSink, OrderBook, SELL } from './engine/book';
import { StopBook, type StopOperatorCode } from './engine/stops';
import { badRequest, insufficientFunds, notActive, notFound, outOfRange } from './errors';
import type { ChangeRecorder } from './events';
import type { History } from './history';
import { OrderIndex } from './orderIndex';
import type { Ledger } from './ledger';
import { DEFAULT_FEES, type FeeRates, PAIRS, type PairSpec, findPair } from './market';
import { limitFigures } from './limitPlan';
import { Dec, ZERO, ceil8, decimalsOf, dec, fromScaled, scaledDec, toScaled } from './money';
import { OrderCell } from './orderCell';
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
  WalletType,
} from './state';
import { TradeCell } from './tradeCell';
import { pow10, rateOf, scaledToUnits, toUnits, unitsDec, unitsTimesRate } from './units';
import type { WalletCell } from './walletRecords';

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
  /** Repays the scope's loans in `currency` with at most `received` (what one fill of the order brought in). */
  autoRepay(
    accountId: number,
    walletType: WalletType,
    pair: string,
    currency: string,
    received: Dec,
    now: number,
  ): void;
}

/** Ids a journaled placement produced: replay uses and checks them instead of deriving its own. */
export interface PlaceIds {
  /** The order's id. */
  order: number;
  /** The trade counter before the placement (its trades are numbered from here + 1). */
  trade: number;
  /** Trades the placement produced (its own fills and those of stops it triggered); absent in older journals. */
  fills?: number;
  /** `makersDigest` of those trades (present when `fills` > 0): replay must fill the same orders in the same order. */
  makers?: number;
}

/** A 32-bit digest of the maker order ids of `trades`, in order: cheap to journal, differs when the queue did. */
export function makersDigest(trades: readonly TradeRecord[]): number {
  let h = 0x811c9dc5;
  for (const t of trades) h = Math.imul(h ^ (t.takerSide === 'BUY' ? t.sellOrderId : t.buyOrderId), 0x01000193) >>> 0;
  return h;
}

const ACTIVE: ReadonlySet<OrderStatus> = new Set(['PENDING', 'OPEN', 'PARTIAL_FILLED']);
/** Budget headroom for a stop-market buy given in base amount: it may fill above its stop price. */
const STOP_MARKET_BUY_HEADROOM = dec('1.05');
/** Longest decimal text accepted for a price or amount (anything longer is not a real order). */
const MAX_NUMBER_TEXT = 40;

export function isActive(o: OrderRecord): boolean {
  return ACTIVE.has(o.status);
}

/** Everything placement needs, computed and checked before anything changes. */
interface Plan {
  spec: PairSpec;
  isLimit: boolean;
  isStop: boolean;
  byQuote: boolean;
  price: Dec;
  amount: Dec;
  quoteAmount: Dec;
  stopPrice: Dec;
  stopOperator: StopOperator | '';
  /** Held in `reserveCurrency` for the order's life, in wallet units. */
  needUnits: bigint;
  /** The limit price in ticks and the amount in lots, when known from the integer check (limitPlan.ts). */
  priceTicks?: number;
  lots?: number;
  reserveCurrency: string;
  scopePair: string;
  /** What AUTO_BORROW must borrow first (zero when the wallet covers `need`). */
  borrow: Dec;
}

/**
 * The trading core: validates and places orders, runs the per-pair books, settles every fill between
 * wallets with maker/taker fees, triggers stop orders on the last price and expires orders.
 * Placement validates everything first (a `Plan`), then mutates with steps that cannot fail, so a refused
 * order leaves nothing behind.
 */
export class Exchange {
  private readonly books = new Map<string, OrderBook>();
  private readonly stops = new Map<string, StopBook>();
  /** Last trade price per pair in ticks (what stops compare against). */
  private readonly lastTicks = new Map<string, number>();
  private readonly clientIds = new Map<string, number>();
  readonly index: OrderIndex;
  margin: MarginHooks | null = null;
  readonly fees: FeeRates = DEFAULT_FEES;
  /** Fills of the running match, reused: settled after `match()` returns, never inside its callback. */
  private readonly fillMakers: number[] = [];
  private readonly fillPrices: number[] = [];
  private readonly fillLots: number[] = [];
  private fillCount = 0;
  private readonly collectFill: FillSink = (makerId, _takerId, priceTicks, lots) => {
    const i = this.fillCount++;
    this.fillMakers[i] = makerId;
    this.fillPrices[i] = priceTicks;
    this.fillLots[i] = lots;
  };

  constructor(
    private readonly state: CoreState,
    private readonly ledger: Ledger,
    private readonly candles: CandleStore,
    private readonly recorder: ChangeRecorder | null = null,
    private readonly history: History | null = null,
  ) {
    // Orders of a loaded snapshot (or a state built by hand) are plain objects: they become cells in place.
    for (const [id, o] of state.orders) {
      if (o instanceof OrderCell) continue;
      const spec = findPair(o.pair);
      // A state naming a pair this build does not trade cannot be loaded faithfully: say which (start-up then
      // keeps the files aside and starts fresh, with a notice).
      if (spec === undefined) throw new Error(`order ${id} is on pair ${o.pair}, which this exchange does not trade`);
      state.orders.set(id, new OrderCell(o, spec.amountPrecision, spec.pricePrecision));
    }
    this.index = new OrderIndex(state);
    this.index.onDropped = (o) => {
      if (o.clientOrderId !== '') this.clientIds.delete(`${o.accountId}|${o.clientOrderId}`);
    };
    for (const p of PAIRS) {
      this.books.set(p.name, new OrderBook());
      this.stops.set(p.name, new StopBook());
      const last = state.lastPrice.get(p.name);
      if (last?.gt(0)) this.lastTicks.set(p.name, toScaled(last, p.pricePrecision));
    }
    // Rebuild the books in the order the orders joined them (time priority), not in id order: a stop-limit has
    // an early id but joined when triggered. Orders from states without `restSeq` come first, in id order.
    const live = [...state.orders.values()].filter(isActive);
    live.sort((a, b) => (a.restSeq ?? 0) - (b.restSeq ?? 0) || a.id - b.id);
    for (const o of live) {
      const spec = findPair(o.pair) as PairSpec;
      if (o.status === 'PENDING') {
        this.stopsOf(o.pair).add(o.id, o.stopOperator as StopOperatorCode, toScaled(o.stopPrice, spec.pricePrecision));
        continue;
      }
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

  private stopsOf(pair: string): StopBook {
    return this.stops.get(pair) as StopBook;
  }

  order(id: number): OrderRecord | undefined {
    return this.state.orders.get(id);
  }

  lastPrice(pair: string): Dec {
    return this.state.lastPrice.get(pair) ?? ZERO;
  }

  /** Checks an order completely against the pair's rules and the account's funds; changes nothing. */
  private plan(input: PlaceOrderInput, spec: PairSpec): Plan {
    return this.plainLimitPlan(input, spec) ?? this.fullPlan(input, spec);
  }

  /**
   * A plain limit order (no stop, quote amount, side effect or post_only) that the integer check accepts and
   * the wallet covers: planned without a Decimal operation. Anything else is null and goes to `fullPlan`,
   * which accepts the same orders with the same figures and refuses the rest with its specific reasons.
   */
  private plainLimitPlan(input: PlaceOrderInput, spec: PairSpec): Plan | null {
    if (input.type !== 'LIMIT' || input.postOnly === true) return null;
    if (input.sideEffect !== undefined && input.sideEffect !== '') return null;
    if ((input.quoteAmount ?? '') !== '' || (input.stopPrice ?? '') !== '') return null;
    const expireAt = input.expireAt ?? 0;
    if (!Number.isSafeInteger(expireAt) || expireAt < 0) return null;
    const f = limitFigures(spec, input.side === 'BUY', input.price, input.amount);
    if (f === null) return null;
    const reserveCurrency = input.side === 'BUY' ? spec.quote : spec.base;
    const scopePair = input.walletType === 'ISOLATED_MARGIN' ? spec.name : '';
    const have = this.ledger.find(input.accountId, input.walletType, scopePair, reserveCurrency)?.balanceUnits ?? 0n;
    if (have < f.needUnits) return null;
    return {
      spec,
      isLimit: true,
      isStop: false,
      byQuote: false,
      price: scaledDec(f.priceTicks, spec.pricePrecision),
      amount: scaledDec(f.lots, spec.amountPrecision),
      quoteAmount: ZERO,
      stopPrice: ZERO,
      stopOperator: '',
      needUnits: f.needUnits,
      priceTicks: f.priceTicks,
      lots: f.lots,
      reserveCurrency,
      scopePair,
      borrow: ZERO,
    };
  }

  /** Checks an order completely against the pair's rules and the account's funds, in Decimals; changes nothing. */
  private fullPlan(input: PlaceOrderInput, spec: PairSpec): Plan {
    const price = parseField(input.price, 'price', spec.pricePrecision);
    const amount = parseField(input.amount, 'amount', spec.amountPrecision);
    const quoteAmount = parseField(input.quoteAmount, 'quote_amount', 8);
    const stopPrice = parseField(input.stopPrice, 'stop_price', spec.pricePrecision);
    const isLimit = input.type === 'LIMIT' || input.type === 'STOP_LIMIT';
    const isStop = input.type === 'STOP_LIMIT' || input.type === 'STOP_MARKET';
    if (isLimit && price.lte(0)) throw badRequest('price must be greater than 0', 'price');
    if (isLimit && price.gt(spec.maxPrice))
      throw outOfRange(`price must be at most ${spec.maxPrice.toFixed()} for ${spec.name}`, 'price');
    if (isStop && stopPrice.lte(0)) throw badRequest('stop_price must be greater than 0 for stop orders', 'stop_price');
    if (isStop && stopPrice.gt(spec.maxPrice))
      throw outOfRange(`stop_price must be at most ${spec.maxPrice.toFixed()} for ${spec.name}`, 'stop_price');
    const byQuote = !isLimit && input.side === 'BUY' && amount.isZero() && quoteAmount.gt(0);
    if (!byQuote) {
      if (amount.lte(0)) throw badRequest('amount must be greater than 0', 'amount');
      if (amount.lt(spec.minOrderSize))
        throw outOfRange(`amount must be at least ${spec.minOrderSize.toFixed()}`, 'amount');
      if (amount.gt(spec.maxOrderSize))
        throw outOfRange(`amount must be at most ${spec.maxOrderSize.toFixed()}`, 'amount');
    } else if (quoteAmount.gt(spec.maxOrderValue))
      throw outOfRange(`quote_amount must be at most ${spec.maxOrderValue.toFixed()}`, 'quote_amount');
    if (!isLimit && input.side === 'SELL' && quoteAmount.gt(0) && amount.isZero())
      throw badRequest('quote_amount is only allowed for market buys', 'quote_amount');
    if (isLimit) {
      const value = price.mul(amount);
      if (value.lt(spec.minOrderValue))
        throw outOfRange(
          `price*amount must be at least ${spec.minOrderValue.toFixed()} (minimum_order_value)`,
          'amount',
        );
      if (value.gt(spec.maxOrderValue))
        throw outOfRange(
          `price*amount must be at most ${spec.maxOrderValue.toFixed()} (maximum order value)`,
          'amount',
        );
    }
    if (input.walletType === 'SPOT' && input.sideEffect !== undefined && input.sideEffect !== '')
      throw badRequest('side_effect is only allowed for margin orders', 'side_effect');
    if (input.sideEffect === 'AUTO_BORROW' && input.walletType === 'SPOT')
      throw badRequest('AUTO_BORROW needs a margin wallet_type', 'side_effect');
    const expireAt = input.expireAt ?? 0;
    if (!Number.isSafeInteger(expireAt) || expireAt < 0)
      throw outOfRange('expire time is out of range', 'expire_after');
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
    const have = this.ledger.find(input.accountId, input.walletType, scopePair, reserveCurrency)?.balance ?? ZERO;
    let borrow = ZERO;
    if (have.lt(need)) {
      if (input.sideEffect === 'AUTO_BORROW' && this.margin !== null) borrow = need.sub(have);
      else
        throw insufficientFunds(
          `Out of balance: ${have.toFixed(8)} ${reserveCurrency} available, ${need.toFixed(8)} needed`,
        );
    }
    return {
      spec,
      isLimit,
      isStop,
      byQuote,
      price,
      amount,
      quoteAmount,
      stopPrice,
      stopOperator: isStop ? input.stopOperator || (input.side === 'BUY' ? 'GTE' : 'LTE') : '',
      needUnits: toUnits(need),
      reserveCurrency,
      scopePair,
      borrow,
    };
  }

  place(input: PlaceOrderInput, now: number, ids?: PlaceIds): PlaceResult {
    const spec = findPair(input.pair);
    if (spec === undefined) throw notFound(`Unknown pair ${input.pair}`);
    const cid = input.clientOrderId ?? '';
    if (cid !== '') {
      const prior = this.clientIds.get(`${input.accountId}|${cid}`);
      if (prior !== undefined) {
        const o = this.state.orders.get(prior);
        if (o !== undefined) return { order: o, trades: [], duplicate: true };
      }
    }
    const plan = this.plan(input, spec);
    if (ids !== undefined) {
      // Replay: the journal says which ids this placement produced.
      if (ids.order <= this.state.counters.order || ids.trade !== this.state.counters.trade)
        throw new Error(
          `journaled ids (order ${ids.order}, trade ${ids.trade}) do not follow the state (order ${this.state.counters.order}, trade ${this.state.counters.trade})`,
        );
      this.state.counters.order = ids.order - 1;
    }
    // From here on nothing can refuse: AUTO_BORROW validates completely before it moves anything.
    if (plan.borrow.gt(0))
      this.margin?.autoBorrow(
        input.accountId,
        input.walletType,
        plan.scopePair,
        plan.reserveCurrency,
        plan.borrow,
        now,
      );
    const wallet = this.ledger.wallet(input.accountId, input.walletType, plan.scopePair, plan.reserveCurrency, now);
    const order = new OrderCell(
      {
        id: ++this.state.counters.order,
        accountId: input.accountId,
        pair: spec.name,
        side: input.side,
        type: input.type,
        tif: input.tif,
        walletType: input.walletType,
        price: plan.isLimit ? plan.price : ZERO,
        stopPrice: plan.stopPrice,
        stopOperator: plan.stopOperator,
        amount: plan.byQuote ? ZERO : plan.amount,
        quoteAmount: plan.byQuote ? plan.quoteAmount : ZERO,
        filled: ZERO,
        cancelled: ZERO,
        status: plan.isStop ? 'PENDING' : 'OPEN',
        createdAt: now,
        updatedAt: now,
        openAt: 0,
        doneAt: 0,
        expireAt: input.expireAt ?? 0,
        clientOrderId: cid,
        sideEffect: input.sideEffect ?? '',
        reserved: ZERO,
        reserveCurrency: plan.reserveCurrency,
      },
      spec.amountPrecision,
      spec.pricePrecision,
      plan.priceTicks,
      plan.lots,
    );
    if (order.side === 'BUY') order.quoteWallet = wallet;
    else order.baseWallet = wallet;
    this.state.orders.set(order.id, order);
    this.index.added(order);
    this.recorder?.order(order);
    if (cid !== '') this.clientIds.set(`${order.accountId}|${cid}`, order.id);
    if (plan.needUnits > 0n) {
      this.ledger.lockUnits(wallet, plan.needUnits, now, order.side);
      order.setReservedUnits(plan.needUnits);
    }
    const trades: TradeRecord[] = [];
    if (plan.isStop)
      this.stopsOf(spec.name).add(
        order.id,
        order.stopOperator as StopOperatorCode,
        toScaled(order.stopPrice, spec.pricePrecision),
      );
    else this.execute(order, spec, now, trades);
    this.triggerStops(spec, now, trades);
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

  /** Refuses what `cancel` would refuse, without changing anything. */
  checkCancel(accountId: number, orderId: number): OrderRecord {
    const o = this.state.orders.get(orderId);
    if (o === undefined || o.accountId !== accountId) throw notFound(`Order ${orderId} not found`);
    if (!isActive(o)) throw notActive(`Order ${orderId} is not active`);
    return o;
  }

  /** Cancels an active order of `accountId`. */
  cancel(accountId: number, orderId: number, now: number, status: OrderStatus = 'CANCELLED'): OrderRecord {
    this.checkCancel(accountId, orderId);
    const o = this.cellOf(orderId);
    const spec = findPair(o.pair) as PairSpec;
    if (o.status === 'PENDING')
      this.stopsOf(o.pair).remove(o.id, o.stopOperator as StopOperatorCode, toScaled(o.stopPrice, spec.pricePrecision));
    else {
      this.bookOf(o.pair).cancel(o.id);
      this.recorder?.book(o.pair);
    }
    this.finish(o, status, now);
    return o;
  }

  /** Active orders of an account (optionally of one pair), in id order. */
  activeOrders(accountId: number, pair?: string): OrderRecord[] {
    return this.index.ordersOf(accountId, { active: true, ...(pair !== undefined ? { pair } : {}) });
  }

  /** Expires orders whose `expire_after` has passed. Returns true when anything changed. */
  expire(now: number): boolean {
    let changed = false;
    for (const id of this.index.dueForExpiry(now)) {
      // Checked again here, not only when listed: a throw after the first expiry would leave the tick unjournaled.
      const o = this.state.orders.get(id);
      if (o === undefined || !isActive(o)) continue;
      this.cancel(o.accountId, o.id, now, 'EXPIRED');
      changed = true;
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

  /** Runs the book's match for `order` and settles its fills afterwards; returns the unfilled lots. */
  private matchAndSettle(
    order: OrderCell,
    spec: PairSpec,
    limit: number,
    lots: number,
    now: number,
    trades: TradeRecord[],
  ): number {
    this.fillCount = 0;
    const left = this.bookOf(spec.name).match(
      order.id,
      order.side === 'BUY' ? BUY : SELL,
      limit,
      lots,
      this.collectFill,
    );
    const n = this.fillCount;
    for (let i = 0; i < n; i++) {
      const maker = this.cellOf(this.fillMakers[i] as number);
      trades.push(this.settle(maker, order, spec, this.fillPrices[i] as number, this.fillLots[i] as number, now));
    }
    if (left < lots) this.recorder?.book(spec.name);
    return left;
  }

  /** An order of the state (every one is a cell: the constructor and `place` see to it). */
  private cellOf(id: number): OrderCell {
    const o = this.state.orders.get(id);
    if (o instanceof OrderCell) return o;
    throw new Error(`order ${id} is not an exchange order`);
  }

  private execute(order: OrderCell, spec: PairSpec, now: number, trades: TradeRecord[]): void {
    const book = this.bookOf(spec.name);
    const side = order.side === 'BUY' ? BUY : SELL;
    order.status = 'OPEN';
    order.openAt = now;
    order.updatedAt = now;
    this.recorder?.order(order);
    // FOK and AON both execute only in full: what cannot fill whole on arrival is cancelled untraded.
    const allOrNone = order.tif === 'FOK' || order.tif === 'AON';
    const isLimit = order.type === 'LIMIT' || order.type === 'STOP_LIMIT';
    if (isLimit) {
      const priceTicks = order.priceTicks;
      const lots = order.amountLots;
      if (allOrNone && book.fillable(side, priceTicks, lots) < lots) {
        this.finish(order, 'CANCELLED', now);
        return;
      }
      const left = this.matchAndSettle(order, spec, priceTicks, lots, now, trades);
      if (left === 0) this.finish(order, 'FILLED', now);
      else if (order.tif === 'GTC') {
        book.rest(order.id, side, priceTicks, left);
        this.state.counters.rest = (this.state.counters.rest ?? 0) + 1;
        order.restSeq = this.state.counters.rest;
        this.recorder?.book(spec.name);
      } else this.finish(order, 'CANCELLED', now);
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
      allOrNone &&
      (order.amount.isZero() ||
        lots < toScaled(order.amount, spec.amountPrecision) ||
        book.fillable(side, side === BUY ? Number.POSITIVE_INFINITY : 0, lots) < lots)
    ) {
      this.finish(order, 'CANCELLED', now);
      return;
    }
    const left =
      lots > 0 ? this.matchAndSettle(order, spec, side === BUY ? Number.POSITIVE_INFINITY : 0, lots, now, trades) : 0;
    if (order.amount.isZero()) order.amount = order.filled; // bought by quote amount: the amount is what was bought
    const complete = left === 0 && order.filled.eq(order.amount) && order.filled.gt(0);
    this.finish(order, complete ? 'FILLED' : 'CANCELLED', now);
  }

  /**
   * Moves money for one fill at the maker's price and records the trade, all in integers: the quote total
   * (price x amount truncated to 8 decimals) and both fees (truncated to 8 decimals) are exact in wallet units.
   */
  private settle(
    maker: OrderCell,
    taker: OrderCell,
    spec: PairSpec,
    priceTicks: number,
    lots: number,
    now: number,
  ): TradeRecord {
    const qty = scaledToUnits(lots, spec.amountPrecision);
    const total = totalUnits(priceTicks, lots, spec);
    const buy = maker.side === 'BUY' ? maker : taker;
    const sell = maker.side === 'BUY' ? taker : maker;
    const buyRates = this.feeRates(buy.accountId, spec.name);
    const sellRates = this.feeRates(sell.accountId, spec.name);
    const buyRate = buy === maker ? buyRates.maker : buyRates.taker;
    const sellRate = sell === maker ? sellRates.maker : sellRates.taker;
    // Fees come out of what each side receives, so they can never take a balance below zero.
    const buyFee = unitsTimesRate(qty, rateOf(buyRate));
    const sellFee = unitsTimesRate(total, rateOf(sellRate));
    const L = this.ledger;
    const bq = this.orderWallet(buy, spec, false, now);
    const bb = this.orderWallet(buy, spec, true, now);
    const sb = this.orderWallet(sell, spec, true, now);
    const sq = this.orderWallet(sell, spec, false, now);
    L.moveUnits(bq, 0n, -total, 'MOTION_TYPE_TRADE', now, 'BUY');
    buy.setReservedUnits(buy.reservedUnits - total);
    L.moveUnits(bb, qty, 0n, 'MOTION_TYPE_TRADE', now, 'BUY');
    L.moveUnits(bb, -buyFee, 0n, 'MOTION_TYPE_FEE', now, 'BUY');
    L.moveUnits(sb, 0n, -qty, 'MOTION_TYPE_TRADE', now, 'SELL');
    sell.setReservedUnits(sell.reservedUnits - qty);
    L.moveUnits(sq, total, 0n, 'MOTION_TYPE_TRADE', now, 'SELL');
    L.moveUnits(sq, -sellFee, 0n, 'MOTION_TYPE_FEE', now, 'SELL');
    L.collectFeeUnits(spec.base, buyFee);
    L.collectFeeUnits(spec.quote, sellFee);
    // AUTO_REPAY repays from the proceeds: each fill (taker or maker, now or later) repays with what it brought in.
    this.repayFromProceeds(buy, spec.base, qty - buyFee, now);
    this.repayFromProceeds(sell, spec.quote, total - sellFee, now);
    this.filledBy(maker, lots, now);
    this.filledBy(taker, lots, now);
    if (maker.filledLots === maker.amountLots) this.finish(maker, 'FILLED', now);
    const trade = new TradeCell(
      ++this.state.counters.trade,
      spec.name,
      priceTicks,
      spec.pricePrecision,
      lots,
      spec.amountPrecision,
      total,
      taker.side,
      now,
      buy.id,
      sell.id,
      buy.accountId,
      sell.accountId,
      buyFee,
      sellFee,
      buyRate,
      sellRate,
      buy.walletType,
      sell.walletType,
    );
    this.recordTrade(trade, priceTicks, lots);
    return trade;
  }

  private repayFromProceeds(o: OrderRecord, currency: string, received: bigint, now: number): void {
    if (o.sideEffect !== 'AUTO_REPAY' || o.walletType === 'SPOT' || this.margin === null) return;
    const scopePair = o.walletType === 'ISOLATED_MARGIN' ? o.pair : '';
    this.margin.autoRepay(o.accountId, o.walletType, scopePair, currency, unitsDec(received), now);
  }

  private filledBy(o: OrderCell, lots: number, now: number): void {
    o.addFilled(lots);
    o.updatedAt = now;
    if (o.status === 'OPEN') o.status = 'PARTIAL_FILLED';
    this.recorder?.order(o);
  }

  private recordTrade(trade: TradeRecord, priceTicks: number, lots: number): void {
    if (this.history !== null) this.history.trade(trade);
    else this.state.trades.push(trade);
    this.recorder?.trade(trade);
    if (this.lastTicks.get(trade.pair) !== priceTicks || !this.state.lastPrice.has(trade.pair))
      this.state.lastPrice.set(trade.pair, trade.price);
    this.lastTicks.set(trade.pair, priceTicks);
    this.candles.addTrade(trade.pair, trade.time, priceTicks, lots);
  }

  private scopeWallet(o: OrderRecord, currency: string, now: number): WalletCell {
    return this.ledger.wallet(o.accountId, o.walletType, o.pair, currency, now);
  }

  /**
   * The order's base or quote wallet, kept on the order after the first lookup: a wallet object is never
   * replaced (a pending one is the very object that later joins the state), so the reference stays right.
   */
  private orderWallet(o: OrderCell, spec: PairSpec, base: boolean, now: number): WalletCell {
    if (base) {
      o.baseWallet ??= this.scopeWallet(o, spec.base, now);
      return o.baseWallet;
    }
    o.quoteWallet ??= this.scopeWallet(o, spec.quote, now);
    return o.quoteWallet;
  }

  /** Terminal transition: returns the unused reserve and sets the final status. */
  private finish(o: OrderCell, status: OrderStatus, now: number): void {
    if (o.reservedUnits > 0n) {
      // The reserve is in the quote for a buy, the base for a sell: the wallet the order looked up at placement.
      const w = (o.side === 'BUY' ? o.quoteWallet : o.baseWallet) ?? this.scopeWallet(o, o.reserveCurrency, now);
      this.ledger.releaseUnits(w, o.reservedUnits, now, o.side);
      o.setReservedUnits(0n);
    }
    let final = status;
    if (status !== 'FILLED' && o.filledLots > 0 && status === 'CANCELLED') final = 'PARTIAL_CANCELLED';
    o.status = final;
    if (final !== 'FILLED') o.cancelled = o.filledLots === 0 ? o.amount : o.amount.sub(o.filled);
    o.updatedAt = now;
    o.doneAt = now;
    this.recorder?.order(o);
    // Finished orders of simulated traders are not queryable by anyone: drop them to bound memory.
    if (this.state.accounts.get(o.accountId)?.internal === true) this.index.dropped(o);
    else this.index.finishedOrder(o);
  }

  /** Fires pending stop orders whose condition holds on the pair's last price, until none is left to fire. */
  private triggerStops(spec: PairSpec, now: number, trades: TradeRecord[]): void {
    const stops = this.stopsOf(spec.name);
    for (;;) {
      const last = this.lastTicks.get(spec.name);
      if (last === undefined) return;
      const id = stops.popFiring(last);
      if (id === 0) return;
      this.execute(this.cellOf(id), spec, now, trades);
    }
  }
}

/** Quote total of a fill in wallet units: price x amount truncated to 8 decimals (exact: integers only). */
function totalUnits(priceTicks: number, lots: number, spec: PairSpec): bigint {
  const product = BigInt(priceTicks) * BigInt(lots); // in 10^-(price + amount decimals)
  const shift = 8 - spec.pricePrecision - spec.amountPrecision;
  return shift >= 0 ? product * pow10(shift) : product / pow10(-shift);
}

/** Parses an optional decimal field and checks its precision; absent/empty -> 0. */
function parseField(text: string | undefined, field: string, decimals: number): Dec {
  if (text === undefined || text === '') return ZERO;
  if (text.length > MAX_NUMBER_TEXT) throw outOfRange(`${field} is too long`, field);
  if (!/^\d+(\.\d+)?$/.test(text)) throw badRequest(`${field} must be a non-negative decimal number`, field);
  if (text.includes('.') && decimalsOf(text.replace(/0+$/, '')) > decimals)
    throw badRequest(`${field} has more than ${decimals} decimals`, field);
  return dec(text);
}

export { Dec };
