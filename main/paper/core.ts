import { AccountRegistry, type AccountInput, nonceAllowed } from './accounts';
import { CandleStore } from './candles';
import { Rejection, badRequest } from './errors';
import { type ChangeListener, ChangeRecorder } from './events';
import { Exchange, type PlaceIds, type PlaceOrderInput, type PlaceResult, isActive, makersDigest } from './exchange';
import { History, type TapeQuery, type TradeQuery } from './history';
import { Ledger } from './ledger';
import { MarginDesk, type Scope } from './margin';
import type { MarginHistory } from './marginRecords';
import { CURRENCIES, PAIRS } from './market';
import { type Dec, dec } from './money';
import type { OrderQuery } from './orderIndex';
import { MarketSimulator } from './simulator';
import type { Slice } from './slice';
import {
  type Activity,
  type Borrow,
  type CoreState,
  type Deposit,
  type LoanType,
  type OrderRecord,
  type TradeRecord,
  emptyState,
} from './state';

/**
 * Every state change as a plain record. The journal stores them; replaying them in order on the same
 * starting state gives the same state (the core is deterministic: time comes in `t`, no randomness).
 */
export type Command =
  | { c: 'genesis'; t: number; seed: number; simulate: boolean }
  | { c: 'account'; t: number; input: AccountInput }
  | { c: 'nonce'; id: number; n: string; t?: number }
  /** `ids`: what the placement produced (absent in journals written before ids were journaled). */
  | { c: 'place'; t: number; input: PlaceOrderInput; ids?: PlaceIds }
  | { c: 'cancel'; t: number; accountId: number; orderId: number }
  | { c: 'cancelMany'; t: number; accountId: number; orderIds: number[] | null; pair: string }
  | { c: 'transfer'; t: number; scope: Scope; direction: 'ADD' | 'SUB'; currency: string; amount: string; note: string }
  | { c: 'borrow'; t: number; scope: Scope; currency: string; amount: string; type: LoanType }
  | { c: 'repay'; t: number; scope: Scope; currency: string; amount: string; type: LoanType }
  | { c: 'closeMargin'; t: number; scope: Scope }
  | { c: 'tick'; t: number }
  /** One simulator step; `ids` are the counters after it, checked on replay. */
  | { c: 'sim'; t: number; ids: PlaceIds };

/** Receives each applied command with its journal sequence number. */
export type CommandSink = (cmd: Command, seq: number) => void;

export const LENDER_NAME = 'paper-lending-pool';
export const SIM_MAKER_NAME = 'paper-sim-maker';
export const SIM_TAKER_NAME = 'paper-sim-taker';
/** Internal accounts hold practically unlimited funds so the simulation and lending never run dry. */
const INTERNAL_FUNDS = '1000000000000';

/** The exchange state with all its services; every mutation goes through a method that emits its Command. */
export class PaperCore {
  readonly ledger: Ledger;
  readonly candles: CandleStore;
  readonly accounts: AccountRegistry;
  readonly exchange: Exchange;
  readonly margin: MarginDesk;
  readonly history: History;
  private readonly sim: MarketSimulator;
  /** Receives each applied command (the journal); null while replaying. */
  sink: CommandSink | null = null;
  /** Sequence number of the last applied command: the journal's, and counted the same without one. */
  seq = 0;
  private readonly recorder = new ChangeRecorder();

  constructor(readonly state: CoreState = emptyState()) {
    this.history = new History(state, (id) => state.accounts.get(id)?.internal === false);
    this.ledger = new Ledger(state, this.recorder, this.history);
    this.candles = new CandleStore(state);
    this.accounts = new AccountRegistry(state, this.ledger);
    this.exchange = new Exchange(state, this.ledger, this.candles, this.recorder, this.history);
    this.margin = new MarginDesk(state, this.ledger, this.exchange, () => this.internalId(LENDER_NAME));
    this.exchange.margin = this.margin;
    this.sim = new MarketSimulator(this);
  }

  private emit(cmd: Command): void {
    this.seq++;
    this.sink?.(cmd, this.seq);
    this.recorder.cut(this.seq);
  }

  /**
   * Subscribes to committed changes: one CommittedChange per command, delivered by `deliverCommitted()`
   * (the exchange calls it once the journal has the commands). Returns the unsubscribe function.
   */
  onCommitted(listener: ChangeListener): () => void {
    return this.recorder.subscribe(listener);
  }

  /** Hands every change committed so far to the listeners, in commit order. */
  deliverCommitted(): void {
    this.recorder.deliver();
  }

  internalId(name: string): number {
    const a = this.accounts.byName(name);
    if (a === undefined) throw new Error(`internal account ${name} missing: genesis not applied`);
    return a.id;
  }

