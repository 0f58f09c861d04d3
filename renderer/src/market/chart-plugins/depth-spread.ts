/**
 * The spread on the depth chart: a shaded band from the best bid to the best ask with its width written above.
 */
import type uPlot from 'uplot';
import type { ChartColors } from '../chart-draw';

export interface SpreadState {
  colors: ChartColors;
  bestBid: string | null;
  bestAsk: string | null;
  /** The spread as text, e.g. "1.00 (0.002%)". */
  label: string;
}

export function depthSpreadPlugin(get: () => SpreadState | null): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const s = get();
        if (!s || s.bestBid === null || s.bestAsk === null) return;
        const pr = devicePixelRatio || 1;
        const x0 = u.valToPos(+s.bestBid, 'x', true);
        const x1 = u.valToPos(+s.bestAsk, 'x', true);
        const { top, height } = u.bbox;
        const ctx = u.ctx;
        ctx.save();
        ctx.fillStyle = s.colors.grid;
        ctx.fillRect(x0, top, Math.max(pr, x1 - x0), height);
        ctx.strokeStyle = s.colors.muted;
        ctx.lineWidth = pr;
        ctx.setLineDash([3 * pr, 3 * pr]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x0) + 0.5, top);
        ctx.lineTo(Math.round(x0) + 0.5, top + height);
        ctx.moveTo(Math.round(x1) + 0.5, top);
        ctx.lineTo(Math.round(x1) + 0.5, top + height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = `${Math.round(10.5 * pr)}px ui-monospace, 'DejaVu Sans Mono', monospace`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillStyle = s.colors.text;
        ctx.fillText(`spread ${s.label}`, (x0 + x1) / 2, top + height - 4 * pr);
        ctx.restore();
      },
    },
  };
}
