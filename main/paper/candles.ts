import type { PairSpec } from './market';
import { toScaled } from './money';
import { gaussian, mulberry32 } from './random';
import type { Candle, CoreState } from './state';

/** Chart timeframes of the contract and their length in seconds. */
export const TIMEFRAMES = { '5': 300, '15': 900, '30': 1800, '60': 3600, '240': 14400, D: 86400 } as const;
export type Timeframe = keyof typeof TIMEFRAMES;
export const TIMEFRAME_NAMES = Object.keys(TIMEFRAMES) as Timeframe[];

/** True only for TIMEFRAMES' own names: `in` would also accept inherited keys such as `toString`. */
export function isTimeframe(name: string): name is Timeframe {
  return Object.hasOwn(TIMEFRAMES, name);
}

/** Candles kept per timeframe from the back-fill. */
const BACKFILL_CANDLES = 800;
/** Candles kept per pair and timeframe in all (retention: about 10 days of 5-minute candles, years of daily). */
export const MAX_CANDLES = 3000;

/** Candles per pair and timeframe, built from trades (and the seeded back-fill). */
export class CandleStore {
  /**
   * Each pair's series in TIMEFRAME_NAMES order, as stored in `state.candles` (the same arrays: they are only
   * ever changed in place), so a trade updates its six candles without building six keys.
   */
  private readonly seriesOfPair = new Map<string, Candle[][]>();

  constructor(private readonly state: CoreState) {}

  private seriesOf(pair: string): Candle[][] {
    let all = this.seriesOfPair.get(pair);
    if (all === undefined) {
      all = TIMEFRAME_NAMES.map((tf) => this.series(pair, tf));
      this.seriesOfPair.set(pair, all);
    }
    return all;
  }

  private series(pair: string, tf: Timeframe): Candle[] {
    const key = `${pair}|${tf}`;
    let s = this.state.candles.get(key);
    if (s === undefined) {
      s = [];
      this.state.candles.set(key, s);
    }
    return s;
  }

  addTrade(pair: string, timeMs: number, priceTicks: number, lots: number): void {
    const t = Math.floor(timeMs / 1000);
    const all = this.seriesOf(pair);
    for (let i = 0; i < TIMEFRAME_NAMES.length; i++) {
      const len = TIMEFRAMES[TIMEFRAME_NAMES[i] as Timeframe];
      const bucket = t - (t % len);
      const s = all[i] as Candle[];
      let c = s.length > 0 ? s[s.length - 1] : undefined;
      if (c === undefined || c.time < bucket) {
        c = { time: bucket, open: priceTicks, high: priceTicks, low: priceTicks, close: priceTicks, volume: 0 };
        s.push(c);
        if (s.length > MAX_CANDLES * 1.1) s.splice(0, s.length - MAX_CANDLES);
      } else if (c.time > bucket) {
        // A clock that stepped back: fold the trade into the bucket it belongs to, if present.
        const found = s.find((x) => x.time === bucket);
        if (found === undefined) continue;
        c = found;
      }
      if (priceTicks > c.high) c.high = priceTicks;
      if (priceTicks < c.low) c.low = priceTicks;
      c.close = priceTicks;
      c.volume += lots;
    }
  }

  /** Ascending by time; `since`/`until` in epoch seconds, inclusive; the newest `limit` candles. */
  query(pair: string, tf: Timeframe, limit: number, since?: number, until?: number): Candle[] {
    const s = this.state.candles.get(`${pair}|${tf}`) ?? [];
    let lo = 0;
    let hi = s.length;
    if (since !== undefined) while (lo < hi && (s[lo] as Candle).time < since) lo++;
    if (until !== undefined) while (hi > lo && (s[hi - 1] as Candle).time > until) hi--;
    return s.slice(Math.max(lo, hi - limit), hi);
  }

  /**
   * Seeded random-walk history ending at the pair's start price just before `genesisMs`, so a chart is
   * full the moment it opens. Generated on 5-minute steps and aggregated, so every timeframe agrees.
   */
  backfill(pair: PairSpec, genesisMs: number, seed: number): void {
    const rnd = mulberry32(seed ^ hashName(pair.name));
    const tickScale = 10 ** pair.pricePrecision;
    const end = Math.floor(genesisMs / 1000 / 300) * 300;
    // 5-minute steps where the short timeframes look (last 34 days), hourly steps before that: every
    // timeframe gets its candles from one walk, at a fraction of the cost of 5-minute steps throughout.
    const fineSpan = 34 * 86_400;
    const fullSpan = BACKFILL_CANDLES * TIMEFRAMES.D;
    const sigma5 = 0.0012;
    const steps: Array<{ time: number; dt: number; close: number }> = [];
    // Walk backwards from the start price; prices are rounded to integer ticks (exact), the walk itself
    // is synthetic chart data, not money arithmetic.
    let p = toScaled(pair.startPrice, pair.pricePrecision) / tickScale;
    for (let t = end; t > end - fullSpan; ) {
      const dt = t > end - fineSpan ? 300 : 3600;
      t -= dt;
      steps.push({ time: t, dt, close: p });
      p = p * Math.exp(sigma5 * Math.sqrt(dt / 300) * gaussian(rnd));
    }
    steps.reverse();
    const lotScale = 10 ** pair.amountPrecision;
    const lotSize = pair.lotSize.toNumber();
    const base: Array<Candle & { dt: number }> = [];
    let prevClose = p;
    for (const st of steps) {
      const open = prevClose;
      const wick = sigma5 * Math.sqrt(st.dt / 300) * 0.5;
      const hiP = Math.max(open, st.close) * (1 + Math.abs(gaussian(rnd)) * wick);
      const loP = Math.min(open, st.close) * (1 - Math.abs(gaussian(rnd)) * wick);
      const o = Math.max(1, Math.round(open * tickScale));
      const c = Math.max(1, Math.round(st.close * tickScale));
      base.push({
        time: st.time,
        dt: st.dt,
        open: o,
        close: c,
        high: Math.max(o, c, Math.round(hiP * tickScale)),
        low: Math.max(1, Math.min(o, c, Math.round(loP * tickScale))),
        volume: Math.round(lotSize * (2 + 10 * rnd()) * (st.dt / 300) * lotScale),
      });
      prevClose = st.close;
    }
    for (const tf of TIMEFRAME_NAMES) {
      const len = TIMEFRAMES[tf];
      const out: Candle[] = [];
      for (const b of base) {
        if (b.dt > len) continue;
        const bucket = b.time - (b.time % len);
        const last = out[out.length - 1];
        if (last !== undefined && last.time === bucket) {
          if (b.high > last.high) last.high = b.high;
          if (b.low < last.low) last.low = b.low;
          last.close = b.close;
          last.volume += b.volume;
        } else out.push({ time: bucket, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
      }
      const keep = out.slice(-BACKFILL_CANDLES);
      const s = this.series(pair.name, tf);
      s.splice(0, s.length, ...keep, ...s.filter((x) => x.time > (keep[keep.length - 1]?.time ?? 0)));
    }
  }
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
