import { badRequest, insufficientFunds } from './errors';
import type { Exchange, MarginHooks } from './exchange';
import type { Ledger } from './ledger';
import { type MarginHistory, MarginRecords } from './marginRecords';
import { PAIRS, findPair } from './market';
import { Dec, ZERO, dec, trunc8 } from './money';
import type { Borrow, CoreState, LoanType, Wallet, WalletType } from './state';

/** Margin rules (also stated in the README). */
export const MARGIN_RULES = {
  /** Borrowing or transferring out must leave the margin level at or above this (max leverage 5x). */
  initialLevel: dec('1.25'),
  /** Below this margin level the scope is liquidated. */
  liquidationLevel: dec('1.1'),
  /** Interest per full hour on the outstanding principal. */
  hourlyRate: dec('0.0001'),
  hourMs: 3_600_000,
} as const;

export interface Scope {
  accountId: number;
  walletType: Exclude<WalletType, 'SPOT'>;
  /** Isolated margin pair; '' for cross margin. */
  pair: string;
}

/**
 * Margin wallets (cross per account, isolated per pair), loans from an internal lending pool, hourly
 * interest and liquidation. Margin level = value of the scope's assets (balance + reserve) / value of its
 * debt (principal outstanding + unpaid interest), valued in USD (cross) or the pair's quote (isolated).
 */
export class MarginDesk implements MarginHooks {
  /** Margin records by account, loans by id, open loans by scope; retention of closed history. */
  readonly records: MarginRecords;

  constructor(
    private readonly state: CoreState,
    private readonly ledger: Ledger,
    private readonly exchange: Exchange,
    private readonly lenderId: () => number,
  ) {
    this.records = new MarginRecords(state);
  }

  static valuationCurrency(scope: Scope): string {
    return scope.walletType === 'CROSS_MARGIN' ? 'USD' : (findPair(scope.pair)?.quote ?? 'USD');
  }

  /** Price of one `from` in `to` from last trade prices: direct, inverse, or through one intermediate currency. */
  rate(from: string, to: string): Dec | null {
    if (from === to) return dec(1);
    const direct = this.pairRate(from, to);
    if (direct !== null) return direct;
    for (const p of PAIRS) {
      for (const mid of [p.base, p.quote]) {
        if (mid === from || mid === to) continue;
        const a = this.pairRate(from, mid);
        const b = this.pairRate(mid, to);
        if (a !== null && b !== null) return a.mul(b);
      }
    }
    return null;
  }

  private pairRate(from: string, to: string): Dec | null {
    const d = this.exchange.lastPrice(`${from}_${to}`);
    if (d.gt(0)) return d;
    const i = this.exchange.lastPrice(`${to}_${from}`);
    if (i.gt(0)) return dec(1).div(i);
    return null;
  }

  private value(currency: string, amount: Dec, target: string): Dec {
    if (amount.isZero()) return ZERO;
    const r = this.rate(currency, target);
    if (r === null) throw badRequest(`No market price to value ${currency} in ${target}`);
    return amount.mul(r);
  }

  wallets(scope: Scope): Wallet[] {
    return this.ledger
      .walletsOf(scope.accountId)
      .filter((w) => w.walletType === scope.walletType && w.pair === scope.pair);
  }

  /** The scope's open loans (of one currency when given), oldest first: from the open-loans index. */
  openBorrows(scope: Scope, currency?: string): Borrow[] {
    return this.records.openBorrows(scope, currency);
  }

  /** The account's margin records of one kind, oldest first, within the retention window. */
  historyOf<K extends keyof MarginHistory>(kind: K, accountId: number): readonly MarginHistory[K][] {
    return this.records.historyOf(kind, accountId);
  }

  /** A retained loan by id. */
  borrowById(id: number): Borrow | undefined {
    return this.records.borrow(id);
  }

  /** Age retention of closed margin history (from the tick); true when anything was dropped. */
  pruneByAge(now: number): boolean {
    return this.records.pruneByAge(now);
  }

