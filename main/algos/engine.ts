/**
 * One algo engine per profile. It runs every algo of the profile through the profile's own client (so its rate
 * limiter, nonces and order reconciliation apply), and keeps one rule above all: a child order is journaled
 * before it is sent, under a deterministic client order id (`<algoId>-<seq>`), and after any doubt (a crash, an
 * unanswered request) the engine looks that id up on the exchange before it does anything else. A child is
 * therefore never placed twice.
 *
 * Each tick: read the children of every active algo back from the exchange (one `ordersV3` per pair, plus the
 * account's trades when a fill changed, for average prices), then let each algo type decide (cancels first,
 * then placements), journaling every change. A read that fails says why in the status (`paused: offline`,
 * `paused: rate limited`) and the algo resumes by itself on the next good read. A watchdog marks the engine
 * offline when a tick's calls hang.
 */
import { randomBytes } from 'node:crypto';
import type { AlgoDefinition, AlgoStatus, AlgoView, Order, Pair, Ticker } from '../../preload/domain';
import { isApiError } from '../api/errors';
import type { AlpClient } from '../api/types';
import { realSetTimer, type SetTimer } from '../market/timers';
import type { Notifier } from '../alerts/notifier';
import type { AlgoJournalStore } from './journal';
import { dec, str, ZERO } from './money';
import type { PriceSource } from './prices';
import { statusOf, isTerminal } from './status';
import { algoFor } from './strategies';
import type { AlgoRecord, ChildRecord, MarketView } from './types';
import { toView } from './view';

/** Only what the engine needs of a client: the public `AlpClient` interface, narrowed. */
export type AlgoClient = Pick<
  AlpClient,
  'pairs' | 'tickers' | 'ordersV3' | 'placeOrderV3' | 'cancelOrdersV3' | 'accountTrades' | 'privateBudget'
>;

export interface AlgoEngineDeps {
  profileId: string;
  client: AlgoClient;
  journal: AlgoJournalStore;
  prices: PriceSource | null;
  notifier: Notifier;
  now?: () => number;
  setTimer?: SetTimer;
  random?: () => number;
  /** Period of the read-and-decide tick (default 2000 ms). */
  pollMs?: number;
  /** A tick whose calls have not answered after this long marks the algos offline (default 4000 ms). */
  offlineAfterMs?: number;
  /**
   * The client's per-request timeout (default 10 000 ms, the client's default). An order request carries
   * `valid_till` = its actual send + this, and the exchange refuses it once that has passed.
   */
  clientTimeoutMs?: number;
  /** How far the exchange's clock may run behind ours when it judges `valid_till` (default 5 000 ms). */
  clockSkewMs?: number;
  /**
   * How long a journaled resend deadline covers an order request still waiting in the client's rate-limit queue
   * (its send time, hence its `valid_till`, is not known here). Renewed every half of it while the call is
   * pending (default 5 000 ms).
   */
  queueAllowanceMs?: number;
  onChange?: (views: AlgoView[]) => void;
}

