/**
 * TEMPORARY stand-in for H1's committed-change feed (branch `paper-core`): delete this file once that branch is
 * merged and `PaperCore.onCommitted` exists. It diffs the state at each commit point of index.ts instead of
 * recording changes as they happen: orders are compared by the identity of their (immutable) Decimal fields and
 * status, only among orders active at the previous commit plus the new ones; wallets by their Decimal fields.
 */
import type { PaperCore } from './core';
import type { ChangeListener, CommittedChange } from './events';
import { isActive } from './exchange';
import type { Dec } from './money';
import type { OrderRecord, OrderStatus, TradeRecord, Wallet } from './state';

interface OrderMark {
  order: OrderRecord;
  status: OrderStatus;
  filled: Dec;
  cancelled: Dec;
}

export class CommitDiffer {
  private readonly listeners = new Set<ChangeListener>();
  private readonly watched = new Map<number, OrderMark>();
  private readonly walletMarks = new Map<Wallet, { balance: Dec; reserve: Dec }>();
  private lastOrderId: number;
  private lastTradeId: number;
  private seq = 0;

  constructor(private readonly core: PaperCore) {
    const s = core.state;
    this.lastOrderId = s.counters.order;
    this.lastTradeId = s.counters.trade;
    for (const o of s.orders.values()) if (isActive(o)) this.watch(o);
    for (const w of s.wallets.values()) this.walletMarks.set(w, { balance: w.balance, reserve: w.reserve });
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private watch(o: OrderRecord): void {
    this.watched.set(o.id, { order: o, status: o.status, filled: o.filled, cancelled: o.cancelled });
  }

  /** Called at every commit point: computes what changed since the last one and tells the listeners. */
  flush(): void {
    const s = this.core.state;
    const orders: OrderRecord[] = [];
    const pairs = new Set<string>();
    for (const [id, m] of this.watched) {
      const o = m.order;
      if (o.status === m.status && o.filled === m.filled && o.cancelled === m.cancelled) continue;
      orders.push(o);
      pairs.add(o.pair);
      if (isActive(o)) this.watch(o);
      else this.watched.delete(id);
    }
    for (let id = this.lastOrderId + 1; id <= s.counters.order; id++) {
      const o = s.orders.get(id);
      if (o === undefined) continue; // an internal order placed and finished in between: its trades tell
      orders.push(o);
      pairs.add(o.pair);
      if (isActive(o)) this.watch(o);
    }
    this.lastOrderId = s.counters.order;
    const trades: TradeRecord[] = [];
    for (let i = s.trades.length - 1; i >= 0; i--) {
      const t = s.trades[i] as TradeRecord;
      if (t.id <= this.lastTradeId) break;
      trades.push(t);
      pairs.add(t.pair);
    }
    trades.reverse();
    this.lastTradeId = s.counters.trade;
    const wallets: Wallet[] = [];
    for (const w of s.wallets.values()) {
      const m = this.walletMarks.get(w);
      if (m !== undefined && m.balance === w.balance && m.reserve === w.reserve) continue;
      wallets.push(w);
      this.walletMarks.set(w, { balance: w.balance, reserve: w.reserve });
    }
    if (orders.length === 0 && trades.length === 0 && wallets.length === 0) return;
    const change: CommittedChange = { seq: ++this.seq, orders, wallets, trades, bookPairs: [...pairs] };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        console.error('paper exchange: change listener failed', e instanceof Error ? e.message : e);
      }
    }
  }
}
