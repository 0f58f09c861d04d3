import type { Dec } from './money';
import type { Activity, MotionType, Side, Wallet, WalletType } from './state';
import { toUnits, unitsDec } from './units';

/**
 * A wallet whose money lives in integer units of 1e-8 (units.ts): the ledger moves it with bigint additions.
 * `balance` and `reserve` read as Decimals (made on first read after a change, then kept), so every reader
 * of the plain `Wallet` shape (routes, WebSocket, margin, tests) is unchanged; it serialises as that shape.
 */
export class WalletCell implements Wallet {
  private balanceDec: Dec | null = null;
  private reserveDec: Dec | null = null;

  constructor(
    public id: number,
    public accountId: number,
    public walletType: WalletType,
    public pair: string,
    public currency: string,
    public balanceUnits: bigint,
    public reserveUnits: bigint,
    public updatedAt: number,
  ) {}

  /** A wallet of the plain shape (a loaded snapshot) as a cell. */
  static from(w: Wallet): WalletCell {
    return new WalletCell(
      w.id,
      w.accountId,
      w.walletType,
      w.pair,
      w.currency,
      toUnits(w.balance),
      toUnits(w.reserve),
      w.updatedAt,
    );
  }

  get balance(): Dec {
    this.balanceDec ??= unitsDec(this.balanceUnits);
    return this.balanceDec;
  }

  set balance(v: Dec) {
    this.balanceUnits = toUnits(v);
    this.balanceDec = v;
  }

  get reserve(): Dec {
    this.reserveDec ??= unitsDec(this.reserveUnits);
    return this.reserveDec;
  }

  set reserve(v: Dec) {
    this.reserveUnits = toUnits(v);
    this.reserveDec = v;
  }

  /** Sets both amounts (units); the Decimal views are made again on their next read. */
  setUnits(balance: bigint, reserve: bigint, now: number): void {
    if (balance !== this.balanceUnits) {
      this.balanceUnits = balance;
      this.balanceDec = null;
    }
    if (reserve !== this.reserveUnits) {
      this.reserveUnits = reserve;
      this.reserveDec = null;
    }
    this.updatedAt = now;
  }

  /** The plain `Wallet` shape, in its key order (snapshots and state comparisons read this). */
  toJSON(): Wallet {
    return {
      id: this.id,
      accountId: this.accountId,
      walletType: this.walletType,
      pair: this.pair,
      currency: this.currency,
      balance: this.balance,
      reserve: this.reserve,
      updatedAt: this.updatedAt,
    };
  }
}

/**
 * One wallet motion (an activity entry) held in units; its Decimal fields are made when read, and the wallet's
 * fixed fields (account, id, type, pair, currency) are read from the wallet itself: an entry is kept for a long
 * time (retention) and made at every fill, so it holds only what is its own. Entries loaded from a snapshot
 * stay plain `Activity` objects: readers only ever use the fields.
 */
export class MotionRecord implements Activity {
  constructor(
    public id: number,
    private readonly wallet: WalletCell,
    public side: Side | '',
    public date: number,
    public type: MotionType,
    /** The wallet's amounts before the motion, and the motion. */
    private readonly balanceUnits: bigint,
    private readonly balanceDeltaUnits: bigint,
    private readonly reserveUnits: bigint,
    private readonly reserveDeltaUnits: bigint,
  ) {}

  get accountId(): number {
    return this.wallet.accountId;
  }

  get walletId(): number {
    return this.wallet.id;
  }

  get walletType(): WalletType {
    return this.wallet.walletType;
  }

  get currency(): string {
    return this.wallet.currency;
  }

  get pair(): string {
    return this.wallet.pair;
  }

  get balance(): Dec {
    return unitsDec(this.balanceUnits);
  }

  get balanceDelta(): Dec {
    return unitsDec(this.balanceDeltaUnits);
  }

  get reserve(): Dec {
    return unitsDec(this.reserveUnits);
  }

  get reserveDelta(): Dec {
    return unitsDec(this.reserveDeltaUnits);
  }

  /** The plain `Activity` shape, in its key order. */
  toJSON(): Activity {
    return {
      id: this.id,
      accountId: this.accountId,
      walletId: this.walletId,
      walletType: this.walletType,
      currency: this.currency,
      pair: this.pair,
      side: this.side,
      date: this.date,
      type: this.type,
      balance: this.balance,
      balanceDelta: this.balanceDelta,
      reserve: this.reserve,
      reserveDelta: this.reserveDelta,
    };
  }
}
