/**
 * The price chart's uPlot options, built by a plain function outside the component: five hidden series carry
 * OHLCV for the scales and the cursor; candles, price lines and price clicks are plugins. `get` returns the
 * chart's live state at draw time (colors, timeframe, lines, precision), so nothing is rebuilt on a change.
 */
import type uPlot from 'uplot';
import type { ChartColors } from './chart-draw';
import { candlesPlugin } from './chart-plugins/candles';
import { priceClickPlugin } from './chart-plugins/price-click';
import { priceLinesPlugin } from './chart-plugins/price-lines';
import type { PriceClickHandler, PriceLine } from './chart-plugins/types';

export interface PriceChartLive {
  colors: ChartColors;
  tfSec: number;
  lines: readonly PriceLine[];
  pricePlaces: number | null;
  onPriceClick: PriceClickHandler | undefined;
}

export interface PriceChartHandlers {
  /** Shift+drag or middle-button drag: pan instead of zoom. */
  startPan: (e: MouseEvent) => void;
  /** Double-click: back to the latest candles. */
  showLatest: () => void;
  setCursor: (u: uPlot) => void;
}

export function axisColors(get: () => ChartColors | null) {
  return {
    stroke: () => get()?.muted ?? '#888',
    grid: { stroke: () => get()?.grid ?? '#333', width: 1 },
    ticks: { stroke: () => get()?.grid ?? '#333', width: 1, size: 4 },
  };
}

const hidden = (label: string, scale: string): uPlot.Series => ({
  label,
  scale,
  paths: () => null,
  points: { show: false },
});

export function priceChartOptions(
  size: { width: number; height: number },
  get: () => PriceChartLive | null,
  on: PriceChartHandlers,
  extraPlugins: readonly uPlot.Plugin[] = [],
): uPlot.Options {
  const priceFmt = (x: number) => {
    const p = get()?.pricePlaces;
    return p != null ? x.toFixed(p) : String(x);
  };
  const colors = () => get()?.colors ?? null;
  return {
    ...size,
    legend: { show: false },
    padding: [8, 4, 0, 18],
    scales: {
      x: { time: true },
      y: {
        range: (_u, min, max) => {
          const pad = (max - min) * 0.08 || Math.abs(max) * 0.01 || 1;
          return [min - pad, max + pad];
        },
      },
      vol: { range: (_u, _min, max) => [0, max * 5 || 1] },
    },
    series: [
      {},
      hidden('Open', 'y'),
      hidden('High', 'y'),
      hidden('Low', 'y'),
      hidden('Close', 'y'),
      hidden('Volume', 'vol'),
    ],
    axes: [
      { ...axisColors(colors), font: '11px system-ui, sans-serif', size: 36 },
      {
        side: 1,
        scale: 'y',
        ...axisColors(colors),
        font: "11px ui-monospace, 'DejaVu Sans Mono', monospace",
        size: (_u, values) => 14 + Math.max(5, ...(values ?? []).map((v) => v.length)) * 7,
        values: (_u, splits) => splits.map(priceFmt),
      },
    ],
    cursor: {
      points: { show: false },
      drag: { x: true, y: false, setScale: true },
      bind: {
        mousedown: (_u, _t, handler) => (e: MouseEvent) => {
          if (e.shiftKey || e.button === 1) {
            on.startPan(e);
            return null;
          }
          return handler(e);
        },
        dblclick: () => () => {
          on.showLatest();
          return null;
        },
      },
    },
    hooks: { setCursor: [on.setCursor] },
    plugins: [
      candlesPlugin(get),
      priceLinesPlugin(get),
      priceClickPlugin({
        axis: 'y',
        places: () => get()?.pricePlaces ?? 2,
        onClick: () => get()?.onPriceClick,
      }),
      ...extraPlugins,
    ],
  };
}
