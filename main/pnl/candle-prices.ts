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

export function closeAt(candles: readonly Candle[], time: number): string | null {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((candles[mid] as Candle).time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (candles[lo - 1] as Candle).close : null;
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
