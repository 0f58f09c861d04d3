import type { OrderRecord, TradeRecord, Wallet } from './state';

/** What one committed command changed; delivered after the journal has it (and it is fsynced when the
 * command was acknowledged to a user), once per command, in commit order. Objects are the live records:
 * read them synchronously inside the listener. */
export interface CommittedChange {
  seq: number; // journal sequence (monotonic even without persistence)
  orders: readonly OrderRecord[]; // every order whose state changed (placed, filled, cancelled, expired,
  // stop triggered), each once, in order of first change
  wallets: readonly Wallet[]; // every wallet whose balance or reserve changed, each once
  trades: readonly TradeRecord[]; // new trades in execution order
  bookPairs: readonly string[]; // pairs whose order book changed
}
export type ChangeListener = (c: CommittedChange) => void;

/**
 * Collects what the command being applied changes (the ledger and the exchange report into it), cuts one
 * CommittedChange per emitted command, and hands the queue to the listeners at the commit point. A
 * command that fails is rolled back by the core and its partial record is discarded with `reset()`.
 */
export class ChangeRecorder {
  private orders = new Set<OrderRecord>();
  private wallets = new Set<Wallet>();
  private trades: TradeRecord[] = [];
  private pairs = new Set<string>();
  private pending: CommittedChange[] = [];
  private readonly listeners = new Set<ChangeListener>();
  /** False while nobody listens (and while replaying): recording then costs one branch. */
  active = false;
  /** Errors thrown by listeners go here; a listener can never break the exchange. */
  onListenerError: (e: unknown) => void = (e) =>
    console.error('paper exchange: change listener failed', e instanceof Error ? (e.stack ?? e.message) : e);

  order(o: OrderRecord): void {
    if (this.active) this.orders.add(o);
  }

  wallet(w: Wallet): void {
    if (this.active) this.wallets.add(w);
  }

  trade(t: TradeRecord): void {
    if (this.active) this.trades.push(t);
  }

  book(pair: string): void {
    if (this.active) this.pairs.add(pair);
  }

  /** Drops what a failed (rolled back) command recorded. */
  reset(): void {
    if (this.orders.size > 0) this.orders = new Set();
    if (this.wallets.size > 0) this.wallets = new Set();
    if (this.trades.length > 0) this.trades = [];
    if (this.pairs.size > 0) this.pairs = new Set();
  }

  /** Closes the record of the command journaled as `seq`. */
  cut(seq: number): void {
    if (!this.active) return;
    this.pending.push({
      seq,
      orders: [...this.orders],
      wallets: [...this.wallets],
      trades: this.trades,
      bookPairs: [...this.pairs],
    });
    this.orders = new Set();
    this.wallets = new Set();
    this.trades = [];
    this.pairs = new Set();
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    this.active = true;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.active = false;
        this.pending = [];
        this.reset();
      }
    };
  }

  /** Delivers every cut change, in commit order. */
  deliver(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const c of batch) {
      for (const l of this.listeners) {
        try {
          l(c);
        } catch (e) {
          this.onListenerError(e);
        }
      }
    }
  }
}
