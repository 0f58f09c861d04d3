/**
 * Horizontal price lines as a uPlot plugin: limit orders (dashed, side color), pending stops (dotted, with a
 * hollow tag that names the trigger), algo levels (dash-dot, accent) and alerts (solid thin, warning color).
 * Each carries its label in a tag at the right edge. Used by the price chart and the depth chart (which draws
 * the same lines vertically, at the price on its x scale).
 */
import type uPlot from 'uplot';
import type { ChartColors } from '../chart-draw';
import type { PriceLine, PriceLineKind } from './types';

export interface PriceLinesState {
  colors: ChartColors;
  lines: readonly PriceLine[];
}

interface LineStyle {
  color: (c: ChartColors) => string;
  /** Dash pattern in CSS px (scaled by the device pixel ratio). */
  dash: number[];
  /** Filled tag (text in panel color) or outlined tag (text in the line color). */
  filledTag: boolean;
}

export const LINE_STYLES: Record<PriceLineKind, LineStyle> = {
  'limit-buy': { color: (c) => c.buy, dash: [6, 4], filledTag: true },
  'limit-sell': { color: (c) => c.sell, dash: [6, 4], filledTag: true },
  'stop-buy': { color: (c) => c.buy, dash: [2, 3], filledTag: false },
  'stop-sell': { color: (c) => c.sell, dash: [2, 3], filledTag: false },
  algo: { color: (c) => c.accent, dash: [8, 3, 2, 3], filledTag: false },
  alert: { color: (c) => c.warn, dash: [], filledTag: true },
};

/** Draws the lines across the plot at their price on `scale` (y for the price chart, x for the depth chart). */
export function drawPriceLines(
  u: uPlot,
  colors: ChartColors,
  lines: readonly PriceLine[],
  axis: 'y' | 'x' = 'y',
  scale = axis,
): void {
  const sc = u.scales[scale];
  const min = sc?.min;
  const max = sc?.max;
  if (min == null || max == null || max <= min || lines.length === 0) return;
  const { left, top, width, height } = u.bbox;
  const pr = devicePixelRatio || 1;
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.font = `${Math.round(10.5 * pr)}px ui-monospace, 'DejaVu Sans Mono', monospace`;
  ctx.textBaseline = 'middle';
  ctx.lineWidth = Math.max(1, Math.round(pr));
  // Tags of the vertical (depth) lines are stacked so neighbours do not overlap completely.
  let stack = 0;
  for (const line of lines) {
    const val = +line.price;
    if (!(val >= min && val <= max)) continue;
    const style = LINE_STYLES[line.kind];
    const color = style.color(colors);
    ctx.strokeStyle = color;
    ctx.setLineDash(style.dash.map((d) => d * pr));
    ctx.beginPath();
    let tagX: number;
    let tagY: number;
    const tw = ctx.measureText(line.label).width + 8 * pr;
    const th = 15 * pr;
    if (axis === 'y') {
      const y = Math.round(top + (max - val) * (height / (max - min))) + 0.5;
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      tagX = left + width - tw - 2 * pr;
      tagY = y;
    } else {
      const x = Math.round(left + (val - min) * (width / (max - min))) + 0.5;
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      tagX = Math.min(x + 3 * pr, left + width - tw);
      tagY = top + th * (0.75 + (stack++ % 4));
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (style.filledTag) {
      ctx.fillStyle = color;
      ctx.fillRect(tagX, tagY - th / 2, tw, th);
      ctx.fillStyle = colors.panel;
    } else {
      ctx.fillStyle = colors.panel;
      ctx.fillRect(tagX, tagY - th / 2, tw, th);
      ctx.strokeStyle = color;
      ctx.strokeRect(tagX + 0.5, tagY - th / 2 + 0.5, tw - 1, th - 1);
      ctx.fillStyle = color;
    }
    ctx.fillText(line.label, tagX + 4 * pr, tagY + 0.5);
  }
  ctx.restore();
}

export function priceLinesPlugin(get: () => PriceLinesState | null, axis: 'y' | 'x' = 'y'): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const s = get();
        if (s) drawPriceLines(u, s.colors, s.lines, axis);
      },
    },
  };
}