  /** First command of every exchange: internal accounts and, when simulating, the back-filled history. */
  genesis(t: number, seed: number, simulate: boolean): void {
    if (this.state.genesis !== null) return;
    this.state.genesis = { time: t, seed, simulate };
    this.state.lastTickAt = t;
    const funds = Object.fromEntries(CURRENCIES.map((c) => [c.shortName, INTERNAL_FUNDS]));
    for (const name of [LENDER_NAME, SIM_MAKER_NAME, SIM_TAKER_NAME]) {
      this.accounts.ensure(
        { key: `internal:${name}`, secret: `internal:${name}:${seed}`, balances: funds, name, internal: true },
        t,
      );
    }
    if (simulate) {
      for (const p of PAIRS) {
        this.candles.backfill(p, t, seed);
        const last = this.state.candles.get(`${p.name}|5`)?.at(-1);
        if (last !== undefined) this.state.lastPrice.set(p.name, dec(last.close).div(10 ** p.pricePrecision));
      }
    }
    this.emit({ c: 'genesis', t, seed, simulate });
  }

  ensureAccount(input: AccountInput, t: number): number {
    this.recorder.reset();
    const id = this.accounts.ensure(input, t);
    this.emit({ c: 'account', t, input });
    return id;
  }

  /**
   * Records an accepted nonce. Refuses (unauthorized) a nonce above the documented bound (accounts.ts,
   * `nonceAllowed`: at most a day ahead of `t` read as milliseconds), so no request can lock a key out.
   */
  acceptNonce(id: number, n: string, t: number): void {
    this.recorder.reset();
    if (!nonceAllowed(n, t)) throw new Rejection('unauthorized', `Invalid nonce: ${n} is more than a day ahead`);
    this.accounts.acceptNonce(id, n);
    this.emit({ c: 'nonce', id, n, t });
  }

  place(input: PlaceOrderInput, t: number, ids?: PlaceIds): PlaceResult {
    this.recorder.reset();
    const before = this.state.counters.trade;
    const r = this.exchange.place(input, t, ids);
    if (!r.duplicate) {
      const fills = this.state.counters.trade - before;
      const made: PlaceIds = { order: r.order.id, trade: before, fills };
      if (fills > 0) made.makers = makersDigest(r.trades);
      this.emit({ c: 'place', t, input, ids: made });
    }
    return r;
  }

  cancel(accountId: number, orderId: number, t: number): OrderRecord {
    this.recorder.reset();
    this.exchange.checkCancel(accountId, orderId);
    const o = this.exchange.cancel(accountId, orderId, t);
    this.emit({ c: 'cancel', t, accountId, orderId });
    return o;
  }

  /**
   * Cancels the listed active orders (unknown, inactive and repeated ids are skipped), or all when `orderIds` is
   * null. Each id is checked right before its cancel, so nothing here can throw once the first order changed
   * (a throw after a change would answer an error yet leave memory changed and the command unjournaled).
   */
  cancelMany(accountId: number, orderIds: number[] | null, pair: string, t: number): number[] {
    this.recorder.reset();
    const wanted = orderIds === null ? this.exchange.activeOrders(accountId, pair).map((o) => o.id) : orderIds;
    const cancelled: number[] = [];
    for (const id of new Set(wanted)) {
      const o = this.exchange.order(id);
      if (o === undefined || o.accountId !== accountId || !isActive(o)) continue;
      this.exchange.cancel(accountId, id, t);
      cancelled.push(id);
    }
    if (cancelled.length > 0) this.emit({ c: 'cancelMany', t, accountId, orderIds, pair });
    return cancelled;
  }

  transfer(scope: Scope, direction: 'ADD' | 'SUB', currency: string, amount: string, note: string, t: number): void {
    this.recorder.reset();
    this.margin.transfer(scope, direction, currency, parseAmount(amount), note, t);
    this.emit({ c: 'transfer', t, scope, direction, currency, amount, note });
  }

  borrow(scope: Scope, currency: string, amount: string, type: LoanType, t: number): void {
    this.recorder.reset();
    this.margin.borrow(scope, currency, parseAmount(amount), type, t);
    this.emit({ c: 'borrow', t, scope, currency, amount, type });
  }

  repay(scope: Scope, currency: string, amount: string, type: LoanType, t: number): Dec {
    this.recorder.reset();
    const paid = this.margin.repay(scope, currency, parseAmount(amount), type, t);
    this.emit({ c: 'repay', t, scope, currency, amount, type });
    return paid;
  }

  closeMargin(scope: Scope, t: number): void {
    this.recorder.reset();
    this.margin.close(scope, t);
    this.emit({ c: 'closeMargin', t, scope });
  }

  /** Time-driven work: order expiry, hourly interest, liquidation, history retention. Returns true when state changed. */
  tick(t: number): boolean {
    this.recorder.reset();
    const expired = this.exchange.expire(t);
    const accrued = this.margin.accrue(t);
    const liquidated = this.margin.liquidateUnsafe(t);
    // Retention by age: a tick that drops history is journaled like any change, so replay drops the same.
    const prunedOrders = this.exchange.index.pruneByAge(t);
    const prunedHistory = this.history.pruneByAge(t);
    const prunedMargin = this.margin.pruneByAge(t);
    const changed = expired || accrued || liquidated || prunedOrders || prunedHistory || prunedMargin;
    // Only a journaled tick moves the state's clock mark: a tick that changed nothing leaves the state as is.
    if (changed) {
      this.state.lastTickAt = t;
      this.emit({ c: 'tick', t });
    }
    return changed;
  }

