/**
 * The depth chart's uPlot options, a plain function like the price chart's: price on x, cumulative size on y,
 * bids and asks as stepped filled areas; the spread band, own-order lines (vertical, at their price) and price
 * clicks are plugins. `get` is read at draw time.
 */
import uPlot from 'uplot';
import type { ChartColors } from './chart-draw';
import { axisColors } from './chart-options';
import { depthSpreadPlugin } from './chart-plugins/depth-spread';
import { priceClickPlugin } from './chart-plugins/price-click';
import { priceLinesPlugin } from './chart-plugins/price-lines';
import type { PriceClickHandler, PriceLine } from './chart-plugins/types';

export interface DepthLive {
  colors: ChartColors;
  lines: readonly PriceLine[];
  bestBid: string | null;
  bestAsk: string | null;
  spreadLabel: string;
  pricePlaces: number;
  onPriceClick: PriceClickHandler | undefined;
}

export function depthChartOptions(
  size: { width: number; height: number },
  get: () => DepthLive | null,
  setCursor: (u: uPlot) => void,
  extraPlugins: readonly uPlot.Plugin[] = [],
): uPlot.Options {
  const colors = () => get()?.colors ?? null;
  const stepped = uPlot.paths.stepped;
  return {
    ...size,
    legend: { show: false },
    padding: [6, 6, 0, 30],
    scales: {
      x: { time: false },
      y: { range: (_u, _min, max) => [0, max * 1.08 || 1] },
    },
    series: [
      {},
      {
        label: 'Bids',
        stroke: () => get()?.colors.buy ?? '#26a269',
        fill: () => get()?.colors.buyBg ?? 'rgba(38,162,105,0.2)',
        width: 1.5,
        paths: stepped ? stepped({ align: -1 }) : undefined,
        points: { show: false },
      },
      {
        label: 'Asks',
        stroke: () => get()?.colors.sell ?? '#e5534b',
        fill: () => get()?.colors.sellBg ?? 'rgba(229,83,75,0.2)',
        width: 1.5,
        paths: stepped ? stepped({ align: 1 }) : undefined,
        points: { show: false },
      },
    ],
    axes: [
      {
        ...axisColors(colors),
        font: "10.5px ui-monospace, 'DejaVu Sans Mono', monospace",
        size: 28,
        values: (_u, splits) => splits.map((v) => v.toFixed(get()?.pricePlaces ?? 2)),
      },
      {
        side: 1,
        ...axisColors(colors),
        font: "10.5px ui-monospace, 'DejaVu Sans Mono', monospace",
        size: 48,
      },
    ],
    cursor: {
      points: { show: false },
      drag: { x: false, y: false, setScale: false },
    },
    hooks: { setCursor: [setCursor] },
    plugins: [
      depthSpreadPlugin(() => {
        const s = get();
        return s ? { colors: s.colors, bestBid: s.bestBid, bestAsk: s.bestAsk, label: s.spreadLabel } : null;
      }),
      priceLinesPlugin(get, 'x'),
      priceClickPlugin({ axis: 'x', places: () => get()?.pricePlaces ?? 2, onClick: () => get()?.onPriceClick }),
      ...extraPlugins,
    ],
  };
}
