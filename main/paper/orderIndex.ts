import { RETENTION } from './retention';
import type { CoreState, OrderRecord } from './state';

const ACTIVE_STATUSES = new Set(['PENDING', 'OPEN', 'PARTIAL_FILLED']);

export interface OrderQuery {
  /** Only this pair ('' or absent: every pair). */
  pair?: string;
  /** true: only active orders; false: only finished ones; absent: both. */
  active?: boolean;
}

/**
 * Derived indexes over `state.orders` (rebuilt on load): orders by account, active orders by account and
 * pair, finished orders in finish order (for retention) and an expiry heap, so no placement, tick, expiry
 * or route walks every order ever made.
 */
export class OrderIndex {
  private readonly byAccount = new Map<number, Map<number, OrderRecord>>();
  private readonly activeByAccount = new Map<number, Map<string, Map<number, OrderRecord>>>();
  /** Finished orders per account, oldest finish first. */
  private readonly finished = new Map<number, OrderRecord[]>();
  /** Min-heap on expireAt of [expireAt, id]; entries of orders no longer active are skipped when popped. */
  private readonly expiry: Array<[number, number]> = [];

  /** Called for each order dropped from the state (so owners of other indexes can forget it too). */
  onDropped: ((o: OrderRecord) => void) | null = null;

  constructor(private readonly state: CoreState) {
    for (const o of state.orders.values()) {
      this.added(o);
      if (!ACTIVE_STATUSES.has(o.status)) this.finishedOrder(o);
    }
    for (const list of this.finished.values()) list.sort((a, b) => a.doneAt - b.doneAt || a.id - b.id);
  }

  /** A new order (active) was stored. */
  added(o: OrderRecord): void {
    let all = this.byAccount.get(o.accountId);
    if (all === undefined) {
      all = new Map();
      this.byAccount.set(o.accountId, all);
    }
    all.set(o.id, o);
    if (!ACTIVE_STATUSES.has(o.status)) return;
    let pairs = this.activeByAccount.get(o.accountId);
    if (pairs === undefined) {
      pairs = new Map();
      this.activeByAccount.set(o.accountId, pairs);
    }
    let active = pairs.get(o.pair);
    if (active === undefined) {
      active = new Map();
      pairs.set(o.pair, active);
    }
    active.set(o.id, o);
    if (o.expireAt > 0) this.pushExpiry(o.expireAt, o.id);
  }

  /** `o` (of a user account) reached a terminal status: it is kept, within the retention bounds. */
  finishedOrder(o: OrderRecord): void {
    this.activeByAccount.get(o.accountId)?.get(o.pair)?.delete(o.id);
    let list = this.finished.get(o.accountId);
    if (list === undefined) {
      list = [];
      this.finished.set(o.accountId, list);
    }
    list.push(o);
    if (list.length > RETENTION.orders.count * 1.1) this.trim(o.accountId, list, Number.NEGATIVE_INFINITY);
  }

  /** Forgets an order entirely (internal accounts' finished orders, retention). */
  dropped(o: OrderRecord): void {
    this.byAccount.get(o.accountId)?.delete(o.id);
    this.activeByAccount.get(o.accountId)?.get(o.pair)?.delete(o.id);
    this.state.orders.delete(o.id);
    this.onDropped?.(o);
  }

  /** The account's orders in id (arrival) order. */
  ordersOf(accountId: number, q: OrderQuery = {}): OrderRecord[] {
    const out: OrderRecord[] = [];
    if (q.active === true) {
      const pairs = this.activeByAccount.get(accountId);
      if (pairs === undefined) return out;
      if (q.pair !== undefined && q.pair !== '') {
        for (const o of pairs.get(q.pair)?.values() ?? []) out.push(o);
        return out;
      }
      for (const m of pairs.values()) for (const o of m.values()) out.push(o);
      out.sort((a, b) => a.id - b.id);
      return out;
    }
    for (const o of this.byAccount.get(accountId)?.values() ?? []) {
      if (q.pair !== undefined && q.pair !== '' && o.pair !== q.pair) continue;
      if (q.active === false && ACTIVE_STATUSES.has(o.status)) continue;
      out.push(o);
    }
    return out;
  }

  /** Ids of active orders whose expiry time has come, earliest first (removed from the heap). */
  dueForExpiry(now: number): number[] {
    const due: number[] = [];
    const h = this.expiry;
    while (h.length > 0 && (h[0] as [number, number])[0] <= now) {
      const [, id] = this.popExpiry();
      const o = this.state.orders.get(id);
      if (o !== undefined && ACTIVE_STATUSES.has(o.status)) due.push(id);
    }
    return due;
  }

  /** Drops finished orders past their retention age (count is enforced as orders finish); true when any went. */
  pruneByAge(now: number): boolean {
    const cutoff = now - RETENTION.orders.maxAgeMs;
    let dropped = false;
    for (const [accountId, list] of this.finished) {
      if (list.length > 0 && (list[0] as OrderRecord).doneAt < cutoff) {
        this.trim(accountId, list, cutoff);
        dropped = true;
      }
    }
    return dropped;
  }

  private trim(accountId: number, list: OrderRecord[], olderThan: number): void {
    // By (finish time, id), the order a rebuilt index has: a replay trims the very same orders.
    list.sort((a, b) => a.doneAt - b.doneAt || a.id - b.id);
    let cut = Math.max(0, list.length - RETENTION.orders.count);
    while (cut < list.length && (list[cut] as OrderRecord).doneAt < olderThan) cut++;
    if (cut === 0) return;
    for (let i = 0; i < cut; i++) this.dropped(list[i] as OrderRecord);
    list.splice(0, cut);
    if (list.length === 0) this.finished.delete(accountId);
  }

  private pushExpiry(at: number, id: number): void {
    const h = this.expiry;
    h.push([at, id]);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (lessEntry(h[i] as [number, number], h[p] as [number, number])) {
        [h[i], h[p]] = [h[p] as [number, number], h[i] as [number, number]];
        i = p;
      } else break;
    }
  }

  private popExpiry(): [number, number] {
    const h = this.expiry;
    const top = h[0] as [number, number];
    const last = h.pop() as [number, number];
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && lessEntry(h[l] as [number, number], h[m] as [number, number])) m = l;
        if (r < h.length && lessEntry(h[r] as [number, number], h[m] as [number, number])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as [number, number], h[i] as [number, number]];
        i = m;
      }
    }
    return top;
  }
}

function lessEntry(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
