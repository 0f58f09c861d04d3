/**
 * The account-value chart's uPlot options (a plain function, like the market charts): one line of the value
 * over time with a soft fill; the last value is labelled by a small plugin.
 */
import type uPlot from 'uplot';
import type { ChartColors } from '../market/chart-draw';
import { axisColors } from '../market/chart-options';

export interface ValueLive {
  colors: ChartColors;
  places: number;
}

function lastValuePlugin(get: () => ValueLive | null): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const s = get();
        const ys = u.data[1];
        const xs = u.data[0];
        if (!s || !ys || ys.length === 0) return;
        const v = ys[ys.length - 1];
        const t = xs[xs.length - 1];
        if (v == null || t == null) return;
        const pr = devicePixelRatio || 1;
        const x = u.valToPos(t, 'x', true);
        const y = u.valToPos(v, 'y', true);
        const ctx = u.ctx;
        ctx.save();
        ctx.fillStyle = s.colors.accent;
        ctx.beginPath();
        ctx.arc(x, y, 3 * pr, 0, Math.PI * 2);
        ctx.fill();
        ctx.restore();
      },
    },
  };
}

export function valueChartOptions(size: { width: number; height: number }, get: () => ValueLive | null): uPlot.Options {
  const colors = () => get()?.colors ?? null;
  return {
    ...size,
    legend: { show: false },
    padding: [8, 8, 0, 8],
    scales: {
      x: { time: true },
      y: {
        range: (_u, min, max) => {
          const pad = (max - min) * 0.1 || Math.abs(max) * 0.01 || 1;
          return [min - pad, max + pad];
        },
      },
    },
    series: [
      {},
      {
        label: 'Value',
        stroke: () => get()?.colors.accent ?? '#4c9aff',
        fill: () => get()?.colors.grid ?? 'rgba(76,154,255,0.12)',
        width: 1.5,
        points: { show: false },
      },
    ],
    axes: [
      { ...axisColors(colors), font: '10.5px system-ui, sans-serif', size: 28 },
      {
        side: 1,
        ...axisColors(colors),
        font: "10.5px ui-monospace, 'DejaVu Sans Mono', monospace",
        size: 70,
        values: (_u, splits) => splits.map((v) => v.toFixed(get()?.places ?? 2)),
      },
    ],
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    plugins: [lastValuePlugin(get)],
  };
}
