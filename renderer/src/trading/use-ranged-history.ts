/**
 * Loads a history over any range the way the exchange allows: one call per 30-day window, newest window first
 * (the latest rows show while older ones load), with progress and a cancel. A refresh (a new fill, an order
 * done) re-reads only the newest window, up to now. A late answer for another profile or an older request is
 * dropped.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { profileId } from '../state/store';
import { mergeNewestFirst, type TimeRange, windowsNewestFirst } from './date-range';

export interface RangedHistory<T> {
  rows: T[] | null;
  error: string | null;
  /** Windows answered of the total, while more than one window is loading; null otherwise. */
  progress: { done: number; total: number; at: TimeRange | null } | null;
  /** True when the trader stopped the load: `rows` hold what came before it. */
  stopped: boolean;
  /** The oldest time covered by `rows` (the range's start, unless stopped early). */
  coveredFrom: number | null;
  cancel(): void;
}

export interface RangedHistoryOptions<T> {
  pid: string | null;
  enabled: boolean;
  range: TimeRange | null;
  fetch(pid: string, window: TimeRange): Promise<T[]>;
  timeOf(t: T): number;
  keyOf(t: T): string;
  /** Changes when something new may have happened (fills, orders): the newest window is read again. */
  refreshKey?: unknown;
  /** Changes when what is loaded changes (e.g. another kind of history): everything is loaded anew. */
  resetKey?: unknown;
}

export function useRangedHistory<T>(o: RangedHistoryOptions<T>): RangedHistory<T> {
  const [state, setState] = useState<Omit<RangedHistory<T>, 'cancel'>>({
    rows: null,
    error: null,
    progress: null,
    stopped: false,
    coveredFrom: null,
  });
  const run = useRef(0);
  const parts = useRef<T[][]>([]);
  const opts = useRef(o);
  opts.current = o;
  const { pid, enabled, range } = o;
  const from = range?.from ?? null;
  const to = range?.to ?? null;
  const live = range?.live === true;
  /** A live preset is "the last N days" when it is loaded, not when it was picked: both ends move to now. */
  const shifted = (r: TimeRange): TimeRange => {
    const by = live ? Math.max(0, Date.now() + 1 - r.to) : 0;
    return { from: r.from + by, to: r.to + by };
  };

  const merged = () => mergeNewestFirst(parts.current.flat(), opts.current.timeOf, opts.current.keyOf);

  useEffect(() => {
    const mine = ++run.current;
    parts.current = [];
    setState({ rows: null, error: null, progress: null, stopped: false, coveredFrom: null });
    if (!pid || !enabled || from === null || to === null) return;
    const windows = windowsNewestFirst(shifted({ from, to }));
    const stillMine = () => mine === run.current && profileId.peek() === pid;
    void (async () => {
      for (const [i, w] of windows.entries()) {
        if (!stillMine()) return;
        if (windows.length > 1) setState((s) => ({ ...s, progress: { done: i, total: windows.length, at: w } }));
        try {
          const rows = await opts.current.fetch(pid, w);
          if (!stillMine()) return;
          parts.current[i] = rows;
          setState((s) => ({ ...s, rows: merged(), coveredFrom: w.from }));
        } catch (e) {
          if (!stillMine()) return;
          setState((s) => ({ ...s, error: (e as Error).message, progress: null, rows: s.rows ?? [] }));
          return;
        }
      }
      if (stillMine()) setState((s) => ({ ...s, progress: null }));
    })();
  }, [pid, enabled, from, to, o.resetKey]);

  // Something new happened: re-read the newest window up to now (only once the full load is done).
  const firstRefresh = useRef(true);
  useEffect(() => {
    if (firstRefresh.current) {
      firstRefresh.current = false;
      return;
    }
    if (!pid || !enabled || from === null || to === null || state.progress) return;
    // The newest window, reaching to now (the load may be minutes old).
    const newest = windowsNewestFirst(shifted({ from, to }))[0];
    if (!newest) return;
    const mine = run.current;
    const window = { from: newest.from, to: Math.max(newest.to, Date.now() + 1) };
    opts.current.fetch(pid, window).then(
      (rows) => {
        if (mine !== run.current || profileId.peek() !== pid) return;
        parts.current[0] = rows;
        setState((s) => ({ ...s, rows: merged() }));
      },
      () => {},
    );
  }, [o.refreshKey]);

  return {
    ...state,
    cancel: () => {
      // Bumping the run id stops the loop at its next step; what came in stays on screen.
      run.current++;
      setState((s) => ({ ...s, progress: null, stopped: true, rows: s.rows ?? [] }));
    },
  };
}
