/**
 * Candles as uPlot columns: [time (s), open, high, low, close, volume]. Numbers here are for plotting only;
 * the exact decimals stay in the domain objects. Live updates merge by candle time.
 */
import type { Candle, Timeframe } from '../../../preload/domain';

export type Columns = [number[], number[], number[], number[], number[], number[]];

export const TIMEFRAME_SECONDS: Record<Timeframe, number> = {
  '5': 300,
  '15': 900,
  '30': 1800,
  '60': 3600,
  '240': 14400,
  D: 86400,
};
export const TIMEFRAME_LABELS: Record<Timeframe, string> = {
  '5': '5m',
  '15': '15m',
  '30': '30m',
  '60': '1h',
  '240': '4h',
  D: '1D',
};

export function emptyColumns(): Columns {
  return [[], [], [], [], [], []];
}

/** Candles (oldest first) -> columns. */
export function toColumns(candles: readonly Candle[]): Columns {
  const n = candles.length;
  const t = new Array<number>(n);
  const o = new Array<number>(n);
  const h = new Array<number>(n);
  const l = new Array<number>(n);
  const c = new Array<number>(n);
  const v = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const k = candles[i] as Candle;
    t[i] = k.time / 1000;
    o[i] = +k.open;
    h[i] = +k.high;
    l[i] = +k.low;
    c[i] = +k.close;
    v[i] = +k.volume;
  }
  return [t, o, h, l, c, v];
}

/** Joins column sets (oldest first) into one. */
export function concatColumns(parts: readonly Columns[]): Columns {
  const out = emptyColumns();
  for (let j = 0; j < 6; j++) out[j] = ([] as number[]).concat(...parts.map((p) => p[j] as number[]));
  return out;
}

/**
 * Merges the feed's latest candles into the columns in place: a candle with a known time replaces it, a newer
 * one is appended. Returns how many were appended (-1 when nothing changed).
 */
export function mergeLive(cols: Columns, latest: readonly Candle[]): number {
  const [t] = cols;
  let appended = 0;
  let changed = false;
  for (const k of latest) {
    const sec = k.time / 1000;
    const row = [sec, +k.open, +k.high, +k.low, +k.close, +k.volume];
    const n = t.length;
    let at = -1;
    // The live candle is the last or close to it: scan back a few.
    for (let i = n - 1; i >= 0 && i >= n - 8; i--) {
      if (t[i] === sec) {
        at = i;
        break;
      }
      if ((t[i] as number) < sec) break;
    }
    if (at >= 0) {
      for (let j = 1; j < 6; j++) {
        if (cols[j]?.[at] !== row[j]) {
          (cols[j] as number[])[at] = row[j] as number;
          changed = true;
        }
      }
    } else if (n === 0 || sec > (t[n - 1] as number)) {
      for (let j = 0; j < 6; j++) (cols[j] as number[]).push(row[j] as number);
      appended++;
      changed = true;
    }
  }
  return changed ? appended : -1;
}