  static owed(b: Borrow): Dec {
    return b.borrowed.sub(b.repaid).add(b.interestAccrued).sub(b.interestPaid);
  }

  /** Margin level of a scope, optionally after hypothetical asset/debt changes; null when it owes nothing. */
  level(scope: Scope, extraAssets: Array<[string, Dec]> = [], extraDebt: Array<[string, Dec]> = []): Dec | null {
    const target = MarginDesk.valuationCurrency(scope);
    let debt = ZERO;
    for (const b of this.openBorrows(scope)) debt = debt.add(this.value(b.currency, MarginDesk.owed(b), target));
    for (const [c, a] of extraDebt) debt = debt.add(this.value(c, a, target));
    if (debt.lte(0)) return null;
    let assets = ZERO;
    for (const w of this.wallets(scope)) assets = assets.add(this.value(w.currency, w.balance.add(w.reserve), target));
    for (const [c, a] of extraAssets) assets = assets.add(this.value(c, a, target));
    return assets.div(debt).toDecimalPlaces(8, Dec.ROUND_DOWN);
  }

  transfer(scope: Scope, direction: 'ADD' | 'SUB', currency: string, amount: Dec, note: string, now: number): void {
    checkScope(scope);
    if (amount.lte(0)) throw badRequest('amount must be greater than 0');
    // Check with the wallets as they are (creating one is a change): a refusal leaves nothing behind.
    const from =
      direction === 'SUB'
        ? this.ledger.find(scope.accountId, scope.walletType, scope.pair, currency)
        : this.ledger.find(scope.accountId, 'SPOT', '', currency);
    const have = from?.balance ?? ZERO;
    if (have.lt(amount))
      throw insufficientFunds(
        `Out of balance: ${have.toFixed(8)} ${currency} available in ${direction === 'SUB' ? 'margin' : 'SPOT'} wallet, ${amount.toFixed(8)} needed`,
      );
    if (direction === 'SUB') {
      const after = this.level(scope, [[currency, amount.neg()]]);
      if (after?.lt(MARGIN_RULES.initialLevel))
        throw insufficientFunds(
          `Transfer would leave margin level ${after.toFixed()} below ${MARGIN_RULES.initialLevel.toFixed()}`,
        );
    }
    const spot = this.ledger.wallet(scope.accountId, 'SPOT', '', currency, now);
    const margin = this.ledger.wallet(scope.accountId, scope.walletType, scope.pair, currency, now);
    if (direction === 'SUB') this.ledger.transfer(margin, spot, amount, 'MOTION_TYPE_TRANSFER', now);
    else this.ledger.transfer(spot, margin, amount, 'MOTION_TYPE_TRANSFER', now);
    this.records.record('transfers', {
      id: ++this.state.counters.margin,
      accountId: scope.accountId,
      walletType: scope.walletType,
      pair: scope.pair,
      currency,
      direction,
      amount,
      note,
      date: now,
    });
  }

