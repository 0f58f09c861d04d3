/**
 * Historical prices from candles: the close of the last candle that opened at or before a time. Used to value
 * past holdings; prices stay the exchange's decimal strings.
 */
import type { Candle, Timeframe } from '../../preload/domain';

const TF_MS: [Timeframe, number][] = [
  ['5', 300_000],
  ['15', 900_000],
  ['30', 1_800_000],
  ['60', 3_600_000],
  ['240', 14_400_000],
  ['D', 86_400_000],
];

/** The finest timeframe that covers `spanMs` in at most `maxCandles` candles (daily when nothing does). */
export function timeframeFor(spanMs: number, maxCandles = 500): { timeframe: Timeframe; ms: number } {
  for (const [timeframe, ms] of TF_MS) if (spanMs / ms <= maxCandles) return { timeframe, ms };
  return { timeframe: 'D', ms: 86_400_000 };
}

/**
 * The price at `time`: the close of the last candle opened at or before it; before the first candle, that
 * candle's open (the earliest price known), so a holding is valued rather than dropped at the range's start.
 */
export function closeAt(candles: readonly Candle[], time: number): string | null {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((candles[mid] as Candle).time <= time) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0) return (candles[lo - 1] as Candle).close;
  return candles[0]?.open ?? null;
}

/** pair -> candles (oldest first) as a prices-at-time function. */
export function pricesAtFrom(byPair: ReadonlyMap<string, readonly Candle[]>): (time: number) => Record<string, string> {
  return (time) => {
    const out: Record<string, string> = {};
    for (const [pair, candles] of byPair) {
      const c = closeAt(candles, time);
      if (c !== null) out[pair] = c;
    }
    return out;
  };
}
