import { PUBLIC_TRADES, RETENTION } from './retention';
import { type Slice, VisitCounter, takeSlice } from './slice';
import type { Activity, CoreState, Deposit, TradeRecord } from './state';

export interface TradeQuery extends Slice<TradeRecord> {
  pair?: string;
  /** Only trades with time >= since (ms). */
  since?: number;
  /** Only trades with time <= until (ms). */
  until?: number;
}

/** A read of the public tape: every retained trade, or one pair's. */
export interface TapeQuery extends Slice<TradeRecord> {
  /** Only this pair ('' or absent: every pair). */
  pair?: string;
}

/**
 * Trades and wallet activity by account (derived from `state.trades` / `state.activity`, rebuilt on load),
 * the retained trades by pair (the public tape), deposits by account, and the retention of trades and
 * activity: each user account keeps its newest trades and motions by count and age (retention.ts); the tape
 * keeps the newest PUBLIC_TRADES whoever traded. Pruning runs when the arrays have grown by a fifth since the
 * last prune (so its cost is amortised over the appends), or from a tick once something is past its age.
 * Every decision depends only on the state and the command's time, and the per-account lists are trimmed
 * together with the state's arrays: a replay prunes exactly as the original.
 */
export class History {
  private readonly tradesByAccount = new Map<number, TradeRecord[]>();
  private readonly activityByAccount = new Map<number, Activity[]>();
  /** `state.trades` split by pair (same order), rebuilt whenever the array is pruned. */
  private tapeByPair = new Map<string, TradeRecord[]>();
  private readonly depositsByAccount = new Map<number, Deposit[]>();
  /** How many of `state.deposits` (append-only, never pruned) are in `depositsByAccount`. */
  private depositsIndexed = 0;
  private readonly marks: { tradesPruneAt: number; activityPruneAt: number };
  /** Records looked at by queries (test hook). */
  readonly visits = new VisitCounter();

  constructor(
    private readonly state: CoreState,
    private readonly isUser: (accountId: number) => boolean,
  ) {
    for (const t of state.trades) this.indexTrade(t);
    for (const a of state.activity) this.listOf(this.activityByAccount, a.accountId).push(a);
    this.rebuildTape();
    this.indexNewDeposits();
    state.retention ??= {
      tradesPruneAt: nextPrune(state.trades.length, PUBLIC_TRADES),
      activityPruneAt: nextPrune(state.activity.length, RETENTION.activity.count),
    };
    this.marks = state.retention;
  }

  trade(t: TradeRecord): void {
    this.state.trades.push(t);
    this.indexTrade(t);
    this.listOf(this.tapeByPair, t.pair).push(t);
    if (this.state.trades.length > this.marks.tradesPruneAt) this.pruneTrades(t.time);
  }

  activity(a: Activity): void {
    this.state.activity.push(a);
    this.listOf(this.activityByAccount, a.accountId).push(a);
    if (this.state.activity.length > this.marks.activityPruneAt) this.pruneActivity(a.date);
  }

  /** The account's trades, oldest first (or as the slice asks), within the retention window. */
  tradesOf(accountId: number, q: TradeQuery = {}): TradeRecord[] {
    const list = this.tradesByAccount.get(accountId) ?? [];
    const byPair = q.pair !== undefined && q.pair !== '';
    if (!byPair && q.since === undefined && q.until === undefined) return takeSlice(list, q, this.visits);
    return takeSlice(
      list,
      q,
      this.visits,
      (t) =>
        (!byPair || t.pair === q.pair) &&
        (q.since === undefined || t.time >= q.since) &&
        (q.until === undefined || t.time <= q.until),
    );
  }

  /** The account's wallet motions, oldest first (or as the slice asks), within the retention window. */
  activityOf(accountId: number, q: Slice<Activity> = {}): Activity[] {
    return takeSlice(this.activityByAccount.get(accountId) ?? [], q, this.visits);
  }

  /** The newest `limit` trades of a pair (or every pair), newest first. */
  publicTrades(pair: string | undefined, limit: number): TradeRecord[] {
    return this.tape({ ...(pair !== undefined ? { pair } : {}), newestFirst: true, limit });
  }

  /** Retained trades (the tape, and older trades still kept for an account), of one pair or all, as sliced. */
  tape(q: TapeQuery = {}): TradeRecord[] {
    const list = q.pair === undefined || q.pair === '' ? this.state.trades : (this.tapeByPair.get(q.pair) ?? []);
    return takeSlice(list, q, this.visits);
  }