  borrow(scope: Scope, currency: string, amount: Dec, type: LoanType, now: number): Borrow {
    checkScope(scope);
    if (amount.lte(0)) throw badRequest('borrow must be greater than 0');
    if (scope.walletType === 'ISOLATED_MARGIN') {
      const p = findPair(scope.pair);
      if (p === undefined || (p.base !== currency && p.quote !== currency))
        throw badRequest(`currency must be ${scope.pair}'s base or quote`);
    }
    const after = this.level(scope, [[currency, amount]], [[currency, amount]]);
    if (after === null || after.lt(MARGIN_RULES.initialLevel)) {
      throw badRequest(
        `Borrow would take margin level to ${after?.toFixed() ?? '0'}, below ${MARGIN_RULES.initialLevel.toFixed()} (max leverage 5x)`,
      );
    }
    const poolBalance = this.ledger.find(this.lenderId(), 'SPOT', '', currency)?.balance ?? ZERO;
    if (poolBalance.lt(amount)) throw insufficientFunds(`Lending pool cannot lend ${amount.toFixed()} ${currency}`);
    const pool = this.ledger.wallet(this.lenderId(), 'SPOT', '', currency, now);
    const margin = this.ledger.wallet(scope.accountId, scope.walletType, scope.pair, currency, now);
    this.ledger.move(pool, amount.neg(), ZERO, 'MOTION_TYPE_BORROW', now);
    this.ledger.move(margin, amount, ZERO, 'MOTION_TYPE_BORROW', now);
    const b: Borrow = {
      id: ++this.state.counters.margin,
      accountId: scope.accountId,
      walletType: scope.walletType,
      pair: scope.pair,
      currency,
      type,
      openedAt: now,
      closedAt: 0,
      borrowed: amount,
      repaid: ZERO,
      interestRate: MARGIN_RULES.hourlyRate,
      interestAccrued: ZERO,
      interestPaid: ZERO,
      lastInterestAt: now,
    };
    this.records.opened(b);
    return b;
  }

  /** Repays loans in `currency` oldest first, interest before principal, from the scope's wallet. Returns what was paid. */
  repay(scope: Scope, currency: string, amount: Dec, type: LoanType, now: number): Dec {
    checkScope(scope);
    if (amount.lte(0)) throw badRequest('amount must be greater than 0');
    const borrows = this.openBorrows(scope, currency);
    if (borrows.length === 0) throw badRequest(`No open borrow in ${currency}`);
    const have = this.ledger.find(scope.accountId, scope.walletType, scope.pair, currency)?.balance ?? ZERO;
    if (have.lt(amount))
      throw insufficientFunds(`Out of balance: ${have.toFixed(8)} ${currency} available in margin wallet`);
    const margin = this.ledger.wallet(scope.accountId, scope.walletType, scope.pair, currency, now);
    return this.payDown(scope, borrows, margin, amount, type, now);
  }

  /** Pays `amount` into `borrows` in order; the ids of the repay records it makes go to `created` when given. */
  private payDown(
    scope: Scope,
    borrows: Borrow[],
    from: Wallet,
    amount: Dec,
    type: LoanType,
    now: number,
    created?: number[],
  ): Dec {
    const pool = this.ledger.wallet(this.lenderId(), 'SPOT', '', from.currency, now);
    let left = amount;
    for (const b of borrows) {
      if (left.lte(0)) break;
      const interest = Dec.min(left, b.interestAccrued.sub(b.interestPaid));
      left = left.sub(interest);
      const principal = Dec.min(left, b.borrowed.sub(b.repaid));
      left = left.sub(principal);
      const paid = interest.add(principal);
      if (paid.isZero()) continue;
      this.ledger.move(from, paid.neg(), ZERO, 'MOTION_TYPE_REPAY', now);
      this.ledger.move(pool, paid, ZERO, 'MOTION_TYPE_REPAY', now);
      b.interestPaid = b.interestPaid.add(interest);
      b.repaid = b.repaid.add(principal);
      if (MarginDesk.owed(b).isZero()) this.records.close(b, now);
      const id = ++this.state.counters.margin;
      created?.push(id);
      this.records.record('repays', {
        id,
        accountId: scope.accountId,
        walletType: scope.walletType,
        pair: scope.pair,
        currency: b.currency,
        type,
        principal,
        interest,
        borrowId: b.id,
        date: now,
      });
    }
    return amount.sub(left);
  }