export class AlgoError extends Error {
  constructor(
    readonly code: 'validation' | 'not_found',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Reads back history a little before the algo started, so clock skew never hides a child. */
const LOOKBACK_MS = 5 * 60_000;
/** Exchange and local clocks may differ a little: trades this much before a child's journal time still count. */
const CLOCK_SLACK_MS = 2_000;
/** Children of an algo with nothing open are still read this often (to see what the trader did by hand). */
const FULL_READ_EVERY_MS = 10_000;
/** How long `cancel` waits for the exchange to confirm before answering with 'cancel requested'. */
const CANCEL_WAIT_MS = 15_000;

function isOpenStatus(s: Order['status']): boolean {
  return s === 'PENDING' || s === 'OPEN' || s === 'PARTIAL_FILLED';
}

type Trouble = { kind: 'offline' | 'rate' | 'stalled'; message: string };

function troubleOf(e: unknown): Trouble {
  if (isApiError(e)) {
    if (e.kind === 'network' || e.kind === 'timeout') return { kind: 'offline', message: e.message };
    if (e.kind === 'rate_limit') return { kind: 'rate', message: e.message };
    if (e.kind === 'auth') return { kind: 'stalled', message: 'the exchange refused the API key' };
    return { kind: 'stalled', message: e.exchangeMessage ?? e.message };
  }
  return { kind: 'stalled', message: e instanceof Error ? e.message : String(e) };
}

export class AlgoEngine {
  private readonly records = new Map<string, AlgoRecord>();
  private readonly now: () => number;
  private readonly setTimer: SetTimer;
  private readonly random: () => number;
  private readonly pollMs: number;
  private readonly offlineAfterMs: number;
  private readonly clientTimeoutMs: number;
  private readonly clockSkewMs: number;
  private readonly queueAllowanceMs: number;
  private pairs = new Map<string, Pair>();
  private readonly market = new Map<string, MarketView>();
  private stopPrices: (() => void) | null = null;
  private cancelTimer: (() => void) | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastEmitted = '';
  /** Fill totals per algo at the last trades read, so trades are read only when a fill changed. */
  private readonly valuedAt = new Map<string, string>();
  /** When each pair's children were last read in full. */
  private readonly readAt = new Map<string, number>();
  readonly problems: string[] = [];
  /** Callers waiting for an algo to finish (cancel answers once the exchange confirmed). */
  private readonly waiters: { id: string; resolve: () => void }[] = [];

  constructor(private readonly deps: AlgoEngineDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? realSetTimer;
    this.random = deps.random ?? Math.random;
    this.pollMs = deps.pollMs ?? 2000;
    this.offlineAfterMs = deps.offlineAfterMs ?? 4000;
    this.clientTimeoutMs = deps.clientTimeoutMs ?? 10_000;
    this.clockSkewMs = deps.clockSkewMs ?? 5_000;
    this.queueAllowanceMs = deps.queueAllowanceMs ?? 5_000;
  }

  /** Loads the journal and resumes every algo that was active (children are reconciled before anything else). */
  async start(): Promise<void> {
    const { records, problems } = await this.deps.journal.loadAll();
    this.problems.push(...problems);
    for (const r of records) if (r.profileId === this.deps.profileId) this.records.set(r.id, r);
    this.stopPrices = this.deps.prices?.subscribe((t) => this.onTickers(t)) ?? null;
    this.kick(0);
  }

  /** Stops ticking (the journal already holds everything; the algos resume at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.stopPrices?.();
    await this.ticking;
  }

  list(): AlgoView[] {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => this.view(r));
  }

  async create(definition: AlgoDefinition): Promise<AlgoView> {
    const pair = await this.pairOf(definition.pair);
    const algo = algoFor(definition);
    const problem = algo.check(pair);
    if (problem) throw new AlgoError('validation', problem, 'definition');
    const now = this.now();
    const id = `${definition.type.slice(0, 2)}${now.toString(36)}${randomBytes(3).toString('hex')}`;
    const record: AlgoRecord = {
      version: 1,
      id,
      profileId: this.deps.profileId,
      definition,
      createdAt: now,
      status: statusOf('running', null, now),
      held: false,
      cancelRequested: false,
      children: [],
      nextSeq: 1,
      memory: algo.init(pair, now, this.random),
      notes: [],
      lastAction: 'created',
      lastActionAt: now,
    };
    await this.deps.journal.save(record);
    this.records.set(id, record);
    this.emit();
    this.kick(0);
    return this.view(record);
  }

  async pause(id: string): Promise<AlgoView> {
    const r = this.find(id);
    if (!isTerminal(r.status.kind)) {
      r.held = true;
      this.act(r, 'paused by the trader (open children stay on the book)');
      this.setStatus(r, 'paused', 'by the trader');
      await this.save(r);
    }
    return this.view(r);
  }

  async resume(id: string): Promise<AlgoView> {
    const r = this.find(id);
    if (!isTerminal(r.status.kind) && !r.cancelRequested) {
      r.held = false;
      this.act(r, 'resumed by the trader');
      this.setStatus(r, 'running', null);
      await this.save(r);
      this.kick(0);
    }
    return this.view(r);
  }

  /** Cancels the algo and its open children; resolves once the exchange confirmed (or the next tick will). */
  async cancel(id: string): Promise<AlgoView> {
    const r = this.find(id);
    if (!isTerminal(r.status.kind)) {
      r.cancelRequested = true;
      this.act(r, 'cancel requested');
      await this.save(r);
      const finished = new Promise<void>((resolve) => {
        this.waiters.push({ id, resolve });
      });
      this.kick(0);
      // The answer says what filled once the exchange confirmed; if it is slow the view says 'cancel requested'.
      let stopWaiting = (): void => {};
      await Promise.race([
        finished,
        new Promise<void>((resolve) => (stopWaiting = this.setTimer(resolve, CANCEL_WAIT_MS))),
      ]);
      stopWaiting();
    }
    return this.view(r);
  }

  async remove(id: string): Promise<void> {
    const r = this.find(id);
    if (!isTerminal(r.status.kind)) throw new AlgoError('validation', 'Cancel the algo before removing it.', 'algoId');
    this.records.delete(id);
    await this.deps.journal.remove(id);
    this.emit();
  }

  /** Waits for the current tick and any tick it asked for (tests and cancel use it). */
  async settle(): Promise<void> {
    for (let i = 0; i < 5 && this.ticking; i++) await this.ticking;
  }

  // ------------------------------------------------------------------ the tick

  private kick(delayMs: number): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.cancelTimer?.();
    this.cancelTimer = this.setTimer(() => {
      this.cancelTimer = null;
      this.runTick();
    }, delayMs);
  }

  private runTick(): void {
    if (this.ticking || this.stopped) return;
    this.again = false;
    this.ticking = this.tick()
      .catch((e: unknown) => {
        this.problems.push(`algo tick failed: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.ticking = null;
        this.emit();
        if (this.stopped) return;
        const active = [...this.records.values()].some((r) => !isTerminal(r.status.kind));
        if (this.again) this.kick(0);
        else if (active) this.kick(this.nextDelay());
      });
  }

  /** Runs one exchange call under a watchdog: a call unanswered for 4 s says so in the status at once. */
  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    const stop = this.setTimer(() => this.hung(), this.offlineAfterMs);
    try {
      return await call();
    } finally {
      stop();
    }
  }

  /** A call is hanging: say so now rather than when it times out. */
  private hung(): void {
    const queued = this.deps.client.privateBudget().queued;
    for (const r of this.active()) {
      if (r.held || r.status.kind === 'stalled') continue;
      if (queued > 0) this.setStatus(r, 'paused', 'rate limited');
      else this.setStatus(r, 'paused', 'offline');
    }
    this.emit();
  }

  private nextDelay(): number {
    const now = this.now();
    let at = now + this.pollMs;
    for (const r of this.active()) {
      const wake = typeof r.memory.wakeAt === 'number' ? r.memory.wakeAt : null;
      if (wake !== null && wake < at) at = wake;
    }
    return Math.max(0, at - now);
  }

  private active(): AlgoRecord[] {
    return [...this.records.values()].filter((r) => !isTerminal(r.status.kind));
  }

  private async tick(): Promise<void> {
    const byPair = new Map<string, AlgoRecord[]>();
    for (const r of this.active()) {
      const list = byPair.get(r.definition.pair) ?? [];
      list.push(r);
      byPair.set(r.definition.pair, list);
    }
    for (const [pairName, algos] of byPair) {
      if (this.stopped) return;
      let pair: Pair;
      /** When the read of the children began (null: no read this tick): only a read after a deadline counts. */
      let lookedAt: number | null = null;
      try {
        pair = await this.pairOf(pairName);
        if (this.needsRead(pairName, algos)) {
          const startedAt = this.now();
          await this.reconcile(pairName, algos);
          lookedAt = startedAt;
          this.readAt.set(pairName, this.now());
        } else await this.heartbeat(pairName, algos);
      } catch (e) {
        this.troubled(algos, troubleOf(e), false);
        continue;
      }
      for (const r of algos) {
        if (this.stopped) return;
        await this.advance(r, pair, lookedAt);
      }
    }
  }

  /**
   * Private reads cost the account's rate budget (shared with the trader and the account feed): the children
   * are read when one may be changing (open, unanswered, being cancelled), and at least every 10 s otherwise.
   */
  private needsRead(pairName: string, algos: AlgoRecord[]): boolean {
    const stale = this.now() - (this.readAt.get(pairName) ?? 0) >= FULL_READ_EVERY_MS;
    return (
      stale ||
      algos.some((r) => r.cancelRequested || r.children.some((c) => c.state === 'open' || c.state === 'sending'))
    );
  }

  /** Nothing open to read: a public call (no private budget) still tells whether the venue answers. */
  private async heartbeat(pairName: string, algos: AlgoRecord[]): Promise<void> {
    const [t] = await this.guarded(() => this.deps.client.tickers({ pair: pairName }));
    if (t && !this.deps.prices) this.onTickers([t]);
    for (const r of algos) {
      if (r.status.kind === 'paused' && !r.held) this.setStatus(r, 'running', null);
    }
  }

  /** Reads every child of these algos back from the exchange by client order id. */
  private async reconcile(pairName: string, algos: AlgoRecord[]): Promise<void> {
    const from = Math.min(...algos.map((a) => a.createdAt)) - LOOKBACK_MS;
    const orders = await this.guarded(() =>
      // urgent: the algo's next step (and so the trader) waits on this read; it is not background
      this.deps.client.ordersV3({ pair: pairName, from, to: this.now() + LOOKBACK_MS, urgent: true }),
    );
    const byCid = new Map<string, Order>();
    for (const o of orders) if (o.clientOrderId) byCid.set(o.clientOrderId, o);
    let needValues = false;
    for (const r of algos) {
      let changed = false;
      for (const c of r.children) {
        if (c.state === 'not_created' || c.state === 'closed') continue;
        const o = byCid.get(c.clientOrderId);
        if (!o) continue;
        const state = isOpenStatus(o.status) ? 'open' : 'closed';
        if (c.state !== state || c.filled !== o.filled || c.orderId !== o.id) {
          c.state = state;
          c.orderId = o.id;
          c.filled = str(dec(o.filled));
          changed = true;
        }
      }
      const filledKey = r.children.map((c) => c.filled).join(',');
      if (this.valuedAt.get(r.id) !== filledKey) needValues = true;
      if (changed) await this.save(r);
    }
    if (needValues) await this.readValues(pairName, algos, from);
    // A good read: whatever paused the algos for the venue is gone.
    for (const r of algos) {
      if (r.status.kind === 'paused' && !r.held) this.setStatus(r, 'running', null);
    }
  }

  /**
   * Fill values (price x amount) per child from the account's trades, for truthful average prices. v3 trades
   * carry no order id, so each child takes, in time order, the unclaimed trades of its side made after it was
   * journaled, while they add up to exactly its filled amount; when they do not (the trader traded the same
   * side by hand meanwhile), a limit child is valued at its limit price and any other child stays unvalued
   * (the view then shows no average rather than a wrong one).
   */
  private async readValues(pairName: string, algos: AlgoRecord[], from: number): Promise<void> {
    const trades = (
      await this.guarded(() =>
        this.deps.client.accountTrades({ pair: pairName, from, to: this.now() + LOOKBACK_MS, urgent: true }),
      )
    )
      .slice()
      .sort((a, b) => a.time - b.time);
    const used = new Set<number>();
    const children = algos
      .flatMap((r) => r.children.map((c) => ({ r, c })))
      .filter(({ c }) => dec(c.filled).gt(0))
      .sort((a, b) => a.c.placedAt - b.c.placedAt);
    const changed = new Set<AlgoRecord>();
    for (const { r, c } of children) {
      const target = dec(c.filled);
      let sum = ZERO;
      let value = ZERO;
      const taken: number[] = [];
      trades.forEach((t, i) => {
        if (used.has(i) || sum.gte(target) || t.side !== c.request.side || t.time < c.placedAt - CLOCK_SLACK_MS) return;
        if (sum.plus(t.amount).gt(target)) return;
        sum = sum.plus(t.amount);
        value = value.plus(dec(t.price).times(t.amount));
        taken.push(i);
      });
      let v: string;
      if (sum.eq(target)) {
        for (const i of taken) used.add(i);
        v = str(value);
      } else v = c.request.price !== undefined && c.request.type === 'LIMIT' ? str(target.times(c.request.price)) : '0';
      if (v !== c.filledValue) {
        c.filledValue = v;
        changed.add(r);
      }
    }
    for (const r of algos) {
      this.valuedAt.set(r.id, r.children.map((c) => c.filled).join(','));
      if (changed.has(r)) await this.save(r);
    }
  }

  /** One decision for one algo after its children were read (`lookedAt`: when that read began). */
  private async advance(r: AlgoRecord, pair: Pair, lookedAt: number | null): Promise<void> {
    // Children still unknown are resolved first. Their request may still be accepted until its deadline, and a
    // venue need not dedupe client order ids: only a read begun after the deadline that did not find the child
    // proves the exchange will never hold it; only then is it sent again (under the same id).
    const unknown = r.children.filter((c) => c.state === 'sending');
    if (unknown.length > 0) {
      for (const c of unknown) {
        if (lookedAt === null || lookedAt < this.resendAfterOf(c)) continue;
        if (r.cancelRequested) {
          c.state = 'not_created';
          c.error = 'not on the exchange after its request expired';
          await this.save(r);
          continue;
        }
        c.resendAfter = this.sendDeadline();
        this.act(r, `child ${c.seq}: not on the exchange after its request expired; sending it again`);
        await this.save(r);
        await this.send(r, c, pair);
      }
      return;
    }
    if (r.cancelRequested) return this.finishCancel(r);
    if (r.held || r.status.kind === 'stalled') return;
    const algo = algoFor(r.definition);
    const plan = algo.step({
      record: r,
      pair,
      now: this.now(),
      market: this.market.get(pair.name) ?? { last: null, bid: null, ask: null },
      random: this.random,
    });
    let dirty = false;
    if (plan.memory) {
      r.memory = { ...plan.memory, wakeAt: plan.wakeAt };
      dirty = true;
    } else if (r.memory.wakeAt !== plan.wakeAt) r.memory = { ...r.memory, wakeAt: plan.wakeAt };
    if (plan.notes?.length) {
      r.notes.push(...plan.notes);
      dirty = true;
    }
    if (plan.action) {
      this.act(r, plan.action);
      dirty = true;
    }
    if (plan.cancel.length > 0) {
      if (dirty) await this.save(r);
      await this.cancelChildren(r, plan.cancel);
      this.again = true;
      return;
    }
    if (plan.state.kind === 'done' || plan.state.kind === 'failed') {
      this.setStatus(r, plan.state.kind, plan.state.reason);
      if (plan.state.kind === 'done') r.notes.push(this.summary(r, pair));
      this.tell(r);
      await this.save(r);
      return;
    }
    this.setStatus(r, plan.state.kind, plan.state.reason);
    for (const req of plan.place) {
      const child: ChildRecord = {
        seq: r.nextSeq,
        clientOrderId: `${r.id}-${r.nextSeq}`,
        request: req,
        state: 'sending',
        orderId: null,
        filled: '0',
        filledValue: '0',
        placedAt: this.now(),
        resendAfter: this.sendDeadline(),
        error: null,
      };
      r.nextSeq += 1;
      r.children.push(child);
      // Journaled before it is sent: after a crash this record says the id may exist on the exchange.
      await this.save(r);
      dirty = false;
      if (!(await this.send(r, child, pair))) break;
      this.again = true;
    }
    if (dirty) await this.save(r);
  }

  /**
   * The latest moment (our clock) at which an order request handed to the client now could still be accepted:
   * it may wait in the queue (covered by the allowance, renewed while pending), then carries `valid_till` = its
   * send + the client's timeout, judged on the exchange's clock. Journaled with the child before it is sent.
   */
  private sendDeadline(): number {
    return this.now() + this.queueAllowanceMs + this.clientTimeoutMs + this.clockSkewMs;
  }

  /** Journals written before the deadline was kept: the longest the old engine's request could have lived. */
  private resendAfterOf(c: ChildRecord): number {
    return c.resendAfter ?? c.placedAt + this.queueAllowanceMs + this.clientTimeoutMs + this.clockSkewMs;
  }

  /**
   * While the order call is pending its request may still sit in the client's queue, so the journaled deadline
   * is pushed on every half allowance: after a crash at any moment the journal holds a deadline past the
   * `valid_till` of anything sent before the crash.
   */
  private renewWhilePending(r: AlgoRecord, c: ChildRecord): () => void {
    if (this.queueAllowanceMs <= 0) return () => {};
    let cancel = (): void => {};
    const renew = (): void => {
      c.resendAfter = Math.max(this.resendAfterOf(c), this.sendDeadline());
      this.save(r).catch((e: unknown) => {
        this.problems.push(`algo journal write failed: ${e instanceof Error ? e.message : String(e)}`);
      });
      cancel = this.setTimer(renew, this.queueAllowanceMs / 2);
    };
    cancel = this.setTimer(renew, this.queueAllowanceMs / 2);
    return () => cancel();
  }

  /** Sends one journaled child; false when the algo must not go on (refused, offline, unknown). */
  private async send(r: AlgoRecord, c: ChildRecord, pair: Pair): Promise<boolean> {
    const q = c.request;
    const stopRenewing = this.renewWhilePending(r, c);
    try {
      const res = await this.guarded(() =>
        this.deps.client.placeOrderV3({
          pair: pair.name,
          side: q.side,
          type: q.type,
          amount: q.amount,
          ...(q.price !== undefined ? { price: q.price } : {}),
          ...(q.stopPrice !== undefined ? { stopPrice: q.stopPrice } : {}),
          ...(q.stopOperator !== undefined ? { stopOperator: q.stopOperator } : {}),
          clientOrderId: c.clientOrderId,
        }),
      ).finally(stopRenewing);
      if (res.outcome === 'created') {
        c.state = 'open';
        c.orderId = res.orderId;
        await this.save(r);
        return true;
      }
      if (res.outcome === 'not_created') {
        c.state = 'not_created';
        c.error = res.message;
        this.stall(r, `child ${c.seq} refused: ${res.message ?? 'not created'}`);
        await this.save(r);
        return false;
      }
      // Unknown: it stays 'sending'; the ticks look it up by its id before anything else. Its request went out
      // by now, so its valid_till is at most now + the client's timeout: no resend before that (and the skew).
      c.resendAfter = this.now() + this.clientTimeoutMs + this.clockSkewMs;
      this.act(r, `child ${c.seq}: the exchange did not confirm; checking`);
      await this.save(r);
      return false;
    } catch (e) {
      // The client throws only when the exchange definitely did not create the order.
      const t = troubleOf(e);
      c.state = 'not_created';
      c.error = t.message;
      if (t.kind === 'stalled') this.stall(r, `child ${c.seq} refused: ${t.message}`);
      else this.troubled([r], t, true);
      await this.save(r);
      return false;
    }
  }

  private async cancelChildren(r: AlgoRecord, seqs: number[]): Promise<void> {
    const ids = r.children
      .filter((c) => seqs.includes(c.seq) && c.orderId !== null && c.state === 'open')
      .map((c) => c.orderId)
      .filter((id): id is number => id !== null);
    if (ids.length === 0) return;
    try {
      await this.guarded(() => this.deps.client.cancelOrdersV3({ orderIds: ids }));
    } catch (e) {
      this.troubled([r], troubleOf(e), true);
    }
  }

  private async finishCancel(r: AlgoRecord): Promise<void> {
    const live = r.children.filter((c) => c.state === 'open');
    if (live.length > 0) {
      await this.cancelChildren(
        r,
        live.map((c) => c.seq),
      );
      this.again = true;
      return;
    }
    const pair = await this.pairOf(r.definition.pair);
    this.setStatus(r, 'cancelled', null);
    this.act(r, 'cancelled');
    r.notes.push(`Cancelled: ${this.summary(r, pair)}`);
    await this.save(r);
  }

  // ------------------------------------------------------------------ status and views

  private summary(r: AlgoRecord, pair: Pair): string {
    const v = toView(r, pair);
    return `filled ${v.filled} of ${v.total} ${pair.base}${v.avgPrice ? ` at an average ${v.avgPrice} ${pair.quote}` : ''}, ${v.childrenPlaced} child order${v.childrenPlaced === 1 ? '' : 's'}.`;
  }

  private troubled(algos: AlgoRecord[], t: Trouble, act: boolean): void {
    for (const r of algos) {
      if (r.held || (r.status.kind === 'stalled' && t.kind !== 'stalled')) continue;
      if (t.kind === 'stalled') this.stall(r, t.message);
      else this.setStatus(r, 'paused', t.kind === 'offline' ? 'offline' : 'rate limited');
      if (act) this.act(r, t.message);
    }
  }

  private stall(r: AlgoRecord, reason: string): void {
    this.setStatus(r, 'stalled', reason);
    this.act(r, reason);
    this.tell(r);
  }

  /** A notification for each state that needs the trader. */
  private tell(r: AlgoRecord): void {
    const k = r.status.kind;
    if (k !== 'stalled' && k !== 'done' && k !== 'failed') return;
    const d = r.definition;
    const title = `${d.type.toUpperCase()} ${d.side} ${d.pair}: ${r.status.label}`;
    const body = r.notes.at(-1) ?? r.lastAction;
    this.deps.notifier.notify(title, body, false, r.profileId);
  }

  private setStatus(r: AlgoRecord, kind: AlgoStatus['kind'], reason: string | null): void {
    if (r.status.kind === kind && r.status.reason === reason) return;
    r.status = statusOf(kind, reason, this.now());
  }

  private act(r: AlgoRecord, action: string): void {
    r.lastAction = action;
    r.lastActionAt = this.now();
  }

  private async save(r: AlgoRecord): Promise<void> {
    await this.deps.journal.save(structuredClone(r));
  }

  private view(r: AlgoRecord): AlgoView {
    const pair = this.pairs.get(r.definition.pair);
    return toView(r, pair ?? null);
  }

  private emit(): void {
    for (const w of this.waiters.splice(0)) {
      const r = this.records.get(w.id);
      if (!r || isTerminal(r.status.kind)) w.resolve();
      else this.waiters.push(w);
    }
    if (!this.deps.onChange) return;
    const views = this.list();
    const print = JSON.stringify(views);
    if (print === this.lastEmitted) return;
    this.lastEmitted = print;
    this.deps.onChange(views);
  }

  private find(id: string): AlgoRecord {
    const r = this.records.get(id);
    if (!r) throw new AlgoError('not_found', `No algo ${id} in this profile.`, 'algoId');
    return r;
  }

  private async pairOf(name: string): Promise<Pair> {
    const known = this.pairs.get(name);
    if (known) return known;
    const all = await this.deps.client.pairs();
    this.pairs = new Map(all.map((p) => [p.name, p]));
    const p = this.pairs.get(name);
    if (!p) throw new AlgoError('validation', `${name} is not traded on this exchange.`, 'pair');
    return p;
  }

  private onTickers(tickers: Ticker[]): void {
    let interesting = false;
    for (const t of tickers) {
      const prev = this.market.get(t.pair);
      const next: MarketView = {
        last: dec(t.last).gt(0) ? dec(t.last) : null,
        bid: dec(t.bid).gt(0) ? dec(t.bid) : null,
        ask: dec(t.ask).gt(0) ? dec(t.ask) : null,
      };
      this.market.set(t.pair, next);
      if (!prev?.last?.eq(next.last ?? ZERO)) interesting = true;
    }
    // A price move matters now to price-driven algos (trailing stops): step them without waiting for the poll.
    if (interesting && this.active().some((r) => r.definition.type === 'trailing')) this.kick(0);
  }
}
