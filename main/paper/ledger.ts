import { ExchangeError } from './errors';
import type { ChangeRecorder } from './events';
import type { History } from './history';
import { Dec, ZERO } from './money';
import type { CoreState, MotionType, Side, Wallet, WalletType } from './state';
import { FeeTotals } from './feeTotals';
import { toUnits, unitsText } from './units';
import { MotionRecord, WalletCell } from './walletRecords';

/**
 * Wallets with an available balance and a reserve (locked in orders). Every motion goes through `move`,
 * which refuses to take either below zero and records the motion in the activity log (user accounts only).
 */
export class Ledger {
  /**
   * Wallets asked for but never moved yet. They join the state on their first motion, so a command refused after
   * looking a wallet up (an order out of balance in a margin wallet that did not exist) leaves no trace in memory
   * that a replay of the journal would not have.
   */
  private readonly pending = new Map<string, WalletCell>();
  /** Wallets by account (derived, rebuilt on load): listing an account's wallets never walks everyone's. */
  private readonly byAccount = new Map<number, WalletCell[]>();
  /** `state.fees`, which takes each fill's fee in integer units (feeTotals.ts). */
  private readonly fees: FeeTotals;

  constructor(
    private readonly state: CoreState,
    private readonly recorder: ChangeRecorder | null = null,
    private readonly history: History | null = null,
  ) {
    const fees = state.fees instanceof FeeTotals ? state.fees : new FeeTotals(state.fees);
    state.fees = fees;
    this.fees = fees;
    // Wallets of a loaded snapshot (or a state built by hand) are plain objects: they become cells in place.
    for (const [key, w] of state.wallets) {
      const cell = w instanceof WalletCell ? w : WalletCell.from(w);
      if (cell !== w) state.wallets.set(key, cell);
      this.indexWallet(cell);
    }
  }

  private indexWallet(w: WalletCell): void {
    const list = this.byAccount.get(w.accountId);
    if (list === undefined) this.byAccount.set(w.accountId, [w]);
    else list.push(w);
  }

  static key(accountId: number, walletType: WalletType, pair: string, currency: string): string {
    return `${accountId}|${walletType}|${walletType === 'ISOLATED_MARGIN' ? pair : ''}|${currency}`;
  }

  find(accountId: number, walletType: WalletType, pair: string, currency: string): WalletCell | undefined {
    return this.cell(this.state.wallets.get(Ledger.key(accountId, walletType, pair, currency)));
  }

  /** Every wallet in the state is a cell (the constructor and `materialise` see to it). */
  private cell(w: Wallet | undefined): WalletCell | undefined {
    if (w === undefined || w instanceof WalletCell) return w;
    throw new Error(`wallet ${w.id} is not a ledger wallet`);
  }

  wallet(accountId: number, walletType: WalletType, pair: string, currency: string, now: number): WalletCell {
    const key = Ledger.key(accountId, walletType, pair, currency);
    const known = this.cell(this.state.wallets.get(key)) ?? this.pending.get(key);
    if (known !== undefined) return known;
    // id 0: assigned when the wallet joins the state (its first motion)
    const w = new WalletCell(
      0,
      accountId,
      walletType,
      walletType === 'ISOLATED_MARGIN' ? pair : '',
      currency,
      0n,
      0n,
      now,
    );
    this.pending.set(key, w);
    return w;
  }

  private materialise(w: WalletCell): void {
    if (w.id !== 0) return;
    const key = Ledger.key(w.accountId, w.walletType, w.pair, w.currency);
    w.id = ++this.state.counters.wallet;
    this.state.wallets.set(key, w);
    this.pending.delete(key);
    this.indexWallet(w);
  }

  /** The account's wallets in creation order (only wallets that have moved). */
  walletsOf(accountId: number): Wallet[] {
    return (this.byAccount.get(accountId) ?? []).slice();
  }

  /** A motion in Decimals (margin, deposits): exact, as every wallet amount is whole 1e-8s. */
  move(w: Wallet, balanceDelta: Dec, reserveDelta: Dec, type: MotionType, now: number, side: Side | '' = ''): void {
    this.moveUnits(this.asCell(w), toUnits(balanceDelta), toUnits(reserveDelta), type, now, side);
  }

  private asCell(w: Wallet): WalletCell {
    if (w instanceof WalletCell) return w;
    throw new Error(`wallet ${w.id} is not a ledger wallet`);
  }

  /** Every motion lands here: integer units, refused (a bug) if either amount would go below zero. */
  moveUnits(
    w: WalletCell,
    balanceDelta: bigint,
    reserveDelta: bigint,
    type: MotionType,
    now: number,
    side: Side | '' = '',
  ): void {
    if (balanceDelta === 0n && reserveDelta === 0n) return;
    const before = w.balanceUnits;
    const reserveBefore = w.reserveUnits;
    const balance = before + balanceDelta;
    const reserve = reserveBefore + reserveDelta;
    if (balance < 0n || reserve < 0n) {
      // Callers check funds first; reaching this is a bug, refuse rather than corrupt the books.
      throw new ExchangeError(400, `Out of balance ${unitsText(balance)} ${w.currency}`);
    }
    this.materialise(w);
    const account = this.state.accounts.get(w.accountId);
    if (account !== undefined && !account.internal) {
      const entry = new MotionRecord(
        ++this.state.counters.activity,
        w,
        side,
        now,
        type,
        before,
        balanceDelta,
        reserveBefore,
        reserveDelta,
      );
      if (this.history !== null) this.history.activity(entry);
      else this.state.activity.push(entry);
    }
    w.setUnits(balance, reserve, now);
    this.recorder?.wallet(w);
  }

  /** balance -> reserve */
  lock(w: Wallet, amount: Dec, now: number, side: Side | ''): void {
    this.lockUnits(this.asCell(w), toUnits(amount), now, side);
  }

  lockUnits(w: WalletCell, amount: bigint, now: number, side: Side | ''): void {
    this.moveUnits(w, -amount, amount, 'MOTION_TYPE_ORDER', now, side);
  }

  /** reserve -> balance */
  release(w: Wallet, amount: Dec, now: number, side: Side | ''): void {
    this.releaseUnits(this.asCell(w), toUnits(amount), now, side);
  }

  releaseUnits(w: WalletCell, amount: bigint, now: number, side: Side | ''): void {
    this.moveUnits(w, amount, -amount, 'MOTION_TYPE_CANCEL', now, side);
  }

  transfer(from: Wallet, to: Wallet, amount: Dec, type: MotionType, now: number): void {
    if (from.balance.lt(amount)) {
      throw new ExchangeError(
        400,
        `Out of balance: ${from.balance.toFixed(8)} ${from.currency} available, ${amount.toFixed(8)} needed`,
      );
    }
    this.move(from, amount.neg(), ZERO, type, now);
    this.move(to, amount, ZERO, type, now);
  }

  collectFee(currency: string, amount: Dec): void {
    this.collectFeeUnits(currency, toUnits(amount));
  }

  collectFeeUnits(currency: string, amount: bigint): void {
    this.fees.add(currency, amount);
  }
}

export function available(w: Wallet | undefined): Dec {
  return w === undefined ? ZERO : w.balance;
}

export { Dec };
