/**
 * The price chart: ONE uPlot instance per mounted chart, fed with setData, resized with the panel and destroyed
 * on unmount. Options come from chart-options.ts; candles, price lines and price clicks are uPlot plugins
 * (chart-plugins/). The live candle merges in from the market.candles stream; the account's open orders of the
 * pair are drawn as price lines (pending stops at their trigger, in the stop style), plus the `lines` prop.
 * Zoom: drag-select or wheel; pan: Shift+drag, Shift+wheel or ←/→; Home/double-click shows the latest candles.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Candle, Order, Pair, Timeframe } from '../../../preload/domain';
import { TIMEFRAMES } from '../../../preload/domain';
import { BridgeCallError, call, subscribe } from '../bridge';
import type { FreshnessSource } from '../shell/panel-freshness';
import { StaleTag } from '../shell/StaleTag';
import { pairInfo, profileId, selectedPair, timeframe } from '../state/store';
import {
  type Columns,
  concatColumns,
  emptyColumns,
  mergeLive,
  TIMEFRAME_LABELS,
  TIMEFRAME_SECONDS,
  toColumns,
} from './candles';
import { type ChartColors, readColors } from './chart-draw';
import { type PriceChartLive, priceChartOptions } from './chart-options';
import { ordersToLines } from './chart-plugins/order-lines';
import type { PriceClickHandler, PriceLine } from './chart-plugins/types';
import { fixed, stamp } from './format';
import './chart.css';

/** Candles visible when a chart (re)loads or the view is reset. */
export const INITIAL_VISIBLE = 120;
/** History loaded when a chart opens (the exchange's default page). */
export const HISTORY_LIMIT = 720;
/** Candles converted before the first draw; older ones follow in background chunks of HISTORY_CHUNK. */
export const HISTORY_TAIL = 4_000;
const HISTORY_CHUNK = 25_000;

interface ChartState {
  u: uPlot;
  data: Columns;
  colors: ChartColors;
  orders: Order[];
  /** What the price-lines plugin draws: the open orders of the pair, then the owner's extra lines. */
  lines: PriceLine[];
  pair: string;
  tf: Timeframe;
  info: Pair | null;
}

/** The x scale's current window (uPlot's index type allows a missing key). */
function xScale(u: uPlot): { min: number | undefined; max: number | undefined } {
  const sc = u.scales.x;
  return { min: sc?.min, max: sc?.max };
}

function showLatest(s: ChartState): void {
  const t = s.data[0];
  const n = t.length;
  if (n === 0) return;
  const step = TIMEFRAME_SECONDS[s.tf];
  // Always INITIAL_VISIBLE slots wide, so a young market's few candles keep a normal width.
  const last = t[n - 1] as number;
  s.u.setScale('x', { min: last - (INITIAL_VISIBLE - 0.5) * step, max: last + step * 1.5 });
}

/** Keeps the x window within the data (plus a little room on the right for the live candle). */
function setWindow(s: ChartState, min: number, max: number): void {
  const t = s.data[0];
  if (t.length === 0) return;
  const step = TIMEFRAME_SECONDS[s.tf];
  const last = t[t.length - 1] as number;
  const lo = Math.min((t[0] as number) - step * 2, last - INITIAL_VISIBLE * step);
  const hi = last + step * 10;
  const span = Math.min(Math.max(max - min, step * 8), hi - lo);
  let a = min;
  if (a < lo) a = lo;
  if (a + span > hi) a = hi - span;
  s.u.setScale('x', { min: a, max: a + span });
}

function zoom(s: ChartState, factor: number, anchorFrac = 0.5): void {
  const { min, max } = xScale(s.u);
  if (min == null || max == null) return;
  const anchor = min + (max - min) * anchorFrac;
  setWindow(s, anchor - (anchor - min) * factor, anchor + (max - anchor) * factor);
}

