import { ExchangeError } from './errors';
import type { ChangeRecorder } from './events';
import type { History } from './history';
import { Dec, ZERO } from './money';
import type { Activity, CoreState, MotionType, Side, Wallet, WalletType } from './state';

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
  private readonly pending = new Map<string, Wallet>();
  /** Wallets by account (derived, rebuilt on load): listing an account's wallets never walks everyone's. */
  private readonly byAccount = new Map<number, Wallet[]>();

  constructor(
    private readonly state: CoreState,
    private readonly recorder: ChangeRecorder | null = null,
    private readonly history: History | null = null,
  ) {
    for (const w of state.wallets.values()) this.indexWallet(w);
  }

  private indexWallet(w: Wallet): void {
    const list = this.byAccount.get(w.accountId);
    if (list === undefined) this.byAccount.set(w.accountId, [w]);
    else list.push(w);
  }

  static key(accountId: number, walletType: WalletType, pair: string, currency: string): string {
    return `${accountId}|${walletType}|${walletType === 'ISOLATED_MARGIN' ? pair : ''}|${currency}`;
  }

  find(accountId: number, walletType: WalletType, pair: string, currency: string): Wallet | undefined {
    return this.state.wallets.get(Ledger.key(accountId, walletType, pair, currency));
  }

  wallet(accountId: number, walletType: WalletType, pair: string, currency: string, now: number): Wallet {
    const key = Ledger.key(accountId, walletType, pair, currency);
    const known = this.state.wallets.get(key) ?? this.pending.get(key);
    if (known !== undefined) return known;
    const w: Wallet = {
      id: 0, // assigned when the wallet joins the state (its first motion)
      accountId,
      walletType,
      pair: walletType === 'ISOLATED_MARGIN' ? pair : '',
      currency,
      balance: ZERO,
      reserve: ZERO,
      updatedAt: now,
    };
    this.pending.set(key, w);
    return w;
  }

  private materialise(w: Wallet): void {
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

  move(w: Wallet, balanceDelta: Dec, reserveDelta: Dec, type: MotionType, now: number, side: Side | '' = ''): void {
    const noBalance = balanceDelta.isZero();
    const noReserve = reserveDelta.isZero();
    if (noBalance && noReserve) return;
    // Most motions touch one of the two: skip the other addition (a Decimal op and an allocation).
    const balance = noBalance ? w.balance : w.balance.add(balanceDelta);
    const reserve = noReserve ? w.reserve : w.reserve.add(reserveDelta);
    if (balance.isNegative() || reserve.isNegative()) {
      // Callers check funds first; reaching this is a bug, refuse rather than corrupt the books.
      throw new ExchangeError(400, `Out of balance ${balance.toFixed(8)} ${w.currency}`);
    }
    this.materialise(w);
    const account = this.state.accounts.get(w.accountId);
    if (account !== undefined && !account.internal) {
      const entry: Activity = {
        id: ++this.state.counters.activity,
        accountId: w.accountId,
        walletId: w.id,
        walletType: w.walletType,
        currency: w.currency,
        pair: w.pair,
        side,
        date: now,
        type,
        balance: w.balance,
        balanceDelta,
        reserve: w.reserve,
        reserveDelta,
      };
      if (this.history !== null) this.history.activity(entry);
      else this.state.activity.push(entry);
    }
    w.balance = balance;
    w.reserve = reserve;
    w.updatedAt = now;
    this.recorder?.wallet(w);
  }

  /** balance -> reserve */
  lock(w: Wallet, amount: Dec, now: number, side: Side | ''): void {
    this.move(w, amount.neg(), amount, 'MOTION_TYPE_ORDER', now, side);
  }

  /** reserve -> balance */
  release(w: Wallet, amount: Dec, now: number, side: Side | ''): void {
    this.move(w, amount, amount.neg(), 'MOTION_TYPE_CANCEL', now, side);
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
    this.state.fees.set(currency, (this.state.fees.get(currency) ?? ZERO).add(amount));
  }
}

export function available(w: Wallet | undefined): Dec {
  return w === undefined ? ZERO : w.balance;
}

export { Dec };