  /** Closes a margin scope: cancels its orders, repays every loan, moves what is left back to SPOT. */
  close(scope: Scope, now: number): void {
    checkScope(scope);
    for (const b of this.openBorrows(scope)) {
      const w = this.ledger.find(scope.accountId, scope.walletType, scope.pair, b.currency);
      const have = w === undefined ? ZERO : w.balance.add(w.reserve);
      const owed = this.openBorrows(scope, b.currency).reduce((s, x) => s.add(MarginDesk.owed(x)), ZERO);
      if (have.lt(owed)) throw badRequest(`Insufficient ${b.currency} in margin wallet to repay ${owed.toFixed(8)}`);
    }
    for (const o of this.exchange.activeOrders(scope.accountId)) {
      if (o.walletType === scope.walletType && (scope.walletType === 'CROSS_MARGIN' || o.pair === scope.pair))
        this.exchange.cancel(o.accountId, o.id, now);
    }
    for (const w of this.wallets(scope)) {
      const borrows = this.openBorrows(scope, w.currency);
      if (borrows.length > 0) {
        const owed = borrows.reduce((s, x) => s.add(MarginDesk.owed(x)), ZERO);
        this.payDown(scope, borrows, w, owed, 'LOAN_MANUAL', now);
      }
      if (w.balance.gt(0)) {
        const amount = w.balance;
        this.ledger.transfer(
          w,
          this.ledger.wallet(scope.accountId, 'SPOT', '', w.currency, now),
          amount,
          'MOTION_TYPE_TRANSFER',
          now,
        );
        // The return to spot is a transfer like any other: margin/transfer history must show where it went.
        this.records.record('transfers', {
          id: ++this.state.counters.margin,
          accountId: scope.accountId,
          walletType: scope.walletType,
          pair: scope.pair,
          currency: w.currency,
          direction: 'SUB',
          amount,
          note: 'Closed: returned to spot',
          date: now,
        });
      }
    }
  }

  /**
   * Accrues interest for every full hour elapsed, exactly, and charges it in whole 1e-8s: the remainder is carried
   * to the next charge. While a loan's exact interest since its last charge is below 1e-8 nothing changes (not even
   * `lastInterestAt`: the hours keep counting), so no zero charge is recorded and an idle tick journals nothing.
   * Returns true when anything was charged.
   */
  accrue(now: number): boolean {
    let changed = false;
    for (const b of this.records.openLoans()) {
      const hours = Math.floor((now - b.lastInterestAt) / MARGIN_RULES.hourMs);
      if (hours <= 0) continue;
      const exact = b.borrowed
        .sub(b.repaid)
        .mul(b.interestRate)
        .mul(hours)
        .add(b.interestCarry ?? ZERO);
      const interest = trunc8(exact);
      if (interest.isZero()) continue;
      b.lastInterestAt += hours * MARGIN_RULES.hourMs;
      b.interestCarry = exact.sub(interest);
      b.interestAccrued = b.interestAccrued.add(interest);
      this.records.record('interests', {
        id: ++this.state.counters.margin,
        accountId: b.accountId,
        walletType: b.walletType,
        pair: b.pair,
        currency: b.currency,
        rate: b.interestRate,
        borrowId: b.id,
        accrued: interest,
        paid: ZERO,
        date: now,
      });
      changed = true;
    }
    return changed;
  }

  /** Liquidates every scope whose margin level is below the threshold; returns true when one was liquidated. */
  liquidateUnsafe(now: number): boolean {
    const scopes = new Map<string, Scope>();
    // Scopes in the order of their oldest open loan, as a walk of every loan in id order would find them.
    for (const b of this.records.openLoans()) {
      if (b.walletType !== 'SPOT')
        scopes.set(`${b.accountId}|${b.walletType}|${b.pair}`, {
          accountId: b.accountId,
          walletType: b.walletType,
          pair: b.pair,
        });
    }
    let changed = false;
    for (const scope of scopes.values()) {
      let level: Dec | null;
      try {
        level = this.level(scope);
      } catch {
        continue; // no price to value it: cannot judge, leave it
      }
      if (level === null || level.gte(MARGIN_RULES.liquidationLevel)) continue;
      this.liquidate(scope, level, now);
      changed = true;
    }
    return changed;
  }

