import { RETENTION } from './retention';
import { type Slice, VisitCounter, takeSlice } from './slice';
import type { CoreState, OrderRecord } from './state';

const ACTIVE_STATUSES = new Set(['PENDING', 'OPEN', 'PARTIAL_FILLED']);

export interface OrderQuery extends Slice<OrderRecord> {
  /** Only this pair ('' or absent: every pair). */
  pair?: string;
  /** true: only active orders; false: only finished ones; absent: both. */
  active?: boolean;
}

/**
 * Orders in id (arrival) order. A dropped order is not spliced out (that would cost its position's worth of
 * moves); it is skipped by readers and the list is compacted once half of it is such leftovers.
 */
class OrderList {
  items: OrderRecord[] = [];
  private stale = 0;

  dropped(live: (o: OrderRecord) => boolean): void {
    this.stale++;
    if (this.stale * 2 > this.items.length) {
      this.items = this.items.filter(live);
      this.stale = 0;
    }
  }
}

/**
 * Active orders sorted by id, so a newest-first page is read from the end without copying or sorting: a new
 * order appends (ids grow), a finished one is found by binary search and spliced out (most finish at once,
 * at the end; a resting one moves at most the account's active orders, which are few).
 */
class ActiveList {
  readonly items: OrderRecord[] = [];

  add(o: OrderRecord): void {
    const last = this.items[this.items.length - 1];
    if (last === undefined || last.id < o.id) this.items.push(o);
    else this.items.splice(this.lowerBound(o.id), 0, o);
  }

  remove(o: OrderRecord): void {
    const i = this.lowerBound(o.id);
    if (this.items[i] === o) this.items.splice(i, 1);
  }

  private lowerBound(id: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.items[mid] as OrderRecord).id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One account's orders: all of them and per pair (id order), and the active ones, all and per pair. */
interface AccountOrders {
  all: OrderList;
  byPair: Map<string, OrderList>;
  active: ActiveList;
  activeByPair: Map<string, ActiveList>;
}

/**
 * Derived indexes over `state.orders` (rebuilt on load): orders by account and by account and pair (id order),
 * active orders by account and pair, finished orders in finish order (for retention) and an expiry heap, so no
 * placement, tick, expiry or route walks every order ever made.
 */
export class OrderIndex {
  private readonly accounts = new Map<number, AccountOrders>();
  /**
   * Finished orders per account in (finish time, id) order, kept sorted as they come: orders finish in time
   * order, so a new one goes at the end or, when a fill finished an older maker in the same instant, a few
   * places before it. `trim` then never sorts.
   */
  private readonly finished = new Map<number, OrderRecord[]>();
  /** Min-heap on expireAt of [expireAt, id]; entries of orders no longer active are skipped when popped. */
  private readonly expiry: Array<[number, number]> = [];
  /** Orders looked at by queries (test hook). */
  readonly visits = new VisitCounter();
  private readonly live = (o: OrderRecord): boolean => this.state.orders.get(o.id) === o;

  /** Called for each order dropped from the state (so owners of other indexes can forget it too). */
  onDropped: ((o: OrderRecord) => void) | null = null;

  constructor(private readonly state: CoreState) {
    for (const o of state.orders.values()) {
      this.added(o);
      if (!ACTIVE_STATUSES.has(o.status)) this.finishedOrder(o);
    }
    for (const list of this.finished.values()) list.sort(byFinish);
  }

  private accountOf(accountId: number): AccountOrders {
    let a = this.accounts.get(accountId);
    if (a === undefined) {
      a = { all: new OrderList(), byPair: new Map(), active: new ActiveList(), activeByPair: new Map() };
      this.accounts.set(accountId, a);
    }
    return a;
  }

  /** A new order (active) was stored. */
  added(o: OrderRecord): void {
    const a = this.accountOf(o.accountId);
    a.all.items.push(o);
    let pairList = a.byPair.get(o.pair);
    if (pairList === undefined) {
      pairList = new OrderList();
      a.byPair.set(o.pair, pairList);
    }
    pairList.items.push(o);
    if (!ACTIVE_STATUSES.has(o.status)) return;
    let active = a.activeByPair.get(o.pair);
    if (active === undefined) {
      active = new ActiveList();
      a.activeByPair.set(o.pair, active);
    }
    active.add(o);
    a.active.add(o);
    if (o.expireAt > 0) this.pushExpiry(o.expireAt, o.id);
  }

  /** `o` (of a user account) reached a terminal status: it is kept, within the retention bounds. */
  finishedOrder(o: OrderRecord): void {
    this.inactive(o);
    let list = this.finished.get(o.accountId);
    if (list === undefined) {
      list = [];
      this.finished.set(o.accountId, list);
    }
    let at = list.length;
    while (at > 0 && byFinish(list[at - 1] as OrderRecord, o) > 0) at--;
    if (at === list.length) list.push(o);
    else list.splice(at, 0, o);
    if (list.length > RETENTION.orders.count * 1.1) this.trim(o.accountId, list, Number.NEGATIVE_INFINITY);
  }

  /** Forgets an order entirely (internal accounts' finished orders, retention). */
  dropped(o: OrderRecord): void {
    this.inactive(o);
    const a = this.accounts.get(o.accountId);
    this.state.orders.delete(o.id);
    a?.all.dropped(this.live);
    a?.byPair.get(o.pair)?.dropped(this.live);
    this.onDropped?.(o);
  }

  /** Takes a (no longer active, or dropped) order out of the active lists. */
  private inactive(o: OrderRecord): void {
    const a = this.accounts.get(o.accountId);
    if (a === undefined) return;
    a.active.remove(o);
    a.activeByPair.get(o.pair)?.remove(o);
  }

  /**
   * The account's orders in id (arrival) order, or newest first, paged by the query: it looks only at the
   * account's own orders (of the pair when one is given; only the active ones when `active` is true).
   */
  ordersOf(accountId: number, q: OrderQuery = {}): OrderRecord[] {
    const a = this.accounts.get(accountId);
    if (a === undefined) return [];
    const pair = q.pair === '' ? undefined : q.pair;
    if (q.active === true) {
      const active = pair === undefined ? a.active : a.activeByPair.get(pair);
      return active === undefined ? [] : takeSlice(active.items, q, this.visits);
    }
    const list = pair === undefined ? a.all : a.byPair.get(pair);
    if (list === undefined) return [];
    const live = q.active === false ? (o: OrderRecord) => this.live(o) && !ACTIVE_STATUSES.has(o.status) : this.live;
    return takeSlice(list.items, q, this.visits, live);
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

/** Finish order: finish time, then id (what retention trims by). */
function byFinish(a: OrderRecord, b: OrderRecord): number {
  return a.doneAt - b.doneAt || a.id - b.id;
}

function lessEntry(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