function pan(s: ChartState, frac: number): void {
  const { min, max } = xScale(s.u);
  if (min == null || max == null) return;
  const d = (max - min) * frac;
  setWindow(s, min + d, max + d);
}

export interface ChartProps {
  /** Extra price lines (algo levels, alerts...) drawn over the open orders' own lines. */
  lines?: readonly PriceLine[];
  /** A click (not a drag) on the plot: the price under the pointer at the pair's precision, and the keys held. */
  onPriceClick?: PriceClickHandler;
  /** Extra uPlot plugins, read once at mount (e.g. the bench's draw hook). */
  plugins?: readonly uPlot.Plugin[];
}

/** The open orders of the pair as lines, then the extra lines. */
function chartLines(s: ChartState, extra: readonly PriceLine[] | undefined): PriceLine[] {
  const fmt = (p: string) => (s.info ? fixed(p, s.info.pricePrecision) : p);
  const own = ordersToLines(s.orders, s.pair, fmt);
  return extra && extra.length > 0 ? [...own, ...extra] : own;
}

export function Chart(props: ChartProps = {}) {
  const propsRef = useRef(props);
  propsRef.current = props;
  const pid = profileId.value;
  const pair = selectedPair.value;
  const tf = timeframe.value;
  const info = pairInfo.value;
  const rootRef = useRef<HTMLElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const state = useRef<ChartState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);
  const keyRef = useRef<(e: KeyboardEvent) => void>(() => {});
  const fresh = useRef<FreshnessSource>({ at: null });

  const writeReadout = (s: ChartState, idx: number | null | undefined) => {
    const el = readoutRef.current;
    if (!el) return;
    const [t, o, h, l, c, v] = s.data;
    const i = idx ?? t.length - 1;
    if (i < 0 || i >= t.length) {
      el.textContent = '';
      return;
    }
    const pdp = s.info?.pricePrecision ?? 2;
    const adp = s.info?.amountPrecision ?? 4;
    const f = (x: number | undefined, dp: number) => fixed(String(x ?? ''), dp);
    const rising = (c[i] as number) >= (o[i] as number);
    el.className = `chart-readout num ${rising ? 'up' : 'down'}`;
    el.textContent = `${stamp((t[i] as number) * 1000)}  O ${f(o[i], pdp)}  H ${f(h[i], pdp)}  L ${f(l[i], pdp)}  C ${f(c[i], pdp)}  V ${f(v[i], adp)}`;
  };

  // The one uPlot instance of this chart.
  useEffect(() => {
    const host = plotRef.current;
    const root = rootRef.current;
    if (!host || !root) return;
    let s: ChartState;
    const live = (): PriceChartLive | null =>
      s
        ? {
            colors: s.colors,
            tfSec: TIMEFRAME_SECONDS[s.tf],
            lines: s.lines,
            pricePlaces: s.info?.pricePrecision ?? null,
            onPriceClick: propsRef.current.onPriceClick,
          }
        : null;
    const opts = priceChartOptions(
      { width: Math.max(100, host.clientWidth), height: Math.max(80, host.clientHeight) },
      live,
      {
        startPan: (e) => startPan(e),
        showLatest: () => showLatest(s),
        setCursor: (u) => writeReadout(s, u.cursor.idx),
      },
      propsRef.current.plugins ?? [],
    );
    const data = emptyColumns();
    const u = new uPlot(opts, data as unknown as uPlot.AlignedData, host);
    s = {
      u,
      data,
      colors: readColors(root),
      orders: [],
      lines: [],
      pair: selectedPair.peek(),
      tf: timeframe.peek(),
      info: pairInfo.peek(),
    };
    state.current = s;

    function startPan(e: MouseEvent) {
      const { min, max } = xScale(u);
      if (min == null || max == null) return;
      const x0 = e.clientX;
      const perPx = (max - min) / Math.max(1, u.over.clientWidth);
      const move = (m: MouseEvent) => setWindow(s, min - (m.clientX - x0) * perPx, max - (m.clientX - x0) * perPx);
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
      e.preventDefault();
    }

    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        pan(s, Math.sign(e.deltaX || e.deltaY) * 0.1);
        return;
      }
      const rect = u.over.getBoundingClientRect();
      zoom(s, e.deltaY > 0 ? 1.25 : 0.8, (e.clientX - rect.left) / Math.max(1, rect.width));
    };
    u.over.addEventListener('wheel', onWheel, { passive: false });
    // Focusable for keyboard pan/zoom (set here: the plot is a canvas widget, not a static element).
    host.tabIndex = 0;
    const onKeyDown = (e: KeyboardEvent) => keyRef.current(e);
    host.addEventListener('keydown', onKeyDown);

    const resize = new ResizeObserver(() => {
      const w = Math.max(100, Math.floor(host.clientWidth));
      const h = Math.max(80, Math.floor(host.clientHeight));
      if (w !== u.width || h !== u.height) u.setSize({ width: w, height: h });
    });
    resize.observe(host);
    // Theme or color-blind palette switched: re-read the tokens and repaint.
    const themes = new MutationObserver(() => {
      s.colors = readColors(root);
      u.redraw(false, true);
    });
    themes.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'data-colorblind', 'class', 'style'],
    });
    themes.observe(document.body, { attributes: true, attributeFilter: ['data-theme', 'data-colorblind', 'class'] });

    return () => {
      resize.disconnect();
      themes.disconnect();
      u.over.removeEventListener('wheel', onWheel);
      host.removeEventListener('keydown', onKeyDown);
      u.destroy();
      state.current = null;
    };
  }, []);

  // Precision for the axis and the readout.
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.info = info;
    s.lines = chartLines(s, propsRef.current.lines);
    s.u.redraw(false, true);
  }, [info]);

  // Extra lines from the owner (alerts, algo levels).
  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.lines = chartLines(s, props.lines);
    s.u.redraw(false);
  }, [props.lines]);

  // History, then the live candles, for the active profile, pair and timeframe.
  useEffect(() => {
    const s = state.current;
    if (!s || !pid) return;
    let live = true;
    s.pair = pair;
    s.tf = tf;
    s.lines = chartLines(s, propsRef.current.lines);
    s.data = emptyColumns();
    s.u.setData(s.data as unknown as uPlot.AlignedData);
    setError(null);
    setEmpty(false);
    fresh.current.at = null;
    let pending: Parameters<typeof mergeLive>[1] | null = null;
    let loaded = false;
    const applyLive = (latest: Parameters<typeof mergeLive>[1]) => {
      const t = s.data[0];
      const lastBefore = t[t.length - 1];
      const { max } = xScale(s.u);
      const following = lastBefore !== undefined && max != null && max >= lastBefore;
      const added = mergeLive(s.data, latest);
      if (added < 0) return;
      // The first live candle of a market without history: the "no candles yet" note must go.
      if (t.length > 0) setEmpty(false);
      s.u.setData(s.data as unknown as uPlot.AlignedData, false);
      const { min: a, max: b } = xScale(s.u);
      if (a == null || b == null || t.length === added) showLatest(s);
      else {
        const shift = following ? added * TIMEFRAME_SECONDS[tf] : 0;
        // Setting x again re-ranges y around the updated candle.
        s.u.setScale('x', { min: a + shift, max: b + shift });
      }
      if (s.u.cursor.idx == null) writeReadout(s, null);
    };
    const loadOlder = (candles: readonly Candle[], head: number) => {
      const parts: Columns[] = [];
      let end = head;
      const step = () => {
        if (!live) return;
        const start = Math.max(0, end - HISTORY_CHUNK);
        parts.unshift(toColumns(candles.slice(start, end)));
        end = start;
        if (end > 0) {
          setTimeout(step, 0);
          return;
        }
        // Prepend the history to what is on screen (live candles may have been merged meanwhile); keep the view.
        s.data = concatColumns([...parts, s.data]);
        const { min, max } = xScale(s.u);
        s.u.setData(s.data as unknown as uPlot.AlignedData, false);
        if (min != null && max != null) s.u.setScale('x', { min, max });
      };
      setTimeout(step, 0);
    };
    call('market.candles', { profileId: pid, pair, timeframe: tf, limit: HISTORY_LIMIT }).then(
      (candles) => {
        if (!live) return;
        // The newest candles first, so the screen is up at once; a long history converts in the background.
        const head = Math.max(0, candles.length - HISTORY_TAIL);
        s.data = toColumns(head > 0 ? candles.slice(head) : candles);
        s.u.setData(s.data as unknown as uPlot.AlignedData);
        showLatest(s);
        writeReadout(s, null);
        setEmpty(candles.length === 0);
        fresh.current.at = Date.now();
        loaded = true;
        if (pending) applyLive(pending);
        pending = null;
        if (head > 0) loadOlder(candles, head);
      },
      (e: unknown) => {
        if (live)
          setError(e instanceof BridgeCallError ? e.message : 'Could not load the chart; check the connection.');
      },
    );
    const stop = subscribe('market.candles', { profileId: pid, pair, timeframe: tf }, (latest) => {
      if (!live) return;
      fresh.current.at = Date.now();
      if (!loaded) pending = latest;
      else applyLive(latest);
    });
    return () => {
      live = false;
      stop();
    };
  }, [pid, pair, tf]);

  // The account's open orders, as price lines.
  useEffect(() => {
    const s = state.current;
    if (!s || !pid) return;
    s.orders = [];
    s.lines = chartLines(s, propsRef.current.lines);
    s.u.redraw(false);
    return subscribe('account.orders', { profileId: pid }, (orders) => {
      s.orders = orders;
      s.lines = chartLines(s, propsRef.current.lines);
      s.u.redraw(false);
    });
  }, [pid]);

  const onKey = (e: KeyboardEvent): void => {
    const s = state.current;
    if (!s || e.ctrlKey || e.metaKey || e.altKey) return;
    const act: Record<string, () => void> = {
      ArrowLeft: () => pan(s, -0.1),
      ArrowRight: () => pan(s, 0.1),
      '+': () => zoom(s, 0.8, 1),
      '=': () => zoom(s, 0.8, 1),
      '-': () => zoom(s, 1.25, 1),
      Home: () => showLatest(s),
    };
    const f = act[e.key];
    if (f) {
      e.preventDefault();
      e.stopPropagation();
      f();
    }
  };

  keyRef.current = onKey;

  return (
    <section class="chart" data-panel="chart" data-testid="chart" aria-label={`Chart ${pair}`} ref={rootRef}>
      <header class="panel-head">
        <span class="panel-title">Chart</span>
        <span class="chart-pair" data-testid="chart-pair">
          {pair.replace('_', '/')}
        </span>
        <div class="chart-tfs">
          {TIMEFRAMES.map((t) => (
            <button
              key={t}
              type="button"
              class={`chart-tf${t === tf ? ' active' : ''}`}
              aria-pressed={t === tf}
              data-testid={`tf-${t}`}
              onClick={() => {
                timeframe.value = t;
              }}
            >
              {TIMEFRAME_LABELS[t]}
            </button>
          ))}
        </div>
        <StaleTag source={fresh.current} />
        <span class="muted chart-hint">drag: zoom · wheel: zoom · shift: pan · dbl-click: latest</span>
      </header>
      <div class="chart-body">
        <div class="chart-readout num" ref={readoutRef} data-testid="chart-readout" />
        {error && (
          <div class="chart-msg danger" role="alert">
            {error}
          </div>
        )}
        {empty && !error && <div class="chart-msg muted">No candles for {pair.replace('_', '/')} yet</div>}
        <div
          class="chart-plot"
          role="application"
          ref={plotRef}
          aria-label="Price chart: arrows pan, + and - zoom, Home shows the latest"
        />
      </div>
    </section>
  );
}