  /** The account's deposits, oldest first. */
  depositsOf(accountId: number): Deposit[] {
    this.indexNewDeposits();
    return takeSlice(this.depositsByAccount.get(accountId) ?? [], {}, this.visits);
  }

  /**
   * Deposits are appended by the account registry (at account creation) and never pruned: the index takes
   * in what was appended since it last looked, so each deposit is read once.
   */
  private indexNewDeposits(): void {
    const all = this.state.deposits;
    for (; this.depositsIndexed < all.length; this.depositsIndexed++) {
      const d = all[this.depositsIndexed] as Deposit;
      this.listOf(this.depositsByAccount, d.accountId).push(d);
    }
  }

  /** Age-based retention, from the time-driven tick: returns true when something was dropped. */
  pruneByAge(now: number): boolean {
    let due = false;
    const tradeCut = now - RETENTION.trades.maxAgeMs;
    for (const list of this.tradesByAccount.values()) if ((list[0] as TradeRecord).time < tradeCut) due = true;
    if (due) this.pruneTrades(now);
    let activityDue = false;
    const activityCut = now - RETENTION.activity.maxAgeMs;
    for (const list of this.activityByAccount.values())
      if ((list[0] as Activity).date < activityCut) activityDue = true;
    if (activityDue) this.pruneActivity(now);
    return due || activityDue;
  }

  private indexTrade(t: TradeRecord): void {
    if (this.isUser(t.buyerId)) this.listOf(this.tradesByAccount, t.buyerId).push(t);
    if (t.sellerId !== t.buyerId && this.isUser(t.sellerId)) this.listOf(this.tradesByAccount, t.sellerId).push(t);
  }

  private rebuildTape(): void {
    this.tapeByPair = new Map();
    for (const t of this.state.trades) this.listOf(this.tapeByPair, t.pair).push(t);
  }

  private listOf<K, T>(m: Map<K, T[]>, id: K): T[] {
    let l = m.get(id);
    if (l === undefined) {
      l = [];
      m.set(id, l);
    }
    return l;
  }

  private pruneTrades(now: number): void {
    const oldest = now - RETENTION.trades.maxAgeMs;
    /** Lowest trade id each user account still keeps, by account id (an array: it is read for every trade). */
    const keepFrom: number[] = [];
    for (const [id, list] of this.tradesByAccount) {
      let cut = Math.max(0, list.length - RETENTION.trades.count);
      while (cut < list.length && (list[cut] as TradeRecord).time < oldest) cut++;
      if (cut > 0) list.splice(0, cut);
      if (list.length === 0) this.tradesByAccount.delete(id);
      else keepFrom[id] = (list[0] as TradeRecord).id;
    }
    const all = this.state.trades;
    const tape = all.length - PUBLIC_TRADES;
    const kept = (t: TradeRecord, i: number): boolean =>
      i >= tape ||
      t.id >= (keepFrom[t.buyerId] ?? Number.POSITIVE_INFINITY) ||
      t.id >= (keepFrom[t.sellerId] ?? Number.POSITIVE_INFINITY);
    this.state.trades = all.filter(kept);
    this.rebuildTape();
    this.marks.tradesPruneAt = nextPrune(this.state.trades.length, PUBLIC_TRADES);
  }

  private pruneActivity(now: number): void {
    const oldest = now - RETENTION.activity.maxAgeMs;
    /** Lowest activity id each account still keeps, by account id (an array: it is read for every entry). */
    const keepFrom: number[] = [];
    let dropped = false;
    for (const [id, list] of this.activityByAccount) {
      let cut = Math.max(0, list.length - RETENTION.activity.count);
      while (cut < list.length && (list[cut] as Activity).date < oldest) cut++;
      if (cut > 0) {
        list.splice(0, cut);
        dropped = true;
      }
      if (list.length === 0) this.activityByAccount.delete(id);
      else keepFrom[id] = (list[0] as Activity).id;
    }
    if (dropped)
      this.state.activity = this.state.activity.filter(
        (a) => a.id >= (keepFrom[a.accountId] ?? Number.POSITIVE_INFINITY),
      );
    this.marks.activityPruneAt = nextPrune(this.state.activity.length, RETENTION.activity.count);
  }
}

/** Next prune once the array grew by a fifth, and by at least a fifth of its floor (amortised, small slack). */
function nextPrune(length: number, floor: number): number {
  return Math.max(Math.ceil(length * 1.2), length + Math.ceil(floor / 5));
}
