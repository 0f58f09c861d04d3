import { type PaperCore, SIM_MAKER_NAME, SIM_TAKER_NAME } from './core';
import { Rejection } from './errors';
import { PAIRS, type PairSpec } from './market';
import { scaledText, toScaled } from './money';
import { type Random, gaussian, mulberry32In } from './random';
import type { Side, SimState } from './state';

/** Orders each simulated market maker keeps per side. */
const ORDERS_PER_SIDE = 40;
/** Furthest level from the fair price, in level steps. */
const MAX_LEVELS = 45;
/** Chance per pair per step that a simulated taker crosses the spread. */
const TAKER_PROBABILITY = 0.3;

interface PairSim {
  spec: PairSpec;
}

/**
 * Simulated traders: a market maker that keeps a ladder of orders around a random-walk fair price and a
 * taker that sends small IOC orders across the spread. Deterministic for a seed and a sequence of step times.
 * They trade through the exchange like anyone else, from internal accounts (no rate limits, no activity log).
 * Its whole state (PRNG, fair prices) is `state.sim`, so the core journals a step as one record and replays
 * it exactly.
 */
export class MarketSimulator {
  private readonly pairs: PairSim[] = PAIRS.map((spec) => ({ spec }));
  private rnd: Random = () => 0;
  private bound: SimState | null = null;

  constructor(private readonly core: PaperCore) {}

  /** The simulator's state, created from the genesis seed the first time it runs. */
  private simState(): SimState {
    const st = this.core.state;
    if (st.sim === undefined) st.sim = { rng: ((st.genesis?.seed ?? 1) ^ 0x5eed5eed) >>> 0, fair: {} };
    if (this.bound !== st.sim) {
      this.bound = st.sim;
      this.rnd = mulberry32In(st.sim);
    }
    return st.sim;
  }

  /** Fair price of a pair in ticks: the walk's state, starting at the last trade or the start price. */
  private fairOf(sim: SimState, spec: PairSpec): number {
    const known = sim.fair[spec.name];
    if (known !== undefined) return known;
    const last = this.core.exchange.lastPrice(spec.name);
    const price = last.gt(0) ? last : spec.startPrice;
    return toScaled(price.toDecimalPlaces(spec.pricePrecision), spec.pricePrecision);
  }

  step(now: number): void {
    const sim = this.simState();
    const maker = this.core.internalId(SIM_MAKER_NAME);
    const taker = this.core.internalId(SIM_TAKER_NAME);
    for (const p of this.pairs) {
      // Random walk with a gentle pull toward the last trade so the book and the tape agree.
      const last = toScaled(
        this.core.exchange.lastPrice(p.spec.name).toDecimalPlaces(p.spec.pricePrecision),
        p.spec.pricePrecision,
      );
      let fair = this.fairOf(sim, p.spec) * Math.exp(0.00006 * gaussian(this.rnd));
      if (last > 0) fair += (last - fair) * 0.02;
      sim.fair[p.spec.name] = fair;
      this.maintainLadder(p, fair, maker, now);
      if (this.rnd() < TAKER_PROBABILITY) this.take(p, taker, now);
    }
  }

  private levelStep(fair: number): number {
    return Math.max(1, Math.round(fair * 0.00005));
  }

  private maintainLadder(p: PairSim, fair: number, maker: number, now: number): void {
    const step = this.levelStep(fair);
    const half = Math.max(1, Math.round(fair * 0.00008));
    const bid0 = Math.round(fair) - half;
    const ask0 = Math.round(fair) + half;
    let bids = 0;
    let asks = 0;
    const book = this.core.exchange.bookOf(p.spec.name);
    for (const o of this.core.exchange.activeOrders(maker, p.spec.name)) {
      // The book knows the resting price in ticks: no decimal conversion per order per step.
      const resting = book.restingPrice(o.id);
      const ticks = resting >= 0 ? resting : toScaled(o.price, p.spec.pricePrecision);
      const stale =
        o.side === 'BUY'
          ? ticks > bid0 || ticks < bid0 - MAX_LEVELS * step
          : ticks < ask0 || ticks > ask0 + MAX_LEVELS * step;
      if (stale || this.rnd() < 0.03) {
        this.core.exchange.cancel(maker, o.id, now);
      } else if (o.side === 'BUY') bids++;
      else asks++;
    }
    for (; bids < ORDERS_PER_SIDE; bids++)
      this.quote(p, maker, 'BUY', bid0 - Math.floor(this.rnd() * MAX_LEVELS) * step, now);
    for (; asks < ORDERS_PER_SIDE; asks++)
      this.quote(p, maker, 'SELL', ask0 + Math.floor(this.rnd() * MAX_LEVELS) * step, now);
  }

  private quote(p: PairSim, accountId: number, side: Side, ticks: number, now: number): void {
    if (ticks <= 0) return;
    this.send(p, accountId, side, ticks, this.size(p, 0.2, 2), 'GTC', now);
  }

  private take(p: PairSim, accountId: number, now: number): void {
    const book = this.core.exchange.bookOf(p.spec.name);
    const side: Side = this.rnd() < 0.5 ? 'BUY' : 'SELL';
    const best = side === 'BUY' ? book.bestAsk() : book.bestBid();
    if (Number.isNaN(best)) return;
    const slip = this.levelStep(this.fairOf(this.simState(), p.spec)) * (1 + Math.floor(this.rnd() * 3));
    this.send(
      p,
      accountId,
      side,
      side === 'BUY' ? best + slip : Math.max(1, best - slip),
      this.size(p, 0.02, 0.6),
      'IOC',
      now,
    );
  }

  private size(p: PairSim, lo: number, hi: number): number {
    const lots = toScaled(p.spec.lotSize, p.spec.amountPrecision);
    const min = toScaled(p.spec.minOrderSize, p.spec.amountPrecision);
    return Math.max(min, Math.round(lots * (lo + (hi - lo) * this.rnd())));
  }

  private send(
    p: PairSim,
    accountId: number,
    side: Side,
    ticks: number,
    lots: number,
    tif: 'GTC' | 'IOC',
    now: number,
  ): void {
    try {
      this.core.exchange.place(
        {
          accountId,
          pair: p.spec.name,
          side,
          type: 'LIMIT',
          tif,
          walletType: 'SPOT',
          price: scaledText(ticks, p.spec.pricePrecision),
          amount: scaledText(lots, p.spec.amountPrecision),
        },
        now,
      );
    } catch (e) {
      // A quote under the pair's minimum value is simply skipped.
      if (!(e instanceof Rejection)) throw e;
    }
  }
}
