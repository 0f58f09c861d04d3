import { RETENTION } from './retention';
import { VisitCounter } from './slice';
import type { Borrow, CoreState, InterestCharge, Liquidation, Repay, Transfer, WalletType } from './state';

/** The margin history kinds (the state's arrays, as the v3 history routes name them). */
export interface MarginHistory {
  borrows: Borrow;
  transfers: Transfer;
  repays: Repay;
  interests: InterestCharge;
  liquidations: Liquidation;
}
/** The kinds that are plain events (everything but loans, which stay open for a while). */
export type MarginEventKind = Exclude<keyof MarginHistory, 'borrows'>;

interface ScopeKey {
  accountId: number;
  walletType: WalletType;
  pair: string;
}

const scopeKey = (s: ScopeKey): string => `${s.accountId}|${s.walletType}|${s.pair}`;
const KEEP = RETENTION.margin;

/** Where a log's rows live in the state (pruning replaces the array). */
interface StateArray<R> {
  get(): R[];
  set(rows: R[]): void;
}

/**
 * One kind of margin record by account, in id order (the state array's order, ids only grow). Event kinds
 * keep each account's newest KEEP.count records, none older than KEEP.maxAgeMs: a trim runs once an account
 * is a tenth over the count (a function of the state alone, so a replay trims at the same records) or, from
 * the tick, once its oldest record is past the age.
 */
class AccountLog<R extends { id: number; accountId: number }> {
  private readonly byAccount = new Map<number, R[]>();

  constructor(
    private readonly rows: StateArray<R>,
    /** The record's age reference; null: the log is not trimmed by itself (loans). */
    private readonly dateOf: ((r: R) => number) | null,
  ) {
    for (const r of rows.get()) this.listOf(r.accountId).push(r);
  }

  add(r: R): void {
    this.rows.get().push(r);
    const list = this.listOf(r.accountId);
    list.push(r);
    if (this.dateOf !== null && list.length > KEEP.count * 1.1) {
      const cut = this.cutOf(list, Number.NEGATIVE_INFINITY);
      this.dropBefore(new Map([[r.accountId, this.keepFrom(r.accountId, list, cut)]]));
    }
  }

  of(accountId: number): readonly R[] {
    return this.byAccount.get(accountId) ?? [];
  }

  /** Drops records older than `cutoff` (epoch ms); true when any went. */
  pruneByAge(cutoff: number): boolean {
    const dateOf = this.dateOf;
    if (dateOf === null) return false;
    const keepFrom = new Map<number, number>();
    for (const [accountId, list] of this.byAccount) {
      if (dateOf(list[0] as R) >= cutoff) continue;
      keepFrom.set(accountId, this.keepFrom(accountId, list, this.cutOf(list, cutoff)));
    }
    if (keepFrom.size === 0) return false;
    this.dropBefore(keepFrom);
    return true;
  }

  /** Forgets the given records of one account (loans dropped by their own retention). */
  remove(accountId: number, dropped: ReadonlySet<R>): void {
    const list = (this.byAccount.get(accountId) ?? []).filter((r) => !dropped.has(r));
    if (list.length === 0) this.byAccount.delete(accountId);
    else this.byAccount.set(accountId, list);
    this.rows.set(this.rows.get().filter((r) => !dropped.has(r)));
  }

  /** How many of the list's oldest records go: those beyond the count, then those older than `cutoff`. */
  private cutOf(list: R[], cutoff: number): number {
    const dateOf = this.dateOf as (r: R) => number;
    let cut = Math.max(0, list.length - KEEP.count);
    while (cut < list.length && dateOf(list[cut] as R) < cutoff) cut++;
    return cut;
  }

  /** Trims the account's list by `cut` and returns the lowest id it keeps (Infinity when none). */
  private keepFrom(accountId: number, list: R[], cut: number): number {
    list.splice(0, cut);
    if (list.length === 0) {
      this.byAccount.delete(accountId);
      return Number.POSITIVE_INFINITY;
    }
    return (list[0] as R).id;
  }

  /** Drops from the state array every record of the listed accounts below that account's kept id. */
  private dropBefore(keepFrom: ReadonlyMap<number, number>): void {
    this.rows.set(this.rows.get().filter((r) => r.id >= (keepFrom.get(r.accountId) ?? Number.NEGATIVE_INFINITY)));
  }

  private listOf(accountId: number): R[] {
    let l = this.byAccount.get(accountId);
    if (l === undefined) {
      l = [];
      this.byAccount.set(accountId, l);
    }
    return l;
  }
}

/**
 * Derived indexes over the margin state (rebuilt on load): every kind of margin record by account, loans by
 * id, and the open loans (overall in id order, and per scope), so interest accrual and liquidation checks walk
 * only open loans and no history route walks other accounts' records. Closed loans are kept per account in
 * closing order for their retention (count and age from closing, like the event kinds); open loans are never
 * dropped.
 */
export class MarginRecords {
  private readonly logs: { [K in keyof MarginHistory]: AccountLog<MarginHistory[K]> };
  private readonly byId = new Map<number, Borrow>();
  /** Open loans in id order (insertion order: a loan opens once, with a fresh id, and never reopens). */
  private readonly open = new Map<number, Borrow>();
  private readonly openByScope = new Map<string, Map<number, Borrow>>();
  /** Closed loans per account by (closedAt, id): kept sorted, so a rebuilt index has the same order. */
  private readonly closedByAccount = new Map<number, Borrow[]>();
  /** Loans and records looked at by queries, accrual and liquidation checks (test hook). */
  readonly visits = new VisitCounter();