  /**
   * One step of the simulated market, journaled as one record (the simulator is deterministic for its
   * state, which lives in `state.sim`), not as its dozens of orders: the idle exchange's journal stays small.
   */
  simStep(t: number): void {
    if (this.state.genesis?.simulate !== true) return;
    this.recorder.reset();
    this.sim.step(t);
    const ids = { order: this.state.counters.order, trade: this.state.counters.trade };
    this.emit({ c: 'sim', t, ids });
  }

  /**
   * The account's orders (indexed: never walks other accounts' orders, nor other pairs' when `pair` is set,
   * nor finished ones when `active` is true), in id order or newest first, paged by the query's slice.
   */
  ordersOf(accountId: number, q: OrderQuery = {}): OrderRecord[] {
    return this.exchange.index.ordersOf(accountId, q);
  }

  /** The account's trades (either side), oldest first or as sliced, within the retention window. */
  tradesOf(accountId: number, q: TradeQuery = {}): TradeRecord[] {
    return this.history.tradesOf(accountId, q);
  }

  /** The account's wallet motions, oldest first or as sliced, within the retention window. */
  activityOf(accountId: number, q: Slice<Activity> = {}): Activity[] {
    return this.history.activityOf(accountId, q);
  }

  /** The newest `limit` public trades of a pair ('' or undefined: every pair), newest first. */
  publicTrades(pair: string | undefined, limit: number): TradeRecord[] {
    return this.history.publicTrades(pair, limit);
  }

  /** Retained trades of a pair (indexed by pair) or of all pairs, oldest first or as sliced. */
  tape(q: TapeQuery = {}): TradeRecord[] {
    return this.history.tape(q);
  }

  /** The account's deposits, oldest first. */
  depositsOf(accountId: number): Deposit[] {
    return this.history.depositsOf(accountId);
  }

  /** The account's margin records of one kind (loans, transfers, repays, interests, liquidations), oldest first. */
  marginHistoryOf<K extends keyof MarginHistory>(kind: K, accountId: number): readonly MarginHistory[K][] {
    return this.margin.historyOf(kind, accountId);
  }

  /** A retained loan by id. */
  borrowById(id: number): Borrow | undefined {
    return this.margin.borrowById(id);
  }

  /** Re-applies a journaled command (the sink is detached by the caller). */
  replay(cmd: Command): void {
    switch (cmd.c) {
      case 'genesis':
        return this.genesis(cmd.t, cmd.seed, cmd.simulate);
      case 'account':
        this.ensureAccount(cmd.input, cmd.t);
        return;
      case 'nonce':
        // A nonce beyond the bound (journaled before the bound existed) is not applied: it must not lock the key.
        this.recorder.reset();
        if (nonceAllowed(cmd.n, cmd.t)) this.accounts.acceptNonce(cmd.id, cmd.n);
        this.emit(cmd);
        return;
      case 'place': {
        const before = this.state.counters.trade;
        const r = this.place(cmd.input, cmd.t, cmd.ids);
        const ids = cmd.ids;
        if (ids === undefined) return;
        if (r.order.id !== ids.order)
          throw new Error(`placement produced order ${r.order.id}, the journal says ${ids.order}`);
        // The fills are checked too, so a replay that matched differently is an error, never a silent divergence.
        const fills = this.state.counters.trade - before;
        if (ids.fills !== undefined && fills !== ids.fills)
          throw new Error(`placement of order ${ids.order} produced ${fills} trades, the journal says ${ids.fills}`);
        if (ids.makers !== undefined && makersDigest(r.trades) !== ids.makers)
          throw new Error(`placement of order ${ids.order} filled other orders than the journal says`);
        return;
      }
      case 'sim': {
        this.simStep(cmd.t);
        const c = this.state.counters;
        if (c.order !== cmd.ids.order || c.trade !== cmd.ids.trade)
          throw new Error(
            `simulator step produced counters order ${c.order}/trade ${c.trade}, the journal says ${cmd.ids.order}/${cmd.ids.trade}`,
          );
        return;
      }
      case 'cancel':
        this.cancel(cmd.accountId, cmd.orderId, cmd.t);
        return;
      case 'cancelMany':
        this.cancelMany(cmd.accountId, cmd.orderIds, cmd.pair, cmd.t);
        return;
      case 'transfer':
        return this.transfer(cmd.scope, cmd.direction, cmd.currency, cmd.amount, cmd.note, cmd.t);
      case 'borrow':
        return this.borrow(cmd.scope, cmd.currency, cmd.amount, cmd.type, cmd.t);
      case 'repay':
        this.repay(cmd.scope, cmd.currency, cmd.amount, cmd.type, cmd.t);
        return;
      case 'closeMargin':
        return this.closeMargin(cmd.scope, cmd.t);
      case 'tick':
        this.tick(cmd.t);
        return;
    }
  }
}

function parseAmount(text: string): Dec {
  if (!/^\d+(\.\d{1,8})?$/.test(text)) throw badRequest('amount must be a positive decimal with at most 8 decimals');
  return dec(text);
}