  /**
   * Liquidation: cancel the scope's orders, repay each loan from the same currency's balance, then hand
   * every remaining asset to the lending pool and close the remaining loans (the pool takes the loss or gain).
   */
  private liquidate(scope: Scope, level: Dec, now: number): void {
    const target = MarginDesk.valuationCurrency(scope);
    const orderClosed: number[] = [];
    for (const o of this.exchange.activeOrders(scope.accountId)) {
      if (o.walletType === scope.walletType && (scope.walletType === 'CROSS_MARGIN' || o.pair === scope.pair)) {
        this.exchange.cancel(o.accountId, o.id, now);
        orderClosed.push(o.id);
      }
    }
    let debtValue = ZERO;
    for (const b of this.openBorrows(scope))
      debtValue = debtValue.add(this.value(b.currency, MarginDesk.owed(b), target));
    const repayCreated: number[] = [];
    const borrowIds = this.openBorrows(scope).map((b) => b.id);
    for (const w of this.wallets(scope)) {
      const borrows = this.openBorrows(scope, w.currency);
      if (borrows.length === 0 || w.balance.isZero()) continue;
      const owed = borrows.reduce((s, x) => s.add(MarginDesk.owed(x)), ZERO);
      this.payDown(scope, borrows, w, Dec.min(owed, w.balance), 'LOAN_AUTO', now, repayCreated);
    }
    let fund = ZERO;
    const pool = (c: string): Wallet => this.ledger.wallet(this.lenderId(), 'SPOT', '', c, now);
    for (const w of this.wallets(scope)) {
      if (w.balance.isZero()) continue;
      fund = fund.add(this.value(w.currency, w.balance, target));
      const amount = w.balance;
      this.ledger.move(w, amount.neg(), ZERO, 'MOTION_TYPE_LIQUIDATION', now);
      this.ledger.move(pool(w.currency), amount, ZERO, 'MOTION_TYPE_LIQUIDATION', now);
    }
    for (const b of this.openBorrows(scope)) this.records.close(b, now);
    this.records.record('liquidations', {
      id: ++this.state.counters.margin,
      accountId: scope.accountId,
      walletType: scope.walletType,
      pair: scope.pair,
      currency: target,
      marginLevel: level,
      amount: debtValue.toDecimalPlaces(8),
      fundAmount: fund.toDecimalPlaces(8),
      createdAt: now,
      closedAt: now,
      orderClosed,
      orderCreated: [],
      borrowClosed: borrowIds,
      repayCreated,
    });
  }

  autoBorrow(
    accountId: number,
    walletType: WalletType,
    pair: string,
    currency: string,
    amount: Dec,
    now: number,
  ): void {
    if (walletType === 'SPOT') throw badRequest('AUTO_BORROW needs a margin wallet_type');
    this.borrow({ accountId, walletType, pair }, currency, amount, 'LOAN_AUTO', now);
  }

  /** AUTO_REPAY: repays the scope's loans in `currency` with at most `received` (what one fill brought in). */
  autoRepay(
    accountId: number,
    walletType: WalletType,
    pair: string,
    currency: string,
    received: Dec,
    now: number,
  ): void {
    if (walletType === 'SPOT' || received.lte(0)) return;
    const scope: Scope = { accountId, walletType, pair };
    const borrows = this.openBorrows(scope, currency);
    const w = this.ledger.find(accountId, walletType, pair, currency);
    if (borrows.length === 0 || w === undefined || w.balance.isZero()) return;
    const owed = borrows.reduce((s, x) => s.add(MarginDesk.owed(x)), ZERO);
    this.payDown(scope, borrows, w, Dec.min(owed, received, w.balance), 'LOAN_AUTO', now);
  }
}

function checkScope(scope: Scope): void {
  if (scope.walletType === 'ISOLATED_MARGIN' && findPair(scope.pair) === undefined)
    throw badRequest(`pair must be set to a known pair for ISOLATED_MARGIN`);
  if (scope.walletType === 'CROSS_MARGIN' && scope.pair !== '') throw badRequest('pair must be empty for CROSS_MARGIN');
}
