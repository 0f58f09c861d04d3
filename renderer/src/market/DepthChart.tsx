/**
 * Depth chart under the order book: cumulative bids and asks (uPlot, stepped areas) live from the same
 * market.book stream as the book (the hub shares one poller), the spread shaded, the account's open orders of
 * the pair as vertical lines. Hover shows the price and the cumulative size there; a click loads the price into
 * the ticket (above the mid: buy at it, below: sell, as a click on the book's rows).
 */
import Decimal from 'decimal.js';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Order, OrderBook } from '../../../preload/domain';
import { subscribe } from '../bridge';
import { pairInfo, profileId, requestTicket, selectedPair } from '../state/store';
import { type ChartColors, lowerBound, readColors } from './chart-draw';
import { ordersToLines } from './chart-plugins/order-lines';
import type { PriceLine } from './chart-plugins/types';
import { buildDepth, type DepthData } from './depth-data';
import { type DepthLive, depthChartOptions } from './depth-options';
import { fixed } from './format';
import { perFrame } from './per-frame';
import './depth.css';

interface DepthState {
  u: uPlot;
  colors: ChartColors;
  depth: DepthData | null;
  orders: Order[];
  lines: PriceLine[];
  pair: string;
  pricePlaces: number;
  amountPlaces: number;
  spreadLabel: string;
}

export interface DepthChartProps {
  /** Extra uPlot plugins, read once at mount (the renderer bench's draw hook). */
  plugins?: readonly uPlot.Plugin[];
}

function spreadText(bid: string | null, ask: string | null, places: number): string {
  if (!bid || !ask) return '';
  const s = new Decimal(ask).minus(bid);
  return `${s.toFixed(places)} (${s.div(ask).times(100).toFixed(3)}%)`;
}

export function DepthChart(props: DepthChartProps = {}) {
  const pid = profileId.value;
  const pair = selectedPair.value;
  const info = pairInfo.value;
  const rootRef = useRef<HTMLElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const state = useRef<DepthState | null>(null);
  const pluginsRef = useRef(props.plugins);

  const writeReadout = (s: DepthState) => {
    const el = readoutRef.current;
    const d = s.depth;
    if (!el) return;
    const left = s.u.cursor.left ?? -1;
    if (!d || left < 0 || d.points.length === 0) {
      el.textContent = '';
      return;
    }
    const x = d.columns[0];
    const v = s.u.posToVal(left, 'x');
    let i = lowerBound(x, v);
    if (i >= x.length || (i > 0 && v - (x[i - 1] as number) < (x[i] as number) - v)) i--;
    const p = d.points[Math.max(0, i)];
    if (!p) return;
    el.className = `depth-readout num ${p.side === 'bid' ? 'up' : 'down'}`;
    el.textContent = `${p.side === 'bid' ? 'Bids' : 'Asks'} ${p.price} · Σ ${p.total}`;
  };

  useEffect(() => {
    const host = plotRef.current;
    const root = rootRef.current;
    if (!host || !root) return;
    let s: DepthState;
    const live = (): DepthLive | null =>
      s
        ? {
            colors: s.colors,
            lines: s.lines,
            bestBid: s.depth?.bestBid ?? null,
            bestAsk: s.depth?.bestAsk ?? null,
            spreadLabel: s.spreadLabel,
            pricePlaces: s.pricePlaces,
            onPriceClick: (price) => {
              const d = s.depth;
              if (!d?.bestBid || !d.bestAsk) return;
              // Above the mid is the ask side: a click there buys at that price; below, sells.
              const mid = new Decimal(d.bestBid).plus(d.bestAsk).div(2);
              requestTicket(new Decimal(price).gte(mid) ? 'buy' : 'sell', price);
            },
          }
        : null;
    const u = new uPlot(
      depthChartOptions(
        { width: Math.max(80, host.clientWidth), height: Math.max(60, host.clientHeight) },
        live,
        () => writeReadout(s),
        pluginsRef.current ?? [],
      ),
      [[], [], []],
      host,
    );
    s = {
      u,
      colors: readColors(root),
      depth: null,
      orders: [],
      lines: [],
      pair: selectedPair.peek(),
      pricePlaces: pairInfo.peek()?.pricePrecision ?? 2,
      amountPlaces: pairInfo.peek()?.amountPrecision ?? 4,
      spreadLabel: '',
    };
    state.current = s;
    const resize = new ResizeObserver(() => {
      const w = Math.max(80, Math.floor(host.clientWidth));
      const h = Math.max(60, Math.floor(host.clientHeight));
      if (w !== u.width || h !== u.height) u.setSize({ width: w, height: h });
    });
    resize.observe(host);
    const themes = new MutationObserver(() => {
      s.colors = readColors(root);
      u.redraw(false, true);
    });
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-colorblind'] });
    return () => {
      resize.disconnect();
      themes.disconnect();
      u.destroy();
      state.current = null;
    };
  }, []);

  useEffect(() => {
    const s = state.current;
    if (!s) return;
    s.pricePlaces = info?.pricePrecision ?? 2;
    s.amountPlaces = info?.amountPrecision ?? 4;
    s.lines = ordersToLines(s.orders, s.pair, (p) => fixed(p, s.pricePlaces));
  }, [info]);

  // The book stream of the pair (shared with the order book panel).
  useEffect(() => {
    const s = state.current;
    if (!s || !pid) return;
    s.pair = pair;
    s.depth = null;
    s.u.setData([[], [], []]);
    // Built and drawn once per animation frame from the newest book, however many arrived in between.
    let latest: OrderBook | null = null;
    const painter = perFrame(() => {
      if (!latest) return;
      const d = buildDepth(latest, s.pricePlaces, s.amountPlaces);
      s.depth = d;
      s.spreadLabel = spreadText(d.bestBid, d.bestAsk, s.pricePlaces);
      s.u.setData(d.columns);
      if (s.u.cursor.left != null && s.u.cursor.left >= 0) writeReadout(s);
    });
    const stop = subscribe('market.book', { profileId: pid, pair }, (book) => {
      if (book.pair !== pair) return;
      latest = book;
      painter.schedule();
    });
    return () => {
      stop();
      painter.cancel();
    };
  }, [pid, pair]);

  // Own open orders as vertical lines at their price (pending stops at the trigger).
  useEffect(() => {
    const s = state.current;
    if (!s || !pid) return;
    return subscribe('account.orders', { profileId: pid }, (orders) => {
      s.orders = orders;
      s.lines = ordersToLines(orders, s.pair, (p) => fixed(p, s.pricePlaces));
      s.u.redraw(false);
    });
  }, [pid, pair]);

  return (
    <figure class="depth" data-testid="depth-chart" ref={rootRef} aria-label={`Depth chart ${pair}`}>
      <div class="depth-head">
        <span class="muted">Depth</span>
        <div class="depth-readout num" data-testid="depth-readout" ref={readoutRef} />
      </div>
      <div class="depth-plot" ref={plotRef} />
    </figure>
  );
}
