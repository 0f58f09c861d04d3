/**
 * What the algo tests on the paper core (no HTTP, virtual time) set up alike: the clock and its timers, funded
 * accounts, a counterparty selling into the book, and an engine journaling to a folder on that clock.
 */
import { NotificationHub } from '../../main/alerts/notifier';
import { type AlgoClient, AlgoEngine, type AlgoEngineDeps } from '../../main/algos/engine';
import { createAlgoJournal } from '../../main/algos/journal';
import type { SetTimer } from '../../main/market/timers';
import type { PaperCore } from '../../main/paper';

/** Virtual time: nothing runs until a test moves the clock. */
export class VirtualTimers {
  t = Date.UTC(2026, 0, 5, 10, 0, 0);
  private timers: { at: number; fn: () => void }[] = [];
  now = (): number => this.t;
  setTimer: SetTimer = (fn, ms) => {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  };
  /** Moves time by `ms` and runs every timer due by then, in the order they were set. */
  advance(ms: number): void {
    this.t += ms;
    this.runDue();
  }
  /** Moves to the next due timer (at most `maxMs` ahead) and runs what is due. */
  step(maxMs: number): void {
    const next = Math.min(...this.timers.map((x) => x.at), this.t + maxMs);
    this.t = Math.max(this.t, next);
    this.runDue();
  }
  /** Forgets every pending timer (an engine dropped without shutdown). */
  clear(): void {
    this.timers = [];
  }
  private runDue(): void {
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const d of due) d.fn();
  }
}

/** An account on the core named and keyed `key`, holding `balances`; returns its id. */
export function fundedAccount(
  core: PaperCore,
  key: string,
  now: number,
  balances: Record<string, string> = { USD: '1000000', BTC: '10' },
): number {
  return core.ensureAccount({ key, secret: 's', name: key, balances }, now);
}

/** The counterparty sells `amount` BTC at `price` or better, immediate-or-cancel: it fills what rests there. */
export function sellIoc(core: PaperCore, accountId: number, price: string, amount: string, now: number): void {
  core.place(
    { accountId, pair: 'BTC_USD', side: 'SELL', type: 'LIMIT', tif: 'IOC', walletType: 'SPOT', price, amount },
    now,
  );
}

/** An engine (not started) for `client`, journaling to `dir`, on the virtual clock; polls every 500 ms. */
export function virtualEngine(
  client: AlgoClient,
  dir: string,
  timers: VirtualTimers,
  extra: Partial<AlgoEngineDeps> = {},
): AlgoEngine {
  return new AlgoEngine({
    profileId: 'p',
    client,
    journal: createAlgoJournal(dir),
    prices: null,
    notifier: new NotificationHub(),
    now: timers.now,
    setTimer: timers.setTimer,
    pollMs: 500,
    ...extra,
  });
}
