import { PUBLIC_TRADES, RETENTION } from './retention';
import type { Activity, CoreState, TradeRecord } from './state';

export interface TradeQuery {
  pair?: string;
  /** Only trades with time >= since (ms). */
  since?: number;
  /** Only trades with time <= until (ms). */
  until?: number;
}

/**
 * Trades and wallet activity by account (derived from `state.trades` / `state.activity`, rebuilt on load),
 * and their retention: each user account keeps its newest trades and motions by count and age
 * (retention.ts); the tape keeps the newest PUBLIC_TRADES whoever traded. Pruning runs when the arrays
 * have grown by a fifth since the last prune (so its cost is amortised over the appends), or from a tick
 * once something is past its age. Every decision depends only on the state and the command's time, and the
 * per-account lists are trimmed together with the state's arrays: a replay prunes exactly as the original.
 */
export class History {
  private readonly tradesByAccount = new Map<number, TradeRecord[]>();
  private readonly activityByAccount = new Map<number, Activity[]>();
  private readonly marks: { tradesPruneAt: number; activityPruneAt: number };

  constructor(
    private readonly state: CoreState,
    private readonly isUser: (accountId: number) => boolean,
  ) {
    for (const t of state.trades) this.indexTrade(t);
    for (const a of state.activity) this.listOf(this.activityByAccount, a.accountId).push(a);
    state.retention ??= {
      tradesPruneAt: nextPrune(state.trades.length, PUBLIC_TRADES),
      activityPruneAt: nextPrune(state.activity.length, RETENTION.activity.count),
    };
    this.marks = state.retention;
  }

  trade(t: TradeRecord): void {
    this.state.trades.push(t);
    this.indexTrade(t);
    if (this.state.trades.length > this.marks.tradesPruneAt) this.pruneTrades(t.time);
  }

  activity(a: Activity): void {
    this.state.activity.push(a);
    this.listOf(this.activityByAccount, a.accountId).push(a);
    if (this.state.activity.length > this.marks.activityPruneAt) this.pruneActivity(a.date);
  }

  /** The account's trades, oldest first. */
  tradesOf(accountId: number, q: TradeQuery = {}): TradeRecord[] {
    const list = this.tradesByAccount.get(accountId) ?? [];
    if (q.pair === undefined && q.since === undefined && q.until === undefined) return list.slice();
    return list.filter(
      (t) =>
        (q.pair === undefined || q.pair === '' || t.pair === q.pair) &&
        (q.since === undefined || t.time >= q.since) &&
        (q.until === undefined || t.time <= q.until),
    );
  }

  /** The account's wallet motions, oldest first. */
  activityOf(accountId: number): Activity[] {
    return (this.activityByAccount.get(accountId) ?? []).slice();
  }

  /** The newest `limit` trades of a pair (or every pair), newest first. */
  publicTrades(pair: string | undefined, limit: number): TradeRecord[] {
    const out: TradeRecord[] = [];
    const all = this.state.trades;
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const t = all[i] as TradeRecord;
      if (pair === undefined || pair === '' || t.pair === pair) out.push(t);
    }
    return out;
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

  private listOf<T>(m: Map<number, T[]>, id: number): T[] {
    let l = m.get(id);
    if (l === undefined) {
      l = [];
      m.set(id, l);
    }
    return l;
  }

  private pruneTrades(now: number): void {
    const oldest = now - RETENTION.trades.maxAgeMs;
    /** Lowest trade id each user account still keeps. */
    const keepFrom = new Map<number, number>();
    for (const [id, list] of this.tradesByAccount) {
      let cut = Math.max(0, list.length - RETENTION.trades.count);
      while (cut < list.length && (list[cut] as TradeRecord).time < oldest) cut++;
      if (cut > 0) list.splice(0, cut);
      if (list.length === 0) this.tradesByAccount.delete(id);
      else keepFrom.set(id, (list[0] as TradeRecord).id);
    }
    const all = this.state.trades;
    const tape = all.length - PUBLIC_TRADES;
    const kept = (t: TradeRecord, i: number): boolean =>
      i >= tape ||
      t.id >= (keepFrom.get(t.buyerId) ?? Number.POSITIVE_INFINITY) ||
      t.id >= (keepFrom.get(t.sellerId) ?? Number.POSITIVE_INFINITY);
    this.state.trades = all.filter(kept);
    this.marks.tradesPruneAt = nextPrune(this.state.trades.length, PUBLIC_TRADES);
  }

  private pruneActivity(now: number): void {
    const oldest = now - RETENTION.activity.maxAgeMs;
    const keepFrom = new Map<number, number>();
    let dropped = false;
    for (const [id, list] of this.activityByAccount) {
      let cut = Math.max(0, list.length - RETENTION.activity.count);
      while (cut < list.length && (list[cut] as Activity).date < oldest) cut++;
      if (cut > 0) {
        list.splice(0, cut);
        dropped = true;
      }
      if (list.length === 0) this.activityByAccount.delete(id);
      else keepFrom.set(id, (list[0] as Activity).id);
    }
    if (dropped)
      this.state.activity = this.state.activity.filter(
        (a) => a.id >= (keepFrom.get(a.accountId) ?? Number.POSITIVE_INFINITY),
      );
    this.marks.activityPruneAt = nextPrune(this.state.activity.length, RETENTION.activity.count);
  }
}

/** Next prune once the array grew by a fifth, and by at least a fifth of its floor (amortised, small slack). */
function nextPrune(length: number, floor: number): number {
  return Math.max(Math.ceil(length * 1.2), length + Math.ceil(floor / 5));
}
