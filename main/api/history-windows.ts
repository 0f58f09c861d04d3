/**
 * v3 history endpoints accept at most 30 days per call. The client accepts any range: it splits it into
 * consecutive windows [start, end) of at most 30 days, queries each, and merges the results in time order.
 */
export const WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

export interface Window {
  from: number;
  to: number;
}

/**
 * Windows covering [from, to). Neither bound -> the last 30 days up to and including now, sent explicitly
 * (the exchange's documented default, without relying on how a server computes it). Only `from` -> up to and
 * including now. Only `to` -> the 30 days before it, as the exchange would.
 */
export function splitRange(range: { from?: number; to?: number }, now: number, windowMs = WINDOW_MS): Window[] {
  if (range.from === undefined && range.to === undefined) return [{ from: now + 1 - windowMs, to: now + 1 }];
  const to = range.to ?? Math.max(now + 1, (range.from as number) + 1);
  const from = range.from ?? to - windowMs;
  if (!(to > from)) return [];
  const out: Window[] = [];
  for (let s = from; s < to; s += windowMs) out.push({ from: s, to: Math.min(to, s + windowMs) });
  return out;
}

/** Concatenates per-window results and sorts them by time (stable; ties keep the exchange's order). */
export function mergeByTime<T>(parts: T[][], timeOf: (t: T) => number): T[] {
  const all = parts.flat();
  return all
    .map((v, i) => ({ v, i, t: timeOf(v) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.v);
}