  constructor(state: CoreState) {
    this.logs = {
      borrows: new AccountLog<Borrow>(
        {
          get: () => state.borrows,
          set: (r) => {
            state.borrows = r;
          },
        },
        null,
      ),
      transfers: new AccountLog<Transfer>(
        {
          get: () => state.transfers,
          set: (r) => {
            state.transfers = r;
          },
        },
        (t) => t.date,
      ),
      repays: new AccountLog<Repay>(
        {
          get: () => state.repays,
          set: (r) => {
            state.repays = r;
          },
        },
        (r) => r.date,
      ),
      interests: new AccountLog<InterestCharge>(
        {
          get: () => state.interests,
          set: (r) => {
            state.interests = r;
          },
        },
        (r) => r.date,
      ),
      liquidations: new AccountLog<Liquidation>(
        {
          get: () => state.liquidations,
          set: (r) => {
            state.liquidations = r;
          },
        },
        (l) => l.createdAt,
      ),
    };
    for (const b of state.borrows) {
      this.byId.set(b.id, b);
      if (b.closedAt === 0) this.indexOpen(b);
      else this.insertClosed(b);
    }
  }

  /** A new loan (open). */
  opened(b: Borrow): void {
    this.logs.borrows.add(b);
    this.byId.set(b.id, b);
    this.indexOpen(b);
  }

  /** Closes an open loan at `now`; closed loans beyond the retention count are dropped. */
  close(b: Borrow, now: number): void {
    b.closedAt = now;
    this.open.delete(b.id);
    const key = scopeKey(b);
    const scoped = this.openByScope.get(key);
    scoped?.delete(b.id);
    if (scoped?.size === 0) this.openByScope.delete(key);
    const list = this.insertClosed(b);
    if (list.length > KEEP.count * 1.1) this.trimClosed(b.accountId, list, Number.NEGATIVE_INFINITY);
  }

  /** Appends an event record (transfer, repay, interest charge, liquidation). */
  record<K extends MarginEventKind>(kind: K, r: MarginHistory[K]): void {
    this.logs[kind].add(r);
  }

  /** The account's records of one kind, in id order (a view of the index: copy it to keep it past a change). */
  historyOf<K extends keyof MarginHistory>(kind: K, accountId: number): readonly MarginHistory[K][] {
    const rows: readonly MarginHistory[K][] = this.logs[kind].of(accountId);
    this.visits.visited += rows.length;
    return rows;
  }

  /** A retained loan by id. */
  borrow(id: number): Borrow | undefined {
    return this.byId.get(id);
  }

  /** Every open loan, in id order. */
  openLoans(): Borrow[] {
    const loans = [...this.open.values()];
    this.visits.visited += loans.length;
    return loans;
  }

  /** The scope's open loans (of one currency when given), in id order. */
  openBorrows(scope: ScopeKey, currency?: string): Borrow[] {
    const out: Borrow[] = [];
    for (const b of this.openByScope.get(scopeKey(scope))?.values() ?? []) {
      this.visits.visited++;
      if (currency === undefined || b.currency === currency) out.push(b);
    }
    return out;
  }

  /** Age retention from the tick: drops closed loans and events past KEEP.maxAgeMs; true when any went. */
  pruneByAge(now: number): boolean {
    const cutoff = now - KEEP.maxAgeMs;
    let dropped = false;
    for (const [accountId, list] of [...this.closedByAccount]) {
      if ((list[0] as Borrow).closedAt >= cutoff) continue;
      this.trimClosed(accountId, list, cutoff);
      dropped = true;
    }
    for (const kind of ['transfers', 'repays', 'interests', 'liquidations'] as const)
      if (this.logs[kind].pruneByAge(cutoff)) dropped = true;
    return dropped;
  }

  private indexOpen(b: Borrow): void {
    this.open.set(b.id, b);
    const key = scopeKey(b);
    let scoped = this.openByScope.get(key);
    if (scoped === undefined) {
      scoped = new Map();
      this.openByScope.set(key, scoped);
    }
    scoped.set(b.id, b);
  }

  /** Inserts a closed loan at its (closedAt, id) place: the end, unless the clock went back. */
  private insertClosed(b: Borrow): Borrow[] {
    let list = this.closedByAccount.get(b.accountId);
    if (list === undefined) {
      list = [];
      this.closedByAccount.set(b.accountId, list);
    }
    let i = list.length;
    while (i > 0) {
      const prev = list[i - 1] as Borrow;
      if (prev.closedAt < b.closedAt || (prev.closedAt === b.closedAt && prev.id < b.id)) break;
      i--;
    }
    list.splice(i, 0, b);
    return list;
  }

  private trimClosed(accountId: number, list: Borrow[], cutoff: number): void {
    let cut = Math.max(0, list.length - KEEP.count);
    while (cut < list.length && (list[cut] as Borrow).closedAt < cutoff) cut++;
    if (cut === 0) return;
    const dropped = new Set(list.splice(0, cut));
    if (list.length === 0) this.closedByAccount.delete(accountId);
    for (const b of dropped) this.byId.delete(b.id);
    this.logs.borrows.remove(accountId, dropped);
  }
}
